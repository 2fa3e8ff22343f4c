from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.orm import Session, sessionmaker

import ivr.store.live

# Every table module, imported here rather than through the migrations' env.py, so a table
# that a module adds and no migration creates (or the reverse) shows up as a difference.
import ivr.store.logins
import ivr.store.models
import ivr.store.overrides
import ivr.store.script_edits
import ivr.store.users  # noqa: F401
from ivr.store.db import Base
from ivr.store.migrate import upgrade_db


def test_a_fresh_database_gets_every_table(store: sessionmaker[Session]) -> None:
    tables = set(inspect(store.kw["bind"]).get_table_names())
    assert {"calls", "jobs", "transcripts", "findings", "script_versions"} <= tables


def test_the_models_match_the_migrations(store: sessionmaker[Session]) -> None:
    """Tables, columns, types, nullability, indexes, unique and foreign keys: any drift between
    the models and the migrations needs a new migration in migrations/versions/."""
    with store.kw["bind"].connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], f"the models and the migrations differ: {diff}"
    assert set(Base.metadata.tables) == {
        "calls",
        "jobs",
        "transcripts",
        "findings",
        "script_versions",
        "users",
        "finding_overrides",
        "script_edits",
        "login_attempts",
        "live_calls",
    }


def test_upgrading_twice_changes_nothing(db_url: str, store: sessionmaker[Session]) -> None:
    upgrade_db(db_url)
    tables = set(inspect(store.kw["bind"]).get_table_names())
    assert "alembic_version" in tables


def test_processes_starting_together_migrate_one_at_a_time(db_url: str) -> None:
    code = "import sys; from ivr.store.migrate import upgrade_db; upgrade_db(sys.argv[1])"
    starts = [
        subprocess.Popen([sys.executable, "-c", code, db_url], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    errors = [p.communicate(timeout=60)[1].decode() for p in starts]
    assert [p.returncode for p in starts] == [0, 0, 0], errors
    assert "calls" in inspect(create_engine(db_url)).get_table_names()
