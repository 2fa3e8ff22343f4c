"""`ivr import PATH`, `ivr jobs` and `ivr jobs retry ID`, driven through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ivr.cli import cli
from ivr.scripts import DepartmentScript
from ivr.settings import Settings
from ivr.store.calls import get_call
from ivr.store.db import transaction
from ivr.store.models import Call
from tests.recordings.processes import worker_env


@pytest.fixture
def runner(settings: Settings) -> CliRunner:
    return CliRunner(env=worker_env(settings))


@pytest.fixture
def folder(
    tmp_path: Path, call_wav: bytes, voicemail_wav: bytes, heard_script: DepartmentScript
) -> Path:
    folder = tmp_path / "backfill"
    (folder / "2026-11").mkdir(parents=True)
    (folder / "2026-11" / "a.wav").write_bytes(call_wav)
    (folder / "2026-11" / "a.json").write_text(
        json.dumps({"caller": "+8613800138000", "script_version": heard_script.version})
    )
    (folder / "b.wav").write_bytes(voicemail_wav)
    (folder / "b.json").write_text(json.dumps({"kind": "voicemail"}))
    (folder / "broken.wav").write_bytes(b"not audio at all")
    (folder / "notes.txt").write_text("not a recording")
    return folder


def test_import_runs_a_folder_through_the_pipeline_once(
    runner: CliRunner, folder: Path, store: sessionmaker[Session], heard_script: DepartmentScript
) -> None:
    result = runner.invoke(cli, ["import", str(folder)])
    assert result.exit_code == 0, result.output
    assert "3 files, 3 new calls" in result.output
    assert "process: 100%" in result.output  # the progress bar
    with transaction(store) as session:
        ids = session.scalars(select(Call.id).order_by(Call.id)).all()
        # Imported in path order: 2026-11/a.wav, b.wav, broken.wav.
        call, voicemail, broken = (get_call(session, i) for i in ids)
    assert call.caller == "+8613800138000" and call.checked_version == heard_script.version
    assert call.job and call.job.state == "done" and call.transcript and call.findings
    assert voicemail.job and voicemail.job.state == "done" and voicemail.review is None
    assert broken.job and broken.job.state == "failed"
    assert f"job {broken.job.id} failed: " in result.output

    again = runner.invoke(cli, ["import", str(folder)])
    assert again.exit_code == 0 and "3 files, 0 new calls" in again.output


def test_jobs_lists_failures_and_retry_queues_them_again(
    runner: CliRunner, folder: Path, store: sessionmaker[Session]
) -> None:
    runner.invoke(cli, ["import", str(folder / "broken.wav")])
    listing = runner.invoke(cli, ["jobs", "--state", "failed"])
    assert listing.exit_code == 0
    [line] = listing.output.splitlines()
    job_id = line.split()[0]
    assert "failed" in line and "not an audio file" in line

    retried = runner.invoke(cli, ["jobs", "retry", job_id])
    assert retried.exit_code == 0 and f"job {job_id} queued" in retried.output
    assert "queued" in runner.invoke(cli, ["jobs"]).output
    twice = runner.invoke(cli, ["jobs", "retry", job_id])
    assert twice.exit_code == 1 and "already queued" in twice.output
    missing = runner.invoke(cli, ["jobs", "retry", "999"])
    assert missing.exit_code == 3 and "no job 999" in missing.output


def test_bad_metadata_stops_the_import_before_anything_is_stored(
    runner: CliRunner, folder: Path, store: sessionmaker[Session]
) -> None:
    (folder / "b.json").write_text(json.dumps({"kind": "voicemail", "colour": "blue"}))
    result = runner.invoke(cli, ["import", str(folder)])
    assert result.exit_code == 2
    assert "b.json" in result.output and "colour" in result.output
    with transaction(store) as session:
        assert session.scalars(select(Call)).all() == []
