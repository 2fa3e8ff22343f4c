"""Reviewed calls as labelled data, out of the store and into a corpus file, and back.

A call is labelled when a reviewer signed it off (every rule's status in force is a label, except
one left uncertain) or overrode some of its findings (those rules are labels). A corpus is JSON
Lines, one call a line: its transcript, the script version it was checked with, the checker's
statuses and the labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from ivr.errors import IvrError
from ivr.scripts import DepartmentScript
from ivr.store.calls import script_at, transcript_of
from ivr.store.models import Call, FindingRow
from ivr.store.overrides import FindingOverride
from ivr.store.verdicts import effective_statuses
from ivr.transcript import Transcript


class CorpusError(IvrError):
    """A corpus file cannot be read."""


@dataclass(frozen=True)
class LabelledCall:
    call_id: int
    department: str
    script_version: str | None
    transcript: Transcript
    checker: dict[str, str]  # rule -> the checker's status when it was stored
    labels: dict[str, str]  # rule -> the reviewers' status
    weights: dict[str, tuple[int, bool]]  # rule -> (weight, critical) as checked
    script: DepartmentScript | None  # the version the call was checked with, when kept

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["transcript"] = self.transcript.model_dump(mode="json")
        data["script"] = self.script.model_dump(mode="json") if self.script else None
        data["weights"] = {rule: list(pair) for rule, pair in self.weights.items()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LabelledCall:
        return cls(
            call_id=int(data["call_id"]),
            department=str(data["department"]),
            script_version=data.get("script_version"),
            transcript=Transcript.model_validate(data["transcript"]),
            checker=dict(data.get("checker") or {}),
            labels=dict(data["labels"]),
            weights={r: (int(w), bool(c)) for r, (w, c) in (data.get("weights") or {}).items()},
            script=DepartmentScript.model_validate(data["script"]) if data.get("script") else None,
        )


def reviewed_calls(
    session: Session, *, department: str | None = None, newest: int | None = None
) -> list[LabelledCall]:
    """Every call reviewers have labelled (or the `newest` of them), oldest first."""
    overridden = select(FindingOverride.call_id)
    query = (
        select(Call)
        .where(
            Call.transcript.has(),
            or_(Call.signed_off_at.is_not(None), Call.id.in_(overridden)),
        )
        .options(selectinload(Call.transcript), selectinload(Call.findings))
        .order_by(Call.id.desc())
        .limit(newest)
    )
    if department:
        query = query.where(Call.department_id == department)
    calls = list(session.scalars(query))[::-1]
    statuses = effective_statuses(session, [call.id for call in calls])
    overrides: dict[int, set[str]] = {}
    for call_id, rule in session.execute(
        select(FindingOverride.call_id, FindingOverride.rule).where(
            FindingOverride.call_id.in_([c.id for c in calls])
        )
    ):
        overrides.setdefault(call_id, set()).add(rule)
    return [
        _labelled(session, call, statuses[call.id], overrides.get(call.id, set())) for call in calls
    ]


def label_pairs(session: Session, ids: Select[Any]) -> list[tuple[str, str, str, str]]:
    """(department, rule, checker status, reviewers' status) of every labelled finding of the
    calls `ids` selects, without reading transcripts: what agreement per rule is counted from."""
    reviewed = or_(Call.signed_off_at.is_not(None), Call.id.in_(select(FindingOverride.call_id)))
    chosen = select(Call.id).where(Call.id.in_(ids), reviewed)
    labelled = list(
        session.execute(
            select(Call.id, Call.department_id, Call.signed_off_at.is_not(None)).where(
                Call.id.in_(chosen)
            )
        )
    )
    statuses = effective_statuses(session, [call_id for call_id, _, _ in labelled])
    checker: dict[int, dict[str, str]] = {}
    for call_id, rule, status in session.execute(
        select(FindingRow.call_id, FindingRow.rule, FindingRow.status).where(
            FindingRow.call_id.in_(chosen)
        )
    ):
        checker.setdefault(call_id, {})[rule] = status
    overridden = {
        (call_id, rule)
        for call_id, rule in session.execute(
            select(FindingOverride.call_id, FindingOverride.rule).where(
                FindingOverride.call_id.in_(chosen)
            )
        )
    }
    return [
        (department, rule, checker[call_id][rule], label)
        for call_id, department, signed in labelled
        for rule, label in statuses[call_id].items()
        if rule in checker.get(call_id, {})
        and _is_label(label, signed or (call_id, rule) in overridden)
    ]


def _labelled(
    session: Session, call: Call, statuses: dict[str, str], overridden: set[str]
) -> LabelledCall:
    transcript = transcript_of(call)
    assert transcript is not None  # the query asks for a transcript
    version = call.checked_version or call.script_version
    signed = call.signed_off_at is not None
    return LabelledCall(
        call_id=call.id,
        department=call.department_id,
        script_version=version,
        transcript=transcript,
        checker={f.rule: f.status for f in call.findings},
        labels={r: s for r, s in statuses.items() if _is_label(s, signed or r in overridden)},
        weights={
            f.rule: (int(f.data.get("weight", 0)), bool(f.data.get("critical")))
            for f in call.findings
        },
        script=script_at(session, call.department_id, version) if version else None,
    )


def _is_label(status: str, decided: bool) -> bool:
    """A reviewer's decision is a label; a finding left uncertain on a signed-off call is not."""
    return decided and status != "uncertain"


def write_corpus(calls: Iterable[LabelledCall], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for call in calls:
            out.write(json.dumps(call.to_json(), ensure_ascii=False) + "\n")
            count += 1
    return count


def read_corpus(path: Path) -> Iterator[LabelledCall]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield LabelledCall.from_json(json.loads(line))
            except (ValueError, KeyError, TypeError, ValidationError) as exc:
                raise CorpusError(
                    f"{path}, line {number}: not a labelled call ({exc}); "
                    "write corpora with `ivr eval export`"
                ) from exc
