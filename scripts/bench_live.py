#!/usr/bin/env python3
"""Benchmark: how many calls one machine carries with live assist.

N simultaneous calls are streamed at real time, as Twilio streams them (signed handshake, 20 ms
mu-law frames on both tracks), into the Procfile's gunicorn (2 threaded workers) on 127.0.0.1.
Each call is espeak-ng Korean speech, each side talking about 40% of the time, decoded with the
Korean small Vosk model. For every utterance the lag is measured from the moment its last frame
was sent to the moment its checked state was published for the agent's page (the server notes
the time of each publish; client and server share this machine's clock).

N rises from 1 until the p95 lag passes 1.5 s (or a stream is refused): the largest N below it is
what one machine holds (after two unmeasured streams, so each worker has loaded its model). The
baseline, in the same process: decoding one call's two tracks
frame by frame, without a server, gives CPU seconds per call second, and so the number of calls
the machine's cores could decode if nothing else ran; the figures are printed against it.

    python scripts/bench_live.py [--seconds 30] [--max 8]

Other people's work on a shared machine takes cores from the decoders: the load average is
printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ivr.live.board import StoreBoard  # noqa: E402
from ivr.live.decode import TrackDecoder  # noqa: E402
from ivr.speech.models import load_model, model_rate  # noqa: E402
from ivr.store.migrate import open_store  # noqa: E402
from tests.live.client import FRAME, mulaw, open_stream, stream  # noqa: E402
from tests.live.conftest import KO_MODEL, agent_call, make_server  # noqa: E402
from tests.speech.synth import Placement, build_call, speak  # noqa: E402

GOAL = 1.5  # seconds: p95 lag from the end of an utterance to its live finding
PHRASES = [
    "주문 번호를 말씀해 주세요",
    "오늘 날씨가 좋습니다",
    "네 알겠습니다 잠시만 기다려 주세요",
]


def make_call(seconds: float) -> np.ndarray:
    """Turns alternating between the agent (channel 0) and the caller (1), ~40% talk each."""
    clips = [speak(text) for text in PHRASES]
    placements, at, n = [], 0.7, 0
    while True:
        clip = clips[n % len(clips)]
        if at + len(clip) / 8000 > seconds - 1.5:
            break
        placements.append((Placement(n % 2, at, PHRASES[n % len(clips)]), clip))
        at += len(clip) / 8000 * 1.25 + 0.3
        n += 1
    return build_call(placements, seconds)[0]


def baseline(audio: np.ndarray) -> float:
    """CPU seconds per call second to decode both tracks frame by frame, in this process."""
    model = load_model(KO_MODEL)
    cpu = time.process_time()
    for channel in (0, 1):
        decoder = TrackDecoder(model, model_rate(KO_MODEL), "agent", "ko")
        encoded = mulaw(audio[:, channel])
        for at in range(0, len(encoded), FRAME):
            decoder.feed(at, encoded[at : at + FRAME])
        decoder.finish()
    return (time.process_time() - cpu) / (len(audio) / 8000)


def run(server, audio: np.ndarray, n: int) -> tuple[list[float], list[str]]:  # type: ignore[no-untyped-def]
    speech = (audio, [])
    calls = [agent_call(speech, "CA" + uuid.uuid4().hex) for _ in range(n)]
    starts: dict[str, float] = {}

    def one(call) -> None:  # type: ignore[no-untyped-def]
        with open_stream(server.media) as ws:
            starts[call.call_sid] = stream(ws, call, speed=1.0)

    threads = [threading.Thread(target=one, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    board = StoreBoard(open_store(server.db_url))
    lags, statuses = [], []
    for call in calls:
        deadline = time.monotonic() + 120
        saved = board.get(call.call_sid)
        while (saved is None or not saved.over) and time.monotonic() < deadline:
            time.sleep(0.2)
            saved = board.get(call.call_sid)
        statuses.append(saved.status if saved else "missing")
        if saved is None:
            continue
        # Every utterance, also one checked after `stop` because decoding was behind.
        lags += [c.at - (starts[call.call_sid] + c.end) for c in saved.checks]
    return lags, statuses


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each call")
    parser.add_argument("--max", type=int, default=8, help="largest N tried")
    args = parser.parse_args()

    audio = make_call(args.seconds)
    cost = baseline(audio)
    cores = os.cpu_count() or 1
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {cores} cores")
    print(
        f"baseline: decoding a call's two tracks takes {cost:.2f} CPU s per call second; "
        f"{cores} idle cores would decode {cores / cost:.1f} calls in real time"
    )

    scripts = ROOT / "ivr" / "defaults" / "departments.yaml"
    root = Path(tempfile.mkdtemp(prefix="bench-live-"))
    server = make_server(root, scripts, IVR_LIVE_STREAMS=str(args.max), IVR_LIVE_MAX_LAG="600")
    server.start()
    held, at_one = 0, None
    try:
        # Each worker loads the model with its first stream: two streams first, not measured.
        run(server, audio[: 4 * 8000], 2)
        print(f"{'N':>3} {'utterances':>10} {'p50 lag':>8} {'p95 lag':>8}  streams")
        for n in range(1, args.max + 1):
            lags, statuses = run(server, audio, n)
            if not lags:
                print(f"{n:>3} no utterance was checked live: {statuses}")
                break
            p50, high = statistics.median(lags), p95(lags)
            print(f"{n:>3} {len(lags):>10} {p50:>7.2f}s {high:>7.2f}s  {' '.join(statuses)}")
            if n == 1:
                at_one = (p50, high)
            if high >= GOAL or any(s != "ended" for s in statuses):
                break
            held = n
    finally:
        server.stop()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if at_one:
        print(f"lag at N=1: p50 {at_one[0]:.2f}s, p95 {at_one[1]:.2f}s")
    print(
        f"largest N with p95 lag under {GOAL}s: {held} "
        f"({held / (cores / cost):.2f}x the baseline's {cores / cost:.1f})"
    )
    print("set IVR_LIVE_STREAMS to it on machines like this one")


if __name__ == "__main__":
    main()
