"""Reviewers' overrides of the checker's findings.

An override never edits the checker's finding: it is kept beside it (who, when, before, after,
comment) and keyed by call and rule, so it outlives a re-run of the check.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ivr.errors import IvrError
from ivr.review.registry import STATUSES  # the rule registry's: pass, fail, na, uncertain
from ivr.store.db import Base
from ivr.store.models import UtcDateTime, utcnow
from ivr.store.users import User

__all__ = ["MAX_COMMENT", "STATUSES", "FindingOverride", "add_override", "overrides_for"]
MAX_COMMENT = 2000  # characters: a reason, not a document


class FindingOverride(Base):
    __tablename__ = "finding_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(64))
    before: Mapped[str] = mapped_column(String(16))
    after: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


def add_override(
    session: Session, *, call_id: int, rule: str, before: str, after: str, comment: str, user: User
) -> FindingOverride:
    if after not in STATUSES:
        raise IvrError(f"unknown status {after!r}; use one of {', '.join(STATUSES)}")
    if not comment.strip():
        raise IvrError("an override needs a comment saying why")
    if len(comment) > MAX_COMMENT:
        raise IvrError(f"the comment is longer than {MAX_COMMENT} characters; shorten it")
    override = FindingOverride(
        call_id=call_id,
        rule=rule,
        before=before,
        after=after,
        comment=comment.strip(),
        user_id=user.id,
    )
    session.add(override)
    session.flush()
    return override


def overrides_for(session: Session, call_id: int) -> list[FindingOverride]:
    """Every override of one call, oldest first: the last one per rule is the one in force."""
    return list(
        session.scalars(
            select(FindingOverride)
            .where(FindingOverride.call_id == call_id)
            .order_by(FindingOverride.created_at, FindingOverride.id)
        )
    )
