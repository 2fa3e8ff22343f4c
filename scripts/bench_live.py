#!/usr/bin/env python3
"""Benchmark: how many calls one machine carries with live assist, and how soon the agent sees.

N simultaneous calls are streamed at real time, as Twilio streams them (signed handshake, 20 ms
mu-law frames on both tracks), into the Procfile's gunicorn (2 threaded workers) on 127.0.0.1,
each with its agent's /live page open (one Server-Sent Events stream per call, as in production).
Each call is espeak-ng Korean speech, each side talking about 40% of the time, decoded with the
Korean small Vosk model under the live endpointer (ivr/live/endpoint.py).

The lag of an utterance runs from the moment its last frame was sent to the moment its agent's
page got the transcript with it and the checklist checked on it ("page"); "board" is the same
up to the server's publish. Client and server share this machine's clock.

N rises from 1 until the p95 page lag reaches 1.5 s (or a stream is refused): the largest N below
it is what one machine holds (at N = 1 three calls in a row, for enough utterances). Then the
server is started again with IVR_LIVE_STREAMS at that N (at least 1) and one call more than that
is streamed: one must be refused cleanly (its page says live assist is unavailable) while the
others run on. The baseline, in the same process: decoding one call's two tracks frame by frame,
without a server, gives CPU seconds per call second, and so the number of calls the machine's
cores could decode if nothing else ran.

    python scripts/bench_live.py [--seconds 30] [--max 8] [--redis redis://...]

Other people's work on a shared machine takes cores from the decoders: the load average, the
share of the machine left idle and the cores the server got are printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ivr.live.board import StoreBoard  # noqa: E402
from ivr.live.call import LiveCall  # noqa: E402
from ivr.live.decode import TrackDecoder  # noqa: E402
from ivr.live.endpoint import live_model_dir  # noqa: E402
from ivr.speech.models import load_model, model_rate  # noqa: E402
from ivr.store.db import transaction  # noqa: E402
from ivr.store.migrate import open_store  # noqa: E402
from ivr.store.users import add_user  # noqa: E402
from tests.live.client import FRAME, mulaw, open_stream, stream  # noqa: E402
from tests.live.conftest import KO_MODEL, Server, agent_call, login, make_server  # noqa: E402
from tests.speech.synth import Placement, build_call, speak  # noqa: E402

GOAL = 1.5  # seconds: p95 lag from the end of an utterance to its live finding
ROUNDS = 3  # calls at N = 1 (then N = 2 ...): ~27 utterances before a p95 is taken
PASSWORD = "bench-agent-pass"
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


def baseline(audio: np.ndarray, model_dir: Path) -> tuple[float, list[float]]:
    """CPU seconds per call second to decode both tracks frame by frame, in this process, and
    for each utterance how much audio came after its end before Vosk handed it over (the lag no
    CPU can remove)."""
    model = load_model(model_dir)
    cpu, handed = time.process_time(), []
    for channel in (0, 1):
        decoder = TrackDecoder(model, model_rate(KO_MODEL), "agent", "ko")
        encoded = mulaw(audio[:, channel])
        for at in range(0, len(encoded), FRAME):
            changed = decoder.feed(at, encoded[at : at + FRAME])
            handed += [(at + FRAME) / 8000 - u.end for u in changed[-1:]]
        decoder.finish()
    return (time.process_time() - cpu) / (len(audio) / 8000), handed


@dataclass
class Page:
    """One agent's /live event stream, read in a thread: when each state of the call arrived."""

    events: list[tuple[float, dict]] = field(default_factory=list)

    def first_showing(self, sid: str, speaker: str, start: float, end: float) -> float | None:
        """When the page first showed the utterance (speaker, start) at its full length."""
        for at, call in self.events:
            if call["call_sid"] != sid:
                continue
            for u in call["transcript"]["utterances"]:
                if u["speaker"] == speaker and abs(u["start"] - start) < 0.3 and u["end"] >= end:
                    return at
        return None


def open_page(server: Server, user: str) -> tuple[Page, requests.Response]:
    session = login(server.http, (user, PASSWORD))
    response = session.get(f"{server.http}/live/events", stream=True, timeout=60)
    page = Page()

    def read() -> None:
        try:
            for line in response.iter_lines(decode_unicode=True):
                if line and line.startswith("data: "):
                    at = time.time()
                    page.events += [(at, c) for c in json.loads(line[6:])]
        except (requests.RequestException, AttributeError):
            return

    threading.Thread(target=read, daemon=True).start()
    return page, response


@dataclass
class Run:
    board: list[float]  # seconds, per utterance: end of speech to the server's publish
    page: list[float]  # ... to the agent's page showing it
    calls: list[LiveCall | None]


