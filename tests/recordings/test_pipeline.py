"""From a signed Twilio callback to a stored, scored call: real HTTP, real Vosk, real checker."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ivr.recordings.worker import Worker
from ivr.review import check_call
from ivr.scripts import DepartmentScript, ScriptBook
from ivr.settings import Settings
from ivr.store.calls import get_call, transcript_of
from ivr.store.db import transaction
from ivr.store.jobs import retry
from ivr.store.models import Call, Job
from tests.recordings.conftest import (
    DEPARTMENT,
    callback_path,
    count_rows,
    only_call,
    post_callback,
)
from tests.recordings.media import Media

HANGUL = re.compile("[\uac00-\ud7a3]")


def test_a_signed_callback_ends_as_a_stored_scored_call(
    client: FlaskClient,
    media: Media,
    worker: Worker,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
    live_book: ScriptBook,
    settings: Settings,
) -> None:
    # Twilio's media URL times out once, then fails once, then serves the recording.
    url = media.serve("RE" + "1" * 32, call_wav, "slow", "503")
    response = post_callback(client, "RE" + "1" * 32, url, heard_script.version)
    assert response.status_code == 204
    assert worker.drain() == 1

    call = only_call(store)
    assert call.job is not None and (call.job.state, call.job.reason) == ("done", None)
    assert (call.department_id, call.kind, call.channels, call.queue_wait) == (
        DEPARTMENT,
        "call",
        2,
        42.0,
    )
    assert call.started_at is not None and call.started_at.isoformat().startswith(
        "2026-11-02T09:30"
    )
    assert sorted(media.hits("RE" + "1" * 32)) == [-1, 200, 503]  # timed out, 503, served
    assert call.audio_path and Path(call.audio_path).read_bytes() == call_wav
    assert Path(call.audio_path).parent == settings.recordings_dir

    transcript = transcript_of(call)
    assert transcript is not None
    # Caller on channel 1 from 1.0 s, agent on channel 2 from 4.5 s, in Hangul.
    caller, agent = transcript.by("caller"), transcript.by("agent")
    assert caller and agent and len(transcript.utterances) == len(caller) + len(agent)
    assert 0.7 <= caller[0].start <= 1.5 and 4.2 <= agent[0].start <= 5.0
    assert all(HANGUL.search(u.text) for u in transcript.utterances)

    # Checked against the version the caller heard, not the live one (which would fail it).
    assert live_book.get(DEPARTMENT).version != heard_script.version
    assert call.checked_version == heard_script.version
    statuses = {f.rule: f.status for f in call.findings}
    assert "greeting" not in statuses and "closing" in statuses
    assert check_call(transcript, live_book.get(DEPARTMENT)).finding("greeting").status == "fail"
    assert call.review is not None and call.score == call.review["score"]
    assert len(call.findings) == len(call.review["findings"]) >= 5


def test_duplicate_callbacks_store_one_call_and_one_job(
    client: FlaskClient,
    media: Media,
    worker: Worker,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
) -> None:
    url = media.serve("RE" + "2" * 32, call_wav)
    for _ in range(3):
        assert post_callback(client, "RE" + "2" * 32, url, heard_script.version).status_code == 204
    assert (count_rows(store, Call), count_rows(store, Job)) == (1, 1)
    assert worker.drain() == 1
    assert post_callback(client, "RE" + "2" * 32, url, heard_script.version).status_code == 204
    assert worker.drain() == 0
    assert only_call(store).job.attempts == 1  # type: ignore[union-attr]
    assert media.hits("RE" + "2" * 32) == [200]


def test_unsigned_or_incomplete_callbacks_store_nothing(
    client: FlaskClient, store: sessionmaker[Session], heard_script: DepartmentScript
) -> None:
    forged = client.post(
        callback_path(heard_script.version),
        data={"RecordingSid": "RE1", "CallSid": "CA1", "RecordingStatus": "completed"},
        headers={"X-Twilio-Signature": "forged"},
    )
    assert forged.status_code == 403
    missing = post_callback(client, "RE" + "3" * 32, None, heard_script.version, RecordingSid="")
    assert missing.status_code == 400
    assert "RecordingSid" in missing.get_data(as_text=True)
    assert count_rows(store, Call) == 0


def test_an_absent_recording_is_stored_with_its_reason_and_no_job(
    client: FlaskClient, store: sessionmaker[Session], heard_script: DepartmentScript
) -> None:
    response = post_callback(
        client, "RE" + "4" * 32, None, heard_script.version, status="absent", ErrorCode="16102"
    )
    assert response.status_code == 204
    call = only_call(store)
    assert call.recording_status == "absent" and call.job is None
    assert call.absent_reason and "16102" in call.absent_reason and "silent" in call.absent_reason


def test_a_voicemail_takes_the_same_path_on_one_channel(
    client: FlaskClient,
    media: Media,
    worker: Worker,
    store: sessionmaker[Session],
    voicemail_wav: bytes,
    heard_script: DepartmentScript,
) -> None:
    url = media.serve("RE" + "5" * 32, voicemail_wav)
    response = post_callback(
        client, "RE" + "5" * 32, url, heard_script.version, kind="voicemail", channels="1"
    )
    assert response.status_code == 204
    assert worker.drain() == 1
    call = only_call(store)
    transcript = transcript_of(call)
    assert call.kind == "voicemail" and call.job and call.job.state == "done"
    assert transcript is not None and {u.speaker for u in transcript.utterances} == {"caller"}
    assert 0.2 <= transcript.utterances[0].start <= 1.0
    assert HANGUL.search(transcript.utterances[0].text)
    assert call.review is None and call.findings == []  # no agent to check


def test_corrupt_audio_fails_its_job_with_the_reason_and_loses_nothing_else(
    client: FlaskClient,
    media: Media,
    worker: Worker,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
    settings: Settings,
) -> None:
    corrupt = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00garbage" * 50
    bad = media.serve("RE" + "6" * 32, corrupt)
    good = media.serve("RE" + "7" * 32, call_wav)
    post_callback(client, "RE" + "6" * 32, bad, heard_script.version)
    post_callback(client, "RE" + "7" * 32, good, heard_script.version)
    assert worker.drain() == 2
    with transaction(store) as session:
        ids = {
            sid: call_id for call_id, sid in session.execute(select(Call.id, Call.recording_sid))
        }
        by_sid = {sid: get_call(session, call_id) for sid, call_id in ids.items()}
    failed, done = by_sid["RE" + "6" * 32], by_sid["RE" + "7" * 32]
    assert failed.job and failed.job.state == "failed"
    assert "not a whole recording ffmpeg can read" in (failed.job.reason or "")
    assert failed.audio_path is None  # nothing kept: a retry fetches it again
    assert [p.name for p in settings.recordings_dir.iterdir()] == [f"{'RE' + '7' * 32}.wav"]
    assert failed.transcript is None and failed.review is None
    assert done.job and done.job.state == "done" and done.transcript is not None


def test_wrong_twilio_credentials_fail_the_job_naming_the_settings(
    client: FlaskClient,
    media: Media,
    worker: Worker,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
) -> None:
    media.password = "not-the-token"
    url = media.serve("RE" + "8" * 32, call_wav)
    post_callback(client, "RE" + "8" * 32, url, heard_script.version)
    assert worker.drain() == 1
    job = only_call(store).job
    assert job and job.state == "failed" and "TWILIO_AUTH_TOKEN" in (job.reason or "")


def test_a_missing_recording_fails_its_job_and_a_retry_fetches_it_later(
    client: FlaskClient,
    media: Media,
    worker: Worker,
    store: sessionmaker[Session],
    call_wav: bytes,
    heard_script: DepartmentScript,
) -> None:
    sid = "RE" + "b" * 32
    post_callback(client, sid, media.recording_url(sid), heard_script.version)
    assert worker.drain() == 1
    job = only_call(store).job
    assert job and job.state == "failed" and "HTTP 404" in (job.reason or "")
    assert media.hits(sid) == [404]  # not found is final: no retries

    media.serve(sid, call_wav)
    with transaction(store) as session:
        retry(session, job.id)
    assert worker.drain() == 1
    call = only_call(store)
    assert call.job and call.job.state == "done" and call.transcript is not None
