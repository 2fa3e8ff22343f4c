"""Interruptions, talk ratio and long silences, from utterance timestamps only."""

from __future__ import annotations

from ivr.review.findings import Metrics, Silence
from ivr.review.rules import MetricSettings
from ivr.transcript import Transcript


def _talk(transcript: Transcript, speaker: str) -> float:
    return sum(max(0.0, u.end - u.start) for u in transcript.utterances if u.speaker == speaker)


def interruptions(transcript: Transcript, tolerance: float) -> list[float]:
    """Times where the agent starts while the caller is still speaking (beyond `tolerance`).

    One sweep over both speakers in time order: an agent start interrupts when some caller
    utterance that began before it ends (less the tolerance) after it, so the latest such end
    is all that needs keeping."""
    callers = sorted(transcript.by("caller"), key=lambda u: u.start)
    found, latest, i = [], float("-inf"), 0
    for a in sorted(transcript.by("agent"), key=lambda u: u.start):
        while i < len(callers) and callers[i].start < a.start:
            latest = max(latest, callers[i].end - tolerance)
            i += 1
        if a.start < latest:
            found.append(a.start)
    return found


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
