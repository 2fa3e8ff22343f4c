"""A failure inside a handler still answers valid TwiML: the apology, then voicemail."""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest
from flask import Flask

from ivr.phone import twiml
from tests.phone.conftest import Caller, one, spoken, verbs
from tests.phone.vocabulary import check_twiml

APOLOGY = "非常抱歉，系统暂时出现故障，请您稍后再拨，给您带来不便请谅解。"


def test_a_bug_in_a_handler_answers_the_apology(
    appliance: Caller, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    answer = appliance.dial_in()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("menu routing blew up")

    monkeypatch.setattr(twiml, "route", broken)
    with caplog.at_level(logging.ERROR, logger="ivr.phone.webhooks"):
        fallback = appliance.press(answer, "1")
    assert spoken(fallback)[0] == APOLOGY
    assert verbs(fallback) == ["Say", "Record", "Say", "Hangup"]
    assert (
        f"caller={quote(appliance.caller)}"
        in one(fallback, "Record").attrib["recordingStatusCallback"]
    )
    assert "menu routing blew up" in caplog.text and appliance.sid in caplog.text


def test_a_tampered_call_state_answers_the_apology(appliance: Caller) -> None:
    bad = appliance.post("/voice/menu?department=appliance-service&path=&failures=lots", Digits="1")
    assert spoken(bad)[0] == APOLOGY and "Record" in verbs(bad)


def test_an_unknown_department_in_the_url_apologises_in_the_dialed_one(appliance: Caller) -> None:
    bad = appliance.post("/voice/menu?department=gone&path=&failures=0", Digits="1")
    assert spoken(bad)[0] == APOLOGY
    assert "department=appliance-service" in one(bad, "Record").attrib["action"]


def test_a_failing_wait_url_apologises_and_leaves_the_queue_without_record(
    appliance: Caller,
) -> None:
    # Twilio refuses <Record> in a wait URL: the queue's action takes the message instead.
    bad = appliance.post("/voice/hold?department=gone", QueueTime="5")
    assert spoken(bad)[0] == APOLOGY
    assert verbs(bad) == ["Say", "Leave"]
    left = appliance.post(
        "/voice/queue/result?department=appliance-service", QueueResult="leave", QueueTime="5"
    )
    assert "Record" in verbs(left)


def test_a_failing_queue_url_still_connects_the_caller(appliance: Caller) -> None:
    root = appliance.post("/voice/connected?department=gone")
    assert verbs(root) == []


def test_no_script_at_all_still_answers(open_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    caller = Caller(open_app.test_client(), "+864008001001")
    scripts = open_app.extensions["ivr"].scripts

    def unavailable(*args: object) -> None:
        raise ConnectionError("script store is down")

    monkeypatch.setattr(scripts, "for_number", unavailable)
    root = caller.dial_in()
    assert verbs(root) == ["Say", "Say", "Hangup"]
    assert spoken(root)[0] == "非常抱歉，系统暂时出现故障，请您稍后再拨。"


def test_unknown_twiml_is_caught_by_the_vocabulary_check() -> None:
    with pytest.raises(AssertionError, match="unknown attributes"):
        check_twiml(b'<Response><Dial record="true" recordFrom="x"/></Response>')
    with pytest.raises(AssertionError, match="not allowed inside"):
        check_twiml(b"<Response><Gather><Dial/></Gather></Response>")
    with pytest.raises(AssertionError, match="not allowed inside"):
        check_twiml(b"<Response><Speak>hi</Speak></Response>")
