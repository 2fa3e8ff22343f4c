"""How often the checker agrees with the reviewers, per rule: from the store (the dashboard),
and for a script the checker has not run yet (`ivr eval run`, the script editor's what-if)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ivr.evaluation.labels import LabelledCall
from ivr.scripts import DepartmentScript
from ivr.verdict import Scored, Verdict, verdict


@dataclass
class RuleAgreement:
    rule: str
    labelled: int = 0
    agreed: int = 0
    # (checker, reviewers) -> how many: where they disagree, and which way.
    confusion: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))

    @property
    def rate(self) -> float:
        return self.agreed / self.labelled if self.labelled else 0.0

    def add(self, checker: str, label: str) -> None:
        self.labelled += 1
        self.agreed += checker == label
        if checker != label:
            self.confusion[(checker, label)] += 1


def agreement(
    pairs: Iterable[tuple[str, str, str, str]],
) -> dict[tuple[str, str], RuleAgreement]:
    """Per (group, rule): how many labelled findings, and how many the checker got right.

    `pairs` are (group, rule, checker status, reviewers' status); the group is a department, or
    one name for everything."""
    table: dict[tuple[str, str], RuleAgreement] = {}
    for group, rule, checker, label in pairs:
        table.setdefault((group, rule), RuleAgreement(rule)).add(checker, label)
    return table


def stored_pairs(calls: Iterable[LabelledCall]) -> Iterator[tuple[str, str, str, str]]:
    for call in calls:
        for rule, label in call.labels.items():
            if rule in call.checker:
                yield call.department, rule, call.checker[rule], label


@dataclass(frozen=True)
class Rerun:
    """One labelled call checked again with another script."""

    call: LabelledCall
    statuses: dict[str, str]  # rule -> the new check's status
    weights: dict[str, tuple[int, bool]]

    def passed(self, pass_mark: float) -> bool:
        return _verdict(self.statuses, self.weights).passed(pass_mark)


def rerun(
    calls: Iterable[LabelledCall], script_for: Callable[[LabelledCall], DepartmentScript]
) -> list[Rerun]:
    from ivr.review import check_call  # the checker's rule packs load only when a check runs

    reruns = []
    for call in calls:
        review = check_call(call.transcript, script_for(call))
        reruns.append(
            Rerun(
                call=call,
                statuses={f.rule: f.status for f in review.findings},
                weights={f.rule: (f.weight, f.critical) for f in review.findings},
            )
        )
    return reruns


def rerun_pairs(
    reruns: Iterable[Rerun], group: str | None = None
) -> Iterator[tuple[str, str, str, str]]:
    for run in reruns:
        for rule, label in run.call.labels.items():
            if rule in run.statuses:
                yield group or run.call.department, rule, run.statuses[rule], label


def reviewed_verdict(call: LabelledCall, pass_mark: float) -> bool | None:
    """Whether the call passes with the reviewers' labels over the checker's statuses."""
    statuses = {**call.checker, **call.labels}
    if not call.weights:
        return None
    return _verdict(statuses, call.weights).passed(pass_mark)


def _verdict(statuses: dict[str, str], weights: dict[str, tuple[int, bool]]) -> Verdict:
    return verdict(
        Scored(rule, *weights.get(rule, (0, False)), status) for rule, status in statuses.items()
    )


@dataclass(frozen=True)
class Change:
    """A reviewed call whose verdict an edited script changes."""

    call_id: int
    before: bool  # passes with the live script
    after: bool  # passes with the edited one
    reviewers: bool | None  # passes with the reviewers' labels
    rules: tuple[tuple[str, str, str, str | None], ...]  # (rule, before, after, label)

    @property
    def towards_reviewers(self) -> bool | None:
        return None if self.reviewers is None else self.after == self.reviewers


def what_if(
    calls: list[LabelledCall],
    live: DepartmentScript,
    edited: DepartmentScript,
    pass_mark: float,
) -> tuple[list[Change], dict[str, tuple[float, float]]]:
    """What saving `edited` over `live` would do to the department's reviewed calls: the calls
    whose verdict changes, and per rule the agreement with the reviewers before and after."""
    before = rerun(calls, lambda call: live)
    after = rerun(calls, lambda call: edited)
    changes = []
    for old, new in zip(before, after, strict=True):
        passed_before, passed_after = old.passed(pass_mark), new.passed(pass_mark)
        rules = tuple(
            (rule, old.statuses.get(rule, "na"), status, old.call.labels.get(rule))
            for rule, status in new.statuses.items()
            if old.statuses.get(rule) != status
        )
        if passed_before != passed_after:
            reviewers = reviewed_verdict(old.call, pass_mark)
            changes.append(Change(old.call.call_id, passed_before, passed_after, reviewers, rules))
    was = agreement(rerun_pairs(before, "all"))
    now = agreement(rerun_pairs(after, "all"))
    rates = {
        rule: (was[("all", rule)].rate if ("all", rule) in was else 0.0, row.rate)
        for (_, rule), row in now.items()
    }
    return changes, rates
