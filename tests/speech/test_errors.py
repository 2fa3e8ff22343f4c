"""Every bad recording and every missing model is a clear error naming the problem and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivr.errors import AudioError, ConfigError, ModelNotFoundError
from ivr.settings import Settings
from ivr.speech import transcribe_file, transcribe_many
from tests.speech.synth import build_call, write


def bad_recordings(directory: Path, good_wav: Path, good_mp3: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of bad input, with the words its error message must contain."""
    directory.mkdir(parents=True, exist_ok=True)
    empty = directory / "empty.wav"
    empty.touch()
    text = directory / "notes.wav"
    text.write_text("this is not audio, only a file named like it\n")
    cut_wav = directory / "cut.wav"
    cut_wav.write_bytes(good_wav.read_bytes()[: good_wav.stat().st_size // 2])
    cut_mp3 = directory / "cut.mp3"
    cut_mp3.write_bytes(good_mp3.read_bytes()[: good_mp3.stat().st_size // 2])
    three, _ = build_call([], 2.0, channels=3)
    return {
        "missing": (directory / "nowhere.wav", "no such file"),
        "empty": (empty, "empty"),
        "not audio": (text, "not an audio file"),
        "truncated wav": (cut_wav, "truncated"),
        "truncated mp3": (cut_mp3, "truncated"),
        "three channels": (write(three, directory / "three.wav", "pcm_s16le"), "3 audio channels"),
        "directory": (directory, "not a file"),
    }


@pytest.fixture(scope="session")
def bad(
    tmp_path_factory: pytest.TempPathFactory, mulaw_wav: Path, call_mp3: Path
) -> dict[str, tuple[Path, str]]:
    return bad_recordings(tmp_path_factory.mktemp("bad"), mulaw_wav, call_mp3)


@pytest.mark.parametrize(
    "kind",
    [
        "missing",
        "empty",
        "not audio",
        "truncated wav",
        "truncated mp3",
        "three channels",
        "directory",
    ],
)
def test_bad_recording_is_an_audio_error_naming_file_and_problem(
    kind: str, bad: dict[str, tuple[Path, str]], ko_settings: Settings
) -> None:
    path, problem = bad[kind]
    with pytest.raises(AudioError) as caught:
        transcribe_file(path, language="ko", settings=ko_settings)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)
    assert path.exists() or kind == "missing"  # nothing is deleted or moved


def test_missing_model_directory_is_a_model_error(ko_settings: Settings, mulaw_wav: Path) -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        transcribe_file(mulaw_wav, language="ko", settings=ko_settings, model="/no/such/model")
    message = str(caught.value)
    assert "'ko'" in message and "/no/such/model" in message and "searched" in message


def test_agent_channel_other_than_1_or_2_is_a_config_error(
    ko_settings: Settings, mulaw_wav: Path
) -> None:
    with pytest.raises(ConfigError, match="agent channel must be 1 or 2"):
        transcribe_file(mulaw_wav, language="ko", settings=ko_settings, agent_channel=3)


def test_unknown_language_is_a_config_error(ko_settings: Settings, mulaw_wav: Path) -> None:
    with pytest.raises(ConfigError, match="zh, en or ko"):
        transcribe_file(mulaw_wav, language="fr", settings=ko_settings)


def test_a_batch_without_its_model_fails_once_before_reading_any_file(
    ko_settings: Settings, tmp_path: Path
) -> None:
    files = [tmp_path / "one.wav", tmp_path / "two.wav"]  # never opened
    with pytest.raises(ModelNotFoundError, match="/no/such/model"):
        transcribe_many(files, language="ko", settings=ko_settings, model="/no/such/model")


def test_a_bug_on_one_file_is_a_failure_naming_the_file(
    ko_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ivr.speech import batch

    def broken(path: Path, **_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(batch, "transcribe_file", broken)
    files = [tmp_path / "one.wav", tmp_path / "two.wav"]
    result = transcribe_many(files, language="ko", settings=ko_settings, workers=1)
    assert list(result.failures) == files and not result.transcripts
    for path, failure in result.failures.items():
        assert failure.exit_code == 1
        assert failure.message.startswith(f"{path}: unexpected error (RuntimeError: boom)")
