"""The people who log in to the pages: their names, hashed passwords and roles."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import Integer, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ivr.errors import IvrError
from ivr.store.db import Base
from ivr.store.models import UtcDateTime, utcnow

Role = Literal["reviewer", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
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
