"""Normalised text: what recognition writes and what the script says compare equal or close."""

from __future__ import annotations

import sys
import threading
import unicodedata

import pytest

from ivr.review import normalize as norm
from ivr.review.homophones import respellings
from ivr.review.matchers import align
from ivr.review.normalize import _NOT_ALNUM, clean, normalize


def test_spaces_punctuation_and_numerals_are_normalised() -> None:
    assert clean("三 个 工作 日 内，") == clean("3个工作日内") == "三个工作日内"
    assert clean("订单号 12345678") == "订单号一二三四五六七八"  # long numbers read digit by digit
    assert clean("Within 2 business days!", "en") == "within 2 business days"


@pytest.mark.parametrize(
    ("heard", "said"), [("对嘛", "对吗"), ("为您服雾", "为您服务"), ("兑骂", "对吗")]
)
def test_homophones_share_sound_keys(heard: str, said: str) -> None:
    assert normalize(heard).keys == normalize(said).keys


def test_near_homophones_are_close_but_not_equal() -> None:
    score, _, _ = align(normalize("您好").keys, normalize("你好").keys)
    assert 0.7 <= score < 1.0
    score, _, _ = align(normalize("再见").keys, normalize("可以").keys)
    assert score == 0.0


def test_alignment_finds_a_misheard_phrase_inside_a_sentence() -> None:
    heard = normalize("很 高兴 为 肤误 请问 有 什么 可以 帮 您")
    score, start, end = align(normalize("很高兴为您服务").keys, heard.keys)
    assert score >= 0.8
    assert heard.chars[start:end] == "很高兴为肤误"


def test_sound_codes_stay_distinct_when_threads_number_new_parts_at_once() -> None:
    def number(thread: int) -> None:
        for i in range(1000):
            norm._code(f"test:{thread}:{i}")

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=number, args=(t,)) for t in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(set(norm._codes.values())) == len(norm._codes)


def test_recognised_mandarin_is_cleaned_as_any_text() -> None:
    """Vosk's Mandarin (ideographs and spaces) skips Unicode normalisation: every ideograph must
    come out of the full cleaning unchanged for that to be right."""
    ideographs = "".join(map(chr, range(0x4E00, 0xA000)))
    full = _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", ideographs).lower())
    assert full == ideographs
    assert clean(ideographs[:500] + " 一 二") == ideographs[:500] + "一二"
    assert clean("三 个 工作日 3") == "三个工作日三"  # a digit: the full path


def test_english_words_are_spelt_as_the_pack_spells_their_sound() -> None:
    """A homophone of a word the English pack listens for is spelt as the pack spells it; a
    word the pack lists itself, or one it has no homophone for, is kept."""
    assert clean("Nobody's wrung me, yoo lost it", "en") == "nobodys rung me you lost it"
    listed = set(respellings().values())
    assert listed and listed.isdisjoint(respellings())  # no listed word is respelt
    assert clean("no know", "en") == "no know"  # both listed: each kept as heard
    assert clean("wrung", "zh") == "wrung"  # Mandarin texts are matched on pinyin instead
