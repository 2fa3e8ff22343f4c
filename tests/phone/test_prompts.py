"""Prompt audio: <Play> instead of <Say> when the script names a file, served as 8 kHz mono WAV
whatever format the admin supplied, and never from outside the audio directory."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest
import yaml
from flask import Flask
from pydub.generators import Sine

from ivr.app import create_app
from ivr.settings import DEFAULT_SCRIPTS, load_settings
from tests.conftest import TOKEN
from tests.phone.conftest import APPLIANCE, OPEN, Caller, one, set_clock, spoken, verbs


@pytest.fixture
def audio_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "audio"
    (folder / "zh").mkdir(parents=True)
    tone = Sine(440).to_audio_segment(duration=400).set_frame_rate(44100).set_channels(2)
    tone.export(folder / "zh" / "greeting.mp3", format="mp3")
    (tmp_path / "secret.txt").write_text("not for callers")
    return folder


@pytest.fixture
def prompt_app(tmp_path: Path, audio_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.chdir(tmp_path)  # relative directories, as in the defaults (audio, var)
    raw = yaml.safe_load(DEFAULT_SCRIPTS.read_text(encoding="utf-8"))
    appliance = raw["departments"][0]
    appliance["audio"] = {"greeting": "zh/greeting.mp3", "goodbye": "zh/missing.wav"}
    scripts = tmp_path / "departments.yaml"
    scripts.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    settings = load_settings(
        twilio_auth_token=TOKEN,
        scripts_path=scripts,
        audio_dir=Path("audio"),
        data_dir=Path("var"),
        secret_key="test-secret",
    )
    app = create_app(settings)
    set_clock(app, OPEN)
    return app


def test_play_replaces_say_and_converts_to_phone_wav(prompt_app: Flask) -> None:
    caller = Caller(prompt_app.test_client(), APPLIANCE)
    answer = caller.dial_in()
    assert verbs(answer)[0] == "Play" and answer[0].text == "/audio/zh/greeting.mp3"
    assert "很高兴为您服务" not in "".join(spoken(answer))
    served = caller.client.get(answer[0].text)
    assert served.status_code == 200 and served.mimetype == "audio/wav"
    with wave.open(io.BytesIO(served.data)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (8000, 1, 2)
        assert 0.35 < wav.getnframes() / 8000 < 0.5
    again = caller.client.get(answer[0].text)
    assert again.data == served.data
    assert (
        len(list((Path(prompt_app.extensions["ivr"].settings.data_dir) / "prompts").iterdir())) == 1
    )


def test_missing_audio_falls_back_to_say(prompt_app: Flask) -> None:
    caller = Caller(prompt_app.test_client(), APPLIANCE)
    done = caller.post("/voice/voicemail/done?department=appliance-service")
    assert spoken(done) == ["感谢您的来电，祝您生活愉快，再见。"]
    assert one(done, "Hangup") is not None


@pytest.mark.parametrize(
    "path",
    [
        "/audio/../secret.txt",
        "/audio/%2e%2e/secret.txt",
        "/audio/..%2fsecret.txt",
        "/audio/nope.wav",
    ],
)
def test_no_path_escapes(prompt_app: Flask, path: str) -> None:
    response = prompt_app.test_client().get(path)
    assert response.status_code == 404
    assert b"not for callers" not in response.data


@pytest.mark.parametrize("name", ["README.md", "zh/other.mp3", "secret.txt", "../secret.txt"])
def test_only_files_a_script_names_are_served_and_misses_say_nothing_else(
    prompt_app: Flask, audio_dir: Path, name: str
) -> None:
    (audio_dir / "README.md").write_text("# prompts\n")
    (audio_dir / "zh" / "greeting.mp3").rename(audio_dir / "zh" / "other.mp3")
    response = prompt_app.test_client().get(f"/audio/{name}")
    assert response.status_code == 404 and response.data == b"not found"


def test_a_named_file_that_is_not_audio_is_not_found_and_tried_once(
    prompt_app: Flask, audio_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (audio_dir / "zh" / "greeting.mp3").write_bytes(b"RIFF but not really")
    client = prompt_app.test_client()
    answers = [client.get("/audio/zh/greeting.mp3") for _ in range(3)]
    assert [(a.status_code, a.data) for a in answers] == [(404, b"not found")] * 3
    assert sum("ffmpeg cannot read" in r.getMessage() for r in caplog.records) == 1
