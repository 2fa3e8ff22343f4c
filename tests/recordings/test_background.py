"""`ivr serve`'s worker thread: a callback wakes it at once, no polling interval to wait out."""

from __future__ import annotations

import threading

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ivr.recordings.queue import LocalQueue
from ivr.recordings.worker import Worker
from ivr.scripts import DepartmentScript
from ivr.store.db import transaction
from ivr.store.models import Job
from tests.recordings.conftest import post_callback
from tests.recordings.media import Media
from tests.recordings.processes import wait_for


def _states(store: sessionmaker[Session]) -> list[str]:
    with transaction(store) as session:
        return list(session.scalars(select(Job.state)))


def test_a_callback_wakes_the_background_worker(
    client: FlaskClient,
    media: Media,
    worker: Worker,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
) -> None:
    stop = threading.Event()
    # An hour between looks at the table: only the callback's wake-up can start the job.
    thread = threading.Thread(
        target=worker.run_forever, args=(stop,), kwargs={"poll": 3600, "wake": LocalQueue.wake}
    )
    thread.start()
    try:
        url = media.serve("RE" + "a" * 32, call_wav)
        assert post_callback(client, "RE" + "a" * 32, url, heard_script.version).status_code == 204
        wait_for("the woken worker to finish", lambda: _states(store) == ["done"], timeout=120)
    finally:
        stop.set()
        LocalQueue.wake.set()
        thread.join(30)
    assert not thread.is_alive()
