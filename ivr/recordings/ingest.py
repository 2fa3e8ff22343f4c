"""From a recording Twilio reported (or a file being imported) to a stored call with a queued job.

Idempotent per RecordingSid: Twilio retries its callbacks, and a second delivery finds the call
the first one stored.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ivr.errors import IvrError, NotFoundError
from ivr.scripts import ScriptSource
from ivr.settings import origin_of
from ivr.store.calls import call_by_recording, remember_script
from ivr.store.db import transaction
from ivr.store.jobs import enqueue
from ivr.store.models import Call

log = logging.getLogger(__name__)

RecordingKind = Literal["call", "voicemail"]
KINDS: tuple[RecordingKind, ...] = ("call", "voicemail")
# Twilio's RecordingSid: it names the file the recording is kept in, so nothing else is taken.
RECORDING_SID = re.compile(r"RE[0-9a-f]{32}")
# https://www.twilio.com/docs/api/errors: why a finished call has no recording.
ABSENT_REASONS = {
    "16101": "the recording was shorter than Twilio's minimum duration and was not kept",
    "16102": "the recording was silent and Twilio did not store it",
}


class CallbackError(IvrError):
    """A recording callback lacks a field the pipeline needs."""


@dataclass(frozen=True)
class RecordingEvent:
    recording_sid: str
    call_sid: str
    status: str  # completed | absent | failed
    department_id: str
    kind: RecordingKind = "call"
    script_version: str | None = None
    url: str | None = None
    audio_path: str | None = None  # an imported file, already local
    channels: int = 1
    agent_channel: int | None = None
    duration: float | None = None
    started_at: datetime | None = None
    caller: str | None = None
    agent: str | None = None
    queue_wait: float | None = None
    error_code: str | None = None

    @property
    def absent_reason(self) -> str | None:
        if self.status == "completed":
            return None
        why = ABSENT_REASONS.get(self.error_code or "", "Twilio reported no usable recording")
        code = f" (Twilio error {self.error_code})" if self.error_code else ""
        return f"{self.status}: {why}{code}"


def _number(value: str | None, name: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise CallbackError(f"{name}={value!r} is not a number of seconds") from exc


def _start_time(value: str | None) -> datetime | None:
    """Twilio sends RFC 2822 dates ("Tue, 10 Aug 2010 03:41:29 +0000")."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).astimezone(UTC)
    except (TypeError, ValueError) as exc:
        raise CallbackError(f"RecordingStartTime={value!r} is not an RFC 2822 date") from exc


def _recording_url(value: str | None, media_origins: Set[str]) -> str | None:
    """Only a URL on an allowed origin: the worker sends the account's credentials there."""
    if not value:
        return None
    if origin_of(value) not in media_origins:
        raise CallbackError(
            f"RecordingUrl is not on {' or '.join(sorted(media_origins))}; "
            "set IVR_MEDIA_ORIGINS if recordings really come from elsewhere"
        )
    return value


def event_from_callback(
    form: Mapping[str, str], query: Mapping[str, str], media_origins: Set[str]
) -> RecordingEvent:
    """Twilio's form fields plus what the phone tree put in the callback URL's query."""
    missing = [k for k in ("RecordingSid", "CallSid", "RecordingStatus") if not form.get(k)]
    if not query.get("department"):
        missing.append("department (query)")
    if missing:
        raise CallbackError(
            f"recording callback without {', '.join(missing)}; point recordingStatusCallback at "
            "/recordings/callback?department=ID&version=VER&kind=call|voicemail"
        )
    if not RECORDING_SID.fullmatch(form["RecordingSid"]):
        raise CallbackError("RecordingSid is not a Twilio recording SID (RE and 32 hex digits)")
    kind = query.get("kind", "call")
    if kind not in KINDS:
        raise CallbackError(f"kind={kind!r}; use call or voicemail")
    wait = query.get("queue_time") or query.get("wait")
    agent_channel = query.get("agent_channel")
    if agent_channel not in (None, "", "1", "2"):
        raise CallbackError(f"agent_channel={agent_channel!r}; use 1 or 2")
    return RecordingEvent(
        recording_sid=form["RecordingSid"],
        call_sid=form["CallSid"],
        status=form["RecordingStatus"],
        department_id=query["department"],
        kind=kind,  # type: ignore[arg-type]
        script_version=query.get("version") or None,
        url=_recording_url(form.get("RecordingUrl"), media_origins),
        channels=int(_number(form.get("RecordingChannels"), "RecordingChannels") or 1),
        agent_channel=int(agent_channel) if agent_channel else None,
        duration=_number(form.get("RecordingDuration"), "RecordingDuration"),
        started_at=_start_time(form.get("RecordingStartTime")),
        caller=query.get("caller") or form.get("From") or None,
        agent=query.get("agent") or None,
        queue_wait=_number(wait, "wait"),
        error_code=form.get("ErrorCode") or None,
    )


def _new_call(event: RecordingEvent) -> Call:
    return Call(
        recording_sid=event.recording_sid,
        call_sid=event.call_sid,
        kind=event.kind,
        department_id=event.department_id,
        script_version=event.script_version,
        caller=event.caller,
        agent=event.agent,
        started_at=event.started_at,
        duration=event.duration,
        queue_wait=event.queue_wait,
        channels=event.channels,
        agent_channel=event.agent_channel,
        recording_url=event.url,
        recording_status=event.status,
        absent_reason=event.absent_reason,
        audio_path=event.audio_path,
    )


@dataclass(frozen=True)
class Ingested:
    call_id: int
    job_id: int | None  # None for an absent recording: there is nothing to process
    created: bool  # False when this recording was already stored


def _existing(session: Session, recording_sid: str) -> Ingested | None:
    call = call_by_recording(session, recording_sid)
    if call is None:
        return None
    return Ingested(call.id, call.job.id if call.job else None, created=False)


def ingest(store: sessionmaker[Session], event: RecordingEvent, scripts: ScriptSource) -> Ingested:
    """Store the call and queue its job, once per RecordingSid."""
    with transaction(store) as session:
        found = _existing(session, event.recording_sid)
        if found:
            log.info("recording %s already stored as call %d", event.recording_sid, found.call_id)
            return found
        try:
            # The live script is kept under its version so the checker can apply exactly it.
            remember_script(session, scripts.get(event.department_id))
        except NotFoundError:
            log.warning(
                "recording %s names unknown department %r; storing it anyway",
                event.recording_sid,
                event.department_id,
            )
    try:
        with transaction(store) as session:
            call = _new_call(event)
            session.add(call)
            session.flush()
            job = enqueue(session, call.id) if event.status == "completed" else None
            ingested = Ingested(call.id, job.id if job else None, created=True)
    except IntegrityError:  # a concurrent delivery of the same callback stored it first
        with transaction(store) as session:
            found = _existing(session, event.recording_sid)
        if found is None:
            raise
        return found
    log.info(
        "stored call %d for recording %s (%s)", ingested.call_id, event.recording_sid, event.status
    )
    return ingested
