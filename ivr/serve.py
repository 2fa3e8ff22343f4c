"""`ivr serve`: the whole product on one machine, on its embedded defaults."""

from __future__ import annotations

import threading

import click

from ivr.app import create_app
from ivr.context import AppContext


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Process recording jobs in a background thread (off when `ivr worker`s do it).",
)
def serve(host: str, port: int, worker: bool) -> None:
    """Run the webhooks and pages with the built-in server (production: Procfile)."""
    app = create_app()
    if worker:
        _start_worker(app.extensions["ivr"])
    app.run(host=host, port=port, threaded=True)


def _start_worker(context: AppContext) -> None:
    from ivr.recordings.queue import LocalQueue
    from ivr.recordings.worker import worker_for

    runner = worker_for(context)
    # The job table is polled even with REDIS_URL set: a claim is atomic, so this thread and
    # `ivr worker` processes on other machines never run the same job twice.
    thread = threading.Thread(
        target=runner.run_forever,
        args=(threading.Event(),),
        kwargs={"wake": LocalQueue.wake},
        name="ivr-worker",
        daemon=True,
    )
    thread.start()
