"""The calls repository: what the pipeline writes and the web pages read back, one call at a time.

Functions take a Session so a caller decides the unit of work (`ivr.store.db.transaction`). Lists
and filters over many calls are the web pages' (`ivr.web.queries`), next to what they show.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ivr.errors import NotFoundError
from ivr.scripts import DepartmentScript, ScriptSource
from ivr.store.models import Call, FindingRow, ScriptVersion, TranscriptRow, utcnow
from ivr.store.verdicts import refresh_verdict
from ivr.transcript import Transcript

log = logging.getLogger(__name__)


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
    return refresh_verdict(session, call_id)


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


def script_heard(session: Session, call: Call, scripts: ScriptSource) -> DepartmentScript:
    """The script the caller heard, to check the call against; the department's live one when
    that version was never kept."""
    if call.script_version:
        kept = script_at(session, call.department_id, call.script_version)
        if kept is not None:
            return kept
        log.warning(
            "call %d: script version %s of %r was never kept; checking with the live one",
            call.id,
            call.script_version,
            call.department_id,
        )
    try:
        return scripts.get(call.department_id)
    except NotFoundError as exc:
        raise NotFoundError(
            f"call {call.id}: {exc}; add the department, then `ivr jobs retry ID`"
        ) from exc
