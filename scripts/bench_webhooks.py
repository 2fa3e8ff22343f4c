#!/usr/bin/env python3
"""Benchmark: signed POST /voice against a minimal Flask endpoint, both served by the same
gunicorn (the Procfile's config, ivr.gunicorn_conf: 2 threaded workers, here on 127.0.0.1) from
the same app in the same run.

Prints requests/s, p50 and p99 latency for each, and the ratios; exits 1 if a goal is missed
(zero errors, /voice at least half the minimal endpoint's throughput, /voice p99 under 50 ms).

    python scripts/bench_webhooks.py --requests 2000 --concurrency 8
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests
from flask import Flask

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-auth-token-0123456789abcdef"
ROUNDS = 4
AIRLINE = "+864008002002"  # always open: every call gets the greeting and the menu


def bench_app() -> Flask:
    """The product's app (settings from the environment) plus the minimal baseline endpoint."""
    from ivr.app import create_app

    app = create_app()

    @app.post("/bench/minimal")
    def minimal() -> str:
        return "ok"

    return app


@dataclass
class Result:
    name: str
    seconds: float
    latencies: list[float]
    errors: int

    def add(self, other: Result) -> None:
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.errors += other.errors

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, q: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1] * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, data_dir: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "IVR_DATA_DIR": data_dir,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'scripts'}",
    }
    command = [
        sys.executable, "-m", "gunicorn", "-c", "python:ivr.gunicorn_conf",
        "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
        "--log-level", "warning", "bench_webhooks:bench_app()",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            if requests.post(f"{base}/bench/minimal", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 30 s")


def signed_voice(base: str, count: int) -> list[tuple[dict[str, str], dict[str, str]]]:
    """`count` distinct calls with the signatures Twilio would send, computed before timing."""
    from ivr.twilio_auth import sign

    calls = []
    for i in range(count):
        form = {"CallSid": f"CA{i:032d}", "To": AIRLINE, "From": "+8613800138000"}
        calls.append((form, {"X-Twilio-Signature": sign(TOKEN, f"{base}/voice", form)}))
    return calls


def load(
    name: str, send: Callable[[requests.Session, int], bool], count: int, concurrency: int
) -> Result:
    local = threading.local()
    latencies = [0.0] * count
    failures = [0] * count

    def one(i: int) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        start = time.perf_counter()
        ok = send(session, i)
        latencies[i] = time.perf_counter() - start
        failures[i] = 0 if ok else 1

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(count)))
    return Result(name, time.perf_counter() - started, latencies, sum(failures))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint (max 20000)")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    count = min(args.requests, 20000)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    calls = signed_voice(base, count)

    def voice(session: requests.Session, i: int) -> bool:
        form, headers = calls[i]
        reply = session.post(f"{base}/voice", data=form, headers=headers, timeout=10)
        return reply.status_code == 200 and b"<Gather" in reply.content

    def minimal(session: requests.Session, i: int) -> bool:
        form, _ = calls[i]
        reply = session.post(f"{base}/bench/minimal", data=form, timeout=10)
        return reply.status_code == 200 and reply.content == b"ok"

    with tempfile.TemporaryDirectory() as data_dir:
        server = start_gunicorn(port, data_dir)
        try:
            wait_ready(base, server)
            warm = max(100, count // 10)
            warm_errors = load("warm-up", voice, warm, args.concurrency).errors
            load("warm-up", minimal, warm, args.concurrency)
            # Alternating rounds, so a busy neighbour on the machine slows both alike.
            baseline, ours = Result("minimal", 0, [], 0), Result("POST /voice", 0, [], 0)
            for _ in range(ROUNDS):
                baseline.add(load("minimal", minimal, count // ROUNDS, args.concurrency))
                ours.add(load("POST /voice", voice, count // ROUNDS, args.concurrency))
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(
        f"gunicorn 2 workers, {len(ours.latencies)} requests per endpoint in {ROUNDS} alternating "
        f"rounds, concurrency {args.concurrency}, load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    print(f"warm-up /voice errors (fresh workers): {warm_errors}")
    for r in (baseline, ours):
        print(
            f"{r.name:>12}: {r.rps:8.1f} req/s  p50 {r.percentile(50):6.2f} ms  "
            f"p99 {r.percentile(99):6.2f} ms  errors {r.errors}"
        )
    ratio = ours.rps / baseline.rps
    print(f"throughput ratio /voice : minimal = {ratio:.2f}")
    print(f"p99 ratio      /voice : minimal = {ours.percentile(99) / baseline.percentile(99):.2f}")
    goals = {
        "zero errors": baseline.errors == 0 and ours.errors == 0,
        "throughput >= 0.5x minimal": ratio >= 0.5,
        "p99 < 50 ms": ours.percentile(99) < 50,
    }
    for goal, met in goals.items():
        print(f"  {'met ' if met else 'MISSED'} {goal}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
