"""A call streamed as Twilio streams it, into gunicorn with two threaded workers: real signatures,
real espeak-ng Korean speech as mu-law frames on both tracks, the real Korean Vosk model, the real
checker; the state read back through the /live page's event stream (possibly another worker)."""

from __future__ import annotations

import time

import numpy as np
import pytest
from websockets.exceptions import InvalidStatus

from ivr.live.board import StoreBoard
from ivr.live.call import LiveCall
from ivr.store.migrate import open_store
from tests.live.client import open_stream, stream
from tests.live.conftest import (
    AGENT_APOLOGISES,
    AGENT_OPENS,
    CALLER_COMPLAINS,
    PROMPT_AFTER,
    Server,
    agent_call,
)
from tests.speech.synth import Placed

pytestmark = pytest.mark.slow
# Real time: on a shared 2-core machine Vosk decodes two tracks at about 0.6 of real time, so 4x
# pacing would only measure the backlog (scripts/bench_live.py measures what one machine holds).
SPEED = 1.0
TOLERANCE = 0.5  # seconds between where speech was placed and where Vosk puts its words


def wait_saved(server: Server, call_sid: str, timeout: float = 30.0) -> LiveCall:
    board = StoreBoard(open_store(server.db_url))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        call = board.get(call_sid)
        if call is not None and call.over:
            return call
        time.sleep(0.1)
    raise AssertionError(f"live call {call_sid} was not saved:\n{server.log.read_text()[-3000:]}")


def placed_at(placed: list[Placed], text: str) -> Placed:
    return next(p for p in placed if p.text == text)


def test_utterances_arrive_on_the_right_speaker_at_the_right_time(
    server: Server, speech: tuple[np.ndarray, list[Placed]]
) -> None:
    call = agent_call(speech, "CA" + "1" * 32)
    with open_stream(server.media) as ws:
        stream(
            ws, call, speed=SPEED, swap_every=7
        )  # some frames out of order, as a network may deliver them
    saved = wait_saved(server, call.call_sid)
    assert saved.status == "ended" and saved.agent == "client:agent-209"
    utterances = saved.transcript.utterances
    assert {u.speaker for u in utterances} == {"agent", "caller"}, utterances
    for where in (AGENT_OPENS, CALLER_COMPLAINS, AGENT_APOLOGISES):
        truth = placed_at(speech[1], where.text)
        speaker = "agent" if where.channel == 0 else "caller"
        near = [u for u in utterances if u.speaker == speaker and abs(u.start - truth.start) < 1.5]
        assert near, f"nothing from the {speaker} near {truth.start:.1f}s: {utterances}"
        assert abs(near[0].start - truth.start) < TOLERANCE, (near[0], truth)
        assert abs(near[-1].end - truth.end) < TOLERANCE, (near[-1], truth)
    # The transcript has the schema `ivr transcribe` writes.
    assert saved.transcript.language == "zh" and saved.transcript.channels == 2
    assert saved.transcript.duration == pytest.approx(13.0, abs=0.1)


def test_a_rule_turns_from_open_to_met_when_the_agent_says_its_phrase(
    server: Server, speech: tuple[np.ndarray, list[Placed]], watch
) -> None:
    """The department's opening is Korean words the agent says in its second turn: the greeting is
    open after the agent's first turn and the caller's, then met on the agent's (inbound) track,
    with the agent's words as evidence, and it stays met. The page's event stream shows each step
    while the stream runs."""
    watcher = watch()
    call = agent_call(speech, "CA" + "2" * 32)
    with open_stream(server.media) as ws:
        stream(ws, call, speed=SPEED)
    saved = wait_saved(server, call.call_sid)
    states = watcher.states(call.call_sid, "greeting")
    order = [state for _, state in states]
    assert "open" in order and "met" in order, order
    first_met = order.index("met")
    assert order.index("open") < first_met
    assert all(state == "met" for state in order[first_met:]), order  # never back from met
    # Found while the call was on, not by the final check after `stop`.
    assert states[first_met][0] == "live"
    greeting = next(r for r in saved.rules if r.rule == "greeting")
    truth = placed_at(speech[1], AGENT_APOLOGISES.text)
    said = [e for e in greeting.evidence if e.speaker == "agent"]
    assert greeting.state == "met" and said, greeting
    assert abs(said[0].start - truth.start) < TOLERANCE
    assert greeting.since is not None and truth.end - TOLERANCE <= greeting.since < 13.0
    # A prompt named the open opening past PROMPT_AFTER seconds, and went once it was met.
    prompted = [
        call_state
        for _, calls in watcher.events
        for call_state in calls
        if call_state["call_sid"] == call.call_sid and call_state["prompts"]
    ]
    assert any("开场白" in p for c in prompted for p in c["prompts"])
    assert all(c["seconds"] >= PROMPT_AFTER for c in prompted)
    # The findings are the checker's, kept with the call.
    assert saved.review is not None and saved.review.finding("greeting").status == "pass"


def test_an_unsigned_or_forged_handshake_is_refused(server: Server) -> None:
    with pytest.raises(InvalidStatus) as unsigned:
        open_stream(server.media, signature="")
    assert unsigned.value.response.status_code == 403
    with pytest.raises(InvalidStatus) as forged:
        open_stream(server.media, token="not-the-auth-token")
    assert forged.value.response.status_code == 403
    assert b"X-Twilio-Signature" in forged.value.response.body


def test_a_stream_that_drops_mid_call_leaves_the_call_saved(
    server: Server, speech: tuple[np.ndarray, list[Placed]]
) -> None:
    call = agent_call(speech, "CA" + "3" * 32)
    with open_stream(server.media) as ws:  # the connection ends without `stop`, as on a drop
        stream(ws, call, speed=SPEED, stop_at=7.5)  # before the agent's second turn
    saved = wait_saved(server, call.call_sid)
    assert saved.status == "dropped" and "before" in saved.reason
    assert saved.seconds == pytest.approx(7.5, abs=0.1)
    speakers = {u.speaker for u in saved.transcript.utterances}
    assert speakers == {"agent", "caller"}, saved.transcript.utterances
    # Judged at the end of what was heard: the opening was never completed.
    assert next(r for r in saved.rules if r.rule == "greeting").state == "missed"


def test_a_department_without_live_assist_is_refused_and_said_so(
    server: Server, speech: tuple[np.ndarray, list[Placed]]
) -> None:
    call = agent_call(speech, "CA" + "4" * 32, department="airline-service")
    with open_stream(server.media) as ws:
        stream(ws, call, stop_at=1.0)
    saved = wait_saved(server, call.call_sid)
    assert saved.status == "unavailable" and "turned off" in saved.reason
