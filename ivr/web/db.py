"""The store as the pages see it: one session per unit of work, from the app's engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app
from sqlalchemy.orm import Session, sessionmaker

from ivr.store.db import transaction
from ivr.store.migrate import open_store

KEY = "ivr_web_sessions"


def init_db(app: Flask, db_url: str) -> None:
    app.extensions[KEY] = db_url


def sessions() -> sessionmaker[Session]:
    """Opened (and migrated) on first use, once per process and database."""
    return open_store(current_app.extensions[KEY])


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Committed when the block ends, rolled back if it raises."""
    with transaction(sessions()) as session:
        yield session
