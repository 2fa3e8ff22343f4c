#!/usr/bin/env python3
"""Benchmark: how many calls one machine carries with live assist, and how soon the agent sees.

N simultaneous calls are streamed at real time, as Twilio streams them (signed handshake, 20 ms
mu-law frames on both tracks), into the Procfile's gunicorn (2 threaded workers) on 127.0.0.1,
each with its agent's /live page open (one Server-Sent Events stream per call, as in production).
Each call is espeak-ng Korean speech, each side talking about 40% of the time, decoded with the
Korean small Vosk model under the live endpointer (ivr/live/endpoint.py).

The lag of an utterance runs from the moment its last frame was sent (when the client actually
sent it: a client late on its pace does not count against the server) to the moment its agent's
page got the transcript with it and the checklist checked on it ("page"); "board" is the same
up to the server's publish. Client and server share this machine's clock. Per N: "xN=1" is the
p95 page lag as a multiple of N = 1's in the same run; "cores" the server's CPU seconds per
second and "cpu/s" per call second, "runq" the share of the time its threads wanted a core that
they waited for one (see `scheduled`), and "idle" the machine's idle share, all while the calls
are on (first frame to every call saved); "late" the p95 of how late the client sent a frame.

N rises from 1 until the p95 page lag reaches 1.5 s (or a stream is refused): the largest N below
it is what one machine holds (at N = 1 three calls in a row, for enough utterances). Then the
server is started again with IVR_LIVE_STREAMS at that N (at least 1) and one call more than that
is streamed: one must be refused cleanly (its page says live assist is unavailable) while the
others run on. The baseline, in the same process: decoding one call's two tracks frame by frame,
without a server, gives CPU seconds per call second, and so the number of calls the machine's
cores could decode if nothing else ran.

    python scripts/bench_live.py [--seconds 30] [--max 8] [--all] [--redis redis://...]

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


def baseline(audio: np.ndarray, model_dir: Path) -> tuple[float, float, list[float]]:
    """CPU seconds per call second to decode both tracks frame by frame, in this process: for a
    process's first call (new recognizers) and for the next (the recognizers it gave back, as a
    server's calls after its first are decoded); and for each utterance of the next how much
    audio came after its end before Vosk handed it over (the lag no CPU can remove)."""
    model = load_model(model_dir)
    costs, handed = [], []
    for _ in range(2):
        cpu, handed = time.process_time(), []
        decoders = [TrackDecoder(model, model_rate(KO_MODEL), "agent", "ko") for _ in (0, 1)]
        for channel, decoder in enumerate(decoders):
            encoded = mulaw(audio[:, channel])
            for at in range(0, len(encoded), FRAME):
                changed = decoder.feed(at, encoded[at : at + FRAME])
                handed += [(at + FRAME) / 8000 - u.end for u in changed[-1:]]
        for decoder in decoders:
            decoder.finish()
        costs.append((time.process_time() - cpu) / (len(audio) / 8000))
    return costs[0], costs[1], handed


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
    late: list[float]  # seconds, per frame: how much later than due the client sent it
    cpu: float  # CPU seconds the server used while the calls were on
    wall: float  # seconds from the first frame to the last call saved
    idle: tuple[float, float]  # the machine's (idle, total) jiffies over the same time
    queued: list[float]  # per call of the run: the server's run-queue share (queue_share)

    def __add__(self, other: Run) -> Run:
        return Run(
            self.board + other.board,
            self.page + other.page,
            self.calls + other.calls,
            self.late + other.late,
            self.cpu + other.cpu,
            self.wall + other.wall,
            (self.idle[0] + other.idle[0], self.idle[1] + other.idle[1]),
            self.queued + other.queued,
        )


def sent_at(sent: dict[int, float], end: float) -> float:
    """When the client sent the frame holding the audio up to `end` seconds (the last one)."""
    return sent[min(max(int(end / 0.02 - 1e-9), 0), max(sent))]


def run(server: Server, audio: np.ndarray, n: int) -> Run:
    """n calls at once, agent k on call k with their page open; every utterance's lag, from
    the moment the client actually sent the utterance's last frame. The server's CPU and the
    machine's idle share are taken while the calls are on, from the first frame until every
    call is saved: not while the pages are opened or closed."""
    calls = [
        agent_call((audio, []), "CA" + uuid.uuid4().hex, agent=f"client:bench-{k}")
        for k in range(n)
    ]
    pages = [open_page(server, f"bench-{k}") for k in range(n)]
    starts: dict[str, float] = {}
    sent: dict[str, dict[int, float]] = {c.call_sid: {} for c in calls}

    def one(call) -> None:  # type: ignore[no-untyped-def]
        with open_stream(server.media) as ws:
            starts[call.call_sid] = stream(ws, call, speed=1.0, sent=sent[call.call_sid])

    threads = [threading.Thread(target=one, args=(c,)) for c in calls]
    wall, used, idle = time.monotonic(), cpu_seconds(server.process.pid), machine_idle()
    threads_before = scheduled(server.process.pid)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    board = StoreBoard(open_store(server.db_url))
    saved_calls = []
    for call in calls:
        saved = board.get(call.call_sid)
        deadline = time.monotonic() + 120
        while (saved is None or not saved.over) and time.monotonic() < deadline:
            time.sleep(0.2)
            saved = board.get(call.call_sid)
        saved_calls.append(saved)
    after, threads_after = machine_idle(), scheduled(server.process.pid)
    result = Run(
        [],
        [],
        saved_calls,
        [],
        cpu_seconds(server.process.pid) - used,
        time.monotonic() - wall,
        (after[0] - idle[0], after[1] - idle[1]),
        [queue_share(threads_before, threads_after)] * n,
    )
    time.sleep(0.5)  # the pages' last event
    for call, saved, (page, response) in zip(calls, saved_calls, pages, strict=True):
        # A read blocked in the page's thread holds the response: shut its socket down first.
        response.raw.shutdown()
        response.close()
        began, times = starts[call.call_sid], sent[call.call_sid]
        result.late += [at - (began + k * 0.02) for k, at in times.items()]
        if saved is None:
            continue
        # Every utterance, also one checked after `stop` because decoding was behind.
        result.board += [c.at - sent_at(times, c.end) for c in saved.checks]
        for u in saved.transcript.utterances:
            shown = page.first_showing(call.call_sid, u.speaker, u.start, u.end)
            shown = shown if shown is not None else float("inf")
            result.page.append(shown - sent_at(times, u.end))
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


def scheduled(pid: int) -> dict[int, tuple[int, int]]:
    """Per thread of the server's processes: nanoseconds on a core and nanoseconds runnable but
    waiting for one (/proc/.../schedstat). A thread blocked on a lock or the GIL sleeps, so it
    adds to neither: a server behind its calls whose threads mostly wait in the run queue is
    short of CPU (other processes have it), one whose threads do not is held up inside."""
    pids = [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    times = {}
    for one in pids:
        for task in Path(f"/proc/{one}/task").iterdir():
            try:
                ran, waited = Path(task, "schedstat").read_text().split()[:2]
            except OSError:  # the thread ended meanwhile
                continue
            times[int(task.name)] = (int(ran), int(waited))
    return times


def queue_share(before: dict[int, tuple[int, int]], after: dict[int, tuple[int, int]]) -> float:
    """Of the time the server's threads wanted a core, the share they waited for one."""
    ran = sum(r - before.get(t, (0, 0))[0] for t, (r, _) in after.items())
    waited = sum(w - before.get(t, (0, 0))[1] for t, (_, w) in after.items())
    return waited / max(ran + waited, 1)


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
    server.own_session = True
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
    parser.add_argument(
        "--all", action="store_true", help="go on up to --max after the p95 reached the goal"
    )
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="bench-live-"))
    audio = make_call(args.seconds)
    first, cost, handed = baseline(audio, live_model_dir(KO_MODEL, root / "models"))
    shipped = baseline(audio, KO_MODEL)[2]
    cores = os.cpu_count() or 1
    print(f"load average before: {load()} on {cores} cores")
    print(
        f"baseline: decoding a call's two tracks takes {cost:.2f} CPU s per call second "
        f"({first:.2f} for a process's first call, on new recognizers); "
        f"{cores} idle cores would decode {cores / cost:.1f} calls in real time"
    )
    print(
        "Vosk's hand-over (audio after an utterance's end before it is final, no server): "
        f"p50 {statistics.median(handed):.2f}s, max {max(handed):.2f}s under the live endpointer; "
        f"p50 {statistics.median(shipped):.2f}s, max {max(shipped):.2f}s as the model ships"
    )
    print(
        f"{'N':>3} {'utterances':>10} {'board p50':>9} {'p95':>6} {'page p50':>9} {'p95':>6} "
        f"{'xN=1':>5}  {'cores':>5} {'cpu/s':>5} {'runq':>5} {'idle':>5} {'late':>5}  load"
    )
    held, at_one = 0, None
    server = serve(root / "sweep", args.max, args.redis, args.max + 1)
    try:
        for n in range(1, args.max + 1):
            result = run(server, audio, n)
            for _ in range(ROUNDS // n - 1):  # a few rounds at small N: enough utterances for a p95
                result = result + run(server, audio, n)
            if not result.page:
                print(f"{n:>3} no utterance was checked live: {statuses(result)}")
                break
            page = (statistics.median(result.page), p95(result.page))
            board = (statistics.median(result.board), p95(result.board))
            at_one = at_one or page
            print(
                f"{n:>3} {len(result.page):>10} {board[0]:>8.2f}s {board[1]:>5.2f}s "
                f"{page[0]:>8.2f}s {page[1]:>5.2f}s {page[1] / at_one[1]:>5.2f}  "
                f"{result.cpu / result.wall:>5.2f} "
                f"{result.cpu / (len(result.calls) * args.seconds):>5.2f} "
                f"{statistics.mean(result.queued):>5.0%} "
                f"{result.idle[0] / max(result.idle[1], 1):>5.0%} {p95(result.late):>4.2f}s  "
                f"{load()}  {statuses(result)}"
            )
            failed = any(c is None or c.status != "ended" for c in result.calls)
            if page[1] < GOAL and not failed and held == n - 1:
                held = n
            elif not args.all:
                break
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