def run(server: Server, audio: np.ndarray, n: int) -> Run:
    """n calls at once, agent k on call k with their page open; every utterance's lag."""
    calls = [
        agent_call((audio, []), "CA" + uuid.uuid4().hex, agent=f"client:bench-{k}")
        for k in range(n)
    ]
    pages = [open_page(server, f"bench-{k}") for k in range(n)]
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
    result = Run([], [], [])
    for call, (page, response) in zip(calls, pages, strict=True):
        saved = board.get(call.call_sid)
        deadline = time.monotonic() + 120
        while (saved is None or not saved.over) and time.monotonic() < deadline:
            time.sleep(0.2)
            saved = board.get(call.call_sid)
        time.sleep(0.5)  # the page's last event
        response.close()
        result.calls.append(saved)
        if saved is None:
            continue
        began = starts[call.call_sid]
        # Every utterance, also one checked after `stop` because decoding was behind.
        result.board += [c.at - (began + c.end) for c in saved.checks]
        for u in saved.transcript.utterances:
            shown = page.first_showing(call.call_sid, u.speaker, u.start, u.end)
            result.page.append((shown if shown is not None else float("inf")) - (began + u.end))
    return result


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by a process and its children (gunicorn's master and workers)."""
    pids = [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    ticks = 0
    for one in pids:
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_idle() -> tuple[float, float]:
    """(idle, total) jiffies of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return values[3] + values[4], sum(values)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def serve(root: Path, streams: int, redis_url: str | None, count: int) -> Server:
    extra = {"IVR_LIVE_STREAMS": str(streams), "IVR_LIVE_MAX_LAG": "600"}
    if redis_url:
        extra["REDIS_URL"] = redis_url
    server = make_server(root, ROOT / "ivr" / "defaults" / "departments.yaml", **extra)
    with transaction(open_store(server.db_url)) as session:
        for k in range(count):
            add_user(session, f"bench-{k}", PASSWORD, role="agent")
    server.start()
    run(server, np.zeros((4 * 8000, 2), dtype=np.int16), 2)  # each worker loads its model
    return server


def statuses(result: Run) -> str:
    return " ".join(c.status if c else "missing" for c in result.calls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each call")
    parser.add_argument("--max", type=int, default=8, help="largest N tried")
    parser.add_argument("--redis", help="REDIS_URL for the server (the live state on Redis)")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="bench-live-"))
    audio = make_call(args.seconds)
    cost, handed = baseline(audio, live_model_dir(KO_MODEL, root / "models"))
    shipped = baseline(audio, KO_MODEL)[1]
    cores = os.cpu_count() or 1
    print(f"load average before: {load()} on {cores} cores")
    print(
        f"baseline: decoding a call's two tracks takes {cost:.2f} CPU s per call second; "
        f"{cores} idle cores would decode {cores / cost:.1f} calls in real time"
    )
    print(
        "Vosk's hand-over (audio after an utterance's end before it is final, no server): "
        f"p50 {statistics.median(handed):.2f}s, max {max(handed):.2f}s under the live endpointer; "
        f"p50 {statistics.median(shipped):.2f}s, max {max(shipped):.2f}s as the model ships"
    )
    print(
        f"{'N':>3} {'utterances':>10} {'board p50':>9} {'p95':>6} {'page p50':>9} {'p95':>6}  "
        f"{'cores':>5} {'idle':>5}  load (cores: what the server got; idle: the machine's)"
    )
    held, at_one = 0, None
    server = serve(root / "sweep", args.max, args.redis, args.max + 1)
    try:
        for n in range(1, args.max + 1):
            wall, used, idle = time.monotonic(), cpu_seconds(server.process.pid), machine_idle()
            result = run(server, audio, n)
            for _ in range(ROUNDS // n - 1):  # a few rounds at small N: enough utterances for a p95
                more = run(server, audio, n)
                result = Run(
                    result.board + more.board, result.page + more.page, result.calls + more.calls
                )
            if not result.page:
                print(f"{n:>3} no utterance was checked live: {statuses(result)}")
                break
            got = (cpu_seconds(server.process.pid) - used) / (time.monotonic() - wall)
            after = machine_idle()
            idle_share = (after[0] - idle[0]) / max(after[1] - idle[1], 1)
            page = (statistics.median(result.page), p95(result.page))
            board = (statistics.median(result.board), p95(result.board))
            print(
                f"{n:>3} {len(result.page):>10} {board[0]:>8.2f}s {board[1]:>5.2f}s "
                f"{page[0]:>8.2f}s {page[1]:>5.2f}s  {got:>5.2f} {idle_share:>5.0%}  {load()}  "
                f"{statuses(result)}"
            )
            if n == 1:
                at_one = page
            if page[1] >= GOAL or any(c is None or c.status != "ended" for c in result.calls):
                break
            held = n
    finally:
        server.stop()
    slots = max(held, 1)
    server = serve(root / "capacity", slots, args.redis, slots + 1)
    try:
        result = run(server, audio, slots + 1)
    finally:
        server.stop()
    off = [c for c in result.calls if c is not None and c.status == "unavailable"]
    on = [c for c in result.calls if c is not None and c.status == "ended"]
    lag = f"p95 page lag of the others {p95(result.page):.2f}s" if result.page else "no lag"
    print(f"load average after: {load()}")
    if at_one:
        print(
            "lag at N=1 (end of an utterance to the agent's page): "
            f"p50 {at_one[0]:.2f}s, p95 {at_one[1]:.2f}s"
        )
    print(
        f"largest N with p95 lag under {GOAL}s: {held} "
        f"({held / (cores / cost):.2f}x the baseline's {cores / cost:.1f})"
    )
    print(
        f"beyond capacity (IVR_LIVE_STREAMS={slots}, {slots + 1} calls at once): {len(off)} "
        f"refused ({off[0].reason if off else 'none'}), {len(on)} ran to the end, {lag}"
    )


if __name__ == "__main__":
    main()
