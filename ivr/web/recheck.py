"""Run the checker again on a stored call, with the script version the call heard."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ivr.errors import IvrError
from ivr.scripts import ScriptSource
from ivr.store.calls import save_review, script_heard, transcript_of
from ivr.store.models import Call


def recheck_call(session: Session, call: Call, scripts: ScriptSource) -> Call:
    """Check the call's transcript again; its script is the version live during the call, or the
    department's live one when that version was never kept."""
    from ivr.review import check_call  # the checker's rule packs load only when a check runs

    transcript = transcript_of(call)
    if transcript is None:
        raise IvrError(f"call {call.id} has no transcript yet: it cannot be checked")
    script = script_heard(session, call, scripts)
    review = check_call(transcript, script)
    return save_review(session, call.id, review, script_version=script.version)
