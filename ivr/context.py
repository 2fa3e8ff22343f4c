"""What a running app or worker holds: its settings and where the department scripts come from."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from ivr.scripts import ScriptSource
from ivr.settings import Settings


@dataclass
class Context:
    settings: Settings
    scripts: ScriptSource


def ivr_context() -> Context:
    """The Context of the Flask app handling the current request."""
    return current_app.extensions["ivr"]
