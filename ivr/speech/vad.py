"""Silence skipping: cut a channel's PCM stream down to its speech regions, keeping their times.

Phone calls are mostly one side listening, and a line's noise floor still costs the recognizer
full price, so only the regions webrtcvad hears as speech (with some padding) are decoded. Each
piece carries the sample offset where it sits on the call's timeline, so word times stay exact.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import webrtcvad

from ivr.speech.audio import SAMPLE_WIDTH

FRAME_MS = 30  # webrtcvad takes 10, 20 or 30 ms frames; 30 is the cheapest per second
PIECE_SECONDS = 0.5  # how much audio to hand the recognizer at once


@dataclass(frozen=True)
class VadOptions:
    aggressiveness: int = 2  # 0..3; 3 drops the most noise and risks clipping soft speech
    before: float = 0.3  # seconds of audio kept before speech starts (soft onsets)
    # Seconds kept after speech stops; shorter pauses stay inside one region. At least the
    # trailing silence after which Vosk's models end an utterance (1.0 s), so that Vosk
    # segments the speech as it would the full audio.
    after: float = 1.0
    # Voiced time within `before` that opens a region: webrtcvad calls a stream's first frames
    # speech while it learns the noise floor, and single clicks are not speech either.
    min_speech: float = 0.15


@dataclass(frozen=True)
class Piece:
    """Contiguous audio of one region; `last` closes the region (its audio may be empty)."""

    start: int  # sample offset on the call's timeline
    audio: bytes
    last: bool = False


def speech_pieces(pcm: Iterable[bytes], rate: int, options: VadOptions) -> Iterator[Piece]:
    """The speech regions of a 16-bit mono stream, in order, in pieces of at most PIECE_SECONDS."""
    vad = webrtcvad.Vad(options.aggressiveness)
    frame_bytes = rate * FRAME_MS // 1000 * SAMPLE_WIDTH
    piece_bytes = int(rate * PIECE_SECONDS) * SAMPLE_WIDTH
    lead: deque[tuple[bytes, bool]] = deque(maxlen=max(1, round(options.before * 1000 / FRAME_MS)))
    hang_frames = max(1, round(options.after * 1000 / FRAME_MS))
    open_frames = min(lead.maxlen or 1, max(1, round(options.min_speech * 1000 / FRAME_MS)))
    position = 0  # samples read so far
    start = 0  # sample offset of `pending`
    pending = bytearray()
    in_speech = False
    quiet = 0  # consecutive non-speech frames inside a region

    for frame in _frames(pcm, frame_bytes):
        voiced = len(frame) == frame_bytes and vad.is_speech(frame, rate)
        if not in_speech:
            lead.append((frame, voiced))
            if voiced and sum(v for _, v in lead) >= open_frames:
                in_speech, quiet = True, 0
                held = b"".join(f for f, _ in lead)
                start = position + len(frame) // SAMPLE_WIDTH - len(held) // SAMPLE_WIDTH
                pending = bytearray(held)
                lead.clear()
        else:
            pending += frame
            quiet = 0 if voiced else quiet + 1
            if quiet >= hang_frames:
                yield Piece(start, bytes(pending), last=True)
                in_speech, pending = False, bytearray()
            elif len(pending) >= piece_bytes:
                yield Piece(start, bytes(pending))
                start += len(pending) // SAMPLE_WIDTH
                pending = bytearray()
        position += len(frame) // SAMPLE_WIDTH
    if in_speech:
        yield Piece(start, bytes(pending), last=True)


def all_pieces(pcm: Iterable[bytes]) -> Iterator[Piece]:
    """The whole stream as one region: decoding without silence skipping."""
    position = 0
    for chunk in pcm:
        yield Piece(position, chunk)
        position += len(chunk) // SAMPLE_WIDTH
    yield Piece(position, b"", last=True)


def _frames(pcm: Iterable[bytes], size: int) -> Iterator[bytes]:
    """Fixed-size frames from arbitrary chunks; the short tail comes last."""
    buffer = bytearray()
    for chunk in pcm:
        buffer += chunk
        whole = len(buffer) - len(buffer) % size
        for offset in range(0, whole, size):
            yield bytes(buffer[offset : offset + size])
        del buffer[:whole]
    if buffer:
        yield bytes(buffer)
