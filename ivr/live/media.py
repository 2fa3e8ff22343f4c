"""`/media`: the WebSocket Twilio opens for `<Start><Stream>`, speaking Media Streams.

WebSockets come from flask-sock (on simple-websocket): a plain WSGI route, so the Procfile's
gunicorn serves it with its threaded worker (`gthread`, one thread per open stream) and the same
Flask app, signature check and settings as every webhook; no second server, no async framework,
no monkey-patching as a gevent or eventlet worker would need.

The handshake is signed like every webhook (`X-Twilio-Signature` over the wss:// URL); anything
else gets 403 before the upgrade. A stream that finds no free slot, no model or no department is
closed at once and marked unavailable: the call itself goes on, only live assist is missing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, request
from flask_sock import Sock
from simple_websocket import ConnectionClosed
from twilio.request_validator import RequestValidator

from ivr.context import AppContext, ivr_context
from ivr.errors import IvrError, LiveStreamError
from ivr.live.board import Board, board_for
from ivr.live.call import LiveCall
from ivr.live.capacity import Slots
from ivr.live.decode import TrackDecoder
from ivr.live.endpoint import live_model_dir
from ivr.live.protocol import Connected, Dtmf, Mark, Media, Start, StartInfo, Stop, parse
from ivr.live.session import Behind, LiveSession
from ivr.live.tracks import parse_leg, speaker_of
from ivr.review import normalize, second_opinion
from ivr.scripts import DepartmentScript
from ivr.speech.models import load_model, model_rate, resolve_model
from ivr.store.calls import script_at
from ivr.store.migrate import open_store
from ivr.twilio_auth import public_url

log = logging.getLogger(__name__)
PATH = "/media"
BOARD = "ivr_live_board"
RECEIVE_TIMEOUT = 30.0  # seconds without a frame after which the stream counts as dropped

bp = Blueprint("live_media", __name__)
sock = Sock()


def init_media(app: Flask) -> None:
    context: AppContext = app.extensions["ivr"]
    app.extensions[BOARD] = board_for(context.settings.db_url, context.settings.redis_url)
    app.register_blueprint(bp)
    threading.Thread(target=_preload, args=(context,), name="ivr-live-preload", daemon=True).start()


def _preload(context: AppContext) -> None:
    """Load the models of the departments with live assist now, in the background, so that the
    first stream a process takes does not start seconds behind its call: Vosk's, and the
    checker's learned second opinion (the Mandarin one takes seconds to compile, and is first
    asked for mid-call, when the agent has spoken four turns) and its English homophones."""
    try:
        languages = {s.lang for s in context.scripts.all() if s.live_assist.enabled}
    except IvrError as error:
        log.warning("live assist: no model loaded ahead (%s); the first stream loads it", error)
        return
    for language in sorted(languages):  # one missing model leaves the others to load
        second_opinion.models(language)
        normalize.prepare(language)
        try:
            load_model(_live_model(context, language))
        except IvrError as error:
            log.warning("live assist: no %s model loaded ahead (%s)", language, error)


def board() -> Board:
    return current_app.extensions[BOARD]


@bp.before_request
def _signed() -> Response | None:
    """The handshake must carry Twilio's signature of the wss:// URL it called (no form)."""
    settings = ivr_context().settings
    url = stream_url(public_url(settings.public_base_url))
    signature = request.headers.get("X-Twilio-Signature", "")
    if signature and RequestValidator(settings.twilio_auth_token).validate(url, {}, signature):
        return None
    log.warning("rejected an unsigned or forged media stream to %s", url)
    return Response(
        "Forbidden: missing or invalid X-Twilio-Signature on the media stream handshake. Check "
        "TWILIO_AUTH_TOKEN and that PUBLIC_BASE_URL is the URL Twilio calls.",
        status=403,
        mimetype="text/plain",
    )


def stream_url(http_url: str) -> str:
    """The URL Twilio signs for a stream: the page URL with ws(s):// for http(s)://."""
    return "ws" + http_url.removeprefix("http") if http_url.startswith("http") else http_url


