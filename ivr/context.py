"""What a running app, worker or command holds: its settings, its store and its department scripts.

One `AppContext` per process, built from the settings by `AppContext.open`: every command, the
web app and the workers get their scripts and their database sessions from it, and nowhere else.
Both are made on first use, so `ivr users` never parses the scripts and `ivr check` opens the
database only to read the versions admins saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from flask import current_app
from sqlalchemy.orm import Session, sessionmaker

from ivr.scripts import ScriptSource, load_script_book
from ivr.settings import Settings, load_settings
from ivr.store.migrate import open_store
from ivr.store.script_edits import StoredScripts


@dataclass
class AppContext:
    settings: Settings

    @classmethod
    def open(cls, settings: Settings | None = None) -> AppContext:
        """The context of the settings given, else of the environment (and `.env`)."""
        return cls(settings or load_settings())

    @cached_property
    def scripts(self) -> ScriptSource:
        """The configuration file's scripts (validated here) with admins' saved versions on top."""
        return StoredScripts(load_script_book(self.settings.scripts_path), lambda: self.store)

    @cached_property
    def store(self) -> sessionmaker[Session]:
        """The database's session factory, opened (and migrated) on first use."""
        return open_store(self.settings.db_url)


def ivr_context() -> AppContext:
    """The AppContext of the Flask app handling the current request."""
    return current_app.extensions["ivr"]
