"""Failed logins, kept in the store so that their limits hold across processes and restarts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ivr.store.db import Base
from ivr.store.models import UtcDateTime, utcnow


class LoginAttempt(Base):
    """One failed login, counted against a key: user:NAME or addr:IP."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(128), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


def record_failure(session: Session, keys: list[str], *, keep: timedelta) -> None:
    """Count a failed login against each key; failures older than `keep` no longer count."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.created_at < utcnow() - keep))
    session.add_all(LoginAttempt(key=key) for key in keys)


def forget_failures(session: Session, key: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))


def locked_for(
    session: Session, key: str, *, free: int, window: timedelta, now: datetime
) -> timedelta:
    """How long `key` must wait: nothing for its first `free` failures within `window`, then
    twice as long after each further one, up to the window."""
    count, last = session.execute(
        select(func.count(), func.max(LoginAttempt.created_at)).where(
            LoginAttempt.key == key, LoginAttempt.created_at >= now - window
        )
    ).one()
    if count < free or last is None:
        return timedelta()
    wait = min(timedelta(seconds=2 ** (count - free)), window)
    return max(timedelta(), last + wait - now)
