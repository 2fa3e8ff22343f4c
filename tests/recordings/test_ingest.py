"""Parsing Twilio's callback and storing it once, however often and however fast it arrives."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ivr.context import AppContext
from ivr.recordings.ingest import CallbackError, event_from_callback, ingest
from ivr.recordings.worker import worker_for
from ivr.scripts import ScriptBook
from ivr.settings import Settings
from ivr.store.calls import script_at
from ivr.store.db import transaction
from ivr.store.models import Call, Job

SID = "RE" + "1" * 32
TWILIO = frozenset({"https://api.twilio.com"})
FORM = {
    "CallSid": "CA1",
    "RecordingSid": SID,
    "RecordingStatus": "completed",
    "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/{SID}",
    "RecordingChannels": "2",
    "RecordingDuration": "73",
    "RecordingStartTime": "Mon, 02 Nov 2026 09:30:00 +0000",
}
QUERY = {"department": "appliance-service", "version": "abc123", "kind": "call"}


def test_the_event_has_what_twilio_and_the_phone_tree_said() -> None:
    query = {**QUERY, "queue_time": "42", "agent_channel": "2", "caller": "+8613800138000"}
    event = event_from_callback(FORM, query, TWILIO)
    assert (event.recording_sid, event.call_sid, event.department_id) == (
        SID,
        "CA1",
        "appliance-service",
    )
    assert (event.script_version, event.kind, event.channels, event.agent_channel) == (
        "abc123",
        "call",
        2,
        2,
    )
    assert (event.duration, event.queue_wait, event.caller) == (73.0, 42.0, "+8613800138000")
    assert event.started_at == datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    assert event.absent_reason is None


@pytest.mark.parametrize(
    ("form", "query", "message"),
    [
        ({**FORM, "CallSid": ""}, QUERY, "without CallSid"),
        (FORM, {"version": "v"}, "department (query)"),
        (FORM, {**QUERY, "kind": "fax"}, "kind='fax'; use call or voicemail"),
        ({**FORM, "RecordingDuration": "long"}, QUERY, "RecordingDuration='long' is not"),
        ({**FORM, "RecordingStartTime": "yesterday"}, QUERY, "not an RFC 2822 date"),
        (FORM, {**QUERY, "agent_channel": "3"}, "agent_channel='3'; use 1 or 2"),
        ({**FORM, "RecordingSid": "../../../tmp/x"}, QUERY, "not a Twilio recording SID"),
        ({**FORM, "RecordingSid": "RE" + "A" * 32}, QUERY, "not a Twilio recording SID"),
        ({**FORM, "RecordingUrl": "http://api.twilio.com/x"}, QUERY, "not on https://api.twilio"),
        ({**FORM, "RecordingUrl": "https://api.twilio.com.evil.test/x"}, QUERY, "not on https"),
        ({**FORM, "RecordingUrl": "https://api.twilio.com:8443/x"}, QUERY, "not on https"),
    ],
)
def test_a_bad_callback_is_refused_naming_the_field(
    form: dict[str, str], query: dict[str, str], message: str
) -> None:
    with pytest.raises(CallbackError, match=message.replace("(", r"\(").replace(")", r"\)")):
        event_from_callback(form, query, TWILIO)


def test_concurrent_deliveries_store_one_call(
    store: sessionmaker[Session], live_book: ScriptBook
) -> None:
    event = event_from_callback(FORM, QUERY, TWILIO)
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: ingest(store, event, live_book), range(12)))
    assert len({r.call_id for r in results}) == 1 and len({r.job_id for r in results}) == 1
    assert sum(r.created for r in results) == 1
    with transaction(store) as session:
        assert session.scalar(select(func.count()).select_from(Call)) == 1
        assert session.scalar(select(func.count()).select_from(Job)) == 1


def test_an_unknown_department_is_stored_all_the_same(
    store: sessionmaker[Session], live_book: ScriptBook
) -> None:
    event = event_from_callback(FORM, {**QUERY, "department": "gone"}, TWILIO)
    assert ingest(store, event, live_book).created


def test_a_starting_worker_keeps_every_live_script_version(
    settings: Settings, live_book: ScriptBook
) -> None:
    runner = worker_for(AppContext(settings))
    with transaction(runner.store) as session:
        for script in live_book.all():
            assert script_at(session, script.id, script.version) == script
