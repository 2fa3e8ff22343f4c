"""Per-rule figures of the checker on labelled calls, clean or with recognition noise: what a QA
lead needs to trust a verdict. Accuracy is the share of verdicts equal to the label; a `pass` or
`fail` that is wrong is confident-wrong; `uncertain` (sent to a person) is counted apart and is
never right.

    python -m tests.review.evaluate [--part dev|heldout|en_dev|en_heldout|...] [--seeds 3]
        [--noise 0.15] [--rules-only]

The learned second opinion was trained on the development parts: on them, --rules-only gives
the figures that say something about the rules.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass, field

from ivr.review import check_call
from ivr.review.rules import apply_overrides, load_pack
from ivr.review.second_opinion import rules_only
from tests.review.corpus import (
    DEV_PARTS,
    HELDOUT_PARTS,
    PARTS,
    RULES,
    Call,
    department_for,
    load_calls,
    render,
)

CONFIDENT = ("pass", "fail")
NOISES = (0.0, 0.05, 0.15)


@dataclass
class Accuracy:
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    wrong: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # confident-wrong
    unsure: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[str] = field(default_factory=list)

    def rate(self, rule: str) -> float:
        return self.right[rule] / self.total[rule] if self.total[rule] else 1.0

    def confident_wrong(self, rule: str) -> float:
        return self.wrong[rule] / self.total[rule] if self.total[rule] else 0.0

    def uncertain(self, rule: str) -> float:
        return self.unsure[rule] / self.total[rule] if self.total[rule] else 0.0

    def add(self, call: Call, seed: int, rule: str, status: str, label: str) -> None:
        self.total[rule] += 1
        if status == label:
            self.right[rule] += 1
            return
        if status in CONFIDENT:
            self.wrong[rule] += 1
        elif status == "uncertain":
            self.unsure[rule] += 1
        self.misses.append(f"{call.id}/{seed} {rule}: {status} != {label}")

    def table(self, title: str) -> str:
        rows = [f"{title}", f"  {'rule':<15} {'right':>9}  accuracy  conf-wrong  uncertain"]
        rows += [
            f"  {rule:<15} {self.right[rule]:4d}/{self.total[rule]:<4d} {self.rate(rule):9.1%}"
            f" {self.confident_wrong(rule):11.1%} {self.uncertain(rule):10.1%}"
            for rule in RULES
            if self.total[rule]
        ]
        return "\n".join(rows)


def evaluate(
    calls: list[Call], noise: float = 0.0, seeds: int = 1, rules_alone: bool = False
) -> Accuracy:
    """Run the checker on each call (`seeds` noisy renderings each) and compare with the labels;
    `skip` labels are not scored. `rules_alone`: without the learned second opinion."""
    acc = Accuracy()
    for call in calls:
        script = department_for(call)
        pack = apply_overrides(load_pack(script.lang), script.checker)
        pack = rules_only(pack) if rules_alone else pack
        for seed in range(seeds):
            review = check_call(render(call, noise, seed), script, pack)
            for finding in review.findings:
                label = call.labels.get(finding.rule)
                if label not in (None, "skip"):
                    acc.add(call, seed, finding.rule, finding.status, label)
    return acc


def summary(calls: list[Call], title: str, seeds: int, rules_alone: bool) -> str:
    """One table per noise level: clean once, noisy over `seeds` renderings."""
    tables = []
    for noise in NOISES:
        how = f"{noise:.0%} noise, {seeds} seeds" if noise else "clean"
        acc = evaluate(calls, noise, seeds if noise else 1, rules_alone)
        tables.append(acc.table(f"{title}: {len(calls)} calls, {how}"))
    return "\n".join(tables)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", action="append", choices=list(PARTS), help="[dev parts]")
    parser.add_argument("--seeds", type=int, default=3, help="noisy renderings per call")
    parser.add_argument("--noise", type=float, help="one noise level, with its misses")
    parser.add_argument("--rules-only", action="store_true", help="without the second opinion")
    args = parser.parse_args()
    parts = tuple(args.part or DEV_PARTS)
    calls = load_calls(parts)
    if args.noise is None:
        print(summary(calls, "+".join(parts), args.seeds, args.rules_only))
        return
    acc = evaluate(calls, args.noise, args.seeds if args.noise else 1, args.rules_only)
    if not set(parts) & set(HELDOUT_PARTS):  # held-out parts give figures, never calls to tune on
        print("\n".join(sorted(acc.misses)))
    print(acc.table(f"{'+'.join(parts)}: {len(calls)} calls, {args.noise:.0%} noise"))


if __name__ == "__main__":
    main()
