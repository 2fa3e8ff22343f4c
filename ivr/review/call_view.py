"""What an evaluator sees of one call (its turns, its pack, its department's values) and what
it returns: a status with the evidence behind it. Shared by the phrase rules (checker.py) and
the structure rules (structure.py)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ivr.review.matchers import Hit, Patterns, Phrases, Turn
from ivr.review.rules import CheckerRules, Rule, SpeakerName, Status, Thresholds
from ivr.scripts import DepartmentScript

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class CallView:
    """One call as the evaluators see it."""

    turns: list[Turn]
    pack: CheckerRules
    script: DepartmentScript
    values: dict[str, list[str]]
    fillers: Phrases
    # Compiled phrase lists and patterns, turn selections, the learned models' reading.
    cache: dict[tuple[str, tuple[str, ...]], Any] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.pack.language

    def phrases(self, phrases: list[str]) -> Phrases:
        key = ("p", tuple(phrases))
        if key not in self.cache:
            filled = tuple(fill(phrases, self.values))
            self.cache[key] = compiled_phrases(filled, self.lang, self.pack.thresholds)
        return self.cache[key]  # type: ignore[return-value]

    def patterns(self, patterns: list[str]) -> Patterns:
        key = ("r", tuple(patterns))
        if key not in self.cache:
            classes = tuple((k, tuple(v)) for k, v in self.pack.classes.items())
            self.cache[key] = compiled_patterns(tuple(patterns), classes, self.lang)
        return self.cache[key]  # type: ignore[return-value]

    def strong(self, hit: Hit | None, match: float | None = None) -> bool:
        t = self.pack.thresholds
        return (
            hit is not None
            and hit.score >= (match or t.match)
            and hit.asr_confidence >= t.low_confidence
        )

    def floor(self, match: float | None = None) -> float:
        """The least score `strong` accepts: weaker fuzzy hits need not be looked for."""
        return match or self.pack.thresholds.match

    def by(self, speaker: str) -> list[Turn]:
        """One speaker's turns (computed once per call: evaluators ask often)."""
        key = ("by", (speaker,))
        if key not in self.cache:
            self.cache[key] = [t for t in self.turns if t.speaker == speaker]  # type: ignore[assignment]
        return self.cache[key]  # type: ignore[return-value]

    def after(self, speaker: str, index: int, count: int) -> list[Turn]:
        """The next `count` turns of `speaker` after turn `index`, found by bisection."""
        turns = self.by(speaker)
        at = bisect_right(turns, index, key=lambda t: t.index)
        return turns[at : at + count]


# Compiled once per process: departments share most phrase lists, and calls share them all.
@lru_cache(maxsize=4096)
def compiled_phrases(phrases: tuple[str, ...], lang: str, thresholds: Thresholds) -> Phrases:
    return Phrases(phrases, lang, thresholds)


@lru_cache(maxsize=256)
def compiled_patterns(
    patterns: tuple[str, ...], classes: tuple[tuple[str, tuple[str, ...]], ...], lang: str
) -> Patterns:
    return Patterns(patterns, {k: list(v) for k, v in classes}, lang)


def fill(phrases: list[str], values: dict[str, list[str]]) -> list[str]:
    """Expand {placeholders} from the script; a phrase whose value is empty is dropped."""
    out = []
    for phrase in phrases:
        names = _PLACEHOLDER.findall(phrase)
        if not names:
            out.append(phrase)
            continue
        for value in values.get(names[0], []):
            out.extend(fill([phrase.replace("{" + names[0] + "}", value, 1)], values))
    return out


def window(ctx: CallView, rule: Rule) -> list[Turn]:
    w = rule.window
    turns = ctx.by(w.speaker)
    if w.first_seconds is not None:
        first = turns[0].start if turns else 0.0
        turns = [t for t in turns if t.start - first <= w.first_seconds] or turns[:1]
    if w.last_seconds is not None:
        end = max((t.end for t in ctx.turns), default=0.0)
        turns = [t for t in turns if end - t.end <= w.last_seconds] or turns[-1:]
    if w.first_turns is not None:
        turns = turns[: w.first_turns]
    if w.before_need is not None:
        turns = _before_need(ctx, turns, w.speaker, w.before_need) or turns[:1]
    if w.last_turns is not None:
        turns = turns[-w.last_turns :]
    return turns


def _before_need(ctx: CallView, turns: list[Turn], speaker: SpeakerName, words: int) -> list[Turn]:
    """The turns before the other side first says `words` words or more: an opening ends once the
    caller has said what they want (hello? does not end it), and the agent naming the
    organisation in answer to "is this the bank?" is no longer opening the call. Words are
    counted by spaces, as Vosk writes both languages: an unspaced Mandarin turn counts as one
    word, so a hand-typed transcript keeps the first turns' window."""
    said = next(
        (t.index for t in ctx.turns if t.speaker != speaker and len(t.text.split()) >= words),
        None,
    )
    return [t for t in turns if said is None or t.index < said]


def low_confidence(ctx: CallView, turns: list[Turn]) -> bool:
    confs = [c for t in turns for c in t.confidences]
    return bool(confs) and sum(confs) / len(confs) < ctx.pack.thresholds.low_confidence


@dataclass
class Outcome:
    status: Status
    evidence: list[Hit] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    searched: list[Turn] = field(default_factory=list)
    nearest: Hit | None = None
    details: dict[str, str] = field(default_factory=dict)
    # Where `nearest` is unset, the searches that would give it, in order of preference: run
    # only for the outcome a finding shows, and only if it shows one (most outcomes pass, or
    # lose to another trigger's).
    look_nearest: list[Callable[[], Hit | None]] = field(default_factory=list)

    def closest(self) -> Hit | None:
        """`nearest`, or the first thing the searches for it find."""
        return self.nearest or next(filter(None, (look() for look in self.look_nearest)), None)


def absent(ctx: CallView, searched: list[Turn], weak: bool) -> Status:
    return "uncertain" if weak or low_confidence(ctx, searched) else "fail"
