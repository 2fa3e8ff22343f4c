"""Whole calls through the real app with real Twilio signatures, step by step as Twilio would."""

from __future__ import annotations

import io
import wave
from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from flask import Flask

from ivr.recordings.ingest import event_from_callback
from ivr.scripts import DepartmentScript
from ivr.twilio_auth import sign
from tests.conftest import TOKEN, signed_post
from tests.phone.conftest import (
    AIRLINE,
    APPLIANCE,
    BILLING,
    OPEN,
    SHANGHAI,
    Caller,
    one,
    set_clock,
    spoken,
    verbs,
)

TWILIO_API = frozenset({"https://api.twilio.com"})
GREETING = "您好，安居家电售后服务中心，很高兴为您服务，请问有什么可以帮到您？"


def script(app: Flask, department: str) -> DepartmentScript:
    return app.extensions["ivr"].scripts.get(department)


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_greeting_menu_queue_hold_agent_and_recorded_dial(
    open_app: Flask, appliance: Caller
) -> None:
    dept = script(open_app, "appliance-service")
    answer = appliance.dial_in()
    assert spoken(answer)[0] == GREETING
    gather = one(answer, "Gather")
    assert gather.attrib["input"] == "dtmf speech"
    assert gather.attrib["language"] == "cmn-Hans-CN"
    assert "维修" in gather.attrib["hints"] and "投诉" in gather.attrib["hints"]
    assert spoken(gather) == [dept.phrase("menu")]

    queued = appliance.press(answer, "1")
    assert spoken(queued) == [dept.phrase("transfer")]
    enqueue = one(queued, "Enqueue")
    assert enqueue.text == "appliance-service"

    held = appliance.post(enqueue.attrib["waitUrl"], QueueTime="40", QueueSid="QU1")
    assert verbs(held) == ["Play", "Say", "Play"]
    assert spoken(held) == [
        "抱歉，目前咨询量较大，请您稍等片刻，我会尽快为您服务，感谢您的耐心等待。"
    ]
    music = appliance.client.get(held[0].text)
    assert music.status_code == 200 and music.mimetype == "audio/wav"
    with wave.open(io.BytesIO(music.data)) as wav:
        assert (wav.getframerate(), wav.getnchannels()) == (8000, 1)

    # An agent's client takes the next caller: its <Dial><Queue> is recorded in two channels.
    agent = Caller(
        appliance.client, "+864008001001", sid="CA" + "2" * 32, caller="client:agent-209"
    )
    dial = one(agent.post("/voice/agent?department=appliance-service"), "Dial")
    assert dial.attrib["record"] == "record-from-answer-dual"
    assert dial.attrib["recordingStatusCallbackEvent"] == "completed absent"
    assert dial.attrib["timeout"] == str(dept.ring_timeout)
    callback = dial.attrib["recordingStatusCallback"]
    assert urlsplit(callback).path == "/recordings/callback"
    assert query(callback) == {
        "department": "appliance-service",
        "version": dept.version,
        "kind": "call",
        "agent_channel": "1",
        "agent": "client:agent-209",
    }
    queue = one(dial, "Queue")
    assert queue.text == "appliance-service"
    # Someone who is not one of the department's agents cannot take its callers.
    stranger = Caller(appliance.client, "+864008001001", caller="client:agent-712")
    assert verbs(stranger.post("/voice/agent?department=appliance-service")) == ["Reject"]

    # Twilio fetches the <Queue url> for the waiting caller: the apology comes first.
    connected = appliance.post(queue.attrib["url"], QueueTime="95", DequeingCallSid=agent.sid)
    assert spoken(connected) == ["非常抱歉让您久等了，请问有什么可以帮到您？"]
    assert verbs(connected) == ["Say"]

    ended = appliance.post(enqueue.attrib["action"], QueueResult="bridged", QueueTime="95")
    assert verbs(ended) == ["Hangup"]

    # The recordings endpoint accepts the callback URL the phone tree handed Twilio.
    status = {"CallSid": agent.sid, "RecordingSid": "RE" + "4" * 32, "RecordingStatus": "absent"}
    accepted = signed_post(appliance.client, callback, status)
    assert accepted.status_code == 204, accepted.data


