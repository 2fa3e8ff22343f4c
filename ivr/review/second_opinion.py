"""A learned second opinion on the rules' verdicts. The phrase and structure rules know the
wordings they were written from; refusals, promises and complaints come in wordings nobody
listed, and a rule that misses one gives a confident verdict the wrong way. A character n-gram
classifier per rule, trained on the labelled calls (`scripts/train_second_opinion.py`), has
seen every writer's wordings at once: where it is confident of the other verdict, the finding
goes to a person (`uncertain`) rather than stand. It never gives a verdict of its own."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any

import joblib

from ivr.review.call_view import CallView, Outcome
from ivr.review.matchers import Turn
from ivr.review.rules import Rule

MODELS = "models"
# It learned from whole calls (8-16 lines); on a few lines it reads too little to overrule.
MIN_AGENT_TURNS = 4


def call_text(turns: list[Turn], rule_id: str) -> str:
    """What the classifier reads: the agent's words; for apology the caller's first, since
    whether one was owed is in what they said."""
    agent = " ".join(t.norm.chars for t in turns if t.speaker == "agent")
    if rule_id != "apology":
        return agent
    caller = " ".join(t.norm.chars for t in turns if t.speaker == "caller")
    return f"{caller} | {agent}"


@lru_cache(maxsize=4)
def models(lang: str) -> dict[str, Any]:
    """The trained classifiers of a language, by rule id (none shipped: no second opinion)."""
    path = resources.files("ivr.review") / MODELS / f"{lang}.joblib"
    if not path.is_file():
        return {}
    with resources.as_file(path) as file:
        return joblib.load(file)


def review(ctx: CallView, rule_id: str, rule: Rule, out: Outcome) -> Outcome:
    """`out`, or `out` sent to a person when the classifier is at least `rule.second_opinion`
    sure of the other verdict."""
    model = models(ctx.lang).get(rule_id) if rule.second_opinion else None
    if model is None or out.status not in ("pass", "fail"):
        return out
    if len(ctx.by("agent")) < MIN_AGENT_TURNS:
        return out
    failing = float(model.predict_proba([call_text(ctx.turns, rule_id)])[0][1])
    doubted = failing if out.status == "pass" else 1 - failing
    if doubted < rule.second_opinion:
        return out
    return replace(out, status="uncertain", details={**out.details, "doubt": "second_opinion"})