@sock.route(PATH, bp=bp)
def media(ws) -> None:  # type: ignore[no-untyped-def]
    context = ivr_context()
    receive: Callable[[], str] = lambda: _receive(ws)  # noqa: E731
    start = _await_start(receive)
    if start is None:
        return
    with Slots(context.settings.live_slots_dir, context.settings.live_streams).take() as slot:
        if slot is None:
            _unavailable(start, "no free live-assist slot on this machine (IVR_LIVE_STREAMS)")
            return
        try:
            session = _begin(context, start)
        except IvrError as error:
            _unavailable(start, str(error))
            return
        _run(session, receive)


def _receive(ws) -> str:  # type: ignore[no-untyped-def]
    text = ws.receive(timeout=RECEIVE_TIMEOUT)
    if text is None:
        raise ConnectionClosed(reason=1001, message="no frame for too long")
    return text


def _await_start(receive: Callable[[], str]) -> StartInfo | None:
    try:
        while True:
            message = parse(receive())
            if isinstance(message, Start):
                return message.start
            if not isinstance(message, Connected):
                raise LiveStreamError(f"expected `start`, got `{message.event}` first")
    except LiveStreamError as error:
        log.warning("media stream refused before it started: %s", error)
    except ConnectionClosed:
        log.info("media stream closed before it started")
    return None


def _begin(context: AppContext, start: StartInfo) -> LiveSession:
    params = start.custom_parameters
    script = _script(context, params.get("department", ""), params.get("version", ""))
    if not script.live_assist.enabled:
        raise LiveStreamError(f"live assist is turned off for department {script.id!r}")
    leg = parse_leg(params.get("leg"))
    path = _live_model(context, script.lang)
    model, rate = load_model(path), model_rate(path)
    decoders = {
        track: TrackDecoder(model, rate, speaker_of(track, leg), script.lang)
        for track in start.tracks
    }
    return LiveSession.begin(start, script, leg, decoders, board(), context.settings.live_max_lag)


def _live_model(context: AppContext, language: str) -> Path:
    """The language's model directory under the live endpointer (see ivr.live.endpoint)."""
    shipped = resolve_model(language, context.settings.model_for(language), download=False)
    try:
        return live_model_dir(shipped, context.settings.live_models_dir)
    except OSError as error:
        raise LiveStreamError(
            f"cannot make the live copy of model {shipped} under "
            f"{context.settings.live_models_dir} ({error}); check that IVR_DATA_DIR is writable"
        ) from error


def _script(context: AppContext, department: str, version: str) -> DepartmentScript:
    """The script version the call's TwiML named, else the department's live one."""
    if version:
        with open_store(context.settings.db_url)() as session:
            kept = script_at(session, department, version)
        if kept is not None:
            return kept
    return context.scripts.get(department)


def _run(session: LiveSession, receive: Callable[[], str]) -> None:
    sid = session.call.call_sid
    try:
        while True:
            message = parse(receive())
            if isinstance(message, Media):
                session.media(message.media)
            elif isinstance(message, Stop):
                session.finish("ended")
                return
            elif isinstance(message, Dtmf):
                log.info("live call %s: key %s", sid, message.dtmf.digit)
            elif not isinstance(message, Connected | Mark):
                log.warning("live call %s: unexpected `%s`", sid, message.event)
    except ConnectionClosed:
        log.warning("live call %s: the stream dropped before `stop`", sid)
        session.finish("dropped", "the stream closed before Twilio's stop message")
    except Behind as error:
        log.warning("live call %s: %s", sid, error)
        session.finish("unavailable", str(error))
    except LiveStreamError as error:
        log.warning("live call %s: %s", sid, error)
        session.finish("dropped", str(error))
    except Exception:  # whatever broke, what was heard so far is saved with the call
        log.exception("live call %s failed", sid)
        session.finish("dropped", "live assist failed; see the server log")


def _unavailable(start: StartInfo, reason: str) -> None:
    log.warning("live call %s: live assist unavailable: %s", start.call_sid, reason)
    params = start.custom_parameters
    board().publish(
        LiveCall(
            call_sid=start.call_sid,
            stream_sid=start.stream_sid,
            department=params.get("department", ""),
            script_version=params.get("version", ""),
            agent=params.get("agent", ""),
            leg=params.get("leg") if params.get("leg") in ("agent", "caller") else "agent",
            status="unavailable",
            reason=reason,
        )
    )
