"""Per-rule accuracy of the checker on labelled calls, clean or with recognition noise."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ivr.review import check_call
from tests.review.corpus import RULES, Call, department_for, render


@dataclass
class Accuracy:
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[str] = field(default_factory=list)

    def rate(self, rule: str) -> float:
        return self.right[rule] / self.total[rule] if self.total[rule] else 1.0

    def table(self, title: str) -> str:
        rows = [f"{title}"] + [
            f"  {rule:<15} {self.right[rule]:4d}/{self.total[rule]:<4d} {self.rate(rule):6.1%}"
            for rule in RULES
            if self.total[rule]
        ]
        return "\n".join(rows)


def evaluate(calls: list[Call], noise: float = 0.0, seeds: int = 1) -> Accuracy:
    """Run the checker on each call (`seeds` noisy renderings each) and compare with the labels;
    `skip` labels are not scored, `uncertain` counts as wrong."""
    acc = Accuracy()
    for call in calls:
        script = department_for(call)
        for seed in range(seeds):
            review = check_call(render(call, noise, seed), script)
            for finding in review.findings:
                label = call.labels.get(finding.rule)
                if label in (None, "skip"):
                    continue
                acc.total[finding.rule] += 1
                if finding.status == label:
                    acc.right[finding.rule] += 1
                else:
                    acc.misses.append(
                        f"{call.id}/{seed} {finding.rule}: {finding.status} != {label}"
                    )
    return acc
