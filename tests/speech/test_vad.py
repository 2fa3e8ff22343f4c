"""Silence skipping keeps speech, drops the noise floor, and places every piece exactly."""

from __future__ import annotations

import numpy as np

from ivr.speech.vad import PIECE_SECONDS, VadOptions, all_pieces, speech_pieces
from tests.speech.conftest import AGENT_1
from tests.speech.synth import Placement, build_call, speak

RATE = 8000


def chunks(samples: np.ndarray, size: int = 1234) -> list[bytes]:
    """Odd-sized chunks, as a pipe delivers them."""
    data = samples.tobytes()
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_pieces_are_the_speech_at_their_exact_offsets() -> None:
    clip = speak(AGENT_1.text)
    call, [placed] = build_call([(Placement(0, 3.0, AGENT_1.text), clip)], 10.0, channels=1)
    samples = call[:, 0]
    pieces = list(speech_pieces(chunks(samples), RATE, VadOptions()))

    for piece in pieces:  # the audio of each piece is the call's audio at its offset, unchanged
        audio = np.frombuffer(piece.audio, dtype=np.int16)
        assert np.array_equal(audio, samples[piece.start : piece.start + len(audio)])
        assert len(audio) <= RATE * (PIECE_SECONDS + 0.03)
    first, last = pieces[0].start / RATE, (pieces[-1].start + len(pieces[-1].audio) // 2) / RATE
    assert placed.start - 0.4 <= first <= placed.start
    assert placed.end <= last <= placed.end + VadOptions().after + 0.3  # + webrtcvad's hangover
    kept = sum(len(p.audio) for p in pieces) // 2 / RATE
    assert kept < 0.6 * 10.0  # 2.8 s of speech in 10 s
    assert pieces[-1].last


def test_noise_floor_alone_is_skipped_entirely() -> None:
    call, _ = build_call([], 5.0, channels=1, noise_dbfs=-60.0, seed=3)
    assert list(speech_pieces(chunks(call[:, 0]), RATE, VadOptions())) == []


def test_without_skipping_the_whole_stream_is_one_region() -> None:
    data = [b"\x01\x00" * 100, b"\x02\x00" * 50]
    pieces = list(all_pieces(data))
    assert [(p.start, len(p.audio), p.last) for p in pieces] == [
        (0, 200, False),
        (100, 100, False),
        (150, 0, True),
    ]
