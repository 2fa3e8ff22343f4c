"""Scale-out and capacity, on gunicorn with two threaded workers: the live state on a real Redis
server when REDIS_URL is set, streams beyond the machine's slots refused cleanly, and a stream
that falls behind the call given up instead of drifting."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import redis

from ivr.live.board import RedisBoard, StoreBoard
from ivr.live.call import LiveCall
from ivr.live.decode import TrackDecoder
from ivr.live.protocol import MediaInfo, StartInfo
from ivr.live.session import Behind, LiveSession
from ivr.scripts import load_script_book
from ivr.settings import DEFAULT_SCRIPTS
from ivr.speech.models import load_model, model_rate
from ivr.store.migrate import open_store
from tests.live.client import FRAME, mulaw, open_stream, stream
from tests.live.conftest import KO_MODEL, Server, agent_call, make_server
from tests.live.test_stream import SPEED, wait_saved
from tests.speech.synth import Placed

pytestmark = pytest.mark.slow
REDIS_URL = os.environ.get("IVR_TEST_REDIS_URL")


def sid() -> str:
    return "CA" + uuid.uuid4().hex


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory, scripts_file: Path) -> Iterator[Server]:
    if not REDIS_URL:
        pytest.skip("IVR_TEST_REDIS_URL is not set (scripts/test.sh starts Redis)")
    running = make_server(tmp_path_factory.mktemp("live-redis"), scripts_file, REDIS_URL=REDIS_URL)
    running.start()
    yield running
    running.stop()


def test_with_redis_the_live_state_is_on_redis_and_the_call_in_the_store(
    redis_server: Server, speech: tuple[np.ndarray, list[Placed]], watch
) -> None:
    watcher = watch(base=redis_server.http)
    call = agent_call(speech, sid())
    store = StoreBoard(open_store(redis_server.db_url))
    on_redis = RedisBoard(REDIS_URL, store)
    seen_live: list[bool] = []

    def look() -> None:  # while the call is on: on Redis, not yet in the store
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not seen_live:
            live = on_redis.get(call.call_sid)
            if live is not None and live.status == "live" and live.transcript.utterances:
                seen_live.append(store.get(call.call_sid) is None)
            time.sleep(0.1)

    looking = threading.Thread(target=look)
    looking.start()
    try:
        with open_stream(redis_server.media) as ws:
            stream(ws, call, speed=SPEED)
        looking.join()
        saved = wait_saved(redis_server, call.call_sid)
        assert seen_live == [True]
        assert saved.status == "ended" and {u.speaker for u in saved.transcript.utterances} == {
            "agent",
            "caller",
        }
        # The page (either worker) got the state from Redis while the call was on.
        states = watcher.states(call.call_sid, "greeting")
        assert ("live", "met") in states, states
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        client.delete(f"{RedisBoard.PREFIX}call:{call.call_sid}")
        client.zrem(f"{RedisBoard.PREFIX}calls", call.call_sid)
        client.zrem(f"{RedisBoard.PREFIX}agent:client:agent-209", call.call_sid)


@pytest.fixture(scope="module")
def one_slot(tmp_path_factory: pytest.TempPathFactory, scripts_file: Path) -> Iterator[Server]:
    running = make_server(tmp_path_factory.mktemp("live-1"), scripts_file, IVR_LIVE_STREAMS="1")
    running.start()
    yield running
    running.stop()


def test_a_stream_beyond_the_machines_slots_is_refused_cleanly(
    one_slot: Server, speech: tuple[np.ndarray, list[Placed]]
) -> None:
    """One slot on the machine, two workers: the second stream is refused whichever worker it
    lands on, and the page says live assist is unavailable; the first runs on; once it ends,
    its slot serves the next call."""
    first, second, third = (agent_call(speech, sid()) for _ in range(3))
    with open_stream(one_slot.media) as ws:
        runner = threading.Thread(target=stream, args=(ws, first), kwargs={"speed": SPEED})
        runner.start()
        time.sleep(2.0)  # the first stream holds the slot
        with open_stream(one_slot.media) as refused:
            stream(refused, second, speed=SPEED, stop_at=2.0)
        runner.join()
    assert wait_saved(one_slot, second.call_sid).status == "unavailable"
    assert "slot" in wait_saved(one_slot, second.call_sid).reason
    assert wait_saved(one_slot, first.call_sid).status == "ended"
    with open_stream(one_slot.media) as ws:
        stream(ws, third, speed=SPEED, stop_at=1.0)
    assert wait_saved(one_slot, third.call_sid).status == "dropped"  # decoded, then cut short


def test_a_stream_that_falls_behind_the_call_is_given_up(
    speech: tuple[np.ndarray, list[Placed]], tmp_path: Path
) -> None:
    """Frames handled later than the call's own time (here: a clock that runs 3 times faster
    than the audio, as when decoding cannot keep up) end live assist for the call."""
    script = load_script_book(DEFAULT_SCRIPTS)
    start = StartInfo.model_validate(
        {
            "streamSid": "MZ1",
            "callSid": sid(),
            "tracks": ["inbound"],
            "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000},
        }
    )
    model = load_model(KO_MODEL)
    decoders = {"inbound": TrackDecoder(model, model_rate(KO_MODEL), "agent", "zh")}
    board = StoreBoard(open_store(f"sqlite:///{tmp_path / 'ivr.db'}"))
    session = LiveSession.begin(
        start, script.get("appliance-service"), "agent", decoders, board, max_lag=1.0
    )
    ticks = iter(range(10_000))
    session.clock = lambda: next(ticks) * 0.06  # 60 ms of wall clock per 20 ms frame
    audio = mulaw(speech[0][:, 0])
    with pytest.raises(Behind, match="behind the call"):
        for n in range(len(audio) // FRAME):
            frame = audio[n * FRAME : (n + 1) * FRAME]
            payload = __import__("base64").b64encode(frame).decode()
            session.media(
                MediaInfo(track="inbound", chunk=n + 1, timestamp=n * 20, payload=payload)
            )
    assert session.call.seconds < 1.0  # given up within the first second, not at the end


def test_with_redis_a_page_is_told_of_its_agents_calls_only(tmp_path: Path) -> None:
    """The /live page waits on Redis for a change instead of reading the board over and over: a
    publish of agent A's call wakes A's page and a reviewer's, not agent B's."""
    if not REDIS_URL:
        pytest.skip("IVR_TEST_REDIS_URL is not set (scripts/test.sh starts Redis)")
    board = RedisBoard(REDIS_URL, StoreBoard(open_store(f"sqlite:///{tmp_path / 'ivr.db'}")))
    call = LiveCall(call_sid=sid(), agent="client:push-a")
    try:
        with (
            board.watch(["client:push-a"]) as mine,
            board.watch(["client:push-b"]) as other,
            board.watch(None) as everyone,
        ):
            assert not mine.wait(0.3)  # nothing yet
            board.publish(call)
            assert mine.wait(5.0) and everyone.wait(5.0)
            assert not other.wait(0.5)
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        client.delete(f"{RedisBoard.PREFIX}call:{call.call_sid}")
        client.zrem(f"{RedisBoard.PREFIX}calls", call.call_sid)
        client.zrem(f"{RedisBoard.PREFIX}agent:client:push-a", call.call_sid)
