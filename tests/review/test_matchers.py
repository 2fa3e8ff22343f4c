"""Phrase matching as worker threads use it: shared, memoised phrase lists."""

from __future__ import annotations

import random

from ivr.review import matchers
from ivr.review.matchers import Needle, Patterns, Phrases, Turn, align, bound, build_turns, sounds
from ivr.review.normalize import normalize
from ivr.review.rules import Thresholds, load_pack
from ivr.transcript import Transcript, Utterance, Word
from tests.review.corpus import load_calls, load_part, render


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


def test_confidences_are_those_of_the_timed_characters() -> None:
    """A turn's confidences are read without its character times: they must be the same, gap
    characters, words whose letters do not add up and missing words included."""
    transcripts = [
        render(c, noise, seed)
        for c in load_calls()[::40] + load_part("en_dev")[::10]
        for noise, seed in ((0.0, 0), (0.15, 1))
    ]
    transcripts.append(
        Transcript(
            utterances=[
                Utterance(speaker="agent", start=0, end=1, text="您好 3个", confidence=0.4,
                          words=[Word(word="您好", start=0, end=0.5, conf=0.9)]),
                Utterance(speaker="agent", start=1, end=2, text="在 吗", confidence=0.7),
                Utterance(speaker="agent", start=2, end=3, text="。。", confidence=0.1),
            ]
        )
    )  # fmt: skip
    checked = 0
    for transcript in transcripts:
        lang = transcript.language[:2]
        for turn in build_turns(transcript, lang, 5.0):
            assert turn.confidences == tuple(t[2] for t in turn.times)
            assert len(turn.confidences) == len(turn.norm.chars) or lang != "zh"
            checked += 1
    assert checked > 100


def test_the_bit_tests_agree_with_the_set_tests() -> None:
    """Fuzzy candidates are picked by bit operations; they must be what `keeps_own` on the turn
    and `bound` say, for every phrase of the pack against real misheard turns."""
    pack = load_pack("zh")
    phrases = [p for r in pack.rules.values() for p in r.not_say + r.trigger + r.context]
    phrases += [p for r in pack.rules.values() for ps in r.say.values() for p in ps]
    compiled = Phrases([*phrases, "谢谢谢谢您"], "zh", Thresholds())  # a repeated syllable too
    turns = [t for c in load_calls()[::25] for t in build_turns(render(c, 0.15, 2), "zh", 5.0)]
    compared = 0
    for turn in turns:
        # As the phrase list asks: a turn remembered from before its bits were given is redone.
        have_chars, have, close = matchers.BITS.turn(
            turn.norm.chars, turn.norm.keys, compiled._top_bit
        )
        heard = sounds(turn.norm.keys)
        for (_, norm), needle, (own, needed, syllables) in zip(
            compiled._fuzzy, compiled._needles, compiled._bits, strict=True
        ):
            by_sets = len(set(norm.chars) & set(turn.norm.chars)) >= needed
            assert ((own & have_chars).bit_count() >= needed) == by_sets
            if syllables is not None:
                by_bits = matchers._bound_of(syllables & ~have, ~close, needle.size)
                assert by_bits == bound(needle, heard)
                compared += 1
    assert compared > 10_000


def test_a_phrase_list_compiled_after_a_turn_was_seen_still_finds_it() -> None:
    """A turn's bits are remembered; a list compiled later brings characters and syllables the
    remembered bits know nothing of, and must not lose its hits to them."""
    [turn] = build_turns(
        Transcript(utterances=[Utterance(speaker="agent", start=0, end=3, text="鹦鹉 螺号 潜艇")]),
        "zh",
        5.0,
    )
    Phrases(["很高兴为您服务"], "zh", Thresholds()).hits(turn)  # the turn's bits remembered
    late = Phrases(["英武多号"], "zh", Thresholds())  # never seen; found only fuzzily
    assert [(h.phrase, h.score < 1) for h in late.hits(turn)] == [("英武多号", True)]


def _sound_hit(pattern: str, text: str) -> str | None:
    transcript = Transcript(utterances=[Utterance(speaker="agent", start=0, end=1, text=text)])
    [turn] = build_turns(transcript, "zh", 5.0)
    hit = Patterns([pattern], {}, "zh").best([turn])
    return hit.match if hit else None


def test_a_set_of_characters_matches_a_whole_syllable_by_sound() -> None:
    # [点电] on sound keys is dian or dian, not any syllable starting with d (三顶 is not 三点)
    assert _sound_hit("三[点电]前", "三 店 前") == "三店前"
    assert _sound_hit("三[点电]前", "三 顶 前") is None
    assert _sound_hit("[^这那]是怎么回事", "他 是 怎么 回事") == "他是怎么回事"
    assert _sound_hit("[^这那]是怎么回事", "这 是 怎么 回事") is None
