"""Recordings in: probe a file, then stream each channel as 16-bit mono PCM at the model's rate.

pydub finds ffmpeg/ffprobe and reads the container's facts. The samples themselves are streamed
from ffmpeg one channel at a time instead of going through `AudioSegment`, which holds the whole
decoded file and makes a new full copy on every split and resample: a one-hour stereo call would
cost several hundred megabytes that way, against a few pipe buffers here.
"""

from __future__ import annotations

import logging
import struct
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


class TruncatedAudioError(AudioError):
    """The file holds less audio than its header announces: a cut-off upload or download."""


def probe(path: Path, *, allow_truncated: bool = False) -> AudioInfo:
    """Check that `path` is a readable mono or stereo recording and return its facts.

    A truncated file is an error, or with `allow_truncated` a warning and the audio it holds."""
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
    return _check_complete(info, allow_truncated)


def wav_header_seconds(path: Path) -> float | None:
    """The duration a WAV file's header announces (its data chunk's size), None if not a WAV.

    ffprobe estimates a PCM WAV's duration from the file's size, so it cannot see a cut."""
    with path.open("rb") as wav:
        head = wav.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        byte_rate = 0
        while len(chunk := wav.read(8)) == 8:
            kind, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if kind == b"data":
                # 0 and 0xFFFFFFFF: a header written before the length was known.
                return size / byte_rate if byte_rate and size not in (0, 0xFFFFFFFF) else None
            body = wav.read(size + size % 2)
            if kind == b"fmt " and len(body) >= 12:
                byte_rate = struct.unpack("<I", body[8:12])[0]
    return None


def _check_complete(info: AudioInfo, allow_truncated: bool) -> AudioInfo:
    """Fail before decoding when the file holds less audio than its header announces.

    One quick pass of ffmpeg alone (seconds per hour of audio) spares the recognizer's minutes
    on a cut-off upload or download, and a batch reports it at once.
    """
    rate = 8000  # enough to measure the duration
    samples = sum(len(chunk) for chunk in _ffmpeg_pcm(info, ["-ac", "1"], rate)) // SAMPLE_WIDTH
    decoded = samples / rate
    expected = max(info.duration, wav_header_seconds(info.path) or 0.0)
    if decoded >= expected - max(TRUNCATION_TOLERANCE, expected / 100):
        return info
    cut = (
        f"{info.path}: truncated: the header announces {expected:.1f} s of audio but only "
        f"{decoded:.1f} s is in the file"
    )
    if not allow_truncated:
        raise TruncatedAudioError(
            f"{cut}; upload or download the recording again, or pass --allow-truncated to "
            "transcribe what is there"
        )
    log.warning("%s; transcribing the %.1f s there (--allow-truncated)", cut, decoded)
    return AudioInfo(info.path, info.codec, info.channels, info.sample_rate, decoded)


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
