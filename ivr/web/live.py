"""`/live`: the agent's current call while it is on: running transcript, a checklist of the
script's rules, and prompts, pushed to the browser with Server-Sent Events.

Agents see only their own calls (their login name is their Twilio client identity,
`client:NAME`); reviewers and admins see everyone's. The state is read from the live board
(store or Redis), so the page may be served by another process than the one decoding the call.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import NamedTuple

from flask import Response, render_template
from flask_login import current_user
from sqlalchemy.orm import Session

from ivr.live.call import LiveCall
from ivr.live.compare import Difference, differences
from ivr.live.media import board
from ivr.review.registry import rule_ids
from ivr.store.live import get_live
from ivr.store.models import Call
from ivr.web.auth import require_user
from ivr.web.format import SPEAKERS, rule_name
from ivr.web.i18n import gettext
from ivr.web.pages import page_blueprint

bp = page_blueprint("live", __name__, require_user)
KEEPALIVE_SECONDS = 15.0
STREAM_SECONDS = 3600.0  # an event stream ends after this; the browser reconnects by itself
SHOWN = 5
STATE_NAMES = ("met", "open", "broken", "na", "missed", "live", "ended", "dropped")


class LiveVerdicts(NamedTuple):
    call: LiveCall
    differences: list[Difference]


def live_verdicts(db: Session, call: Call) -> LiveVerdicts | None:
    """What live assist showed during a stored call, and where the recording's check differs
    (None when the call was not streamed, or not checked yet)."""
    content = get_live(db, call.call_sid)
    if content is None:
        return None
    live = LiveCall.model_validate(content)
    final = {f.rule: f.status for f in call.findings}
    return LiveVerdicts(live, differences(live.rules, final) if final else [])


def _agents() -> list[str] | None:
    """The agent identities the user may see; None: everyone's."""
    if current_user.role != "agent":
        return None
    name = current_user.username
    return [name, f"client:{name}"]


def _calls() -> list[LiveCall]:
    return board().latest(_agents(), SHOWN)


def _payload(calls: list[LiveCall]) -> str:
    return json.dumps(
        [c.model_dump(mode="json", exclude={"review", "checks"}) for c in calls],
        ensure_ascii=False,
    )


@bp.route("/live")
def page() -> str:
    labels = {
        "rules": {rule: rule_name(rule) for rule in rule_ids()},
        "speakers": {s: gettext(name) for s, name in SPEAKERS.items()},
        "states": {s: gettext(s) for s in STATE_NAMES},
        "unavailable": gettext("Live assist is unavailable for this call"),
        "none": gettext("No call right now."),
        "listening": gettext("listening…"),
    }
    return render_template("live.html", calls=_payload(_calls()), labels=labels)


@bp.route("/live/events")
def events() -> Response:
    """The calls' state as an event whenever it changes: pushed from Redis when REDIS_URL is
    set, else read from the store every board.POLL_SECONDS."""
    agents, live_board = _agents(), board()

    def stream() -> Iterator[str]:
        ends = time.monotonic() + STREAM_SECONDS
        with live_board.watch(agents) as changes:
            last, quiet, changed = "", time.monotonic(), True
            while time.monotonic() < ends:
                if changed:
                    calls = live_board.latest(agents, SHOWN)
                    marker = ",".join(f"{c.call_sid}:{c.seq}:{c.status}" for c in calls)
                    if marker != last:
                        last, quiet = marker, time.monotonic()
                        yield f"data: {_payload(calls)}\n\n"
                if time.monotonic() - quiet > KEEPALIVE_SECONDS:
                    quiet = time.monotonic()
                    yield ": keep-alive\n\n"
                changed = changes.wait(KEEPALIVE_SECONDS)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return Response(stream(), mimetype="text/event-stream", headers=headers)
