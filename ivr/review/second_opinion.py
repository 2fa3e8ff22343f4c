"""A learned second opinion on the rules' verdicts. The phrase and structure rules know the
wordings they were written from; refusals, promises and complaints come in wordings nobody
listed, and a rule that misses one gives a confident verdict the wrong way. A classifier per
rule (pass / fail / na) over the call's character n-grams, trained on the labelled calls
(`scripts/train_second_opinion.py`), has seen every writer's wordings at once. Per rule, the
pack says how far the rule defers to it (`second_opinion`): where the model is sure enough its
verdict stands, marked as the model's (`decide`); where it finds the rule's verdict unlikely,
the finding goes to a person (`doubt`)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any

import joblib

from ivr.review.call_view import CallView, Outcome
from ivr.review.matchers import Turn
from ivr.review.ngram_scores import NgramScores
from ivr.review.rules import CheckerRules, Rule, SecondOpinion

MODELS = "models"
# It learned from whole calls (8-16 lines); on a few lines it reads too little to overrule.
MIN_AGENT_TURNS = 4
_VERDICTS = ("second_opinion", ())  # the models' verdicts on the call, in the CallView's cache


def call_texts(turns: list[Turn]) -> dict[str, str]:
    """What the classifiers read, each field through its own n-gram vectoriser: the whole call,
    the caller's words then the agent's (whether a follow-up, an apology or a confirmation was
    called for is in what the caller said), and the agent's words alone (who said an n-gram
    matters: 抱歉 from the agent answers a complaint, from the caller it opens a question)."""
    caller = " ".join(t.norm.chars for t in turns if t.speaker == "caller")
    agent = " ".join(t.norm.chars for t in turns if t.speaker == "agent")
    return {"call": f"{caller} | {agent}", "agent": agent}


@lru_cache(maxsize=4)
def trained(lang: str) -> dict[str, Any]:
    """A language's models as trained: `features` (an n-gram vectoriser by field of
    `call_texts`) and `rules` (a classifier by rule id over the fields' features side by side);
    empty where none is shipped."""
    path = resources.files("ivr.review") / MODELS / f"{lang}.joblib"
    if not path.is_file():
        return {}
    with resources.as_file(path) as file:
        return joblib.load(file)


@lru_cache(maxsize=4)
def models(lang: str) -> NgramScores | None:
    """A language's models, compiled for scoring calls one at a time."""
    learned = trained(lang)
    return NgramScores(learned["features"], learned["rules"]) if learned else None


def settle(status: str, probs: dict[str, float], settings: SecondOpinion) -> tuple[str, str]:
    """The final verdict given the rule's and the model's, and who gave it: `rules`,
    `learned` (the model at least `decide` sure of another verdict) or `doubt` (the model
    gives the rule's at most `doubt`: a person decides)."""
    best = max(probs, key=probs.__getitem__)
    if settings.decide and best != status and probs[best] >= settings.decide:
        return best, "learned"
    if status in probs and probs[status] <= settings.doubt:
        return "uncertain", "doubt"
    return status, "rules"


def review(ctx: CallView, rule_id: str, rule: Rule, out: Outcome) -> Outcome:
    """`out`, or what the model's probabilities make of it (`settle`)."""
    settings, scores = rule.second_opinion, models(ctx.lang)
    if settings is None or scores is None or rule_id not in scores.classes:
        return out
    if len(ctx.by("agent")) < MIN_AGENT_TURNS:
        return out
    if _VERDICTS not in ctx.cache:  # read once per call, whichever rules ask
        ctx.cache[_VERDICTS] = scores.verdicts(call_texts(ctx.turns))
    status, by = settle(out.status, ctx.cache[_VERDICTS][rule_id], settings)
    if by == "learned":
        return replace(out, status=status, details={**out.details, "learned": out.status})
    if by == "doubt":
        return replace(out, status=status, details={**out.details, "doubt": "second_opinion"})
    return out


def rules_only(pack: CheckerRules) -> CheckerRules:
    """`pack` with the second opinion off: the rules' own verdicts."""
    rules = {k: r.model_copy(update={"second_opinion": None}) for k, r in pack.rules.items()}
    return pack.model_copy(update={"rules": rules})
