"""The Twilio voice webhooks: thin handlers that read the request, build TwiML, answer it.

Every handler is signed-checked (`twilio_signed`) and wrapped by `twiml_view`, which turns any
failure into the department's apology and voicemail: a caller never meets a 500 or an empty body.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, request
from twilio.twiml.voice_response import VoiceResponse

from ivr.context import ivr_context
from ivr.errors import IvrError
from ivr.live.media import PATH as MEDIA_PATH
from ivr.live.media import stream_url
from ivr.phone import twiml
from ivr.phone.prompts import bp as prompts_bp
from ivr.phone.prompts import prompt_audio
from ivr.phone.state import CallState
from ivr.phone.twiml import Announcer
from ivr.scripts import DepartmentScript
from ivr.twilio_auth import twilio_signed

log = logging.getLogger(__name__)

CLOCK = "IVR_CLOCK"  # app.config key: a callable returning an aware datetime (tests fix the hour)

bp = Blueprint("phone", __name__)
bp.register_blueprint(prompts_bp)

View = Callable[..., VoiceResponse | Response]
# Webhooks of the agent's own call, where Twilio's `From` is the agent, not the caller.
AGENT_SIDE = frozenset({"phone.agent", "phone.agent_result"})


def twiml_view(view: View | None = None, *, fallback: Callable[[], VoiceResponse] | None = None):
    """Answer TwiML whatever happens inside `view`; failures are logged with the call they hit
    and answered by `fallback` (by default the apology and voicemail)."""
    if view is None:
        return functools.partial(twiml_view, fallback=fallback)
    on_error = fallback or _apology

    @functools.wraps(view)
    def wrapper(*args: object, **kwargs: object) -> Response:
        try:
            result = view(*args, **kwargs)
        except IvrError as error:  # expected, e.g. a tampered URL: no traceback needed
            log.warning("webhook %s: %s; answering with the fallback", request.path, error)
            result = on_error()
        except Exception:  # the caller is on the line: any failure must still answer TwiML
            log.exception(
                "webhook %s failed for call %s; answering with the fallback",
                request.path,
                request.form.get("CallSid", "?"),
            )
            result = on_error()
        if isinstance(result, Response):
            return result
        return Response(result.to_xml(), mimetype="text/xml")

    return wrapper


def _apology() -> VoiceResponse:
    try:
        return twiml.apology(_announcer(_apology_script()), caller=_caller())
    except Exception:  # not even the script is readable: the fixed last resort
        log.exception("no department script for the apology")
        return twiml.apology(None)


def _apology_in_queue() -> VoiceResponse:
    """A wait URL may not <Record>: the caller hears the apology and leaves the queue, whose
    action (`queue_result`) then takes the message."""
    try:
        return twiml.leave_queue(_announcer(_apology_script()))
    except Exception:
        log.exception("no department script for the apology")
        return twiml.leave_queue(None)


def _just_connect() -> VoiceResponse:
    """A failing <Queue url> must not keep the caller from the agent who is taking the call."""
    return VoiceResponse()


def _apology_script() -> DepartmentScript:
    try:
        return _script()
    except IvrError:  # e.g. a department the URL names no longer exists
        return ivr_context().scripts.for_number(request.form.get("To", ""))


def _script() -> DepartmentScript:
    """The department this request is about: named in the URL, else the one the caller dialed."""
    scripts = ivr_context().scripts
    department = request.args.get("department")
    return scripts.get(department) if department else scripts.for_number(request.form.get("To", ""))


def _announcer(script: DepartmentScript) -> Announcer:
    return Announcer(script, prompt_audio().url)


def _caller() -> str | None:
    """The caller's number on the caller's own call; None on the agent's call."""
    return None if request.endpoint in AGENT_SIDE else request.form.get("From") or None


def _stream_url() -> str:
    """Where Twilio streams a call's audio for live assist: wss:// on the public URL."""
    base = ivr_context().settings.public_base_url or request.host_url.rstrip("/")
    return stream_url(base + MEDIA_PATH)


def _now() -> datetime:
    clock = current_app.config.get(CLOCK)
    return clock() if clock else datetime.now(UTC)


def _seconds(name: str) -> int:
    value = request.form.get(name, "0")
    return int(value) if value.isdigit() else 0


def _state(script: DepartmentScript) -> CallState:
    return CallState.from_query(request.args, script.id)


@bp.post("/voice")
@twiml_view
@twilio_signed
def voice() -> VoiceResponse:
    """A new call (or a transfer from another department): greeting and menu, or after hours."""
    script = _script()
    log.info("call %s to %s: %s", request.form.get("CallSid"), request.form.get("To"), script.id)
    return twiml.answer(_announcer(script), open_now=script.hours.is_open(_now()), caller=_caller())


@bp.post("/voice/menu")
@twiml_view
@twilio_signed
def menu() -> VoiceResponse:
    """The caller pressed a key, said something, or nothing, at a menu."""
    script = _script()
    return twiml.route(
        _announcer(script),
        _state(script),
        digits=request.form.get("Digits", ""),
        speech=request.form.get("SpeechResult", ""),
        caller=_caller(),
    )


@bp.post("/voice/hold")
@twiml_view(fallback=_apology_in_queue)
@twilio_signed
def hold() -> VoiceResponse:
    """Enqueue's wait URL: one round of hold audio and the hold phrase."""
    return twiml.hold(_announcer(_script()), _seconds("QueueTime"))


@bp.post("/voice/queue/result")
@twiml_view
@twilio_signed
def queue_result() -> VoiceResponse:
    """Enqueue's action: the caller left the queue (bridged, hung up, timed out, or failed)."""
    result = request.form.get("QueueResult", "")
    log.info("call %s left the queue: %s", request.form.get("CallSid"), result)
    return twiml.queue_result(
        _announcer(_script()),
        result,
        _seconds("QueueTime"),
        caller=_caller(),
        stream_url=_stream_url(),
    )


@bp.post("/voice/connected")
@twiml_view(fallback=_just_connect)
@twilio_signed
def connected() -> VoiceResponse:
    """The <Queue url> an agent's dial plays to the caller before bridging: the apology."""
    return twiml.connected(_announcer(_script()))


@bp.post("/voice/agent")
@twiml_view
@twilio_signed
def agent() -> VoiceResponse:
    """An agent takes the next caller of `?department=` (their client's TwiML App Voice URL)."""
    script, agent = _script(), request.form.get("From", "")
    if agent not in script.agents:
        log.warning("%r is not an agent of %s: call rejected", agent, script.id)
    return twiml.take_next_caller(script, agent, _stream_url())


@bp.post("/voice/agent/result")
@twiml_view
@twilio_signed
def agent_result() -> VoiceResponse:
    return twiml.agent_result(_announcer(_script()), request.form.get("DialCallStatus", ""))


@bp.post("/voice/dial/result")
@twiml_view
@twilio_signed
def dial_result() -> VoiceResponse:
    """The caller's agent leg ended: answered, or voicemail."""
    return twiml.dial_result(
        _announcer(_script()), request.form.get("DialCallStatus", ""), caller=_caller()
    )


@bp.post("/voice/voicemail/done")
@twiml_view
@twilio_signed
def voicemail_done() -> VoiceResponse:
    return twiml.goodbye(_announcer(_script()))
