"""The calls repository: what the pipeline writes and the web pages and CLI read.

Functions take a Session so a caller decides the unit of work (`ivr.store.db.transaction`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Select, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ivr.errors import NotFoundError
from ivr.scripts import DepartmentScript
from ivr.store.models import Call, FindingRow, Job, ScriptVersion, TranscriptRow, utcnow
from ivr.transcript import Transcript

# What a call is, for lists and filters: derived from the recording and the job, stored once.
CALL_STATUSES = ("absent", "queued", "running", "done", "failed")


class FindingLike(Protocol):
    """The checker's Finding (ivr.review), as far as the store needs it."""

    rule: str
    status: str  # pass | fail | na | uncertain
    message: str

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]: ...


class ReviewLike(Protocol):
    """The checker's Review, as far as the store needs it."""

    score: int
    passed: bool

    @property
    def findings(self) -> Sequence[FindingLike]: ...

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]: ...


@dataclass(frozen=True)
class CallFilter:
    department_id: str | None = None
    status: str | None = None  # one of CALL_STATUSES
    passed: bool | None = None
    kind: str | None = None  # call | voicemail
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None  # searched in the transcript
    limit: int = 50
    offset: int = 0


def call_status(call: Call) -> str:
    if call.recording_status != "completed":
        return "absent"
    return call.job.state if call.job else "queued"


def _filtered(query: Select[Any], f: CallFilter) -> Select[Any]:
    if f.department_id:
        query = query.where(Call.department_id == f.department_id)
    if f.kind:
        query = query.where(Call.kind == f.kind)
    if f.passed is not None:
        query = query.where(Call.passed.is_(f.passed))
    if f.since:
        query = query.where(Call.started_at >= f.since)
    if f.until:
        query = query.where(Call.started_at < f.until)
    if f.status == "absent":
        query = query.where(Call.recording_status != "completed")
    elif f.status:
        query = query.join(Job, Job.call_id == Call.id).where(Job.state == f.status)
    if f.text:
        query = query.join(TranscriptRow, TranscriptRow.call_id == Call.id).where(
            TranscriptRow.text.contains(f.text, autoescape=True)
        )
    return query


def list_calls(session: Session, f: CallFilter = CallFilter()) -> list[Call]:
    """Newest first, with each call's job loaded (for `call_status`)."""
    query = _filtered(select(Call), f).options(selectinload(Call.job))
    query = query.order_by(Call.started_at.desc().nulls_last(), Call.id.desc())
    return list(session.scalars(query.limit(f.limit).offset(f.offset)))


def count_calls(session: Session, f: CallFilter = CallFilter()) -> int:
    return session.scalar(_filtered(select(func.count(Call.id)), f)) or 0


def get_call(session: Session, call_id: int) -> Call:
    """One call with its job, transcript and findings loaded."""
    call = session.get(
        Call,
        call_id,
        options=[
            selectinload(Call.job),
            selectinload(Call.transcript),
            selectinload(Call.findings),
        ],
    )
    if call is None:
        raise NotFoundError(f"no call {call_id}")
    return call


def call_by_recording(session: Session, recording_sid: str) -> Call | None:
    return session.scalar(select(Call).where(Call.recording_sid == recording_sid))


def transcript_of(call: Call) -> Transcript | None:
    return Transcript.model_validate(call.transcript.content) if call.transcript else None


def save_transcript(session: Session, call_id: int, transcript: Transcript) -> None:
    """Store (or replace) the call's transcript; give it already masked if masking is on."""
    text = "\n".join(u.text for u in transcript.utterances)
    row = session.get(TranscriptRow, call_id)
    content = transcript.model_dump(mode="json")
    if row is None:
        session.add(
            TranscriptRow(call_id=call_id, language=transcript.language, content=content, text=text)
        )
    else:
        row.language, row.content, row.text, row.created_at = (
            transcript.language,
            content,
            text,
            utcnow(),
        )


def _finding_row(call_id: int, position: int, finding: FindingLike) -> FindingRow:
    return FindingRow(
        call_id=call_id,
        position=position,
        rule=finding.rule,
        status=finding.status,
        message=finding.message,
        data=finding.model_dump(mode="json"),
    )


def save_review(
    session: Session, call_id: int, review: ReviewLike, *, script_version: str | None
) -> Call:
    """Store the checker's review of a call, replacing any earlier one."""
    call = session.get(Call, call_id)
    if call is None:
        raise NotFoundError(f"no call {call_id}")
    session.execute(delete(FindingRow).where(FindingRow.call_id == call_id))
    session.add_all(_finding_row(call_id, i, f) for i, f in enumerate(review.findings))
    call.score, call.passed = float(review.score), bool(review.passed)
    call.review = review.model_dump(mode="json")
    call.checked_version, call.reviewed_at = script_version, utcnow()
    return call


def remember_script(
    session: Session, script: DepartmentScript, *, created_by: str | None = None
) -> ScriptVersion:
    """Keep this exact script content under its version; a version already kept is left alone."""
    kept = select(ScriptVersion).where(
        ScriptVersion.department_id == script.id, ScriptVersion.version == script.version
    )
    row = session.scalar(kept)
    if row is not None:
        return row
    row = ScriptVersion(
        department_id=script.id,
        version=script.version,
        content=script.model_dump(mode="json"),
        created_by=created_by,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another process kept the same version a moment ago
        return session.scalars(kept).one()
    return row


def script_at(session: Session, department_id: str, version: str) -> DepartmentScript | None:
    """The department's script exactly as it was at `version`, if that version was ever kept."""
    content = session.scalar(
        select(ScriptVersion.content).where(
            ScriptVersion.department_id == department_id, ScriptVersion.version == version
        )
    )
    return DepartmentScript.model_validate(content) if content is not None else None
