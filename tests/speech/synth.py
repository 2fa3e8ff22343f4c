"""Synthetic calls for the speech tests and benchmark: espeak-ng speech at known times per channel.

Speech is placed by its audible onset (espeak's leading silence is trimmed), over a low noise floor
as on a real phone line, then encoded the way Twilio or a user would hand it over.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 8000  # phone audio
NOISE_DBFS = -60.0
ONSET_LEVEL = 300  # |sample| above which espeak output counts as sound (of 32767)


@dataclass(frozen=True)
class Placement:
    channel: int  # 0-based
    start: float  # seconds: where the speech's first audible sample lands
    text: str


@dataclass(frozen=True)
class Placed:
    channel: int
    start: float
    end: float
    text: str


def speak(text: str, voice: str = "ko", rate: int = RATE) -> np.ndarray:
    """espeak-ng's rendering of `text` as int16 at `rate`, trimmed to its audible part."""
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "--stdout", text], check=True, capture_output=True
    ).stdout
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "-", "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"],
        input=wav,
        check=True,
        capture_output=True,
    ).stdout
    samples = np.frombuffer(pcm, dtype=np.int16)
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > ONSET_LEVEL)
    return samples[loud[0] : loud[-1] + 1]


def build_call(
    placements: list[tuple[Placement, np.ndarray]],
    duration: float,
    channels: int = 2,
    noise_dbfs: float | None = NOISE_DBFS,
    seed: int = 0,
) -> tuple[np.ndarray, list[Placed]]:
    """An int16 array (samples, channels) with each clip at its place, and where each landed."""
    frames = int(duration * RATE)
    call = np.zeros((frames, channels), dtype=np.float64)
    if noise_dbfs is not None:
        level = 32767 * 10 ** (noise_dbfs / 20)
        call += np.random.default_rng(seed).normal(0.0, level, call.shape)
    placed = []
    for where, clip in placements:
        first = int(where.start * RATE)
        call[first : first + len(clip), where.channel] += clip
        placed.append(
            Placed(where.channel, where.start, where.start + len(clip) / RATE, where.text)
        )
    return np.clip(call, -32768, 32767).astype(np.int16), placed


def write(call: np.ndarray, path: Path, codec: str = "pcm_mulaw", rate: int = RATE) -> Path:
    """Encode an int16 call at `rate`: a WAV with `codec` (pcm_mulaw, pcm_s16le...) or an MP3."""
    out_codec = ["-c:a", "libmp3lame", "-b:a", "32k"] if path.suffix == ".mp3" else ["-c:a", codec]
    subprocess.run(
        [
            *("ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", str(RATE)),
            *("-ac", str(call.shape[1]), "-i", "-", "-ar", str(rate), *out_codec, str(path)),
        ],
        input=call.tobytes(),
        check=True,
    )
    return path
