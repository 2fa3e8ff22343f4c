"""Bring any database to the newest schema with the packaged Alembic migrations.

The web app and the workers all migrate on start; when several start together, they take turns
(a PostgreSQL advisory lock, a lock file beside a SQLite file), and all but the first find the
schema already current.
"""

from __future__ import annotations

import fcntl
import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from ivr.store.db import make_engine, make_sessionmaker

log = logging.getLogger(__name__)
MIGRATION_LOCK = 0x1F0C_A115  # any constant shared by every process of the product


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("ivr.store") / "migrations"))
    return config


def _sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return None
    return Path(database)


@contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(path.name + ".migrate-lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def upgrade_db(url: str | Engine) -> None:
    """Migrate the database at `url` (or behind an engine) to head; a fresh one is created."""
    engine = url if isinstance(url, Engine) else make_engine(url)
    config = alembic_config()
    # The file lock is released after the commit; the advisory lock is released by the commit.
    with _file_lock(_sqlite_file(engine)), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("database %s is at the newest schema", engine.url.render_as_string())


@functools.cache
def open_store(url: str) -> sessionmaker[Session]:
    """The session factory of the database at `url`, migrated to head on first use per process."""
    engine = make_engine(url)
    upgrade_db(engine)
    return make_sessionmaker(engine)
