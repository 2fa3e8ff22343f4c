"""Every recording format a user or Twilio gives is split into its channels at the model's rate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ivr.speech.audio import channel_pcm, probe
from tests.speech.conftest import AGENT_1, CALL_SECONDS, CALLER_1
from tests.speech.synth import Placed, write

FORMATS = [
    ("call.wav", "pcm_s16le", 8000),
    ("call.wav", "pcm_u8", 11025),
    ("call.wav", "pcm_mulaw", 8000),
    ("call.wav", "pcm_alaw", 8000),
    ("call.wav", "pcm_s16le", 44100),
    ("call.mp3", "", 8000),
    ("call.mp3", "", 22050),
]


def rms(samples: np.ndarray, start: float, end: float, rate: int) -> float:
    window = samples[int(start * rate) : int(end * rate)].astype(np.float64)
    return float(np.sqrt(np.mean(window**2)))


@pytest.mark.parametrize(("name", "codec", "rate"), FORMATS)
def test_each_channel_comes_out_alone_at_16_khz_and_full_length(
    name: str,
    codec: str,
    rate: int,
    call: tuple[np.ndarray, list[Placed]],
    tmp_path: Path,
) -> None:
    info = probe(write(call[0], tmp_path / name, codec, rate=rate))
    assert (info.channels, info.sample_rate) == (2, rate)
    assert info.duration == pytest.approx(CALL_SECONDS, abs=0.1)
    caller, agent = (
        np.frombuffer(b"".join(channel_pcm(info, c, 16000)), dtype=np.int16) for c in (0, 1)
    )
    assert len(caller) / 16000 == pytest.approx(CALL_SECONDS, abs=0.1)
    caller_speaks = (CALLER_1.start + 0.2, CALLER_1.start + 2.0)
    agent_speaks = (AGENT_1.start + 0.2, AGENT_1.start + 2.0)
    # Each side's speech is on its own channel only; the other holds the noise floor (and, at
    # 8 bits, quantisation noise).
    assert rms(caller, *caller_speaks, 16000) > 10 * rms(agent, *caller_speaks, 16000)
    assert rms(agent, *agent_speaks, 16000) > 10 * rms(caller, *agent_speaks, 16000)
