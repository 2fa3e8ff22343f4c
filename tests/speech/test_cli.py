"""`ivr transcribe`: JSON and text out, clear errors and exit codes in, batches that carry on."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.errors import AudioError, ModelNotFoundError
from ivr.speech.cli import render
from ivr.transcript import Transcript, Utterance
from tests.speech.synth import RATE, Placed, write
from tests.speech.test_errors import bad_recordings


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["transcribe", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_text_output_names_speakers_with_times(mulaw_wav: Path, ko_model: Path) -> None:
    code, out, err = run(
        str(mulaw_wav), "--language", "ko", "--model", str(ko_model), "--format", "text"
    )
    assert code == 0, err
    lines = out.strip().splitlines()
    assert all(re.fullmatch(r"\[\d\d:\d\d\.\d\] (Caller|Agent): \S.*", line) for line in lines), (
        lines
    )
    assert lines[0].startswith("[00:01.0] Caller: ")
    assert lines[1].startswith("[00:04.5] Agent: ")


def test_json_output_is_the_transcript_form(call_mp3: Path, ko_model: Path) -> None:
    code, out, err = run(
        str(call_mp3), "--language", "ko", "--model", str(ko_model), "--agent-channel", "1"
    )
    assert code == 0, err
    transcript = Transcript.from_json(out)
    assert transcript.channels == 2
    assert [u.speaker for u in transcript.utterances] == ["agent", "caller", "caller"]
    assert all(u.words for u in transcript.utterances)


@pytest.mark.parametrize(
    "kind",
    ["missing", "empty", "not audio", "truncated wav", "three channels"],
)
def test_bad_recording_exits_non_zero_with_a_message_and_no_traceback(
    kind: str, tmp_path: Path, mulaw_wav: Path, call_mp3: Path, ko_model: Path
) -> None:
    path, problem = bad_recordings(tmp_path / "bad", mulaw_wav, call_mp3)[kind]
    code, out, err = run(str(path), "--language", "ko", "--model", str(ko_model))
    assert code == AudioError.exit_code
    assert problem in err and str(path) in err
    assert "Traceback" not in out + err


def test_output_names_must_not_collide(tmp_path: Path, mulaw_wav: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(mulaw_wav, tmp_path / "a" / "call.wav")
    shutil.copy(mulaw_wav, tmp_path / "b" / "call.wav")
    code, _, err = run(str(tmp_path / "a"), str(tmp_path / "b"), "--output-dir", str(tmp_path))
    assert code == 2 and "call.json" in err


def test_missing_model_exits_non_zero_with_the_places_searched(mulaw_wav: Path) -> None:
    code, out, err = run(str(mulaw_wav), "--language", "ko", "--model", "/no/such/model")
    assert code == ModelNotFoundError.exit_code
    assert "/no/such/model" in err and "searched" in err and "Traceback" not in out + err


def test_a_batch_carries_on_past_bad_files_and_lists_them(
    tmp_path: Path, mulaw_wav: Path, call_mp3: Path, ko_model: Path
) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    shutil.copy(mulaw_wav, calls / "call-1.wav")
    shutil.copy(call_mp3, calls / "call-2.mp3")
    (calls / "empty.wav").touch()
    (calls / "notes.mp3").write_text("not audio")
    (calls / "readme.txt").write_text("not a recording: skipped when a directory is given")
    out_dir = tmp_path / "out"
    code, out, err = run(
        str(calls),
        "--language",
        "ko",
        "--model",
        str(ko_model),
        "--workers",
        "2",
        "--output-dir",
        str(out_dir),
    )
    assert code == AudioError.exit_code
    assert "2 of 4 recordings failed" in err
    assert "empty.wav" in err and "notes.mp3" in err and "readme" not in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["call-1.json", "call-2.json"]
    assert out.split() == [str(out_dir / "call-1.json"), str(out_dir / "call-2.json")]
    written = {json.loads(p.read_text())["channels"] for p in out_dir.iterdir()}
    assert written == {2}


def test_text_form_labels_mandarin_speakers_and_long_calls() -> None:
    transcript = Transcript(
        language="zh-CN",
        utterances=[
            Utterance(speaker="agent", start=12.34, end=13.0, text="您好"),
            Utterance(speaker="caller", start=59.97, end=61.0, text="你好"),
            Utterance(speaker="unknown", start=3723.4, end=3724.0, text="嗯"),
        ],
    )
    assert render(transcript, "text").splitlines() == [
        "[00:12.3] 坐席: 您好",
        "[01:00.0] 客户: 你好",
        "[1:02:03.4] 未知: 嗯",
    ]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command as a user runs it: its own process, its own logging."""
    command = [sys.executable, "-c", "from ivr.cli import cli; cli()", "transcribe", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_a_cut_pcm_wav_fails_unless_allowed_and_then_warns(
    tmp_path: Path, call: tuple[np.ndarray, list[Placed]], ko_model: Path
) -> None:
    """ffprobe guesses a PCM WAV's duration from the file's size: the header must be read."""
    whole = write(call[0], tmp_path / "whole.wav", "pcm_s16le")
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    announced = call[0].shape[0] / RATE
    refused = _cli(str(cut), "--language", "ko", "--model", str(ko_model))
    assert refused.returncode == AudioError.exit_code, refused.stderr
    assert (
        f"announces {announced:.1f} s" in refused.stderr and "--allow-truncated" in refused.stderr
    )
    assert refused.stdout == ""

    allowed = _cli(str(cut), "--language", "ko", "--model", str(ko_model), "--allow-truncated")
    assert allowed.returncode == 0, allowed.stderr
    assert "WARNING" in allowed.stderr and f"announces {announced:.1f} s" in allowed.stderr
    transcript = Transcript.from_json(allowed.stdout)
    assert transcript.duration < announced * 0.6
