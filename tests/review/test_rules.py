"""The shipped rule packs: every rule of the standard, as valid data, in both languages."""

from __future__ import annotations

import pytest

from ivr.errors import ConfigError
from ivr.review.matchers import Patterns
from ivr.review.registry import STATUSES, rule_ids, rule_kind, rule_title
from ivr.review.rules import load_pack

RULE_IDS = set(rule_ids())


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


def test_the_registry_reads_rules_titles_and_kinds_from_the_packs() -> None:
    assert rule_ids()[:2] == ("greeting", "confirm_need")
    assert rule_title("apology", "zh-CN") == "致歉" and rule_title("apology", "en") == "Apology"
    assert rule_title("no_such_rule", "en") == "no_such_rule"
    assert rule_kind("follow_up_time") == "time_commitment"
    assert STATUSES == ("pass", "fail", "na", "uncertain")


def test_a_finding_or_override_naming_an_unknown_rule_is_refused() -> None:
    from pydantic import ValidationError

    from ivr.checker_overrides import CheckerOverrides, known_rules
    from ivr.review.findings import Finding

    assert known_rules() == rule_ids()  # the scripts' reading of the pack is the registry's
    with pytest.raises(ValidationError, match="unknown rule 'greting'"):
        Finding(rule="greting", status="pass", message="")
    with pytest.raises(ValidationError, match="use one of greeting"):
        CheckerOverrides(disabled=["closng"])
