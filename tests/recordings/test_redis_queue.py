"""Scale-out: Huey on a real redis-server carries jobs to two worker processes."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ivr.app import create_app
from ivr.scripts import DepartmentScript
from ivr.settings import Settings
from ivr.store.db import transaction
from ivr.store.models import Job, TranscriptRow
from tests.recordings.conftest import post_callback
from tests.recordings.media import Media
from tests.recordings.processes import start_worker, stop, wait_for, worker_env

REDIS = os.environ.get("IVR_TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(
    not REDIS, reason="IVR_TEST_REDIS_URL is not set (scripts/test.sh starts redis-server)"
)
CALLS = 4


def _jobs(store: sessionmaker[Session]) -> list[Job]:
    with transaction(store) as session:
        return list(session.scalars(select(Job).order_by(Job.id)))


def test_two_workers_share_one_redis_queue_and_run_each_job_once(
    settings: Settings,
    media: Media,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
    tmp_path: Path,
) -> None:
    assert REDIS
    redis_settings = settings.model_copy(update={"redis_url": REDIS})
    app: Flask = create_app(redis_settings)
    client = app.test_client()
    env = worker_env(settings, REDIS)
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    workers = [start_worker(env, log, "--threads", "1") for log in logs]
    try:
        wait_for("both workers", lambda: all("ready" in log.read_text() for log in logs))
        for n in range(CALLS):
            sid = f"RE{n:032d}"
            response = post_callback(client, sid, media.serve(sid, call_wav), heard_script.version)
            assert response.status_code == 204
        wait_for(
            "every job to be done",
            lambda: [j.state for j in _jobs(store)] == ["done"] * CALLS,
            timeout=180,
        )
    finally:
        for worker in workers:
            stop(worker)
    jobs = _jobs(store)
    assert [j.attempts for j in jobs] == [1] * CALLS
    hostname = socket.gethostname()
    assert {j.worker for j in jobs} == {f"{hostname}:{w.pid}" for w in workers}
    with transaction(store) as session:
        assert len(session.scalars(select(TranscriptRow)).all()) == CALLS
    assert all(media.hits(f"RE{n:032d}") == [200] for n in range(CALLS))
