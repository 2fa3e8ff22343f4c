"""How a queued job reaches a worker: on one machine, or through Redis to many.

The job table is the truth either way; the queue only says "job N is waiting". Duplicates are
harmless (a claim on a job someone holds fails) and a lost message is re-sent by the sweeper.

- One machine (no REDIS_URL): workers poll the job table every second; `ivr serve` runs one
  `ivr worker` process beside the web workers, so there is nothing in-process to wake.
- Many machines (REDIS_URL): Huey on Redis carries job ids to `ivr worker` processes anywhere.
  Huey because it is small (one dependency, Redis only), runs tasks in threads of one long-lived
  process, so each worker loads the Vosk model once (RQ forks a process per job and would load it
  for every call), and has periodic tasks for the sweeper; Celery's broker and result-backend
  machinery buys nothing here.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

from huey import RedisHuey, crontab
from redis.exceptions import RedisError
from sqlalchemy.orm import Session, sessionmaker

from ivr.store.db import transaction
from ivr.store.jobs import requeue_stale

log = logging.getLogger(__name__)
# A queued job older than this probably lost its message (Redis restarted, flushed): send again.
RESEND_AFTER = timedelta(minutes=10)


class JobQueue(Protocol):
    def notify(self, job_id: int) -> None: ...


class LocalQueue:
    """Workers poll the job table: the stored job is the message."""

    def notify(self, job_id: int) -> None:
        log.debug("job %d waits in the job table for the next poll", job_id)


class HueyQueue:
    """Job ids on a Huey queue in Redis, named after the database they belong to."""

    def __init__(
        self,
        redis_url: str,
        db_url: str,
        *,
        store: sessionmaker[Session] | None = None,
        handler: Callable[[int], object] | None = None,
    ) -> None:
        name = "ivr-" + hashlib.sha256(db_url.encode()).hexdigest()[:10]
        self.huey = RedisHuey(name, url=redis_url, results=False, blocking=True)
        self.store, self.handler = store, handler
        self._run = self.huey.task(name="run_job")(self._handle)
        self.huey.periodic_task(crontab(minute="*"), name="sweep")(self.sweep)

    def notify(self, job_id: int) -> None:
        try:
            self._run(job_id)
        except RedisError as error:  # the job is stored: the sweeper sends it once Redis is back
            log.warning("could not queue job %d on Redis (%s); it will be re-sent", job_id, error)

    def sweep(self, queued_for: timedelta = RESEND_AFTER) -> list[int]:
        """Send again every job nobody works on; run each minute by the consumer."""
        if self.store is None:
            raise RuntimeError("HueyQueue.sweep needs the store (workers only)")
        with transaction(self.store) as session:
            ids = requeue_stale(session, queued_for=queued_for)
        for job_id in ids:
            self.notify(job_id)
        if ids:
            log.info("re-sent %d waiting jobs", len(ids))
        return ids

    def _handle(self, job_id: int) -> None:
        if self.handler is None:
            raise RuntimeError("HueyQueue has no handler: only `ivr worker` runs jobs")
        self.handler(job_id)


@functools.cache
def queue_for(redis_url: str | None, db_url: str) -> JobQueue:
    """The queue new jobs are announced on, for a process that only produces jobs."""
    return HueyQueue(redis_url, db_url) if redis_url else LocalQueue()
