"""Decoding: one KaldiRecognizer per channel, words placed on the call's timeline, utterances."""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import vosk

from ivr.speech.audio import SAMPLE_WIDTH
from ivr.speech.vad import Piece, VadOptions, all_pieces, speech_pieces
from ivr.transcript import Speaker, Utterance, Word, language_code

# Languages written without spaces between words; Vosk puts spaces between them anyway.
UNSPACED = {"zh", "ja"}


@dataclass(frozen=True)
class DecodeOptions:
    pause: float = 0.8  # a gap between words at least this long (seconds) starts a new utterance
    skip_silence: bool = True
    vad: VadOptions = field(default_factory=VadOptions)
    # Decode a stereo file's channels in two threads; None: yes, unless batch processes fill the
    # cores already.
    parallel_channels: bool | None = None
    # Transcribe what a cut-off file holds (with a warning) instead of failing it.
    allow_truncated: bool = False


def decode_channel(
    pcm: Iterable[bytes], model: vosk.Model, rate: int, options: DecodeOptions
) -> list[Word]:
    """The words of one channel's 16-bit mono PCM stream, timed on the call's timeline."""
    pieces = speech_pieces(pcm, rate, options.vad) if options.skip_silence else all_pieces(pcm)
    return list(_recognize(pieces, model, rate))


def _recognize(pieces: Iterable[Piece], model: vosk.Model, rate: int) -> Iterator[Word]:
    """Feed the pieces to one recognizer and place its words back on the call's timeline.

    Utterance ends are left to Vosk's own endpointing, as on the full audio: forcing a final
    result at every cut changes what Vosk hears far more than the skipped silence does.
    """
    recognizer = vosk.KaldiRecognizer(model, rate)
    recognizer.SetWords(True)
    timeline = _Timeline(rate)
    new_region = True
    for piece in pieces:
        if new_region:
            timeline.cut(piece.start)
        timeline.fed += len(piece.audio) // SAMPLE_WIDTH
        new_region = piece.last
        if piece.audio and recognizer.AcceptWaveform(piece.audio):
            yield from _words(recognizer.Result(), timeline)
    yield from _words(recognizer.FinalResult(), timeline)


class _Timeline:
    """Where the audio given to the recognizer sits on the call: one offset per region."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.fed = 0  # samples given to the recognizer so far
        self.fed_starts: list[int] = []
        self.shifts: list[float] = []  # call time minus recognizer time, per region

    def cut(self, call_start: int) -> None:
        self.fed_starts.append(self.fed)
        self.shifts.append((call_start - self.fed) / self.rate)

    def shift(self, seconds: float) -> float:
        region = bisect.bisect_right(self.fed_starts, round(seconds * self.rate)) - 1
        return self.shifts[max(region, 0)]


def _words(result: str, timeline: _Timeline) -> Iterator[Word]:
    for item in json.loads(result).get("result", []):
        # A word that runs over a cut keeps its length: both ends move with its start's region.
        shift = timeline.shift(item["start"])
        yield Word(
            word=item["word"],
            start=round(item["start"] + shift, 3),
            end=round(item["end"] + shift, 3),
            conf=round(item["conf"], 3),
        )


def utterances(words: list[Word], speaker: Speaker, language: str, pause: float) -> list[Utterance]:
    """Group one speaker's time-ordered words into utterances at pauses of `pause` seconds."""
    groups: list[list[Word]] = []
    for word in words:
        if groups and word.start - groups[-1][-1].end < pause:
            groups[-1].append(word)
        else:
            groups.append([word])
    return [
        Utterance(
            speaker=speaker,
            start=group[0].start,
            end=group[-1].end,
            text=join_words([w.word for w in group], language),
            confidence=round(sum(w.conf for w in group) / len(group), 3),
            words=group,
        )
        for group in groups
    ]


def join_words(words: list[str], language: str) -> str:
    """Display text: spaces between words, except in Chinese (kept between two Latin words)."""
    if language_code(language) not in UNSPACED:
        return " ".join(words)
    text = ""
    for word in words:
        if text and text[-1].isascii() and text[-1].isalnum() and word[0].isascii():
            text += " "
        text += word
    return text
