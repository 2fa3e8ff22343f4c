"""Checking a stored call: the one way the pipeline and a reviewer's re-check score a call."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ivr.errors import IvrError
from ivr.review import check_call
from ivr.scripts import ScriptSource
from ivr.store.calls import save_review, script_heard, transcript_of
from ivr.store.models import Call


def check_stored_call(session: Session, call: Call, scripts: ScriptSource) -> Call:
    """Check the call's stored transcript against the script version live during the call (the
    department's live one when that version was never kept) and store the review."""
    transcript = transcript_of(call)
    if transcript is None:
        raise IvrError(f"call {call.id} has no transcript yet: it cannot be checked")
    script = script_heard(session, call, scripts)
    return save_review(
        session, call.id, check_call(transcript, script), script_version=script.version
    )
