"""Interruptions, talk ratio and long silences, from utterance timestamps only."""

from __future__ import annotations

from ivr.review.findings import Metrics, Silence
from ivr.review.rules import MetricSettings
from ivr.transcript import Transcript


def _talk(transcript: Transcript, speaker: str) -> float:
    return sum(max(0.0, u.end - u.start) for u in transcript.utterances if u.speaker == speaker)


def interruptions(transcript: Transcript, tolerance: float) -> list[float]:
    """Times where the agent starts while the caller is still speaking (beyond `tolerance`)."""
    callers = transcript.by("caller")
    return [
        a.start
        for a in transcript.by("agent")
        if any(c.start < a.start < c.end - tolerance for c in callers)
    ]


def long_silences(transcript: Transcript, threshold: float) -> list[Silence]:
    """Gaps of at least `threshold` seconds in which nobody speaks."""
    silences = []
    spoken_until = 0.0
    for u in sorted(transcript.utterances, key=lambda u: u.start):
        if u.start - spoken_until >= threshold:
            silences.append(
                Silence(start=spoken_until, end=u.start, duration=u.start - spoken_until)
            )
        spoken_until = max(spoken_until, u.end)
    return silences


def measure(transcript: Transcript, settings: MetricSettings) -> Metrics:
    agent, caller = _talk(transcript, "agent"), _talk(transcript, "caller")
    times = interruptions(transcript, settings.overlap_tolerance)
    return Metrics(
        duration=transcript.duration or max((u.end for u in transcript.utterances), default=0.0),
        agent_seconds=round(agent, 2),
        caller_seconds=round(caller, 2),
        talk_ratio=round(agent / (agent + caller), 3) if agent + caller else None,
        interruptions=len(times),
        interruption_times=times,
        long_silences=long_silences(transcript, settings.long_silence),
    )
