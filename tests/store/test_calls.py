"""The calls repository the pipeline writes and the web pages read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from ivr.errors import NotFoundError
from ivr.review.findings import Finding, Review
from ivr.scripts import load_script_book
from ivr.settings import DEFAULT_SCRIPTS
from ivr.store import calls, jobs
from ivr.store.db import transaction
from ivr.store.models import Call
from ivr.transcript import Transcript, Utterance

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _call(session: Session, n: int, *, department: str = "appliance-service", **extra) -> Call:
    fields = {
        "recording_sid": f"RE{n}",
        "call_sid": f"CA{n}",
        "kind": "call",
        "department_id": department,
        "recording_status": "completed",
        "channels": 2,
        "started_at": T0 + timedelta(minutes=n),
        **extra,
    }
    call = Call(**fields)
    session.add(call)
    session.flush()
    if call.recording_status == "completed":
        jobs.enqueue(session, call.id)
    return call


def _review(score: int, status: str) -> Review:
    findings = [
        Finding(rule="greeting", status=status, message="开场白"),
        Finding(rule="closing", status="pass", message="结束语"),
    ]
    return Review(score=score, passed=status == "pass", findings=findings)


@pytest.fixture
def three_calls(store: sessionmaker[Session]) -> list[int]:
    with transaction(store) as session:
        a = _call(session, 1)
        b = _call(session, 2, department="airline-service")
        c = _call(session, 3, recording_status="absent", absent_reason="absent: no audio")
        calls.save_transcript(
            session,
            a.id,
            Transcript(
                utterances=[Utterance(speaker="agent", start=0, end=2, text="您好 请问 有什么")]
            ),
        )
        calls.save_review(session, a.id, _review(90, "pass"), script_version="v1")
        calls.save_review(session, b.id, _review(40, "fail"), script_version="v1")
        return [a.id, b.id, c.id]


def test_get_call_has_transcript_and_review(
    store: sessionmaker[Session], three_calls: list[int]
) -> None:
    with transaction(store) as session:
        call = calls.get_call(session, three_calls[0])
    assert call.score == 90 and call.passed is True and call.checked_version == "v1"
    assert [(f.rule, f.status) for f in call.findings] == [
        ("greeting", "pass"),
        ("closing", "pass"),
    ]
    transcript = calls.transcript_of(call)
    assert transcript is not None and transcript.utterances[0].text == "您好 请问 有什么"
    with transaction(store) as session, pytest.raises(NotFoundError):
        calls.get_call(session, 999)


def test_saving_a_review_again_replaces_the_findings(
    store: sessionmaker[Session], three_calls: list[int]
) -> None:
    a = three_calls[0]
    with transaction(store) as session:
        calls.save_review(session, a, _review(55, "fail"), script_version="v2")
    with transaction(store) as session:
        call = calls.get_call(session, a)
        assert [(f.rule, f.status) for f in call.findings] == [
            ("greeting", "fail"),
            ("closing", "pass"),
        ]
        assert (call.score, call.passed, call.checked_version) == (55, False, "v2")
        assert call.review is not None and call.review["findings"][0]["status"] == "fail"


def test_every_script_version_is_kept_once(store: sessionmaker[Session]) -> None:
    script = load_script_book(DEFAULT_SCRIPTS).get("appliance-service")
    edited = script.model_copy(update={"follow_up_time": "两个工作日"})
    with transaction(store) as session:
        first = calls.remember_script(session, script).id
        assert calls.remember_script(session, script).id == first
        assert calls.remember_script(session, edited, created_by="admin").id != first
    with transaction(store) as session:
        assert calls.script_at(session, script.id, script.version) == script
        assert calls.script_at(session, script.id, edited.version) == edited
        assert calls.script_at(session, script.id, "nope") is None
