"""A call's verdict once reviewers have spoken: the score from the rule weights with every
override applied, whether it passes the pass mark, and why it needs a person.

Pure functions over (rule, weight, critical, status) rows, so the store, the pages and
`ivr eval` compute one verdict the same way. The weighting is the checker's own: a passed rule
earns its weight, an uncertain one half, a failed one nothing; `na` does not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

EARNED = {"pass": 1.0, "uncertain": 0.5, "fail": 0.0}
# A score this close to the pass mark is worth a person's look, either side of it.
NEAR_PASS_MARK = 5.0


@dataclass(frozen=True)
class Scored:
    """One finding as the verdict needs it: its rule's weight and criticality, and its status
    (the newest override's, else the checker's)."""

    rule: str
    weight: int
    critical: bool
    status: str


@dataclass(frozen=True)
class Verdict:
    score: int
    critical_failed: tuple[str, ...]  # critical rules that failed
    uncertain: tuple[str, ...]  # rules still uncertain
    failed: tuple[str, ...]

    def passed(self, pass_mark: float) -> bool:
        return self.score >= pass_mark and not self.critical_failed

    def near(self, pass_mark: float) -> bool:
        return abs(self.score - pass_mark) <= NEAR_PASS_MARK


def weighted_score(findings: Iterable[Scored]) -> int:
    """The checker's score formula over the given statuses; 100 when no rule applies."""
    scored = [f for f in findings if f.status in EARNED]
    total = sum(f.weight for f in scored)
    if not total:
        return 100
    return round(100 * sum(f.weight * EARNED[f.status] for f in scored) / total)


def verdict(findings: Iterable[Scored]) -> Verdict:
    rows = list(findings)
    return Verdict(
        score=weighted_score(rows),
        critical_failed=tuple(f.rule for f in rows if f.critical and f.status == "fail"),
        uncertain=tuple(f.rule for f in rows if f.status == "uncertain"),
        failed=tuple(f.rule for f in rows if f.status == "fail"),
    )


def scored(data: Mapping[str, Any], status: str) -> Scored:
    """A stored finding (the checker's Finding JSON) with the status in force."""
    return Scored(
        rule=str(data["rule"]),
        weight=int(data.get("weight", 0) or 0),
        critical=bool(data.get("critical", False)),
        status=status,
    )
