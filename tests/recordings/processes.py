"""`ivr worker` as real subprocesses, configured through the environment like in production."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ivr.settings import Settings

WORKER = [sys.executable, "-c", "from ivr.cli import cli; cli()", "worker"]


def worker_env(settings: Settings, redis_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DATABASE_URL=settings.db_url,
        IVR_DATA_DIR=str(settings.data_dir),
        TWILIO_ACCOUNT_SID=settings.twilio_account_sid,
        TWILIO_AUTH_TOKEN=settings.twilio_auth_token,
        VOSK_MODEL_ZH=settings.vosk_model_zh,
        IVR_MEDIA_ORIGINS=settings.media_origins,
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def start_worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    """A worker process; its log (stderr) goes to `log`. Runs outside the repo: no `.env`."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [*WORKER, *args], env=env, cwd=log.parent, stdout=out, stderr=subprocess.STDOUT
        )


def wait_for(what: str, check: Callable[[], bool], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
