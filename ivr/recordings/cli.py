"""`ivr worker`, `ivr jobs`, `ivr jobs retry ID` and `ivr import PATH`."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import timedelta
from pathlib import Path

import click
from tqdm import tqdm

from ivr.context import AppContext
from ivr.recordings.importer import (
    department_of,
    find_recordings,
    import_recording,
    read_metadata,
)
from ivr.recordings.queue import HueyQueue, queue_for
from ivr.recordings.worker import Worker, worker_for
from ivr.settings import Settings
from ivr.store import jobs as job_store
from ivr.store.db import transaction
from ivr.store.models import Job

log = logging.getLogger(__name__)


@click.command()
@click.option("--threads", default=1, show_default=True, help="Jobs run at once.")
@click.option(
    "--lease",
    default=60.0,
    show_default=True,
    help="Seconds a job stays claimed without a heartbeat before another worker may take it.",
)
@click.option(
    "--poll",
    default=1.0,
    show_default=True,
    help="Seconds between looks at the job table (without REDIS_URL).",
)
@click.option("--drain", is_flag=True, help="Run the waiting jobs, then exit.")
def worker(threads: int, lease: float, poll: float, drain: bool) -> None:
    """Process recording jobs: from Redis when REDIS_URL is set, else from the job table."""
    context = AppContext.open()
    runner = worker_for(context, lease=timedelta(seconds=lease))
    if drain:
        click.echo(f"ran {runner.drain()} jobs")
    elif context.settings.redis_url:
        _consume(runner, context.settings, threads)
    else:
        _poll(runner, poll, threads)


def _poll(runner: Worker, poll: float, threads: int) -> None:
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    others = [
        threading.Thread(target=runner.run_forever, args=(stop,), kwargs={"poll": poll})
        for _ in range(threads - 1)
    ]
    for thread in others:
        thread.start()
    log.warning("worker %s ready, polling the job table", runner.name)
    runner.run_forever(stop, poll=poll)
    for thread in others:
        thread.join()


def _consume(runner: Worker, settings: Settings, threads: int) -> None:
    assert settings.redis_url
    queue = HueyQueue(
        settings.redis_url, settings.db_url, store=runner.store, handler=runner.run_next
    )
    queue.sweep(queued_for=timedelta(0))  # after a restart, everything waiting gets a message
    log.warning("worker %s ready, consuming from Redis", runner.name)
    queue.huey.create_consumer(workers=threads, worker_type="thread").run()


@click.group(invoke_without_command=True)
@click.option("--state", type=click.Choice(job_store.STATES), help="Only jobs in this state.")
@click.option("--limit", default=50, show_default=True)
@click.pass_context
def jobs(ctx: click.Context, state: str | None, limit: int) -> None:
    """List recording jobs, newest first; `ivr jobs retry ID` re-runs one."""
    if ctx.invoked_subcommand:
        return
    with transaction(AppContext.open().store) as session:
        rows = job_store.list_jobs(session, state=state, limit=limit)
        for job in rows:
            when = job.updated_at.strftime("%Y-%m-%d %H:%M:%S")
            line = f"{job.id:>6}  {job.state:<8} call {job.call_id:<6} tries {job.attempts}  {when}"
            click.echo(line + (f"  {job.reason}" if job.reason else ""))
    if not rows:
        click.echo("no jobs")


@jobs.command()
@click.argument("job_id", type=int)
def retry(job_id: int) -> None:
    """Queue job JOB_ID again (after fixing what made it fail)."""
    context = AppContext.open()
    with transaction(context.store) as session:
        job_store.retry(session, job_id)
    queue_for(context.settings.redis_url, context.settings.db_url).notify(job_id)
    click.echo(f"job {job_id} queued")


@click.command(name="import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--department", help="Department of files without metadata (default: the default department)."
)
@click.option("--queue", "only_queue", is_flag=True, help="Only queue the jobs for the workers.")
def import_(path: Path, department: str | None, only_queue: bool) -> None:
    """Backfill recordings: a folder of audio files, each with an optional NAME.json beside it
    (department, kind, caller, agent, started_at, script_version)."""
    context = AppContext.open()
    settings, scripts, store = context.settings, context.scripts, context.store
    files = find_recordings(path)
    # Every file's metadata and department are checked before anything is stored.
    metadata = [read_metadata(file) for file in files]
    for meta in metadata:
        scripts.get(department_of(meta, department, scripts))
    queue = queue_for(settings.redis_url, settings.db_url)
    job_ids = []
    for file, meta in tqdm(list(zip(files, metadata, strict=True)), desc="import", unit="file"):
        ingested = import_recording(
            store, scripts, file, meta, department=department, settings=settings
        )
        if ingested.created and ingested.job_id is not None:
            job_ids.append(ingested.job_id)
            if only_queue:
                queue.notify(ingested.job_id)
    click.echo(f"{len(files)} files, {len(job_ids)} new calls")
    if only_queue or not job_ids:
        return
    runner = worker_for(context)
    for job_id in tqdm(job_ids, desc="process", unit="call"):
        runner.run_next(job_id)
    with transaction(store) as session:
        ran = [session.get_one(Job, job_id) for job_id in job_ids]
    for job in ran:
        if job.state == job_store.FAILED:
            click.echo(f"job {job.id} failed: {job.reason}", err=True)
