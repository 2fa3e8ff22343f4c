"""Which speaker each track carries, and frames put back in order before they are decoded.

On a streamed call leg, `inbound` is what the party on that leg says to Twilio and `outbound` what
Twilio plays to that party. On the agent's leg (the agent dialing the queue) inbound is the agent
and outbound the caller; on the caller's leg it is the other way round.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Literal

from ivr.errors import LiveStreamError
from ivr.live.protocol import MULAW_RATE, MediaInfo, Track
from ivr.transcript import Speaker

Leg = Literal["agent", "caller"]
LEGS: tuple[Leg, ...] = ("agent", "caller")
FRAME_MS = 20  # Twilio sends 20 ms of audio per media message


def speaker_of(track: Track, leg: Leg) -> Speaker:
    """The speaker a track carries on the call leg that is streamed."""
    other: Speaker = "caller" if leg == "agent" else "agent"
    return leg if track == "inbound" else other


def parse_leg(value: str | None) -> Leg:
    if value not in LEGS:
        raise LiveStreamError(
            f"stream parameter leg={value!r}; the <Stream> must name the leg it streams "
            "(agent or caller) so its tracks can be told apart"
        )
    return value  # type: ignore[return-value]


@dataclass
class Reorder:
    """One track's frames released in chunk order, each with the sample it starts at.

    A frame that is late waits in a small buffer; once `window` later frames are waiting, the
    missing one is given up (its time stays silent). A frame older than what was released is
    dropped: the decoder has moved past it.
    """

    window: int = 10
    _next: int | None = None
    _pending: list[tuple[int, int, bytes]] = field(default_factory=list)  # (chunk, ms, audio)

    def push(self, media: MediaInfo, audio: bytes) -> list[tuple[int, bytes]]:
        if self._next is not None and media.chunk < self._next:
            return []
        heapq.heappush(self._pending, (media.chunk, media.timestamp, audio))
        return self._release(flush=False)

    def flush(self) -> list[tuple[int, bytes]]:
        return self._release(flush=True)

    def _release(self, *, flush: bool) -> list[tuple[int, bytes]]:
        out: list[tuple[int, bytes]] = []
        while self._pending:
            chunk, ms, audio = self._pending[0]
            waiting = self._next is not None and chunk > self._next and not flush
            if waiting and len(self._pending) <= self.window:
                break
            heapq.heappop(self._pending)
            if self._next is not None and chunk < self._next:
                continue  # a duplicate
            self._next = chunk + 1
            out.append((ms * MULAW_RATE // 1000, audio))
        return out
