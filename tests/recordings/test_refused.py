"""Callbacks and downloads that must not happen: a RecordingSid that is a path, a RecordingUrl off
Twilio's host, the credentials sent along a redirect off it, a redirect from https down to http, a
200 that is not audio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session, sessionmaker

from ivr.errors import DownloadError
from ivr.recordings.download import redirect_target
from ivr.recordings.pipeline import recording_file
from ivr.recordings.worker import Worker
from ivr.scripts import DepartmentScript
from ivr.settings import Settings
from ivr.store.db import transaction
from ivr.store.jobs import retry
from ivr.store.models import Call
from tests.conftest import TOKEN
from tests.recordings.conftest import SID, count_rows, only_call, post_callback
from tests.recordings.media import Media, media_server


@pytest.fixture
def sink() -> Iterator[Media]:
    """Another host, which would gladly take the credentials."""
    with media_server(SID, TOKEN) as server:
        yield server


def _files(root: Path) -> set[str]:
    return {p.name for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("sid", ["../../../x", "RE../../../../tmp/x", "RE" + "F" * 32, "RE1"])
def test_a_recording_sid_that_is_not_twilios_is_refused_and_writes_nothing(
    client: FlaskClient,
    media: Media,
    worker: Worker,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
    settings: Settings,
    tmp_path: Path,
    sid: str,
) -> None:
    url = media.serve("RE" + "1" * 32, call_wav)
    before = _files(tmp_path.parent)
    answer = post_callback(client, sid, url, heard_script.version)
    assert answer.status_code == 400
    assert "RecordingSid" in answer.get_data(as_text=True)
    assert worker.drain() == 0 and count_rows(store, Call) == 0
    assert media.log == [] and _files(tmp_path.parent) - before <= {"ivr.db-shm", "ivr.db-wal"}


def test_the_kept_file_is_always_inside_the_recordings_folder(settings: Settings) -> None:
    folder = settings.recordings_dir
    assert recording_file(folder, "RE" + "a" * 32).parent == folder.resolve()
    for sid in ("../x", "a/../../b", "/tmp/x", ".."):
        with pytest.raises(DownloadError, match="cannot name a file"):
            recording_file(folder, sid)


def test_a_recording_url_off_twilios_host_is_refused_and_never_fetched(
    client: FlaskClient,
    worker: Worker,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
    sink: Media,
) -> None:
    sid = "RE" + "c" * 32
    url = sink.serve(sid, call_wav)
    answer = post_callback(client, sid, url, heard_script.version)
    assert answer.status_code == 400
    assert "RecordingUrl is not on" in answer.get_data(as_text=True)
    assert worker.drain() == 0 and count_rows(store, Call) == 0
    assert sink.log == []


def test_a_redirect_off_twilios_host_is_followed_without_the_credentials(
    client: FlaskClient,
    media: Media,
    worker: Worker,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
    sink: Media,
    settings: Settings,
) -> None:
    sid = "RE" + "d" * 32
    elsewhere = sink.serve(sid, call_wav)
    url = media.serve(sid, call_wav)
    media.redirects[media.path_of(url) + ".wav"] = elsewhere + ".wav"
    assert post_callback(client, sid, url, heard_script.version).status_code == 204
    assert worker.drain() == 1
    call = only_call(store)
    assert call.job and call.job.state == "failed"
    assert "without the credentials" in (call.job.reason or "")
    # The sink takes these credentials, so a 401 there shows none were sent.
    assert sink.hits(sid) == [401] and media.hits(sid) == [302]
    assert not settings.recordings_dir.exists() or _files(settings.recordings_dir) == set()

    sink.public = True  # what Twilio redirects to: a signed, short-lived URL
    with transaction(store) as session:
        retry(session, call.job.id)
    assert worker.drain() == 1
    call = only_call(store)
    assert call.job and call.job.state == "done" and call.transcript is not None
    assert sink.hits(sid) == [401, 200]


def test_a_redirect_from_https_down_to_http_is_refused() -> None:
    with pytest.raises(DownloadError, match="not https"):
        redirect_target("https://api.twilio.com/r/RE1.wav", "http://media.example/RE1.wav")
    assert redirect_target("https://api.twilio.com/r/RE1.wav", "/s/RE1.wav") == (
        "https://api.twilio.com/s/RE1.wav"
    )


def test_a_download_that_is_not_audio_is_not_kept_and_a_retry_fetches_again(
    client: FlaskClient,
    media: Media,
    worker: Worker,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
    settings: Settings,
) -> None:
    sid = "RE" + "e" * 32
    url = media.serve(sid, b"<html><body>Service unavailable</body></html>")
    media.types[media.path_of(url) + ".wav"] = "text/html"
    post_callback(client, sid, url, heard_script.version)
    assert worker.drain() == 1
    call = only_call(store)
    assert call.job and call.job.state == "failed" and "text/html" in (call.job.reason or "")
    assert call.audio_path is None
    assert not settings.recordings_dir.exists() or _files(settings.recordings_dir) == set()

    media.types.clear()
    media.serve(sid, call_wav)
    with transaction(store) as session:
        retry(session, call.job.id)
    assert worker.drain() == 1
    call = only_call(store)
    assert call.job and call.job.state == "done" and call.transcript is not None
    assert media.hits(sid) == [200, 200]