def test_agent_leg_rings_agents_then_falls_back_to_voicemail(
    open_app: Flask, appliance: Caller
) -> None:
    dept = script(open_app, "appliance-service")
    queued = appliance.press(appliance.dial_in(), "3")
    action = one(queued, "Enqueue").attrib["action"]
    assert verbs(appliance.post(action, QueueResult="hangup", QueueTime="7")) == []
    # The queue cannot take the call: ring the department's agents directly.
    leg = appliance.post(action, QueueResult="queue-full", QueueTime="0")
    dial = one(leg, "Dial")
    assert [(e.tag, e.text) for e in dial] == [
        ("Client", "agent-209"),
        ("Sip", "sip:agent210@pbx.example.com"),
    ]
    assert dial.attrib["record"] == "record-from-answer-dual"
    assert dial.attrib["recordingStatusCallbackEvent"] == "completed absent"
    assert query(dial.attrib["recordingStatusCallback"])["agent_channel"] == "2"
    assert query(dial.attrib["recordingStatusCallback"])["version"] == dept.version
    # Twilio's recording callback posts no From: the URL names the caller.
    assert query(dial.attrib["recordingStatusCallback"])["caller"] == appliance.caller
    assert dial.attrib["timeout"] == "20"

    unanswered = appliance.post(dial.attrib["action"], DialCallStatus="no-answer")
    assert spoken(unanswered)[0] == dept.phrase("voicemail")
    record = one(unanswered, "Record")
    assert query(record.attrib["recordingStatusCallback"])["kind"] == "voicemail"
    assert query(record.attrib["recordingStatusCallback"])["caller"] == appliance.caller
    answered = appliance.post(dial.attrib["action"], DialCallStatus="completed")
    assert verbs(answered) == ["Hangup"]


def test_hold_leaves_for_voicemail_after_the_maximum_wait(
    open_app: Flask, appliance: Caller
) -> None:
    dept = script(open_app, "appliance-service")
    enqueue = one(appliance.press(appliance.dial_in(), "1"), "Enqueue")
    assert (
        verbs(appliance.post(enqueue.attrib["waitUrl"], QueueTime=str(dept.queue_max_wait - 1)))[1]
        == "Say"
    )
    assert verbs(appliance.post(enqueue.attrib["waitUrl"], QueueTime=str(dept.queue_max_wait))) == [
        "Leave"
    ]
    left = appliance.post(enqueue.attrib["action"], QueueResult="leave", QueueTime="300")
    assert spoken(left)[0] == dept.phrase("voicemail")
    record = one(left, "Record")
    assert query(record.attrib["recordingStatusCallback"]) == {
        "department": "appliance-service",
        "version": dept.version,
        "kind": "voicemail",
        "queue_time": "300",
        "caller": appliance.caller,
    }
    done = appliance.post(record.attrib["action"], RecordingUrl="https://api.twilio.com/r/RE1")
    assert spoken(done) == [dept.phrase("goodbye")] and verbs(done)[-1] == "Hangup"


def test_three_invalid_inputs_end_as_wrong_number(open_app: Flask, appliance: Caller) -> None:
    dept = script(open_app, "appliance-service")
    answer = appliance.dial_in()
    first = appliance.press(answer, "7")
    assert spoken(first)[0] == dept.phrase("invalid_choice")
    second = appliance.stay_silent(first)
    assert spoken(second)[0] == dept.phrase("invalid_choice")
    third = appliance.say(second, "嗯……那个")
    assert spoken(third) == [
        "您好，这里是安居家电售后服务中心。您可能拨打错电话了，请您确认一下正确的号码。",
        "没关系，感谢您的来电，再见。",
    ]
    assert verbs(third)[-1] == "Hangup" and "Gather" not in verbs(third)


def test_a_valid_choice_resets_the_count_and_star_goes_back(
    open_app: Flask, appliance: Caller
) -> None:
    answer = appliance.dial_in()
    wrong = appliance.press(answer, "5")
    sub = appliance.press(wrong, "2")
    assert spoken(sub) == ["查询空调安装请按一，查询其他家电安装请按二，返回上一级请按星号。"]
    wrong = appliance.press(appliance.press(sub, "6"), "6")  # two misses in the sub-menu
    assert "Gather" in verbs(wrong)
    back = appliance.press(wrong, "*")
    assert spoken(back) == [
        script(appliance.client.application, "appliance-service").phrase("menu")
    ]
    by_voice = appliance.say(appliance.press(back, "2"), "冰箱的安装。")
    assert one(by_voice, "Enqueue").text == "appliance-service"


def test_speech_choice_and_transfer_to_another_department(
    open_app: Flask, appliance: Caller
) -> None:
    repair = appliance.say(appliance.dial_in(), "我家空调坏了。")
    assert "Enqueue" in verbs(repair)
    wrong = appliance.say(appliance.dial_in(), "九。")  # the key said aloud
    assert verbs(wrong)[-1] == "Hangup" and "拨打错电话" in spoken(wrong)[0]
    moved = appliance.press(appliance.dial_in(), "8")
    assert verbs(moved) == ["Redirect"]
    airline = appliance.post(moved[0].text)
    assert spoken(airline)[0] == "您好，云途航空客服中心，很高兴为您服务，请问有什么可以帮到您？"
    assert "department=airline-service" in one(airline, "Gather").attrib["action"]


