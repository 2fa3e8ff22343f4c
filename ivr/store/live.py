"""Live calls in the store: the shared state of calls being streamed (without Redis), and after a
call the live transcript and findings, kept with the call (joined by CallSid)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from ivr.store.db import Base
from ivr.store.models import UtcDateTime, utcnow


class LiveCallRow(Base):
    __tablename__ = "live_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    agent: Mapped[str] = mapped_column(String(128), index=True)
    department_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)  # live|ended|dropped|unavailable
    seq: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)  # ivr.live.call.LiveCall JSON


def put_live(session: Session, content: dict[str, Any]) -> None:
    """Insert or replace one live call's JSON (fields as in ivr.live.call.LiveCall)."""
    fields = {
        "agent": content["agent"],
        "department_id": content["department"],
        "status": content["status"],
        "seq": content["seq"],
        "reason": content["reason"],
        "started_at": datetime.fromisoformat(content["started_at"]),
        "updated_at": datetime.fromisoformat(content["updated_at"]),
        "content": content,
    }
    row = session.scalar(select(LiveCallRow).where(LiveCallRow.call_sid == content["call_sid"]))
    if row is None:
        try:
            with session.begin_nested():
                session.add(LiveCallRow(call_sid=content["call_sid"], **fields))
            return
        except IntegrityError:  # the same stream published from another thread a moment ago
            row = session.scalars(
                select(LiveCallRow).where(LiveCallRow.call_sid == content["call_sid"])
            ).one()
    for name, value in fields.items():
        setattr(row, name, value)


def get_live(session: Session, call_sid: str) -> dict[str, Any] | None:
    return session.scalar(select(LiveCallRow.content).where(LiveCallRow.call_sid == call_sid))


def latest_live(session: Session, agents: list[str] | None, limit: int) -> list[dict[str, Any]]:
    """The newest live calls (of these agents' identities, or everyone's), live ones first."""
    query = select(LiveCallRow.content).order_by(
        (LiveCallRow.status == "live").desc(), LiveCallRow.started_at.desc()
    )
    if agents is not None:
        query = query.where(LiveCallRow.agent.in_(agents))
    return list(session.scalars(query.limit(limit)))
