"""The checker against labelled calls rendered as Vosk writes Mandarin: clean, with 5% and with
15% character errors, several seeds each. Per rule: accuracy, confident-wrong (a pass or fail
that is wrong) and uncertain, as tests/review/evaluate.py prints them.

The held-out parts (heldout_calls.txt, heldout2_calls.txt) were written by people who never saw
the checker, frozen, and are never tuned on: their floors are a regression guard set at what the
checker reaches, below the issue's goal (>= 95% clean, >= 90% at 15% errors, confident-wrong
<= 3%). The development parts (the shared QA examples, calls_extra.txt, calls_dev.txt, and
calls_fresh.txt and calls_calibration.txt from four more blind writers, each measured before
anything was changed from it) are what the rules were studied on; they are held to their own
floors.
"""

from __future__ import annotations

import pytest
from rapidfuzz.distance import Levenshtein

from tests.review.corpus import DEV_PARTS, RULES, load_calls, load_part, render, vosk_words
from tests.review.evaluate import evaluate

SEEDS = 2
# Per held-out part and noise level: (lowest accuracy, highest confident-wrong) reached, less a
# margin, for the three rules rebuilt on structure and, under "*", for every other rule.
HELDOUT_FLOORS = {
    "heldout": {
        0.0: {"follow_up_time": (0.87, 0.085), "apology": (0.77, 0.045),
              "banned_phrase": (0.95, 0.04), "*": (0.97, 0.025)},
        0.05: {"follow_up_time": (0.845, 0.09), "apology": (0.77, 0.045),
               "banned_phrase": (0.92, 0.04), "*": (0.96, 0.03)},
        0.15: {"follow_up_time": (0.795, 0.085), "apology": (0.77, 0.04),
               "banned_phrase": (0.86, 0.07), "*": (0.915, 0.045)},
    },
    "heldout2": {
        0.0: {"follow_up_time": (0.88, 0.08), "apology": (0.80, 0.055),
              "banned_phrase": (0.965, 0.035), "*": (0.93, 0.045)},
        0.05: {"follow_up_time": (0.87, 0.085), "apology": (0.79, 0.055),
               "banned_phrase": (0.94, 0.04), "*": (0.925, 0.045)},
        0.15: {"follow_up_time": (0.79, 0.115), "apology": (0.80, 0.035),
               "banned_phrase": (0.855, 0.06), "*": (0.895, 0.045)},
    },
}  # fmt: skip
# Every rule on every development part; apology (a problem report left unapologised is
# uncertain) and follow_up_time under noise sit lowest.
DEV_FLOORS = {0.0: (0.87, 0.03), 0.05: (0.86, 0.04), 0.15: (0.82, 0.055)}


@pytest.mark.parametrize(
    ("part", "noise"), [(part, noise) for part in HELDOUT_FLOORS for noise in (0.0, 0.05, 0.15)]
)
def test_held_out_calls(part: str, noise: float) -> None:
    acc = evaluate(load_part(part), noise, SEEDS if noise else 1)
    table = acc.table(f"{part}, {noise:.0%} noise")
    print(table)
    floors = HELDOUT_FLOORS[part][noise]
    for rule in RULES:
        least, most_wrong = floors.get(rule, floors["*"])
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
    calls = load_part("extra") + load_part("dev") + load_part("heldout")
    assert len(calls) >= 300 and len(load_part("heldout2")) >= 100
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
