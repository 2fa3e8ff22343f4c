"""The agent-leg TwiML that starts a stream, the agent role, the /live page's data and events,
and the call page's note on live and final verdicts (Flask's test client, a real SQLite store)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from ivr.app import create_app
from ivr.live.board import StoreBoard
from ivr.live.call import LiveCall
from ivr.live.rules import RuleState
from ivr.settings import DEFAULT_SCRIPTS, load_settings
from ivr.store.db import transaction
from ivr.store.migrate import open_store
from ivr.store.models import Call
from ivr.store.users import add_user
from ivr.transcript import Transcript, Utterance
from tests.conftest import TOKEN, signed_post
from tests.live.conftest import AGENT_USER, OTHER_AGENT_USER, REVIEWER
from tests.web.conftest import ADMIN, build_site, csrf_of
from tests.web.conftest import login as web_login

APPLIANCE = "appliance-service"


def make_app(root: Path, public_base_url: str | None = None) -> Flask:
    book = yaml.safe_load(DEFAULT_SCRIPTS.read_text(encoding="utf-8"))
    for department in book["departments"]:
        if department["id"] == "airline-service":
            department["live_assist"] = False
    scripts = root / "departments.yaml"
    scripts.write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    settings = load_settings(
        scripts_path=scripts,
        data_dir=root / "var",
        twilio_auth_token=TOKEN,
        secret_key="live-web-secret",
        public_base_url=public_base_url,
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path)


def stream_of(xml: bytes) -> ET.Element | None:
    return ET.fromstring(xml).find("./Start/Stream")


def test_the_agent_leg_streams_both_tracks_with_the_calls_parameters(app: Flask) -> None:
    client = app.test_client()
    answer = signed_post(
        client,
        f"/voice/agent?department={APPLIANCE}",
        {"CallSid": "CA" + "5" * 32, "From": "client:agent-209", "To": "+864008001001"},
    )
    root = ET.fromstring(answer.data)
    assert [child.tag for child in root] == ["Start", "Dial"]  # streamed, then recorded as before
    stream = stream_of(answer.data)
    assert stream is not None
    assert stream.get("url") == "ws://localhost/media" and stream.get("track") == "both_tracks"
    parameters = {p.get("name"): p.get("value") for p in stream.findall("Parameter")}
    script = app.extensions["ivr"].scripts.get(APPLIANCE)
    assert parameters == {
        "department": APPLIANCE,
        "version": script.version,
        "leg": "agent",
        "agent": "client:agent-209",
    }
    assert root.find("Dial").get("record") == "record-from-answer-dual"


def test_the_stream_url_is_the_public_one_behind_a_proxy(tmp_path: Path) -> None:
    app = make_app(tmp_path, public_base_url="https://ivr.example.com")
    path = f"/voice/agent?department={APPLIANCE}"
    params = {"CallSid": "CA" + "5" * 32, "From": "client:agent-209"}
    answer = signed_post(app.test_client(), path, params, base="https://ivr.example.com")
    assert stream_of(answer.data).get("url") == "wss://ivr.example.com/media"


def test_a_department_can_turn_live_assist_off(app: Flask) -> None:
    answer = signed_post(
        app.test_client(),
        "/voice/agent?department=airline-service",
        {"CallSid": "CA" + "5" * 32, "From": "client:agent-712"},
    )
    assert stream_of(answer.data) is None and ET.fromstring(answer.data).find("Dial") is not None


def test_the_callers_leg_streams_with_the_caller_inbound(app: Flask) -> None:
    """When the queue cannot take the call, the caller's leg rings the agents: streamed too,
    and its parameters say the leg, so its inbound track is the caller."""
    answer = signed_post(
        app.test_client(),
        f"/voice/queue/result?department={APPLIANCE}",
        {"CallSid": "CA" + "6" * 32, "QueueResult": "error", "From": "+8613800138000"},
    )
    stream = stream_of(answer.data)
    assert stream is not None
    parameters = {p.get("name"): p.get("value") for p in stream.findall("Parameter")}
    assert parameters["leg"] == "caller" and parameters["agent"] == ""


def add_users(app: Flask) -> None:

    with transaction(open_store(app.extensions["ivr"].settings.db_url)) as session:
        for user, role in (
            (AGENT_USER, "agent"),
            (OTHER_AGENT_USER, "agent"),
            (REVIEWER, "reviewer"),
        ):
            add_user(session, *user, role=role)


def publish(app: Flask, call_sid: str, agent: str, **fields: object) -> LiveCall:
    call = LiveCall(call_sid=call_sid, department=APPLIANCE, agent=agent, **fields)
    StoreBoard(open_store(app.extensions["ivr"].settings.db_url)).publish(call)
    return call


def logged_in(app: Flask, user: tuple[str, str]) -> FlaskClient:
    client = app.test_client()
    assert web_login(client, user).status_code == 302
    return client


def first_event(client: FlaskClient) -> list[dict]:
    response = client.get("/live/events", buffered=False)
    assert response.mimetype == "text/event-stream"
    chunk = next(iter(response.response))
    response.close()
    text = chunk.decode() if isinstance(chunk, bytes) else chunk
    assert text.startswith("data: ")
    return json.loads(text[6:])


def test_an_agent_sees_only_their_own_calls(app: Flask) -> None:
    add_users(app)
    utterance = Utterance(speaker="caller", start=1.0, end=2.0, text="不归我管的来电")
    publish(app, "CA" + "1" * 32, "client:agent-209")
    publish(
        app,
        "CA" + "2" * 32,
        "client:agent-210",
        transcript=Transcript(utterances=[utterance]),
    )
    agent = logged_in(app, AGENT_USER)
    assert [c["call_sid"] for c in first_event(agent)] == ["CA" + "1" * 32]
    page = agent.get("/live").get_data(as_text=True)
    assert "CA" + "1" * 32 in page and "CA" + "2" * 32 not in page and "不归我管" not in page
    # The review pages are not an agent's: their home is the live page.
    assert agent.get("/calls").status_code == 403
    assert agent.get("/calls/1").status_code == 403
    assert agent.get("/").location == "/live"
    reviewer = logged_in(app, REVIEWER)
    assert {c["call_sid"] for c in first_event(reviewer)} == {"CA" + "1" * 32, "CA" + "2" * 32}


def test_login_takes_an_agent_to_the_live_page(app: Flask) -> None:
    add_users(app)
    client = app.test_client()
    token = csrf_of(client.get("/login").get_data(as_text=True))
    answer = client.post(
        "/login", data={"username": AGENT_USER[0], "password": AGENT_USER[1], "csrf_token": token}
    )
    assert answer.location == "/live"


def test_the_call_page_says_where_live_and_final_verdicts_differ(tmp_path: Path) -> None:
    site = build_site(tmp_path)
    with site.store() as session:
        call = session.get(Call, site.call_ids[0])
        final = {f.rule: f.status for f in call.findings}
        call_sid = call.call_sid
    flipped = "met" if final["greeting"] != "pass" else "missed"
    rules = [RuleState(rule="greeting", state=flipped)]
    rules += [
        RuleState(rule=rule, state={"pass": "met", "fail": "missed"}.get(status, status))
        for rule, status in final.items()
        if rule != "greeting" and status in ("pass", "fail", "na")
    ]
    publish(site.app, call_sid, "client:agent-209", status="ended", rules=rules)
    client = site.app.test_client()
    assert web_login(client, ADMIN).status_code == 302
    page = client.get(f"/calls/{site.call_ids[0]}").get_data(as_text=True)
    assert 'id="live-verdicts"' in page
    note = page[page.index('id="live-verdicts"') :]
    note = note[: note.index("</div>")]
    assert 'data-rule="greeting"' in note
    assert note.count("data-rule=") == 1  # the rules that agree are not listed
    other = client.get(f"/calls/{site.call_ids[1]}").get_data(as_text=True)
    assert 'id="live-verdicts"' not in other  # not streamed: no note
