"""Alembic environment: runs on the connection `upgrade_db` hands over, or on sqlalchemy.url."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import ivr.store.live

# Every table module must be imported here so autogenerate sees its tables.
import ivr.store.logins
import ivr.store.models
import ivr.store.overrides
import ivr.store.script_edits
import ivr.store.users  # noqa: F401
from ivr.store.db import Base

target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        _run(connection)


main()
