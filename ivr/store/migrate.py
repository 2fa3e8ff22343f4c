"""Bring any database to the newest schema with the packaged Alembic migrations."""

from __future__ import annotations

import functools
import logging
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ivr.store.db import make_engine, make_sessionmaker

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("ivr.store") / "migrations"))
    return config


def upgrade_db(url: str | Engine) -> None:
    """Migrate the database at `url` (or behind an engine) to head; a fresh one is created."""
    engine = url if isinstance(url, Engine) else make_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("database %s is at the newest schema", engine.url.render_as_string())


@functools.cache
def open_store(url: str) -> sessionmaker[Session]:
    """The session factory of the database at `url`, migrated to head on first use per process."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    upgrade_db(engine)
    return make_sessionmaker(engine)
