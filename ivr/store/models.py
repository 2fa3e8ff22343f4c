"""The pipeline tables: calls, their jobs, transcripts and findings, and every script version.

Every table module registers on `Base.metadata`; the migrations in `migrations/versions/` are the
schema's source of truth, and these classes must agree with them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ivr.store.db import Base


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Naive UTC in the database (SQLite keeps no offsets), aware UTC in Python."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


class ScriptVersion(Base):
    """A department script exactly as it was at one version: the checker applies this content."""

    __tablename__ = "script_versions"
    __table_args__ = (UniqueConstraint("department_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(128))


class Call(Base):
    """One recording Twilio reported: a dual-channel agent call or a one-channel voicemail."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_sid: Mapped[str] = mapped_column(String(64), unique=True)
    call_sid: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # call | voicemail
    department_id: Mapped[str] = mapped_column(String(64), index=True)
    script_version: Mapped[str | None] = mapped_column(String(64))
    caller: Mapped[str | None] = mapped_column(String(64))
    agent: Mapped[str | None] = mapped_column(String(128))
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    duration: Mapped[float | None] = mapped_column(Float)
    queue_wait: Mapped[float | None] = mapped_column(Float)  # seconds in the queue
    channels: Mapped[int] = mapped_column(default=1)
    agent_channel: Mapped[int | None]  # of a dual-channel recording; None: settings.agent_channel
    recording_url: Mapped[str | None] = mapped_column(Text)
    recording_status: Mapped[str] = mapped_column(String(16))  # completed | absent | failed
    absent_reason: Mapped[str | None] = mapped_column(Text)
    audio_path: Mapped[str | None] = mapped_column(Text)
    # Filled when the call is scored; `checked_version` is the script version actually applied.
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None]
    review: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    checked_version: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The verdict once reviewers' overrides are applied (`ivr.verdict`), kept with the call so
    # lists, filters and sorts read one column: refreshed by every check and every override.
    final_score: Mapped[float | None] = mapped_column(Float, index=True)
    critical_failed: Mapped[bool | None]
    uncertain: Mapped[int] = mapped_column(default=0)  # findings still uncertain
    fails: Mapped[int] = mapped_column(default=0)  # findings failed
    overrides: Mapped[int] = mapped_column(default=0)  # reviewer overrides of its findings
    # A reviewer's word that the call needs no more looking at.
    signed_off_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    signed_off_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    job: Mapped[Job | None] = relationship(back_populates="call", uselist=False)
    transcript: Mapped[TranscriptRow | None] = relationship(back_populates="call", uselist=False)
    findings: Mapped[list[FindingRow]] = relationship(
        back_populates="call", order_by="FindingRow.position", cascade="all, delete-orphan"
    )


class Job(Base):
    """The work of turning one call's recording into a stored, scored call.

    The table is the queue's truth: a `running` job whose lease has expired belongs to a worker
    that died, and any worker may run it again.
    """

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), unique=True)
    state: Mapped[str] = mapped_column(String(16), index=True)  # queued|running|done|failed
    reason: Mapped[str | None] = mapped_column(Text)
    # The error's class (AudioError, ModelNotFoundError...): the pages say it in a short sentence.
    error_kind: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    call: Mapped[Call] = relationship(back_populates="job")


class TranscriptRow(Base):
    """The stored transcript of a call, masked when settings.mask_pii is on."""

    __tablename__ = "transcripts"

    call_id: Mapped[int] = mapped_column(
        ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)  # ivr.transcript.Transcript JSON
    text: Mapped[str] = mapped_column(Text)  # all utterances, for search
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    call: Mapped[Call] = relationship(back_populates="transcript")


class FindingRow(Base):
    """One finding of the checker on a call; its id is stable so reviewers can override it."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    rule: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # pass | fail | na | uncertain
    message: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the checker's Finding JSON

    call: Mapped[Call] = relationship(back_populates="findings")
