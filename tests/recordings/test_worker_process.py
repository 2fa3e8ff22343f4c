"""A worker process killed in the middle of a job loses nothing: another runs the job, once."""

from __future__ import annotations

import signal
import socket
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ivr.scripts import DepartmentScript
from ivr.settings import Settings
from ivr.store.db import transaction
from ivr.store.models import Call, FindingRow, Job, TranscriptRow
from tests.recordings.conftest import count_rows, post_callback
from tests.recordings.media import Media
from tests.recordings.processes import start_worker, stop, wait_for, worker_env

SID = "RE" + "9" * 32


def _job(store: sessionmaker[Session]) -> Job:
    with transaction(store) as session:
        return session.scalars(select(Job)).one()


def test_a_worker_killed_mid_job_loses_nothing_and_the_job_runs_once_more(
    client: FlaskClient,
    media: Media,
    store: sessionmaker[Session],
    settings: Settings,
    call_wav: bytes,
    heard_script: DepartmentScript,
    tmp_path: Path,
) -> None:
    # The first download hangs: the first worker is caught in the middle of the job.
    url = media.serve(SID, call_wav, "hold")
    assert post_callback(client, SID, url, heard_script.version).status_code == 204
    env = worker_env(settings)
    first = start_worker(env, tmp_path / "first.log", "--lease", "2", "--poll", "0.2")
    try:
        wait_for("the first worker to start the download", media.held.is_set)
        job = _job(store)
        assert (job.state, job.attempts, job.worker) == (
            "running",
            1,
            f"{socket.gethostname()}:{first.pid}",
        )
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        stop(first)
    media.release.set()

    second = start_worker(env, tmp_path / "second.log", "--lease", "2", "--poll", "0.2")
    try:
        wait_for("the job to be done again", lambda: _job(store).state == "done", timeout=120)
    finally:
        stop(second)
    job = _job(store)
    assert (job.attempts, job.worker, job.reason) == (
        2,
        f"{socket.gethostname()}:{second.pid}",
        None,
    )
    assert (count_rows(store, Call), count_rows(store, TranscriptRow)) == (1, 1)
    with transaction(store) as session:
        call = session.scalars(select(Call)).one()
        assert call.review is not None
        assert count_rows(store, FindingRow) == len(call.review["findings"])
    assert len(media.hits(SID)) == 2  # held (killed), then served
