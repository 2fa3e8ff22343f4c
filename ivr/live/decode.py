"""Streaming decode: one KaldiRecognizer per track on the process's shared model, fed as frames
arrive, with words placed on the call's clock (seconds since the stream started).

Recognizers are kept for the next call (`take`, `give_back`). The small models compose their
decoding graph (HCLr with Gr) lazily, inside each recognizer: a new one spends about 1.5 CPU s per
track in a call's first seconds expanding the parts it meets, and over a 30 s call 2.5 times the
CPU of one that has decoded a call before. That start-up cost, paid by every call's two tracks at
once, was most of what a stream cost and what held the first utterances of simultaneous calls
behind. A recognizer given back after `FinalResult` keeps its expanded graph but starts the next
call with a new feature pipeline, so it decodes it as a new one would; only its clock runs on,
which `TrackDecoder` takes off its words' times.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

import numpy as np
import vosk

from ivr.live.protocol import MULAW_RATE
from ivr.speech.decode import utterances
from ivr.transcript import Speaker, Utterance, Word

MAX_GAP_SECONDS = 2.0  # a longer hole in a track is filled with this much silence at most
# Audio a kept recognizer decodes before it is dropped: its clock runs on from its first call,
# so its word times would grow without end; a new one costs ~1.5 CPU s once.
RETIRE_SECONDS = 3600.0


@dataclass
class Recognizer:
    kaldi: vosk.KaldiRecognizer
    rate: int
    fed: int = 0  # samples given to it by the calls it decoded before: where their clock starts

    @property
    def offset(self) -> float:
        return self.fed / self.rate


_idle: dict[tuple[vosk.Model, int], list[Recognizer]] = {}
_idle_lock = threading.Lock()  # held only to take or give back, never while decoding


def take(model: vosk.Model, rate: int) -> Recognizer:
    """A recognizer for a new call: one a finished call gave back, else a new one."""
    with _idle_lock:
        kept = _idle.get((model, rate))
        if kept:
            return kept.pop()
    recognizer = vosk.KaldiRecognizer(model, rate)
    recognizer.SetWords(True)
    return Recognizer(recognizer, rate)


def give_back(model: vosk.Model, recognizer: Recognizer) -> None:
    """Keep a recognizer whose call ended with `FinalResult` for the next call."""
    if recognizer.offset < RETIRE_SECONDS:
        with _idle_lock:
            _idle.setdefault((model, recognizer.rate), []).append(recognizer)


def _mulaw_table() -> np.ndarray:
    """G.711 mu-law byte -> 16-bit linear sample."""
    codes = ~np.arange(256, dtype=np.int32) & 0xFF
    sign = codes & 0x80
    exponent = (codes >> 4) & 0x07
    mantissa = codes & 0x0F
    magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
    return np.where(sign, -magnitude, magnitude).astype(np.int16)


MULAW = _mulaw_table()


def upsample(mulaw: bytes, previous: int, factor: int) -> tuple[bytes, int]:
    """mu-law 8 kHz to 16-bit PCM at `factor` times the rate, linearly interpolated from the
    previous frame's last sample so frame edges make no clicks; returns the new last sample."""
    samples = MULAW[np.frombuffer(mulaw, dtype=np.uint8)].astype(np.float32)
    if factor == 1 or not len(samples):
        last = int(samples[-1]) if len(samples) else previous
        return samples.astype(np.int16).tobytes(), last
    before = np.concatenate(([float(previous)], samples[:-1]))
    steps = np.arange(1, factor + 1, dtype=np.float32) / factor
    out = before[:, None] + (samples - before)[:, None] * steps[None, :]
    return out.astype(np.int16).tobytes(), int(samples[-1])


@dataclass
class TrackDecoder:
    """One track's recognizer. `feed` takes frames in order with the 8 kHz sample each starts at
    and returns the utterances Vosk's result changed; `partial` is what it hears so far.

    The track's utterances are its words split at pauses of `pause` seconds, as in a recording's
    transcript, whatever silence made Vosk end a result: words that follow the last utterance
    closer than that grow it instead of starting another."""

    model: vosk.Model
    rate: int  # the model's sample rate
    speaker: Speaker
    language: str
    pause: float = 0.8
    words: list[Word] = field(default_factory=list)  # every word Vosk finalised, in order
    _recognizer: Recognizer = field(init=False)
    _offset: float = field(init=False)  # the recognizer's clock when this track began
    _placed: int = 0  # 8 kHz samples given to the recognizer (the track's clock)
    _last: int = 0

    def __post_init__(self) -> None:
        self._recognizer = take(self.model, self.rate)
        self._offset = self._recognizer.offset

    @property
    def seconds(self) -> float:
        return self._placed / MULAW_RATE

    def feed(self, at: int, mulaw: bytes) -> list[Utterance]:
        gap = min(at - self._placed, int(MAX_GAP_SECONDS * MULAW_RATE))
        if gap > 0:  # a lost frame: silence keeps the recognizer on the call's clock
            mulaw = b"\xff" * gap + mulaw  # 0xff is mu-law's zero
        elif gap < 0:  # overlaps what was already placed
            mulaw = mulaw[-gap:]
        if not mulaw:
            return []
        pcm, self._last = upsample(mulaw, self._last, self.rate // MULAW_RATE)
        self._placed += len(mulaw)
        self._recognizer.fed += len(pcm) // 2
        if self._recognizer.kaldi.AcceptWaveform(pcm):
            return self._take(self._recognizer.kaldi.Result())
        return []

    @property
    def utterances(self) -> list[Utterance]:
        return utterances(self.words, self.speaker, self.language, self.pause)

    def partial(self) -> str:
        return json.loads(self._recognizer.kaldi.PartialResult()).get("partial", "")

    def finish(self) -> list[Utterance]:
        """The track's last words; the recognizer goes back for the next call (call once)."""
        result = self._recognizer.kaldi.FinalResult()
        give_back(self.model, self._recognizer)
        return self._take(result)

    def _take(self, result: str) -> list[Utterance]:
        new = [
            Word(
                word=w["word"],
                start=round(w["start"] - self._offset, 3),
                end=round(w["end"] - self._offset, 3),
                conf=round(w["conf"], 3),
            )
            for w in json.loads(result).get("result", [])
        ]
        if not new:
            return []
        self.words += new
        return [u for u in self.utterances if u.end >= new[0].start]
