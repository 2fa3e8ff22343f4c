"""Phrase matching as worker threads use it: shared, memoised phrase lists."""

from __future__ import annotations

import random

from ivr.review import matchers
from ivr.review.matchers import Needle, Phrases, Turn, align, bound, build_turns, sounds
from ivr.review.normalize import normalize
from ivr.review.rules import Thresholds
from ivr.transcript import Transcript, Utterance
from tests.review.corpus import load_calls


class _ClearedAtOnce(dict):
    """A memo another thread clears right after each store."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def test_a_memo_cleared_by_another_thread_loses_no_lookup() -> None:
    phrases = Phrases(["很高兴为您服务"], "zh", Thresholds())
    phrases._exact_memo, phrases._fuzzy_memo = _ClearedAtOnce(), _ClearedAtOnce()
    transcript = Transcript(
        utterances=[Utterance(speaker="agent", start=0, end=2, text="很 高兴 为 肤误")]
    )
    [turn] = build_turns(transcript, "zh", 5.0)
    [hit] = phrases.hits(turn)
    assert hit.match == "很高兴为肤误"
    assert phrases.best([turn]) == hit


def test_memos_stay_bounded_when_every_text_matches_exactly() -> None:
    phrases = Phrases(["您好"], "zh", Thresholds())
    transcript = Transcript(
        utterances=[
            Utterance(speaker="agent", start=10 * i, end=10 * i + 1, text=f"您好 {i}")
            for i in range(5000)
        ]
    )
    turns = build_turns(transcript, "zh", 5.0)
    assert len(turns) == 5000
    for turn in turns:
        assert phrases.best([turn]) is not None  # exact: no fuzzy search, no `hits` call
    assert len(phrases._exact_memo) <= 4097


def _corpus_keys() -> list[str]:
    return [normalize(text).keys for c in load_calls() for _, text in c.lines]


def test_the_syllable_bound_never_undercuts_the_alignment() -> None:
    """Fuzzy matching skips a phrase where `bound` says it cannot reach the floor: that is only
    safe if no alignment ever scores above the bound (misheard phrases against real lines)."""
    rng = random.Random(7)
    lines = _corpus_keys()
    checked = 0
    for _ in range(3000):
        line = rng.choice(lines)
        size = rng.randrange(1, 8)
        at = 2 * rng.randrange(max(1, len(line) // 2 - size + 1))
        needle = "".join(
            line[i : i + 2] if rng.random() < 0.7 else rng.choice(lines)[:2]
            for i in range(at, at + 2 * size, 2)
            if i + 2 <= len(line)
        )
        hay = rng.choice(lines)
        if not needle or not hay:
            continue
        assert bound(Needle.of(needle), sounds(hay)) >= align(needle, hay)[0]
        checked += 1
    assert checked > 2000


def test_a_phrase_whose_sounds_the_turn_lacks_is_never_aligned(monkeypatch) -> None:
    """Aligning costs a syllable-by-syllable table. A long turn that only shares initials with
    the phrase (请网高家 for 请勿挂机: close enough for rapidfuzz's partial_ratio on sound codes)
    cannot reach the weak score, and is ruled out before any alignment."""
    aligned: list[str] = []

    def counting(needle: str, hay: str) -> tuple[float, int, int]:
        aligned.append(hay)
        return align(needle, hay)

    monkeypatch.setattr(matchers, "align", counting)
    phrases = Phrases(["请勿挂机"], "zh", Thresholds())

    def turn(text: str) -> Turn:
        utterance = Utterance(speaker="agent", start=0, end=60, text=text)
        [only] = build_turns(Transcript(utterances=[utterance]), "zh", 5.0)
        return only

    assert phrases.hits(turn(" ".join(["请 网 高 家"] * 200))) == []
    assert aligned == []
    assert [h.phrase for h in phrases.hits(turn("请 勿 要 挂 机"))] == ["请勿挂机"]
    assert len(aligned) == 1
