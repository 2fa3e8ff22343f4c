"""Matching by sound in a language written in words (English): what matchers.py does with
pinyin syllables for Chinese, done with words and their Metaphone codes.

A recogniser mishears a word as one that sounds the same (know: no) or one sound apart (we'll:
will); its letters may share little (thank: bank). So two words are compared by their letters and
by their sound codes, whichever is closer, and a phrase is aligned word by word: a word heard
exactly costs nothing, one that sounds the same costs a little, a word dropped or added half,
any other substitution up to one.
"""

from __future__ import annotations

from functools import lru_cache

import jellyfish
from rapidfuzz.distance import Levenshtein

# A word heard as another with the same sound code is good evidence, never proof.
SAME_SOUND = 0.9
# A word the recogniser dropped or added (a short word, often): half an edit.
GAP = 0.5


# Metaphone codes a word's first vowel by its letter: the words that are one vowel sound get
# that sound's code (i, eye, aye: I; oh, owe: O). "a" stays apart: mostly a schwa, not "i".
_VOWEL_SOUNDS = {"EY": "I", "AY": "I", "OW": "O"}


@lru_cache(maxsize=65536)
def sound(word: str) -> str:
    """The word's Metaphone code (the word itself when it has none, such as a number)."""
    code = jellyfish.metaphone(word) or word
    return _VOWEL_SOUNDS.get(code, code)


@lru_cache(maxsize=262144)
def word_cost(said: str, heard: str) -> float:
    """What hearing `heard` for `said` costs, 0 (the same word) to 1 (nothing alike)."""
    if said == heard:
        return 0.0
    letters = Levenshtein.normalized_similarity(said, heard)
    a, b = sound(said), sound(heard)
    by_sound = SAME_SOUND if a == b else SAME_SOUND * Levenshtein.normalized_similarity(a, b)
    return 1.0 - max(letters, by_sound)


def align_words(needle: tuple[str, ...], hay: tuple[str, ...]) -> tuple[float, int, int]:
    """Best match of the phrase's words anywhere in the turn's words (approximate-substring
    edit distance, Sellers, over words), as a score 0-1 with the span of words it covers."""
    m = len(needle)
    if not m or not hay:
        return 0.0, 0, 0
    prev, prev_start = [GAP * i for i in range(m + 1)], [0] * (m + 1)
    best, best_start, best_end = prev[m], 0, 0
    for j, word in enumerate(hay, 1):
        cur, cur_start = [0.0], [j]
        for i in range(1, m + 1):
            cost, start = prev[i - 1] + word_cost(needle[i - 1], word), prev_start[i - 1]
            if prev[i] + GAP < cost:  # a word the recogniser added
                cost, start = prev[i] + GAP, prev_start[i]
            if cur[i - 1] + GAP < cost:  # a word of the phrase not heard
                cost, start = cur[i - 1] + GAP, cur_start[i - 1]
            cur.append(cost)
            cur_start.append(start)
        if cur[m] <= best:  # on a tie the longer match, which may keep the content word
            best, best_start, best_end = cur[m], cur_start[m], j
        prev, prev_start = cur, cur_start
    return max(0.0, 1 - best / m), best_start, best_end


def similarity(needle: tuple[str, ...], hay: tuple[str, ...]) -> float:
    """How alike two runs of words of the same length are, 0-1, word for word."""
    if not needle or len(needle) != len(hay):
        return 0.0
    return 1 - sum(map(word_cost, needle, hay)) / len(needle)


# Closed-class words: a phrase's meaning is in its other words (holding, not for).
FUNCTION_WORDS = frozenset([
    "a", "an", "the", "i", "you", "we", "he", "she", "it", "they", "me", "us", "him", "her",
    "them", "my", "your", "our", "his", "its", "their", "for", "to", "of", "in", "on", "at",
    "by", "with", "from", "about", "as", "and", "or", "but", "so", "if", "is", "are", "was",
    "were", "be", "been", "am", "do", "does", "did", "can", "could", "may", "might", "will",
    "would", "shall", "should", "have", "has", "had", "that", "this", "these", "those", "what",
    "how", "there", "here", "just", "not", "no", "yes", "all", "any", "some", "uh", "um",
])  # fmt: skip


def near(said: str, heard: str) -> bool:
    """The same word, or one a recogniser makes of it: the same sound, or one sound or one
    letter off where there are enough of them to tell (orbit: orban, help: welp; not right:
    eight, nor mind: don't)."""
    if said == heard:
        return True
    a, b = sound(said), sound(heard)
    return (
        a == b
        or (min(len(a), len(b)) >= 4 and Levenshtein.distance(a, b) <= 1)
        or (min(len(said), len(heard)) >= 4 and Levenshtein.distance(said, heard) <= 1)
    )


def keeps_words(needle: tuple[str, ...], found: tuple[str, ...]) -> bool | None:
    """Whether a match by sound keeps what makes it the phrase: one of its words as written
    (a one-word phrase, its sound) and more than half of its content words heard near. False
    when it keeps no word ("lost your" is not "last four", nor "eight" "right"); None when it
    keeps only function words and other words stand in the place of the rest ("thank you for
    hanging" may be "thank you for holding"; "for you" is not "sorry for keeping you")."""
    if len(needle) == 1:
        return any(sound(w) == sound(needle[0]) for w in found)
    if not set(needle) & set(found):
        return False
    content = [w for w in needle if w not in FUNCTION_WORDS]
    kept = sum(any(near(w, h) for h in found) for w in content)
    if not content:  # only function words: all of them heard, if not all as said
        return len(found) >= len(needle)
    if 2 * kept > len(content):
        return True
    return None if len(found) >= len(needle) else False  # heard as other words, or not at all
