"""`ivr serve`: the whole product on one machine, served the way the Procfile serves it.

gunicorn (config `ivr.gunicorn_conf`) serves the app; one `ivr worker` process runs beside it,
started, restarted when it dies, and stopped by this command. It is not a thread of a gunicorn
worker: those are forked, several at once, and replaced when they die, which would make one
recording worker per web worker and kill a job with the web worker that ran it.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask
from gunicorn.app.base import BaseApplication

from ivr import gunicorn_conf

log = logging.getLogger(__name__)
WORKER = [sys.executable, "-c", "from ivr.cli import cli; cli()", "worker"]
# Seconds before a dead worker is started again; doubled while it dies within STABLE_AFTER.
RESTART_PAUSE, MAX_RESTART_PAUSE, STABLE_AFTER = 1.0, 60.0, 60.0


class Server(BaseApplication):  # type: ignore[misc]
    """gunicorn embedded, configured by `ivr.gunicorn_conf` plus the command's options."""

    def __init__(self, options: dict[str, object]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        settings = {
            name: value for name, value in vars(gunicorn_conf).items() if name in self.cfg.settings
        }
        for name, value in {**settings, **self.options}.items():
            self.cfg.set(name, value)

    def load(self) -> Flask:
        from ivr.app import create_app

        return create_app()


class Supervisor:
    """Keeps one `ivr worker` process running: one that dies (a crash, the kernel's OOM killer)
    is started again, after a pause that doubles while it keeps dying soon after start, so a
    worker that cannot boot does not spin."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.stopping = threading.Event()
        self.process = self._start()
        self.thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)
        self.thread.start()

    def _start(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(self.command)
        log.info("recording worker started (pid %d)", process.pid)
        return process

    def _watch(self) -> None:
        pause = RESTART_PAUSE
        while True:
            started = time.monotonic()
            # gunicorn's arbiter, in this process, reaps every child that exits, so the code
            # wait() reports may be 0 whatever ended the worker: it is not logged.
            self.process.wait()
            if self.stopping.is_set():
                return
            pause = RESTART_PAUSE if time.monotonic() - started > STABLE_AFTER else pause * 2
            pause = min(pause, MAX_RESTART_PAUSE)
            log.error("recording worker exited; restarting in %.0f s", pause)
            if self.stopping.wait(pause):
                return
            self.process = self._start()

    def stop(self) -> None:
        self.stopping.set()
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.thread.join(5)


@contextmanager
def recording_worker(enabled: bool) -> Iterator[None]:
    """One `ivr worker` process, kept running for as long as the block runs."""
    if not enabled:
        yield
        return
    supervisor = Supervisor(WORKER)
    try:
        yield
    finally:
        supervisor.stop()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=gunicorn_conf.workers,
    show_default=True,
    help="Web worker processes.",
)
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Run an `ivr worker` process for recording jobs beside the web server.",
)
def serve(host: str, port: int, workers: int, worker: bool) -> None:
    """Serve the webhooks and pages with gunicorn, and process recordings beside them."""
    from ivr.scripts import load_script_book
    from ivr.settings import load_settings
    from ivr.store.migrate import upgrade_db

    # Checked here, before gunicorn forks: a bad setting or script file is one clear error, not
    # a worker that fails to boot. Nothing opened here is kept for the forked workers.
    settings = load_settings()
    load_script_book(settings.scripts_path)
    upgrade_db(settings.db_url)
    settings.session_secret()
    with recording_worker(worker):
        Server({"bind": f"{host}:{port}", "workers": workers}).run()
