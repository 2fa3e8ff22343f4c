"""Masking of phone, ID and bank-card numbers, in digits and as Vosk writes them in Chinese."""

from __future__ import annotations

import pytest

from ivr.privacy import mask_text, mask_transcript
from ivr.transcript import Transcript, Utterance, Word


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我的手机是13812345678", "我的手机是138****5678"),
        ("我的手机是 一三八 一二三四 五六七八 谢谢", "我的手机是 一三八 **** 五六七八 谢谢"),
        ("幺三九 零零零零 一二三四", "幺三九 **** 一二三四"),
        ("一三八一二三四五六七八九", "********六七八九"),  # twelve digits: not a mobile number
        ("身份证号 11010519491231002X", "身份证号 **************002X"),
        ("身份证 一一零一零五一九四九一二三一零零二叉", "身份证 **************零零二叉"),
        ("卡号 6222 0212 3456 7890 123", "卡号 **** **** **** ***0 123"),
        ("座机 010-8888 6666", "座机 ***-**** 6666"),
    ],
)
def test_numbers_are_masked(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "三个工作日内给您回复",
        "二零二六年十一月",
        "订单尾号 一二三四五六",
        "一两个小时",
        "price 99.50",
    ],
)
def test_short_numbers_and_dates_stay(text: str) -> None:
    assert mask_text(text) == text


def test_a_number_split_over_words_is_masked_in_text_and_words() -> None:
    words = ["号码", "是", "一三八", "一二三四", "五六七八"]
    utterance = Utterance(
        speaker="caller",
        start=0,
        end=3,
        text=" ".join(words),
        words=[Word(word=w, start=i * 0.5, end=i * 0.5 + 0.4) for i, w in enumerate(words)],
    )
    masked = mask_transcript(Transcript(utterances=[utterance])).utterances[0]
    assert masked.text == "号码 是 一三八 **** 五六七八"
    assert [w.word for w in masked.words] == ["号码", "是", "一三八", "****", "五六七八"]
    assert [w.start for w in masked.words] == [w.start for w in utterance.words]
    assert utterance.text == " ".join(words)  # the original is left alone
