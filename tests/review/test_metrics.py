"""Figures from timestamps: interruptions, talk ratio, long silences."""

from __future__ import annotations

from ivr.review.metrics import measure
from ivr.review.rules import MetricSettings
from ivr.transcript import Transcript, Utterance


def _call() -> Transcript:
    return Transcript(
        utterances=[
            Utterance(speaker="agent", start=0.0, end=4.0, text="您好"),
            Utterance(speaker="caller", start=4.5, end=10.0, text="我想问一下"),
            Utterance(speaker="agent", start=8.0, end=10.0, text="好的"),  # over the caller
            Utterance(speaker="caller", start=10.1, end=11.0, text="嗯"),
            Utterance(speaker="agent", start=10.9, end=12.0, text="稍等"),  # within tolerance
            Utterance(speaker="agent", start=20.0, end=22.0, text="感谢您的等待"),
        ]
    )


def test_interruptions_talk_ratio_and_silences() -> None:
    metrics = measure(_call(), MetricSettings(long_silence=5.0, overlap_tolerance=0.3))
    assert metrics.interruptions == 1
    assert metrics.interruption_times == [8.0]
    assert metrics.agent_seconds == 9.1
    assert metrics.caller_seconds == 6.4
    assert metrics.talk_ratio == round(9.1 / 15.5, 3)
    assert [(s.start, s.end) for s in metrics.long_silences] == [(12.0, 20.0)]


def test_empty_call_has_no_ratio() -> None:
    metrics = measure(Transcript(), MetricSettings())
    assert metrics.talk_ratio is None
    assert metrics.interruptions == 0


def test_the_sweep_finds_what_comparing_every_pair_finds() -> None:
    """interruptions() sweeps once in time order; on random overlapping calls it must agree
    with the definition (an agent start inside some caller utterance, less the tolerance)."""
    import random

    from ivr.review.metrics import interruptions

    rng = random.Random(7)
    for _ in range(50):
        utterances = []
        for _ in range(40):
            start = round(rng.uniform(0, 60), 2)
            speaker = rng.choice(["agent", "caller"])
            end = start + round(rng.uniform(0.2, 8), 2)
            utterances.append(Utterance(speaker=speaker, start=start, end=end, text="嗯"))
        call = Transcript(utterances=utterances)
        callers = call.by("caller")
        expected = sorted(
            a.start
            for a in call.by("agent")
            if any(c.start < a.start < c.end - 0.3 for c in callers)
        )
        assert sorted(interruptions(call, 0.3)) == expected
