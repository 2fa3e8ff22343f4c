"""What reviewers decide about a call, in the store: each finding's status in force, the reviewed
verdict kept on the call, and a reviewer's sign-off.

A finding's status in force is the newest override of its rule on that call, else the checker's.
The verdict (`ivr.verdict`) is recomputed from those statuses whenever the checker or a reviewer
changes one, so lists and sorts read plain columns.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ivr.errors import NotFoundError
from ivr.store.models import Call, FindingRow, utcnow
from ivr.store.overrides import FindingOverride
from ivr.store.users import User
from ivr.verdict import Verdict, scored, verdict

CHUNK = 500  # a database takes only so many bound parameters in one IN (...)


def effective_statuses(session: Session, call_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Per call, every rule's status once the newest override of each rule is applied.

    Reads three columns per finding, never the evidence, so it stays cheap for the dashboard."""
    ids = list(call_ids)
    statuses: dict[int, dict[str, str]] = {call_id: {} for call_id in ids}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for call_id, rule, checker in session.execute(
            select(FindingRow.call_id, FindingRow.rule, FindingRow.status)
            .where(FindingRow.call_id.in_(chunk))
            .order_by(FindingRow.call_id, FindingRow.position)
        ):
            statuses[call_id][rule] = checker
        for call_id, rule, after in session.execute(
            select(FindingOverride.call_id, FindingOverride.rule, FindingOverride.after)
            .where(FindingOverride.call_id.in_(chunk))
            .order_by(FindingOverride.id)
        ):
            if rule in statuses[call_id]:  # an override of a rule the last check dropped: moot
                statuses[call_id][rule] = after
    return statuses


def call_verdict(session: Session, call: Call) -> Verdict | None:
    """The call's verdict with the statuses in force; None before it is checked."""
    if call.score is None:
        return None
    statuses = effective_statuses(session, [call.id])[call.id]
    return verdict(scored(f.data, statuses[f.rule]) for f in call.findings)


def refresh_verdict(session: Session, call_id: int) -> Call:
    """Recompute the verdict kept on the call after a check or an override."""
    call = session.get(Call, call_id)
    if call is None:
        raise NotFoundError(f"no call {call_id}")
    session.flush()
    session.refresh(call, ["findings"])
    found = call_verdict(session, call)
    call.final_score = None if found is None else float(found.score)
    call.critical_failed = None if found is None else bool(found.critical_failed)
    call.uncertain = 0 if found is None else len(found.uncertain)
    call.fails = 0 if found is None else len(found.failed)
    call.overrides = (
        session.scalar(select(func.count()).where(FindingOverride.call_id == call_id)) or 0
    )
    return call


def sign_off(session: Session, call_id: int, user: User | None) -> Call:
    """Mark the call reviewed by `user`, or (None) open it for review again."""
    call = session.get(Call, call_id)
    if call is None:
        raise NotFoundError(f"no call {call_id}")
    call.signed_off_at = utcnow() if user else None
    call.signed_off_by = user.username if user else None
    return call
