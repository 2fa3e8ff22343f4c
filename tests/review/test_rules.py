"""The shipped rule packs: every rule of the standard, as valid data, in both languages."""

from __future__ import annotations

import pytest

from ivr.errors import ConfigError
from ivr.review.matchers import Patterns
from ivr.review.rules import RuleId, load_pack

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
