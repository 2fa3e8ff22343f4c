"""One streamed call: frames in, per-track decode, the checker after each utterance, the live
state published to the board for the agent's page, and the whole saved when the stream ends."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ivr.errors import LiveStreamError
from ivr.live.board import Board
from ivr.live.call import Check, LiveCall, Status
from ivr.live.decode import TrackDecoder
from ivr.live.protocol import MediaInfo, StartInfo, Track
from ivr.live.rules import advance, prompts
from ivr.live.tracks import Leg, Reorder
from ivr.review import check_call
from ivr.scripts import DepartmentScript
from ivr.store.models import utcnow
from ivr.transcript import Transcript, Utterance

log = logging.getLogger(__name__)
PUBLISH_EVERY = 0.5  # seconds between publishes of partial words when nothing was final


class Behind(LiveStreamError):
    """Decoding fell further behind the call than allowed: live assist stops for this call."""


@dataclass
class LiveSession:
    call: LiveCall
    script: DepartmentScript
    decoders: dict[Track, TrackDecoder]
    board: Board
    max_lag: float
    clock: Callable[[], float] = time.time
    _order: dict[Track, Reorder] = field(default_factory=dict)
    _anchor: tuple[float, float] | None = None  # (wall clock, media seconds) of the first frame
    _published: float = 0.0

    @classmethod
    def begin(
        cls,
        start: StartInfo,
        script: DepartmentScript,
        leg: Leg,
        decoders: dict[Track, TrackDecoder],
        board: Board,
        max_lag: float,
    ) -> LiveSession:
        params = start.custom_parameters
        call = LiveCall(
            call_sid=start.call_sid,
            stream_sid=start.stream_sid,
            department=script.id,
            script_version=script.version,
            agent=params.get("agent", ""),
            leg=leg,
            transcript=Transcript(language=script.lang, channels=2),
        )
        session = cls(call, script, decoders, board, max_lag)
        session._order = {track: Reorder() for track in decoders}
        session.publish()
        return session

    def media(self, media: MediaInfo) -> None:
        """Place, decode and (after a final utterance) check one frame of one track."""
        decoder = self.decoders.get(media.track)
        if decoder is None:
            return  # a track the start message did not announce
        self._keep_up(media.timestamp / 1000)
        finished: list[Utterance] = []
        for at, audio in self._order[media.track].push(media, media.audio()):
            finished += decoder.feed(at, audio)
        self._heard(finished, final=False)

    def finish(self, status: Status, reason: str = "") -> LiveCall:
        """Decode what is left, check the whole call once more and save it."""
        finished: list[Utterance] = []
        for track, decoder in self.decoders.items():
            for at, audio in self._order[track].flush():
                finished += decoder.feed(at, audio)
            finished += decoder.finish()
        self.call.status, self.call.reason = status, reason
        self._heard(finished, final=True)
        log.info(
            "live call %s %s after %.1fs: %d utterances",
            self.call.call_sid,
            status,
            self.call.seconds,
            len(self.call.transcript.utterances),
        )
        return self.call

    def _keep_up(self, media_seconds: float) -> None:
        now = self.clock()
        if self._anchor is None:
            self._anchor = (now, media_seconds)
            return
        lag = (now - self._anchor[0]) - (media_seconds - self._anchor[1])
        if lag > self.max_lag:
            raise Behind(
                f"decoding is {lag:.1f}s behind the call (limit {self.max_lag:.1f}s, "
                "IVR_LIVE_MAX_LAG): this machine is overloaded; lower IVR_LIVE_STREAMS"
            )

    def _heard(self, finished: list[Utterance], *, final: bool) -> None:
        call = self.call
        call.seconds = max(d.seconds for d in self.decoders.values())
        if not (finished or final) and self.clock() - self._published < PUBLISH_EVERY:
            return
        # Asked for only when published: a partial result costs Vosk a search of its lattice.
        call.partial = {} if final else {d.speaker: d.partial() for d in self.decoders.values()}
        if finished or final:
            transcript = call.transcript
            transcript.utterances = sorted(
                (u for d in self.decoders.values() for u in d.utterances),
                key=lambda u: (u.start, u.end),
            )
            transcript.duration = round(call.seconds, 3)
            review = check_call(transcript, self.script)
            call.review = review
            call.rules = advance(call.rules, review, call.seconds, final=final)
            at = self.clock()
            call.checks += [Check(speaker=u.speaker, end=u.end, at=at) for u in finished]
        settings = self.script.live_assist
        call.prompts = (
            []
            if final
            else prompts(call.rules, call.seconds, settings.prompt_after, self.script.language)
        )
        self.publish()

    def publish(self) -> None:
        self.call.seq += 1
        self.call.updated_at = utcnow()
        self.board.publish(self.call)
        self._published = self.clock()
