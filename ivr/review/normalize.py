"""Text as the checker compares it: the same phrase written by a person, by a script or by speech
recognition (spaces between words, numbers as characters, homophones) reduces to one form.

Two forms per text, aligned character by character:
- `chars`: punctuation and spaces removed, Arabic digits spelled as Chinese numerals (cn2an), so
  `3个工作日`, `三 个 工作 日` and `三个工作日` are equal;
- `keys`: two code points per character, one for the pinyin initial and one for the final
  (pypinyin, no tones), with the pairs Mandarin speakers and small recognisers confuse merged
  (zh/z, ch/c, sh/s, n/l, f/h; ang/an, eng/en, ing/in). 对嘛 and 对吗 share keys; 您 and 你 differ
  in one code, so fuzzy matching sees them as near.

English has no such keys: its words are respelt instead, each homophone of a word the English
pack listens for as that word (homophones.py), so nobody's wrung me reads nobodys rung me.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import cn2an
from pypinyin import Style, lazy_pinyin

from ivr.review.homophones import respellings

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# What Vosk writes in Mandarin: ideographs (each its own normal form, lower case, a word
# character) and the spaces between words. Such a text is clean once its spaces are gone.
_PLAIN_ZH = re.compile(r"[\u4e00-\u9fff ]*")
# Not str.isalnum(): \w is exactly isalnum() plus the underscore.
_NOT_ALNUM = re.compile(r"[\W_]+")
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
             "x", "r", "z", "c", "s", "y", "w")  # fmt: skip
_MERGED_INITIALS = {"zh": "z", "ch": "c", "sh": "s", "l": "n", "f": "h"}
_MERGED_FINALS = {"ang": "an", "eng": "en", "ing": "in", "iang": "ian", "uang": "uan"}
# Keys live in a private-use block so they never collide with text characters.
_KEY_BASE = 0xE000
_codes: dict[str, str] = {}
# Workers check calls in threads: two new parts numbered at once must not get the same code.
_codes_lock = threading.Lock()


def _code(part: str) -> str:
    code = _codes.get(part)
    if code is None:
        with _codes_lock:
            code = _codes.setdefault(part, chr(_KEY_BASE + len(_codes)))
    return code


def _digits_to_chinese(match: re.Match[str]) -> str:
    return _spelled(match.group())


@lru_cache(maxsize=4096)
def _spelled(text: str) -> str:
    # Long digit runs are numbers read digit by digit (phones, orders); short ones are amounts.
    if len(text) > 4 or text.startswith("0"):
        return cn2an.an2cn(text, "direct")
    return cn2an.an2cn(text, "low")


@lru_cache(maxsize=65536)
def clean(text: str, lang: str = "zh") -> str:
    """Lower-case, no punctuation. Chinese: no spaces, digits spelled out as characters (the
    recogniser's word spaces are arbitrary). Other languages: one space between words; English
    homophones of the pack's words respelt as those words."""
    if lang == "zh" and _PLAIN_ZH.fullmatch(text):
        return text.replace(" ", "")
    if lang == "zh":
        text = unicodedata.normalize("NFKC", text).lower()
        return _NOT_ALNUM.sub("", _DIGITS.sub(_digits_to_chinese, text))
    words = _heard(text)
    if lang == "en":
        respelt = respellings()
        words = [respelt.get(w, w) for w in words]
    return " ".join(words)


def prepare(lang: str) -> None:
    """Build now what cleaning a language's texts needs (English: its homophones, a second or
    so), so that a process's first live call does not wait for it mid-call."""
    if lang == "en":
        respellings()


def _heard(text: str) -> list[str]:
    """A text's words as written, lower case, without punctuation."""
    text = unicodedata.normalize("NFKC", text).lower().replace("'", "")  # don't: dont, as heard
    return _NOT_ALNUM.sub(" ", text).split()


@lru_cache(maxsize=65536)
def syllable_key(syllable: str) -> str:
    """Two code points for one toneless pinyin syllable, or the character doubled if not pinyin."""
    initial = next((i for i in _INITIALS if syllable.startswith(i) and len(syllable) > len(i)), "")
    final = syllable[len(initial) :]
    initial = _MERGED_INITIALS.get(initial, initial)
    final = _MERGED_FINALS.get(final, final)
    return _code("i:" + initial) + _code("f:" + final)


@lru_cache(maxsize=16384)
def char_key(char: str) -> str:
    """The sound key of one character, by its most common reading. Per character rather than
    per phrase so that a phrase and the recogniser's text always read a character alike."""
    if _CJK.match(char):
        return syllable_key(lazy_pinyin(char, style=Style.NORMAL)[0])
    return _code("c:" + char) * 2


# Each character's key by code point, for str.translate: filled as characters are first seen
# (a key, once given, never changes), so a text's keys cost one pass in C.
_key_table: dict[int, str] = {}


def _keys(chars: str) -> str:
    keys = chars.translate(_key_table)
    if len(keys) == 2 * len(chars):  # every key is two codes: no character was new
        return keys
    if len(_key_table) < 65536:
        for char in set(chars):
            if ord(char) not in _key_table:
                _key_table[ord(char)] = char_key(char)
        keys = chars.translate(_key_table)
    return keys if len(keys) == 2 * len(chars) else "".join(map(char_key, chars))


@dataclass(frozen=True, slots=True)
class Norm:
    """A normalised text: `chars[i]` is encoded by `keys[2*i:2*i+2]`."""

    chars: str
    keys: str

    def span(self, key_start: int, key_end: int) -> tuple[int, int]:
        """The character span covering a span of keys."""
        return key_start // 2, (key_end + 1) // 2

    def __add__(self, other: Norm) -> Norm:
        return Norm(self.chars + other.chars, self.keys + other.keys)


@lru_cache(maxsize=32768)
def normalize(text: str, lang: str = "zh") -> Norm:
    chars = clean(text, lang)
    return Norm(chars, _keys(chars))


def spelling(lang: str, on_keys: bool = False) -> Callable[[str], str]:
    """How a searched text spells a pack pattern's literal: as its normalised characters, or
    (`on_keys`) as their sound keys."""
    if on_keys:
        return lambda text: _keys(clean(text, lang))
    return lambda text: clean(text, lang)


def respelt(text: str, start: int, end: int) -> bool:
    """Whether a word of an English text's characters start..end (as `clean` gives them) was
    heard as a homophone of a listed word and respelt as that word: heard, not said."""
    said = clean(text, "en")
    first, last = said.count(" ", 0, start), said.count(" ", 0, end)
    return said.split(" ")[first : last + 1] != _heard(text)[first : last + 1]


def joiner(lang: str) -> Norm:
    """What goes between two utterances of one turn: nothing in Chinese, a space elsewhere."""
    return Norm("", "") if lang == "zh" else Norm(" ", _keys(" "))
