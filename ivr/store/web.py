"""What the web pages add to the store: users who log in, reviewers' overrides of findings, and
the log of which script version an admin made live.

An override never edits the checker's finding: it is kept beside it (who, when, before, after,
comment) and keyed by call and rule, so it outlives a re-run of the check. Script contents live in
the pipeline's content-addressed `script_versions`; `script_edits` is the append-only history of
saves and reverts, whose newest row per department is the version the next call hears.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import ForeignKey, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ivr.errors import IvrError
from ivr.store.db import Base
from ivr.store.models import UtcDateTime, utcnow

Role = Literal["reviewer", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
STATUSES = ("pass", "fail", "na", "uncertain")
MIN_PASSWORD = 8


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    # Flask-Login's user protocol, without tying the table to Flask.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)


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


class ScriptEdit(Base):
    __tablename__ = "script_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(64))  # script_versions.version of the department
    action: Mapped[str] = mapped_column(String(16))  # save | revert | audio
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class UserError(IvrError):
    """A user cannot be added as asked (taken name, weak password, unknown role)."""


def add_user(session: Session, username: str, password: str, role: str) -> User:
    username = username.strip()
    if not username:
        raise UserError("the username is empty; give a name such as alice")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError(
            f"the password is shorter than {MIN_PASSWORD} characters; choose a longer one"
        )
    user = User(username=username, password_hash=generate_password_hash(password), role=role)
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:
        raise UserError(f"user {username!r} already exists; choose another name") from exc
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user with this name and password, or None: the caller never learns which was wrong."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not check_password_hash(user.password_hash, password):
        return None
    return user


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def add_override(
    session: Session, *, call_id: int, rule: str, before: str, after: str, comment: str, user: User
) -> FindingOverride:
    if after not in STATUSES:
        raise IvrError(f"unknown status {after!r}; use one of {', '.join(STATUSES)}")
    if not comment.strip():
        raise IvrError("an override needs a comment saying why")
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
