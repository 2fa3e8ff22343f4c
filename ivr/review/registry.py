"""The rule registry: which rules exist, their kind and title, and the statuses a finding can
have. All of it is read from the shipped rule packs (packs/*.yaml), so adding a rule of an
existing kind touches the packs and the tests, nothing else. The pages and the store ask here.

    rule_ids()                      -> ("greeting", "confirm_need", ...)
    rule_title("apology", "zh")     -> "致歉"
    rule_kind("apology")            -> "complaint_apology"
    STATUSES                        -> ("pass", "fail", "na", "uncertain")
"""

from __future__ import annotations

from functools import cache
from typing import get_args

from ivr.errors import ConfigError
from ivr.review.rules import Status, load_pack
from ivr.transcript import language_code

STATUSES: tuple[str, ...] = get_args(Status)
# Every shipped pack defines the same rules; the first one's order is the rules' order.
PACKS = ("zh", "en")


@cache
def rule_ids() -> tuple[str, ...]:
    """Every rule's id, in the order the packs list them."""
    ids = tuple(load_pack(PACKS[0]).rules)
    for language in PACKS[1:]:  # known_rules() in ivr.checker_overrides reads the first pack
        other = tuple(load_pack(language).rules)
        if set(other) != set(ids):
            raise ConfigError(
                f"the {language} rule pack defines {', '.join(other)}, "
                f"the {PACKS[0]} pack {', '.join(ids)}: every pack must define the same rules"
            )
    return ids


def rule_title(rule_id: str, language: str) -> str:
    """A rule's name in a language (zh, en, zh-CN, ...); an unknown rule is shown by its id."""
    rule = load_pack(PACKS[0]).rules.get(rule_id)
    if rule is None:
        return rule_id
    return rule.title.en if language_code(language) == "en" else rule.title.zh


def rule_kind(rule_id: str) -> str:
    """The kind of evaluator the default pack runs the rule with."""
    return load_pack(PACKS[0]).rules[rule_id].kind
