"""The job table as a queue: exclusive claims, leases that expire, retries."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from ivr.errors import IvrError, NotFoundError
from ivr.store import jobs
from ivr.store.db import transaction
from ivr.store.models import Call, Job

LEASE = timedelta(seconds=30)


def _calls_with_jobs(store: sessionmaker[Session], count: int) -> list[int]:
    ids = []
    with transaction(store) as session:
        for n in range(count):
            call = Call(
                recording_sid=f"RE{n:032d}",
                call_sid=f"CA{n:032d}",
                kind="call",
                department_id="d",
                recording_status="completed",
                channels=2,
            )
            session.add(call)
            session.flush()
            ids.append(jobs.enqueue(session, call.id).id)
    return ids


def _job(store: sessionmaker[Session], job_id: int) -> Job:
    with transaction(store) as session:
        return session.get_one(Job, job_id)


def test_each_job_is_claimed_by_exactly_one_of_many_workers(store: sessionmaker[Session]) -> None:
    ids = _calls_with_jobs(store, 12)

    def work(name: str) -> list[int]:
        claimed = []
        while (job_id := jobs.claim(store, name, LEASE)) is not None:
            claimed.append(job_id)
        return claimed

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, ["w1", "w2", "w3", "w4"]))
    claimed = [job_id for result in results for job_id in result]
    assert sorted(claimed) == ids
    assert {_job(store, i).attempts for i in ids} == {1}


def test_a_running_job_is_not_claimed_again_until_its_lease_expires(
    store: sessionmaker[Session],
) -> None:
    [job_id] = _calls_with_jobs(store, 1)
    assert jobs.claim(store, "dead", timedelta(seconds=0.5)) == job_id
    assert jobs.claim(store, "other", LEASE) is None
    time.sleep(0.6)
    assert jobs.claim(store, "other", LEASE) == job_id
    # The dead worker's late result no longer counts; the new owner's does.
    assert not jobs.finish(store, job_id, "dead")
    assert jobs.finish(store, job_id, "other")
    job = _job(store, job_id)
    assert (job.state, job.attempts, job.worker) == ("done", 2, "other")


def test_a_heartbeat_keeps_the_job(store: sessionmaker[Session]) -> None:
    [job_id] = _calls_with_jobs(store, 1)
    lease = timedelta(seconds=0.6)
    assert jobs.claim(store, "alive", lease) == job_id
    for _ in range(3):
        time.sleep(0.3)
        assert jobs.heartbeat(store, job_id, "alive", lease)
        assert jobs.claim(store, "other", LEASE) is None


def test_a_job_that_kills_its_workers_is_given_up(store: sessionmaker[Session]) -> None:
    [job_id] = _calls_with_jobs(store, 1)
    short = timedelta(seconds=0.2)
    for _ in range(2):
        assert jobs.claim(store, "w", short, max_attempts=2) == job_id
        time.sleep(0.3)
    assert jobs.claim(store, "w", short, max_attempts=2) is None
    job = _job(store, job_id)
    assert job.state == "failed"
    assert "stopped during this job 2 times" in (job.reason or "")


def test_failed_jobs_keep_their_reason_and_can_be_retried(store: sessionmaker[Session]) -> None:
    [job_id] = _calls_with_jobs(store, 1)
    jobs.claim(store, "w", LEASE)
    assert jobs.finish(store, job_id, "w", reason="audio: not a WAV file")
    assert _job(store, job_id).reason == "audio: not a WAV file"
    with transaction(store) as session:
        jobs.retry(session, job_id)
    job = _job(store, job_id)
    assert (job.state, job.reason, job.attempts) == ("queued", None, 0)
    assert jobs.claim(store, "w", LEASE) == job_id
    with transaction(store) as session, pytest.raises(IvrError, match="already running"):
        jobs.retry(session, job_id)
    with transaction(store) as session, pytest.raises(NotFoundError, match="no job 999"):
        jobs.retry(session, 999)


def test_requeue_stale_finds_dead_workers_and_old_queued_jobs(
    store: sessionmaker[Session],
) -> None:
    running, queued = _calls_with_jobs(store, 2)
    # A lease long enough that a busy machine still looks before it runs out.
    assert jobs.claim(store, "dead", timedelta(seconds=2), job_id=running) == running
    with transaction(store) as session:
        assert jobs.requeue_stale(session, queued_for=timedelta(minutes=5)) == []
    time.sleep(2.1)
    with transaction(store) as session:
        assert jobs.requeue_stale(session, queued_for=timedelta(minutes=5)) == [running]
    with transaction(store) as session:
        assert jobs.requeue_stale(session, queued_for=timedelta(0)) == [running, queued]
    assert _job(store, running).state == "queued"


def test_a_retry_between_look_and_give_up_is_not_undone(store: sessionmaker[Session]) -> None:
    [job_id] = _calls_with_jobs(store, 1)
    short = timedelta(seconds=0.2)
    assert jobs.claim(store, "w", short, max_attempts=1) == job_id
    time.sleep(0.3)
    # Two workers look at the dead worker's job; one gives it up, an admin retries it, and
    # then the other, late, gives it up too: the retry must stand.
    assert jobs.claim(store, "w", short, max_attempts=1) is None
    assert _job(store, job_id).state == "failed"
    with transaction(store) as session:
        jobs.retry(session, job_id)
    jobs._give_up(store, job_id, attempts=1)
    assert _job(store, job_id).state == "queued"
    assert jobs.claim(store, "w", LEASE, max_attempts=1) == job_id
