"""POST /recordings/callback: Twilio's recordingStatusCallback, signed like every webhook.

Thin on purpose: parse, store the call and its job (idempotent per RecordingSid), announce the job,
answer 204. No caller listens on this request, so there is no TwiML to speak.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request

from ivr.context import ivr_context
from ivr.recordings.ingest import event_from_callback, ingest
from ivr.recordings.queue import queue_for
from ivr.twilio_auth import twilio_signed

log = logging.getLogger(__name__)
bp = Blueprint("recordings", __name__)


@bp.post("/recordings/callback")
@twilio_signed
def callback() -> Response:
    context = ivr_context()
    settings = context.settings
    event = event_from_callback(request.form, request.args, settings.allowed_media_origins)
    if event.status == "in-progress":  # only sent when asked for; the finished one follows
        return Response(status=204)
    ingested = ingest(context.store, event, context.scripts)
    if ingested.created and ingested.job_id is not None:
        queue_for(settings.redis_url, settings.db_url).notify(ingested.job_id)
    return Response(status=204)
