"""The worker: claims jobs from the job table, runs the pipeline, records done or failed.

While it runs a job, a heartbeat thread renews the job's lease. If the process dies, the lease
runs out and the job is claimed again by the next worker that looks: nothing is lost.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ivr.context import AppContext
from ivr.errors import IvrError
from ivr.recordings.pipeline import Pipeline
from ivr.store import jobs
from ivr.store.calls import remember_script
from ivr.store.db import transaction
from ivr.store.models import Job

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Worker:
    store: sessionmaker[Session]
    process: Callable[[int], None]  # call id -> the call is stored and scored (Pipeline.process)
    lease: timedelta = timedelta(seconds=60)
    max_attempts: int = 3
    name: str = field(default_factory=worker_name)

    def run_next(self, job_id: int | None = None) -> int | None:
        """Claim and run one job (the oldest, or `job_id` if still claimable); its id or None."""
        claimed = jobs.claim(
            self.store, self.name, self.lease, job_id=job_id, max_attempts=self.max_attempts
        )
        if claimed is None:
            return None
        with transaction(self.store) as session:
            call_id = session.get_one(Job, claimed).call_id
        log.info("%s runs job %d (call %d)", self.name, claimed, call_id)
        reason = kind = None
        with self._heartbeat(claimed):
            try:
                self.process(call_id)
            except IvrError as error:
                reason, kind = str(error), type(error).__name__
            except Exception as error:  # a bug: keep the worker alive, keep the reason, log it
                log.exception("job %d failed unexpectedly", claimed)
                reason = f"unexpected {type(error).__name__}: {error} (see the worker log)"
                kind = "Exception"
        if not jobs.finish(self.store, claimed, self.name, reason=reason, kind=kind):
            log.warning(
                "job %d is no longer this worker's (its lease ran out and the job was taken "
                "again); the other run stores the call again, replacing this run's result",
                claimed,
            )
        elif reason:
            log.warning("job %d failed: %s", claimed, reason)
        return claimed

    def drain(self) -> int:
        """Run jobs until none is left to claim; how many ran."""
        count = 0
        while self.run_next() is not None:
            count += 1
        return count

    def run_forever(self, stop: threading.Event, *, poll: float = 1.0) -> None:
        """Poll the job table until `stop` is set."""
        log.info("%s polls for jobs every %.1fs", self.name, poll)
        while not stop.is_set():
            try:
                if self.run_next() is not None:
                    continue
            except SQLAlchemyError as error:  # the database is away: its jobs wait there for us
                log.warning("%s cannot reach the job table: %s", self.name, error)
            stop.wait(poll)

    @contextmanager
    def _heartbeat(self, job_id: int) -> Iterator[None]:
        done = threading.Event()
        interval = self.lease.total_seconds() / 3

        def beat() -> None:
            while not done.wait(interval):
                try:
                    kept = jobs.heartbeat(self.store, job_id, self.name, self.lease)
                except SQLAlchemyError as error:  # a busy or restarting database: try again
                    log.warning("heartbeat of job %d failed: %s", job_id, error)
                    continue
                if not kept:
                    log.warning("lost the lease of job %d", job_id)
                    return

        thread = threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()


def worker_for(context: AppContext, *, lease: timedelta = timedelta(seconds=60)) -> Worker:
    """A worker running the recording pipeline on the context's database.

    Workers start with each deploy, so they keep every live script version at start: a call that
    hears a version is checked against it even if the file changes before its recording arrives.
    """
    with transaction(context.store) as session:
        for script in context.scripts.all():
            remember_script(session, script)
    pipeline = Pipeline(settings=context.settings, scripts=context.scripts, store=context.store)
    return Worker(store=context.store, process=pipeline.process, lease=lease)
