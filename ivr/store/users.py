"""The people who log in to the pages: their names, hashed passwords and roles."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Literal, get_args

from sqlalchemy import Integer, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ivr.errors import IvrError
from ivr.store.db import Base
from ivr.store.models import UtcDateTime, utcnow

Role = Literal["agent", "reviewer", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
MIN_PASSWORD = 8


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # In every session cookie; logging out bumps it, so a copied cookie stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    # Flask-Login's user protocol, without tying the table to Flask.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"


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


@cache
def _decoy_hash() -> str:
    return generate_password_hash("no user has this password")


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user with this name and password, or None: the caller never learns which was wrong,
    not even from the time taken (an unknown name costs one hash like a known one)."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    matches = check_password_hash(user.password_hash if user else _decoy_hash(), password)
    return user if user is not None and matches else None


def session_user(session: Session, session_id: str) -> User | None:
    """The user a session cookie names ("ID.VERSION"), unless they logged out since."""
    user_id, _, version = session_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = session.get(User, int(user_id))
    return user if user is not None and user.session_version == int(version) else None


def end_sessions(session: Session, user_id: int) -> None:
    """Every session cookie of this user stops working."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_version += 1


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))
