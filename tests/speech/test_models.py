"""Model resolution as vosk does it, without vosk's sys.exit, and with useful errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivr.errors import ModelNotFoundError
from ivr.speech import models
from ivr.speech.models import load_model, model_rate, resolve_model


@pytest.fixture(autouse=True)
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No model in ~/.cache/vosk or VOSK_MODEL_PATH unless a test puts one there."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    return tmp_path / "home"


def test_a_directory_path_is_used_as_given(ko_model: Path) -> None:
    assert resolve_model("ko", str(ko_model)) == ko_model.resolve()


def test_a_name_is_found_in_vosk_model_path(
    ko_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "my-korean").symlink_to(ko_model)
    monkeypatch.setenv("VOSK_MODEL_PATH", str(tmp_path / "models"))
    assert resolve_model("ko", "my-korean") == tmp_path / "models" / "my-korean"


def test_a_name_is_found_in_the_home_cache(ko_model: Path, empty_home: Path) -> None:
    (empty_home / ".cache" / "vosk").mkdir(parents=True)
    (empty_home / ".cache" / "vosk" / "vosk-model-small-cn-0.22").symlink_to(ko_model)
    assert resolve_model("zh-CN", "vosk-model-small-cn-0.22", download=False).name == (
        "vosk-model-small-cn-0.22"
    )


def test_an_installed_vosk_model_package_serves_its_language(ko_model: Path) -> None:
    assert resolve_model("ko", "vosk-model-small-ko-0.22", download=False) == ko_model


def test_nothing_found_and_no_download_names_language_model_places_and_fix() -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model("zh-CN", "vosk-model-small-cn-0.22", download=False)
    message = str(caught.value)
    for expected in ("'zh'", "vosk-model-small-cn-0.22", "/usr/share/vosk", ".cache/vosk"):
        assert expected in message
    assert "vosk_model_zh" in message and "VOSK_MODEL_ZH" in message and "unzip" in message


def test_a_failed_download_is_a_model_error_not_an_exit(
    monkeypatch: pytest.MonkeyPatch, empty_home: Path
) -> None:
    monkeypatch.setattr(models, "DOWNLOAD_BASE", "http://127.0.0.1:9/")  # refuses at once
    with pytest.raises(ModelNotFoundError, match=r"download from http://127\.0\.0\.1:9/.* failed"):
        resolve_model("en", "vosk-model-small-en-us-0.15")
    assert list((empty_home / ".cache" / "vosk").iterdir()) == []  # no half model left behind


def test_a_damaged_model_directory_is_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "broken" / "am").mkdir(parents=True)
    (tmp_path / "broken" / "am" / "final.mdl").write_text("not a model")
    with pytest.raises(ModelNotFoundError, match="unpack the model zip again"):
        load_model(resolve_model("ko", str(tmp_path / "broken")))


def test_the_model_is_loaded_once_per_process(ko_model: Path) -> None:
    assert load_model(ko_model) is load_model(ko_model)
    assert model_rate(ko_model) == 16000
