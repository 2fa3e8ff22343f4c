"""What a department may change over its checker rule pack, in its script's `checker:` entry.

It lives beside the department scripts, not in the checker, so that reading a script loads no
matcher library; `ivr.review.rules` applies these overrides to a pack.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# The default rule pack: its rules are the rules there are (ivr.review.registry reads the same).
PACK = Path(__file__).parent / "review" / "packs" / "zh.yaml"


@cache
def known_rules() -> tuple[str, ...]:
    """The rule ids the shipped pack defines, read from its file rather than through the checker,
    so that reading a script loads no matcher library."""
    return tuple(yaml.safe_load(PACK.read_text(encoding="utf-8"))["rules"])


def _known_rule(value: str) -> str:
    if value not in known_rules():
        raise ValueError(f"unknown rule {value!r}; use one of {', '.join(known_rules())}")
    return value


RuleId = Annotated[str, AfterValidator(_known_rule)]
LIST_FIELDS = (
    "not_say",
    "unless",
    "context",
    "trigger",
    "trigger_unless",
    "trigger_skip_turns",
    "na_if",
    "vague",
    "caller_farewell",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleOverride(_Model):
    weight: int | None = Field(None, ge=0, le=100)
    critical: bool | None = None
    enabled: bool | None = None
    add: dict[str, list[str]] = Field(
        default_factory=dict,
        description="extra phrases by list: a `say` group, a `respond` name, a structure "
        "rule's cue list (apology, refusal, vague ...: plain words), or one of "
        + ", ".join(LIST_FIELDS),
    )


class CheckerOverrides(_Model):
    """What a department may change over its language pack, in its script's `checker:` entry."""

    rules: dict[RuleId, RuleOverride] = Field(default_factory=dict)
    disabled: list[RuleId] = Field(default_factory=list)
    critical: list[RuleId] = Field(default_factory=list)
    department_aliases: list[str] = Field(
        default_factory=list, description="other names agents use for the department"
    )
