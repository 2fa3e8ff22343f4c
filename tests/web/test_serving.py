"""The production path: the Procfile's gunicorn (two workers) and `ivr serve`, as real processes
configured through the environment, with no SECRET_KEY set."""

from __future__ import annotations

import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import requests

from ivr.store.db import transaction
from ivr.store.migrate import open_store
from ivr.store.users import add_user
from tests.web.conftest import ADMIN

ROOT = Path(__file__).resolve().parents[2]


def procfile_web() -> str:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return next(line.split(":", 1)[1].strip() for line in lines if line.startswith("web:"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(data: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env.update(IVR_DATA_DIR=str(data), PORT=str(port), REDIS_URL="")
    env.pop("REDIS_URL")
    return env


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            requests.get(url + "/login", timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError(f"not serving after 60 s:\n{log.read_text()}")


@contextmanager
def running(command: list[str], env: dict[str, str], cwd: Path, url: str) -> Iterator[Path]:
    """The command in its own process group, until it is stopped like a platform stops it."""
    log = cwd / f"serve-{time.monotonic_ns()}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_up(url, process, log)
        yield log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def seeded_data(tmp_path: Path) -> Path:
    data = tmp_path / "var"
    with transaction(open_store(f"sqlite:///{data / 'ivr.db'}")) as session:
        add_user(session, *ADMIN, role="admin")
    return data


def log_in(session: requests.Session, url: str) -> None:
    page = session.get(url + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, page
    answer = session.post(
        url + "/login",
        data={"username": ADMIN[0], "password": ADMIN[1], "csrf_token": token.group(1)},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text


def pages_kept(session: requests.Session, url: str, count: int) -> list[int]:
    """Status of each page load, four at a time on new connections (so both workers answer)."""

    def load(_: int) -> int:
        headers = {"Connection": "close"}
        return session.get(
            url + "/calls", allow_redirects=False, timeout=30, headers=headers
        ).status_code

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(load, range(count)))


def test_the_procfile_keeps_a_login_across_workers_and_restarts(tmp_path: Path) -> None:
    data = seeded_data(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = ["bash", "-c", f"exec {procfile_web()}"]
    env = environment(data, port)
    browser = requests.Session()
    with running(command, env, tmp_path, url) as log:
        log_in(browser, url)
        statuses = pages_kept(browser, url, 40)
        time.sleep(0.5)
        pids = set(re.findall(r'"GET /calls HTTP/1.1" \d+ .* pid <(\d+)>', log.read_text()))
    assert statuses == [200] * 40
    assert len(pids) == 2, f"the 40 loads were answered by {pids}: want both workers"
    key = data / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with running(command, env, tmp_path, url):
        assert pages_kept(browser, url, 5) == [200] * 5  # a restart logs nobody out
    assert "SECRET_KEY" in (ROOT / "README.md").read_text()


def test_ivr_serve_is_gunicorn_with_one_recording_worker_beside_it(tmp_path: Path) -> None:
    data = seeded_data(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", "from ivr.cli import cli; cli()", "serve", "--port", str(port)]
    with running(command, environment(data, port), tmp_path, url) as log:
        browser = requests.Session()
        log_in(browser, url)
        assert pages_kept(browser, url, 10) == [200] * 10
        answer = requests.get(url + "/login", timeout=10)
        assert answer.headers["Server"].startswith("gunicorn")
        text = log.read_text()
        assert "development server" not in text
        assert len(set(re.findall(r"Booting worker with pid: (\d+)", text))) == 2
        deadline = time.monotonic() + 30
        while "ready, polling the job table" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        time.sleep(1)
        assert log.read_text().count("ready, polling the job table") == 1
        first = re.findall(r"worker \S+:(\d+) ready", log.read_text())
        os.kill(int(first[0]), signal.SIGKILL)  # as the OOM killer would
        deadline = time.monotonic() + 90  # a loaded machine boots a worker slowly
        while log.read_text().count("ready, polling the job table") < 2:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert "recording worker exited; restarting" in log.read_text()
        second = re.findall(r"worker \S+:(\d+) ready", log.read_text())[1]
        assert second != first[0]