def test_voicemail_option(open_app: Flask, appliance: Caller) -> None:
    chosen = appliance.press(appliance.dial_in(), "0")
    assert verbs(chosen)[:2] == ["Say", "Record"]
    assert query(one(chosen, "Record").attrib["recordingStatusCallback"])["caller"] == (
        appliance.caller
    )


def test_the_caller_number_reaches_the_recordings_ingest(
    open_app: Flask, appliance: Caller
) -> None:
    """Twilio's recording callback posts no From: the number in its URL is what ingest keeps."""
    action = one(appliance.press(appliance.dial_in(), "1"), "Enqueue").attrib["action"]
    dial = one(appliance.post(action, QueueResult="queue-full", QueueTime="0"), "Dial")
    status = {
        "CallSid": appliance.sid,
        "RecordingSid": "RE" + "5" * 32,
        "RecordingStatus": "absent",
    }
    callback = dial.attrib["recordingStatusCallback"]
    assert event_from_callback(status, query(callback), TWILIO_API).caller == appliance.caller
    # On the agent's call Twilio's From is the agent: its apology's voicemail names no caller.
    agent = Caller(appliance.client, APPLIANCE, caller="client:agent-209")
    fallback = agent.post("/voice/agent/result?department=gone", DialCallStatus="completed")
    assert spoken(fallback)[0] == script(open_app, "appliance-service").phrase("error")
    assert "caller" not in query(one(fallback, "Record").attrib["recordingStatusCallback"])


def test_after_hours_and_holidays_go_to_voicemail(app: Flask) -> None:
    caller = Caller(app.test_client(), APPLIANCE)
    dept = script(app, "appliance-service")
    for moment in (
        datetime(2026, 11, 23, 21, 30, tzinfo=SHANGHAI),  # Monday evening
        datetime(2026, 10, 1, 10, 0, tzinfo=SHANGHAI),  # National Day, a listed holiday
    ):
        set_clock(app, moment)
        answer = caller.dial_in()
        assert spoken(answer)[0] == (
            "您好，安居家电售后服务中心。现在是非工作时间，我们的服务时间是每天早上八点到晚上八点。"
            "请在提示音后留言，我们会在三个工作日内给您回复。"
        )
        assert "Gather" not in verbs(answer)
        record = one(answer, "Record")
        assert record.attrib["playBeep"] == "true"
        assert query(record.attrib["recordingStatusCallback"]) == {
            "department": "appliance-service",
            "version": dept.version,
            "kind": "voicemail",
            "caller": caller.caller,
        }
        assert record.attrib["recordingStatusCallbackEvent"] == "completed absent"
    # The same minute is business hours in New York for the English department.
    set_clock(app, datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("America/New_York")))
    assert "Gather" in verbs(Caller(app.test_client(), BILLING).dial_in())
    # The airline never closes.
    assert "Gather" in verbs(Caller(app.test_client(), AIRLINE).dial_in())


def test_english_department_and_unknown_number(app: Flask) -> None:
    set_clock(app, datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("America/New_York")))
    billing = Caller(app.test_client(), BILLING)
    answer = billing.dial_in()
    say = next(answer.iter("Say"))
    assert say.attrib == {"voice": "Polly.Joanna"}  # a Polly voice implies its locale
    assert (
        say.text == "Hello, Northwind Billing Support, happy to help you. How can I help you today?"
    )
    assert one(answer, "Gather").attrib["language"] == "en-US"
    assert one(billing.say(answer, "Billing, please."), "Enqueue").text == "billing-en"
    set_clock(app, OPEN)
    stranger = Caller(app.test_client(), "+447700900123").dial_in()
    assert spoken(stranger)[0] == GREETING


def test_mandarin_arrives_as_utf8_text(open_app: Flask) -> None:
    response = open_app.test_client().post(
        "/voice",
        data={"To": APPLIANCE, "CallSid": "CA9"},
        headers={
            "X-Twilio-Signature": sign(
                TOKEN, "http://localhost/voice", {"To": APPLIANCE, "CallSid": "CA9"}
            )
        },
    )
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert GREETING.encode("utf-8") in response.data  # raw UTF-8, not &#...; or escapes
    assert b"&#" not in response.data
