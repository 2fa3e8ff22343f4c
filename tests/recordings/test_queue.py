"""The Huey queue only announces jobs: a lost message is re-sent, a Redis outage loses nothing."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from ivr.recordings.queue import HueyQueue
from ivr.store import jobs
from ivr.store.db import transaction
from ivr.store.migrate import open_store
from ivr.store.models import Call

REDIS = os.environ.get("IVR_TEST_REDIS_URL")


@pytest.fixture
def store(tmp_path: Path) -> sessionmaker[Session]:
    return open_store(f"sqlite:///{tmp_path / 'queue.db'}")


def _job(store: sessionmaker[Session], n: int) -> int:
    with transaction(store) as session:
        call = Call(
            recording_sid=f"RE{n}",
            call_sid=f"CA{n}",
            kind="call",
            department_id="d",
            recording_status="completed",
            channels=2,
        )
        session.add(call)
        session.flush()
        return jobs.enqueue(session, call.id).id


def test_without_redis_a_job_waits_in_the_table(store: sessionmaker[Session]) -> None:
    queue = HueyQueue("redis://127.0.0.1:9/0", str(store.kw["bind"].url), store=store)
    job_id = _job(store, 1)
    queue.notify(job_id)  # logged, not raised: the callback still answers Twilio
    with transaction(store) as session:
        assert jobs.requeue_stale(session, queued_for=timedelta(0)) == [job_id]


@pytest.mark.skipif(not REDIS, reason="IVR_TEST_REDIS_URL is not set")
def test_the_sweeper_resends_jobs_whose_worker_died(store: sessionmaker[Session]) -> None:
    assert REDIS
    queue = HueyQueue(REDIS, str(store.kw["bind"].url), store=store)
    queue.huey.flush()
    handled: list[int] = []
    queue.handler = handled.append
    dead, waiting = _job(store, 1), _job(store, 2)
    assert jobs.claim(store, "dead", timedelta(seconds=0.2), job_id=dead) == dead
    time.sleep(0.3)
    assert queue.sweep(queued_for=timedelta(minutes=10)) == [dead]  # `waiting` is young
    assert queue.huey.pending_count() == 1
    queue.huey.execute(queue.huey.dequeue())
    assert handled == [dead]
    assert queue.sweep(queued_for=timedelta(0)) == [dead, waiting]
    assert queue.huey.pending_count() == 2
    queue.huey.flush()
