"""Recordings in: probe a file, then stream each channel as 16-bit mono PCM at the model's rate.

pydub finds ffmpeg/ffprobe and reads the container's facts. The samples themselves are streamed
from ffmpeg one channel at a time instead of going through `AudioSegment`, which holds the whole
decoded file and makes a new full copy on every split and resample: a one-hour stereo call would
cost several hundred megabytes that way, against a few pipe buffers here.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydub import AudioSegment
from pydub.utils import mediainfo_json

from ivr.errors import AudioError

log = logging.getLogger(__name__)

SAMPLE_WIDTH = 2  # bytes per sample: Vosk and webrtcvad both take signed 16-bit little-endian
CHUNK_SECONDS = 0.5
# A header that promises more audio than the file holds means a cut-off upload or download.
# (MP3 durations are only known to a frame or two.)
TRUNCATION_TOLERANCE = 0.25  # seconds, or 1% of the duration, whichever is larger

FIX_HINT = "give a WAV (PCM, mu-law or A-law) or MP3 recording, mono or stereo"


@dataclass(frozen=True)
class AudioInfo:
    path: Path
    codec: str
    channels: int
    sample_rate: int
    duration: float


def probe(path: Path) -> AudioInfo:
    """Check that `path` is a readable mono or stereo recording and return its facts."""
    if not path.exists():
        raise AudioError(f"{path}: no such file; check the path")
    if not path.is_file():
        raise AudioError(f"{path}: not a file; {FIX_HINT}")
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: the file is empty (0 bytes); the recording was not saved")
    media = mediainfo_json(str(path))
    streams = [s for s in media.get("streams", []) if s.get("codec_type") == "audio"]
    if not streams:
        raise AudioError(f"{path}: not an audio file (ffmpeg finds no audio in it); {FIX_HINT}")
    stream = streams[0]
    channels = int(stream.get("channels") or 0)
    duration = float(stream.get("duration") or media.get("format", {}).get("duration") or 0.0)
    # An MP3's encoder delay is counted in its duration but not decoded.
    duration -= max(0.0, float(stream.get("start_time") or 0.0))
    if channels not in (1, 2):
        raise AudioError(
            f"{path}: has {channels} audio channels; only mono (one speaker) or stereo "
            "(caller and agent) recordings can be transcribed; mix it down to two channels"
        )
    if duration <= 0:
        raise AudioError(f"{path}: holds no audio samples (duration 0); {FIX_HINT}")
    info = AudioInfo(
        path, stream.get("codec_name", "?"), channels, int(stream["sample_rate"]), duration
    )
    _check_complete(info)
    return info


def _check_complete(info: AudioInfo) -> None:
    """Fail before decoding when the file holds less audio than its header announces.

    One quick pass of ffmpeg alone (seconds per hour of audio) spares the recognizer's minutes
    on a cut-off upload or download, and a batch reports it at once.
    """
    rate = 8000  # enough to measure the duration
    samples = sum(len(chunk) for chunk in _ffmpeg_pcm(info, ["-ac", "1"], rate)) // SAMPLE_WIDTH
    decoded = samples / rate
    if decoded < info.duration - max(TRUNCATION_TOLERANCE, info.duration / 100):
        raise AudioError(
            f"{info.path}: truncated: the header announces {info.duration:.1f} s of audio but "
            f"only {decoded:.1f} s is in the file; upload or download the recording again"
        )


def channel_pcm(info: AudioInfo, channel: int, rate: int) -> Iterator[bytes]:
    """Stream one channel (0-based) of the recording as 16-bit mono PCM at `rate` Hz."""
    return _ffmpeg_pcm(info, ["-af", f"pan=mono|c0=c{channel}"], rate)


def _ffmpeg_pcm(info: AudioInfo, select: list[str], rate: int) -> Iterator[bytes]:
    command = [
        AudioSegment.converter,
        *("-nostdin", "-v", "error", "-i", str(info.path), *select),
        *("-ar", str(rate), "-f", "s16le", "-"),
    ]
    chunk = int(rate * CHUNK_SECONDS) * SAMPLE_WIDTH
    # stderr goes to a file: a corrupt file can make ffmpeg write more than a pipe buffer holds.
    with (
        tempfile.TemporaryFile() as stderr,
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr) as ffmpeg,
    ):
        assert ffmpeg.stdout is not None
        while data := ffmpeg.stdout.read(chunk):
            yield data
        code = ffmpeg.wait()
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace").strip()
    if code != 0:
        raise AudioError(f"{info.path}: ffmpeg cannot decode it ({_last_line(errors)}); {FIX_HINT}")
    if errors:
        log.warning("%s: ffmpeg reported: %s", info.path, _last_line(errors))


def _last_line(text: str) -> str:
    return text.splitlines()[-1] if text else "no message"
