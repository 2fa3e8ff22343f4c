"""Twilio Media Streams messages, read once at the edge into typed events.

https://www.twilio.com/docs/voice/media-streams/websocket-messages: `connected`, `start`,
`media`, `dtmf`, `mark`, `stop`, each a JSON text frame.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from ivr.errors import LiveStreamError, first_error

Track = Literal["inbound", "outbound"]
MULAW_RATE = 8000


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class MediaFormat(_Message):
    encoding: str
    sample_rate: int = Field(alias="sampleRate")
    channels: int = 1

    @field_validator("encoding")
    @classmethod
    def _mulaw(cls, value: str) -> str:
        if value != "audio/x-mulaw":
            raise ValueError(f"encoding {value!r} is not audio/x-mulaw, the only one Twilio sends")
        return value

    @field_validator("sample_rate")
    @classmethod
    def _rate(cls, value: int) -> int:
        if value != MULAW_RATE:
            raise ValueError(f"sample rate {value} is not 8000 Hz, the only one Twilio sends")
        return value


class StartInfo(_Message):
    stream_sid: str = Field(alias="streamSid")
    call_sid: str = Field(alias="callSid")
    account_sid: str = Field("", alias="accountSid")
    tracks: list[Track]
    media_format: MediaFormat = Field(alias="mediaFormat")
    custom_parameters: dict[str, str] = Field(default_factory=dict, alias="customParameters")


class Connected(_Message):
    event: Literal["connected"]


class Start(_Message):
    event: Literal["start"]
    start: StartInfo


class MediaInfo(_Message):
    track: Track
    chunk: int
    timestamp: int  # milliseconds since the stream started
    payload: str

    def audio(self) -> bytes:
        try:
            return base64.b64decode(self.payload, validate=True)
        except binascii.Error as exc:
            raise LiveStreamError(f"media chunk {self.chunk}: payload is not base64") from exc


class Media(_Message):
    event: Literal["media"]
    media: MediaInfo


class DtmfInfo(_Message):
    track: str = "inbound_track"
    digit: str


class Dtmf(_Message):
    event: Literal["dtmf"]
    dtmf: DtmfInfo


class Mark(_Message):
    event: Literal["mark"]


class Stop(_Message):
    event: Literal["stop"]


Message = Annotated[Connected | Start | Media | Dtmf | Mark | Stop, Field(discriminator="event")]
_messages: TypeAdapter[Message] = TypeAdapter(Message)


def parse(text: str | bytes) -> Message:
    """One WebSocket frame as a typed message; anything else is a LiveStreamError naming why."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LiveStreamError(f"a Media Streams frame is not JSON ({exc})") from exc
    try:
        return _messages.validate_python(data)
    except ValidationError as exc:
        where, message = first_error(exc)
        event = data.get("event") if isinstance(data, dict) else None
        raise LiveStreamError(
            f"Media Streams {event or 'frame'}: field {where!r}: {message}; expected one of "
            "connected, start, media, dtmf, mark, stop as Twilio sends them"
        ) from exc
