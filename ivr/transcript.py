"""The transcript of one call: who said what and when. Its JSON form is the one every part uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from ivr.errors import TranscriptError, first_error

Speaker = Literal["agent", "caller", "unknown"]


def language_code(language: str) -> str:
    """The short code transcripts, models and rule packs are keyed by: zh-CN -> zh, en-US -> en."""
    return language.split("-")[0].lower()


class Word(BaseModel):
    word: str
    start: float
    end: float
    conf: float = 1.0


class Utterance(BaseModel):
    speaker: Speaker
    start: float
    end: float
    text: str
    confidence: float | None = None
    words: list[Word] = Field(default_factory=list)


class Transcript(BaseModel):
    language: str = "zh"
    duration: float = 0.0
    channels: int = 1
    utterances: list[Utterance] = Field(default_factory=list)

    def by(self, speaker: Speaker) -> list[Utterance]:
        return [u for u in self.utterances if u.speaker == speaker]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str, *, source: str = "transcript") -> Transcript:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TranscriptError(
                f"{source} is not JSON ({exc.msg} at line {exc.lineno}); "
                "give the JSON that `ivr transcribe --format json` writes"
            ) from exc
        try:
            transcript = cls.model_validate(data)
        except ValidationError as exc:
            where, message = first_error(exc)
            raise TranscriptError(
                f"{source}: field {where!r}: {message}; each utterance needs "
                "speaker (agent, caller or unknown), start, end and text"
            ) from exc
        if not transcript.duration and transcript.utterances:
            transcript.duration = max(u.end for u in transcript.utterances)
        return transcript

    @classmethod
    def from_file(cls, path: Path) -> Transcript:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise TranscriptError(f"{path}: no such transcript file") from exc
        except UnicodeDecodeError as exc:
            raise TranscriptError(f"{path}: not UTF-8 text; give a transcript JSON file") from exc
        return cls.from_json(text, source=str(path))
