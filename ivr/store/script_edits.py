"""The department scripts a running app speaks: the newest version an admin saved, else the file's.

Saved contents go to the content-addressed `script_versions` (where the checker finds the version a
call heard); `script_edits` is the append-only log of who made which version live and when, whose
newest row per department is the version the next call hears. Apps and workers read the log's
newest id at most once a second (a webhook looks scripts up several times), and parse the scripts
again only when that id changes: the next call after a save uses the new version in every process,
and at once in the process that saved it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, sessionmaker

from ivr.errors import NotFoundError
from ivr.scripts import DepartmentScript, Editor, ScriptBook, build_book
from ivr.store.calls import remember_script
from ivr.store.db import Base, transaction
from ivr.store.models import ScriptVersion, UtcDateTime, utcnow
from ivr.store.users import User

SOURCE = "saved in the web pages"
RECHECK_SECONDS = 1.0


class ScriptEdit(Base):
    __tablename__ = "script_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(64))  # script_versions.version of the department
    action: Mapped[str] = mapped_column(String(16))  # save | revert | audio
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


@dataclass(frozen=True)
class Revision:
    """One entry of a department's history: a script made live, by whom and when."""

    number: int  # 1 for the first save of the department
    version: str
    action: str
    username: str
    created_at: datetime
    script: DepartmentScript


class StoredScripts:
    """The ScriptSource of the product: the file's ScriptBook with every department's newest saved
    version on top. `store` opens the database on first use, so an app that never looks up a
    script never touches it."""

    def __init__(self, book: ScriptBook, store: Callable[[], sessionmaker[Session]]) -> None:
        self._file = book
        self._store = store
        self._lock = threading.Lock()
        self._seen: int | None = None
        self._checked_at = float("-inf")
        self._book = book

    @property
    def default(self) -> str:
        return self._file.default

    def for_number(self, to: str) -> DepartmentScript:
        return self._current().for_number(to)

    def get(self, department_id: str) -> DepartmentScript:
        return self._current().get(department_id)

    def all(self) -> list[DepartmentScript]:
        return self._current().all()

    def shipped(self, department_id: str) -> DepartmentScript | None:
        try:
            return self._file.get(department_id)
        except NotFoundError:
            return None

    def publish(self, script: DepartmentScript, *, by: Editor, action: str) -> None:
        with transaction(self._store()) as session:
            make_live(session, script, by, action)
        self._checked_at = float("-inf")  # this process uses it from the next lookup on

    def _current(self) -> ScriptBook:
        now = time.monotonic()
        if now - self._checked_at < RECHECK_SECONDS:
            return self._book
        with self._store()() as session:
            newest = session.scalar(select(func.max(ScriptEdit.id)))
            if newest == self._seen:
                self._checked_at = now
                return self._book
            saved = newest_saved(session)
        with self._lock:
            merged = [saved.get(s.id, s) for s in self._file.all()]
            self._book = build_book(merged, self._file.default, file=SOURCE)
            self._seen, self._checked_at = newest, now
        return self._book


def newest_saved(session: Session) -> dict[str, DepartmentScript]:
    """Each edited department's newest saved script."""
    newest = (
        select(ScriptEdit.department_id, func.max(ScriptEdit.id).label("id"))
        .group_by(ScriptEdit.department_id)
        .subquery()
    )
    rows = session.execute(
        select(ScriptVersion.content)
        .select_from(ScriptEdit)
        .join(newest, ScriptEdit.id == newest.c.id)
        .join(
            ScriptVersion,
            (ScriptVersion.department_id == ScriptEdit.department_id)
            & (ScriptVersion.version == ScriptEdit.version),
        )
    )
    scripts = [DepartmentScript.model_validate(content) for (content,) in rows]
    return {s.id: s for s in scripts}


def make_live(session: Session, script: DepartmentScript, user: Editor, action: str) -> None:
    """Record that `user` made `script` the department's live version (a save or a revert)."""
    remember_script(session, script, created_by=user.username)
    session.add(
        ScriptEdit(department_id=script.id, version=script.version, action=action, user_id=user.id)
    )
    session.flush()


def history(session: Session, department_id: str) -> list[Revision]:
    """A department's saves and reverts, newest first."""
    rows = session.execute(
        select(ScriptEdit, ScriptVersion.content)
        .join(
            ScriptVersion,
            (ScriptVersion.department_id == ScriptEdit.department_id)
            & (ScriptVersion.version == ScriptEdit.version),
        )
        .where(ScriptEdit.department_id == department_id)
        .order_by(ScriptEdit.id)
    ).all()
    revisions = [
        _revision(number, edit, content) for number, (edit, content) in enumerate(rows, start=1)
    ]
    return revisions[::-1]


def _revision(number: int, edit: ScriptEdit, content: dict[str, Any]) -> Revision:
    return Revision(
        number=number,
        version=edit.version,
        action=edit.action,
        username=edit.user.username,
        created_at=edit.created_at,
        script=DepartmentScript.model_validate(content),
    )
