"""The store as the pages see it: the app context's session factory, one unit of work a block."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from ivr.context import ivr_context
from ivr.store.db import transaction


def sessions() -> sessionmaker[Session]:
    return ivr_context().store


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Committed when the block ends, rolled back if it raises."""
    with transaction(sessions()) as session:
        yield session
