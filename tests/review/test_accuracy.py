"""The checker against labelled calls rendered as Vosk writes Mandarin, clean and with ~15%
character errors. Goal per rule: >= 90% clean, >= 80% noisy, on calls it was not tuned on.

Groups: the shared examples (../shared/checker-examples/calls.txt, when present), our calls used
while tuning the rule pack (x..), and our held-out calls (h..), which the pack was not tuned on.
"""

from __future__ import annotations

import pytest
from rapidfuzz.distance import Levenshtein

from tests.review.corpus import (
    EXTRA_CALLS,
    RULES,
    SHARED_CALLS,
    parse_calls,
    render,
    vosk_words,
)
from tests.review.evaluate import evaluate

NOISE, SEEDS = 0.15, 5
EXTRA = parse_calls(EXTRA_CALLS)
GROUPS = {
    "tuned": [c for c in EXTRA if not c.held_out],
    "held-out": [c for c in EXTRA if c.held_out],
}


def _check(calls: list, title: str) -> None:
    clean = evaluate(calls)
    noisy = evaluate(calls, NOISE, SEEDS)
    print(clean.table(f"{title}, clean"), noisy.table(f"{title}, {NOISE:.0%} noise"), sep="\n")
    for rule in RULES:
        assert clean.rate(rule) >= 0.9, (rule, clean.table(title), clean.misses)
        assert noisy.rate(rule) >= 0.8, (rule, noisy.table(title), noisy.misses)


@pytest.mark.skipif(
    not SHARED_CALLS.is_file(),
    reason=f"{SHARED_CALLS} is not there (the shared examples live beside the repository)",
)
def test_shared_examples() -> None:
    _check(parse_calls(SHARED_CALLS), "shared examples")


@pytest.mark.parametrize("group", GROUPS)
def test_our_calls(group: str) -> None:
    _check(GROUPS[group], f"{group} calls")


def test_our_calls_cover_every_rule_with_traps() -> None:
    assert len(EXTRA) >= 30
    assert len(GROUPS["held-out"]) >= 15
    for rule in RULES:
        labels = {c.labels.get(rule) for c in EXTRA}
        assert {"pass", "fail"} <= labels, rule  # each rule is seen both passing and failing


def test_noise_is_about_fifteen_percent_of_characters() -> None:
    clean = "".join("".join(vosk_words(t)) for c in EXTRA for _, t in c.lines)
    noisy = "".join(
        u.text.replace(" ", "") for c in EXTRA for u in render(c, NOISE, seed=1).utterances
    )
    rate = Levenshtein.distance(clean, noisy) / len(clean)
    assert 0.10 <= rate <= 0.20, rate


def test_rendering_looks_like_vosk() -> None:
    transcript = render(EXTRA[0])
    first = transcript.utterances[0]
    assert "，" not in first.text and "？" not in first.text
    assert " " in first.text
    assert first.words and first.words[0].start == first.start
    assert "三零二一" in first.text.replace(" ", "")  # numbers stay characters
