"""A call's status as a reviewer reads it, computed in SQL from the call, its job and its verdict:

received -> transcribing -> checked | needs_review -> reviewed, or failed at any step.

`needs_review`: checked, not signed off, and something a person should decide: a finding still
uncertain, a critical rule failed, or a reviewed score near the pass mark. Computed, not stored,
so it never disagrees with the job table or the pass mark in force.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from ivr.store.models import Call, Job
from ivr.verdict import NEAR_PASS_MARK

STATUSES = ("received", "transcribing", "checked", "needs_review", "reviewed", "failed")
ABSENT = "absent"  # the failure kind of a call Twilio kept no recording of


def needs_review(pass_mark: float) -> ColumnElement[bool]:
    return and_(
        Call.final_score.is_not(None),
        Call.signed_off_at.is_(None),
        or_(
            Call.uncertain > 0,
            Call.critical_failed.is_(True),
            func.abs(Call.final_score - pass_mark) <= NEAR_PASS_MARK,
        ),
    )


def status_of(pass_mark: float) -> ColumnElement[str]:
    """The status column; the query must outer-join `Job` on the call (`with_job`)."""
    return case(
        (or_(Call.recording_status != "completed", Job.state == "failed"), "failed"),
        (Job.state == "running", "transcribing"),
        (Job.state == "queued", "received"),
        (Call.signed_off_at.is_not(None), "reviewed"),
        (needs_review(pass_mark), "needs_review"),
        (or_(Call.final_score.is_not(None), Job.state == "done"), "checked"),
        else_="received",
    )


def with_job(query: Any) -> Any:
    return query.outerjoin(Job, Job.call_id == Call.id)


def call_status(session: Session, call_id: int, pass_mark: float) -> str:
    query = with_job(select(status_of(pass_mark)).select_from(Call)).where(Call.id == call_id)
    return session.scalar(query) or "received"


def failure_kind(call: Call) -> str | None:
    """Why a call failed, as an error class name (`Job.error_kind`), or `absent`."""
    if call.recording_status != "completed":
        return ABSENT
    if call.job is not None and call.job.state == "failed":
        return call.job.error_kind or "Exception"
    return None
