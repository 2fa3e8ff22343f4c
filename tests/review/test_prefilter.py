"""The prefilter skips a search only where it cannot succeed: every pattern of the packs, on the
characters and on the sound keys, against real lines misheard and cut at random."""

from __future__ import annotations

import random
import re
from functools import cache

import pytest

from ivr.review import prefilter
from ivr.review.call_view import CallView
from ivr.review.cue_syntax import expand
from ivr.review.matchers import Patterns, Phrases, build_turns, sound_span
from ivr.review.normalize import Norm
from ivr.review.prefilter import Gate, Literals, required_literals
from ivr.review.rules import Thresholds, load_pack
from ivr.review.structure import Cues
from tests.review.corpus import ENGLISH_PARTS, Call, book, load_calls, load_part, render


@pytest.mark.parametrize(
    ("pattern", "matched"),
    [
        ("abc*d", "abcccd"),  # an unbounded repeat is not the empty string
        ("自己(去)?.{0,4}(查|看)", "自己先去查"),  # nor is an optional run of anything
        ("a(b.)?d", "abxd"),
        ("(?<!x)a(?=y)", "ay"),  # lookarounds consume nothing
        ("x{0}y", "y"),
        ("(?i)ABC", "abc"),  # case-insensitive: no literal is required
        ("(ab|c)+d", "cabd"),
        ("(不|没)(太)?(知道|清楚)", "没太清楚"),
        ("[零一二]+个?(工作日|小时)(内)?", "二一个小时内"),
    ],
)
def test_every_match_contains_a_required_literal(pattern: str, matched: str) -> None:
    assert re.search(pattern, matched)
    required = required_literals(pattern)
    assert required is None or any(s in matched for s in required)


def test_required_literals_are_as_specific_as_the_pattern_allows() -> None:
    assert required_literals("(我|我们)?不(太)?(知道|清楚)") == {
        "不知道", "不清楚", "不太知道", "不太清楚"
    }  # fmt: skip
    assert required_literals("(我|我们)?不.(知道|清楚)") == {"知道", "清楚"}
    assert required_literals("a(bc)?d") == {"ad", "abcd"}
    assert required_literals("^(不行|不能)") == {"不行", "不能"}
    assert required_literals("a|.") is None  # the second alternative requires nothing
    assert required_literals("(?i)abc") is None


def test_each_alternative_needs_every_part_it_requires() -> None:
    """One literal of the whole pattern (清楚) lets through a turn that no alternative can
    match; the alternatives need all theirs (说 and 清楚, or 您好)."""
    assert prefilter.alternatives("说.{0,3}清楚|您好") == (
        (frozenset({"说"}), frozenset({"清楚"})),
        (frozenset({"您好"}),),
    )
    assert prefilter.alternatives("说.{0,3}清楚|.") is None  # an alternative requiring nothing
    gate = prefilter.gate(re.compile("说.{0,3}清楚|您好"))
    assert gate.ids is not None and len(gate.ids) == 2  # 清楚 or 您好: the whole pattern's
    assert not gate.open("我也不清楚")
    assert gate.open("我说得很清楚")
    assert gate.open("您好请讲")


def test_a_literal_registered_after_a_text_was_searched_is_still_found() -> None:
    literals = Literals()
    first = Gate(literals.register(["知道"]), 0)
    assert literals.found("我不知道清楚", first.top) == {0}
    [late] = literals.register(["清楚"])
    assert literals.found("我不知道清楚", late) == {0, late}


@cache
def _norms() -> tuple[Norm, ...]:
    """Turns of the labelled calls (Mandarin and English), clean and misheard, with random cuts
    of them: lines where patterns match and lines where they nearly do."""
    rng = random.Random(3)
    english = [c for part in ENGLISH_PARTS for c in load_part(part)]
    # A fixed number of calls spread over each language's parts: the test's cost (every pattern
    # on every text) stays put as labelled calls are added.
    calls = _spread(load_calls(), 140) + _spread(english, 140)
    norms: list[Norm] = []
    for i, call in enumerate(calls):
        for turn in build_turns(render(call, 0.15 * (i % 2), i), call.language, 5.0):
            chars, keys = turn.norm.chars, turn.norm.keys
            at = rng.randrange(len(chars))
            norms += [turn.norm, Norm(chars[at:], keys[2 * at :]), Norm(chars[:at], keys[: 2 * at])]
    return tuple(norms)


def _spread(calls: list[Call], count: int) -> list[Call]:
    return calls[:: max(1, len(calls) // count)][:count]


def _texts() -> list[str]:
    return [text for n in _norms() for text in (n.chars, n.keys)]


def _pack_patterns(lang: str) -> list[re.Pattern[str]]:
    pack = load_pack(lang)
    ctx = CallView([], pack, book().get(book().default), {}, Phrases([], lang, Thresholds()))
    classes = {k: list(v) for k, v in pack.classes.items()}
    compiled = []
    for rule in pack.rules.values():
        cues = Cues(ctx, rule)
        for name in rule.cues:
            compiled.append(cues(name))
            expanded = [expand(p, rule.cues) for p in rule.cues[name]]
            compiled += [k for _, c, k in Patterns(expanded, classes, lang).items for k in (c, k)]
    return [p for p in compiled if p is not None]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_pack_pattern_is_skipped_where_it_matches(lang: str) -> None:
    patterns = _pack_patterns(lang)
    assert len(patterns) > 50
    matched = skipped = 0
    for pattern in patterns:
        gate = prefilter.gate(pattern)
        for text in _texts():
            if pattern.search(text):
                assert gate.open(text), (pattern.pattern, text)
                matched += 1
            elif not gate.open(text):
                skipped += 1
    assert matched > 1000 and skipped > 10 * matched  # the gates do work, and are safe


def test_phrases_find_what_a_plain_search_finds() -> None:
    """Exact and by-sound phrase hits, searched only where the turn holds a phrase's keys,
    against every phrase looked for in every turn."""
    pack = load_pack("zh")
    lists = [r.not_say for r in pack.rules.values() if r.not_say]
    lists += [p for r in pack.rules.values() for p in r.say.values()]
    lists += [r.trigger for r in pack.rules.values() if r.trigger]
    assert len(lists) > 5
    found = 0
    for phrases in lists:
        compiled = Phrases(phrases, "zh", Thresholds())
        for norm in _norms():
            expected = _plain_exact(compiled, norm)
            assert compiled._exact(norm) == expected, norm.chars
            found += bool(expected)
    assert found > 100


def _plain_exact(phrases: Phrases, norm: Norm) -> list[tuple[int, int, str, float]]:
    """Phrases._exact before the prefilter: every phrase's keys searched for."""
    spans = (sound_span(norm, phrase, p) for phrase, p in phrases.items)
    return [span for span in spans if span]
