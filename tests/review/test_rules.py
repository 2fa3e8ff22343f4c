"""The shipped rule packs: every rule of the standard, as valid data, in both languages."""

from __future__ import annotations

import pytest

from ivr.errors import ConfigError
from ivr.review.matchers import Patterns, build_turns
from ivr.review.rules import RuleId, load_pack
from ivr.transcript import Transcript, Utterance

RULE_IDS = set(RuleId.__args__)  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
def test_packs_define_every_rule_with_messages(language: str) -> None:
    pack = load_pack(language)
    assert set(pack.rules) == RULE_IDS
    for rule_id, rule in pack.rules.items():
        assert {"pass", "fail", "na"} <= set(rule.messages), rule_id
        for response in rule.respond.values():
            Patterns(response.patterns, pack.classes, pack.language)  # compiles
    assert pack.rules["banned_phrase"].critical and pack.rules["privacy"].critical


def test_unknown_language_names_the_choices() -> None:
    with pytest.raises(ConfigError, match="use zh or en"):
        load_pack("ko")


@pytest.mark.parametrize(
    ("text", "found"),
    [("三到五个工作日内", True), ("今天下午五点之前", True), ("二十四小时内", True),
     ("散个工作日", True), ("换成大一点的", False), ("过几天", False)],
)  # fmt: skip
def test_concrete_time_patterns(text: str, found: bool) -> None:
    pack = load_pack("zh")
    patterns = Patterns(pack.rules["follow_up_time"].respond["time"].patterns, pack.classes, "zh")
    turns = build_turns(
        Transcript(utterances=[Utterance(speaker="agent", start=0, end=1, text=text)]), "zh", 5.0
    )
    assert (patterns.best(turns) is not None) is found
