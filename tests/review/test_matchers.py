"""Phrase matching as worker threads use it: shared, memoised phrase lists."""

from __future__ import annotations

from ivr.review.matchers import Phrases, build_turns
from ivr.review.rules import Thresholds
from ivr.transcript import Transcript, Utterance


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
