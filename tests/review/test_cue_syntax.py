"""The packs' pattern language: what a cue pattern may say, and what it compiles to."""

from __future__ import annotations

import re

import pytest

from ivr.review.cue_syntax import expand, translate, whole_words
from ivr.review.normalize import normalize
from ivr.review.rules import load_pack


def _english(pattern: str) -> re.Pattern[str]:
    return re.compile(whole_words(translate(pattern, {"num": ["two", "three"]}, str)))


def test_escapes_are_kept_as_written() -> None:
    # A backslash and the letter after it are one token: \b was once read as \ then (?:b).
    assert _english(r"re\w+ed\b").search("it was refunded today")
    assert not _english(r"re\w+ed\b").search("it was refund")
    assert _english(r"{num} \d+ days").search("three 10 days")
    assert _english(r"half\.past").search("half.past") and not _english(r"half\.past").search(
        "halfxpast"
    )


def test_sets_keep_escapes_and_spell_their_members() -> None:
    chars = re.compile(translate(r"[\d两]个工作日", {}, lambda t: normalize(t, "zh").chars))
    assert chars.search("3个工作日") and chars.search("两个工作日")
    assert not chars.search("几个工作日")


def test_a_multi_character_spelling_takes_its_quantifier_whole() -> None:
    # A character spelt as two sound codes: `?` after it makes both optional, not the last.
    keys = translate("请?稍等", {}, lambda t: normalize(t, "zh").keys, on_keys=True)
    assert re.fullmatch(keys, normalize("稍等", "zh").keys)
    assert re.fullmatch(keys, normalize("请稍等", "zh").keys)


def test_an_unknown_class_names_the_classes_there_are() -> None:
    with pytest.raises(ValueError, match=r"no word class \{nums\}.*num"):
        translate("{nums}天", {"num": ["一"]}, str)


def test_a_list_named_in_a_pattern_stands_for_its_patterns() -> None:
    lists = {"unit": ["天", "周"], "span": ["{unit}内"]}
    assert expand("三{span}", lists) == "三(?:(?:天|周)内)"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_pack_pattern_compiles_on_its_own(language: str) -> None:
    pack = load_pack(language)
    classes = {k: list(v) for k, v in pack.classes.items()}
    checked = 0
    for rule_id, rule in pack.rules.items():
        for name, patterns in rule.cues.items():
            for pattern in patterns:
                regex = translate(expand(pattern, rule.cues), classes, str)
                if pack.context_unit == "word":
                    regex = whole_words(regex)
                try:
                    re.compile(regex)
                except re.error as exc:
                    pytest.fail(f"{language} {rule_id}.cues.{name}: {pattern!r}: {exc}")
                checked += 1
    assert checked > 1000
