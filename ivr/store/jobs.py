"""The job table as the queue's source of truth: claim with a lease, keep it alive, finish.

A worker owns a job while its lease runs; it renews the lease with heartbeats. A worker that is
killed stops renewing, the lease expires, and the next worker to look claims the job again. Claims
are one conditional UPDATE, so two workers (threads, processes or machines) never both win, on
SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from ivr.errors import IvrError, NotFoundError
from ivr.store.db import transaction
from ivr.store.models import Job, utcnow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATES = (QUEUED, RUNNING, DONE, FAILED)
WORKER_LOST = "WorkerLost"  # the error kind of a job whose worker kept dying


def _claimable() -> ColumnElement[bool]:
    return or_(Job.state == QUEUED, and_(Job.state == RUNNING, Job.lease_until < utcnow()))


def enqueue(session: Session, call_id: int) -> Job:
    job = Job(call_id=call_id, state=QUEUED, attempts=0)
    session.add(job)
    session.flush()
    return job


def claim(
    store: sessionmaker[Session],
    worker: str,
    lease: timedelta,
    *,
    job_id: int | None = None,
    max_attempts: int = 3,
) -> int | None:
    """Take the oldest claimable job (or `job_id` only), or None when there is none."""
    query = select(Job.id, Job.attempts).where(_claimable()).order_by(Job.id).limit(8)
    if job_id is not None:
        query = query.where(Job.id == job_id)
    with transaction(store) as session:
        candidates = session.execute(query).all()
    for candidate_id, attempts in candidates:
        if attempts >= max_attempts:
            _give_up(store, candidate_id, attempts)
            continue
        now = utcnow()
        with transaction(store) as session:
            taken = session.execute(
                update(Job)
                # The attempts may have changed since the look above (a retry, another claim).
                .where(Job.id == candidate_id, _claimable(), Job.attempts < max_attempts)
                .values(
                    state=RUNNING,
                    worker=worker,
                    lease_until=now + lease,
                    attempts=Job.attempts + 1,
                    reason=None,
                    updated_at=now,
                )
            )
        if taken.rowcount == 1:
            return candidate_id
    return None


def _give_up(store: sessionmaker[Session], job_id: int, attempts: int) -> None:
    """A job whose worker died `attempts` times is likely what kills it: stop retrying it."""
    reason = (
        f"the worker stopped during this job {attempts} times (killed, out of memory or crashed); "
        "check the worker logs, then `ivr jobs retry ID`"
    )
    with transaction(store) as session:
        session.execute(
            update(Job)
            # Unchanged since the claim looked: not a job `ivr jobs retry` has just reset.
            .where(Job.id == job_id, _claimable(), Job.attempts == attempts)
            .values(
                state=FAILED,
                reason=reason,
                error_kind=WORKER_LOST,
                lease_until=None,
                updated_at=utcnow(),
            )
        )


def _owned(job_id: int, worker: str) -> ColumnElement[bool]:
    return and_(Job.id == job_id, Job.worker == worker, Job.state == RUNNING)


def heartbeat(store: sessionmaker[Session], job_id: int, worker: str, lease: timedelta) -> bool:
    """Extend the lease; False if the job is no longer this worker's."""
    now = utcnow()
    with transaction(store) as session:
        result = session.execute(
            update(Job)
            .where(_owned(job_id, worker))
            .values(lease_until=now + lease, updated_at=now)
        )
    return result.rowcount == 1


def finish(
    store: sessionmaker[Session],
    job_id: int,
    worker: str,
    *,
    reason: str | None = None,
    kind: str | None = None,
) -> bool:
    """Mark the job done (or failed when `reason` is given, `kind` naming the error's class);
    False if it was no longer ours."""
    now = utcnow()
    with transaction(store) as session:
        result = session.execute(
            update(Job)
            .where(_owned(job_id, worker))
            .values(
                state=FAILED if reason else DONE,
                reason=reason,
                error_kind=kind if reason else None,
                lease_until=None,
                finished_at=now,
                updated_at=now,
            )
        )
    return result.rowcount == 1


def retry(session: Session, job_id: int) -> Job:
    """Queue a finished or failed job again."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFoundError(f"no job {job_id}; `ivr jobs` lists them")
    if job.state in (QUEUED, RUNNING):
        raise IvrError(f"job {job_id} is already {job.state}; it will run without a retry")
    job.state, job.reason, job.error_kind = QUEUED, None, None
    job.attempts, job.updated_at = 0, utcnow()
    return job


def list_jobs(session: Session, *, state: str | None = None, limit: int = 50) -> list[Job]:
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if state:
        query = query.where(Job.state == state)
    return list(session.scalars(query))


def requeue_stale(session: Session, *, queued_for: timedelta) -> list[int]:
    """Jobs nobody is working on, marked as just queued: those whose worker died (expired lease)
    and those queued longer than `queued_for` (their queue message may be lost)."""
    now = utcnow()
    stale = or_(
        and_(Job.state == QUEUED, Job.updated_at <= now - queued_for),
        and_(Job.state == RUNNING, Job.lease_until < now),
    )
    ids = list(session.scalars(select(Job.id).where(stale).order_by(Job.id)))
    if ids:
        session.execute(
            update(Job).where(Job.id.in_(ids), stale).values(state=QUEUED, updated_at=now)
        )
    return ids
