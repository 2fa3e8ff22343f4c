"""The checker against labelled calls rendered as Vosk writes Mandarin: clean, with 5% and with
15% character errors, several seeds each. Per rule: accuracy, confident-wrong (a pass or fail
that is wrong) and uncertain, as tests/review/evaluate.py prints them.

The held-out part (heldout_calls.txt) was written by people who never saw the checker, frozen,
and is never tuned on: its floors are a regression guard set at what the checker reaches, below
the issue's goal (>= 95% clean, >= 90% at 15% errors, confident-wrong <= 3%). The development
parts (the shared QA examples, calls_extra.txt, calls_dev.txt, and calls_fresh.txt from two more
blind writers, measured before any rule was tuned on it) are what the rules were studied on;
they are held to their own floors.
"""

from __future__ import annotations

import pytest
from rapidfuzz.distance import Levenshtein

from tests.review.corpus import DEV_PARTS, RULES, load_calls, load_part, render, vosk_words
from tests.review.evaluate import evaluate

SEEDS = 2
# Per rule and noise level: (lowest accuracy, highest confident-wrong) reached, less a margin.
HELDOUT_FLOORS = {
    0.0: {"follow_up_time": (0.86, 0.09), "apology": (0.85, 0.075), "banned_phrase": (0.94, 0.045)},
    0.05: {"follow_up_time": (0.84, 0.09), "apology": (0.83, 0.075), "banned_phrase": (0.90, 0.05)},
    0.15: {"follow_up_time": (0.79, 0.09), "apology": (0.81, 0.075), "banned_phrase": (0.85, 0.07)},
}
OTHER_RULES = {0.0: (0.96, 0.025), 0.05: (0.95, 0.035), 0.15: (0.91, 0.05)}
# Every rule on every development part; follow_up_time sits lowest once noise is added.
DEV_FLOORS = {0.0: (0.94, 0.035), 0.05: (0.91, 0.045), 0.15: (0.83, 0.065)}
HELDOUT = load_part("heldout")


def _floors(noise: float, rule: str) -> tuple[float, float]:
    return HELDOUT_FLOORS[noise].get(rule, OTHER_RULES[noise])


@pytest.mark.parametrize("noise", list(HELDOUT_FLOORS))
def test_held_out_calls(noise: float) -> None:
    acc = evaluate(HELDOUT, noise, SEEDS if noise else 1)
    table = acc.table(f"held-out, {noise:.0%} noise")
    print(table)
    for rule in RULES:
        least, most_wrong = _floors(noise, rule)
        assert acc.rate(rule) >= least, (rule, table)
        assert acc.confident_wrong(rule) <= most_wrong, (rule, table)


@pytest.mark.parametrize("noise", list(DEV_FLOORS))
def test_development_calls(noise: float) -> None:
    acc = evaluate(load_calls(DEV_PARTS), noise, SEEDS if noise else 1)
    table = acc.table(f"development, {noise:.0%} noise")
    print(table)
    least, most_wrong = DEV_FLOORS[noise]
    for rule in RULES:
        assert acc.rate(rule) >= least, (rule, table, acc.misses)
        assert acc.confident_wrong(rule) <= most_wrong, (rule, table)


def test_the_labelled_calls_cover_every_rule_both_ways() -> None:
    calls = load_part("extra") + load_part("dev") + HELDOUT
    assert len(calls) >= 300 and len(HELDOUT) >= 100
    for rule in RULES:
        labels = {c.labels.get(rule) for c in calls}
        assert {"pass", "fail"} <= labels, rule


def test_noise_is_about_fifteen_percent_of_characters() -> None:
    calls = load_part("extra")
    clean = "".join("".join(vosk_words(t)) for c in calls for _, t in c.lines)
    noisy = "".join(
        u.text.replace(" ", "") for c in calls for u in render(c, 0.15, seed=1).utterances
    )
    rate = Levenshtein.distance(clean, noisy) / len(clean)
    assert 0.10 <= rate <= 0.20, rate


def test_rendering_looks_like_vosk() -> None:
    transcript = render(load_part("extra")[0])
    first = transcript.utterances[0]
    assert "，" not in first.text and "？" not in first.text
    assert " " in first.text
    assert first.words and first.words[0].start == first.start
    assert "三零二一" in first.text.replace(" ", "")  # numbers stay characters
