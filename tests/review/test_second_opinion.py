"""The learned second opinion (ivr/review/second_opinion.py) on real labelled calls: it only
ever sends a confident verdict of the rules to a person, and only where its shipped model is
as sure of the other verdict as the pack asks."""

from __future__ import annotations

from ivr.review import check_call
from ivr.review.matchers import build_turns
from ivr.review.rules import CheckerRules, apply_overrides, load_pack
from ivr.review.second_opinion import MIN_AGENT_TURNS, call_text, models
from tests.review.corpus import department_for, load_part, render


def without_second_opinion(pack: CheckerRules) -> CheckerRules:
    rules = {k: r.model_copy(update={"second_opinion": None}) for k, r in pack.rules.items()}
    return pack.model_copy(update={"rules": rules})


def test_each_language_ships_a_model_for_every_rule_its_pack_sends_on() -> None:
    for lang in ("zh", "en"):
        wanted = {r for r, rule in load_pack(lang).rules.items() if rule.second_opinion}
        assert wanted and set(models(lang)) == wanted, lang


def test_only_a_confident_verdict_the_model_is_sure_is_wrong_goes_to_a_person() -> None:
    sent = 0
    for labelled in load_part("extra") + load_part("en_dev"):
        script = department_for(labelled)
        pack = apply_overrides(load_pack(script.lang), script.checker)
        transcript = render(labelled, 0.15, seed=2)
        final = check_call(transcript, script, pack)
        rules_only = check_call(transcript, script, without_second_opinion(pack))
        turns = build_turns(transcript, pack.language, pack.metrics.long_silence)
        agent_turns = sum(t.speaker == "agent" for t in turns)
        for ours, theirs in zip(rules_only.findings, final.findings, strict=True):
            rule = pack.rules[ours.rule]
            model = models(pack.language).get(ours.rule)
            short = agent_turns < MIN_AGENT_TURNS  # too little for a model of whole calls
            if model is None or ours.status not in ("pass", "fail") or short:
                assert theirs.status == ours.status, (labelled.id, ours.rule)
                continue
            failing = model.predict_proba([call_text(turns, ours.rule)])[0][1]
            doubted = failing if ours.status == "pass" else 1 - failing
            if doubted >= rule.second_opinion:
                sent += 1
                assert theirs.status == "uncertain", (labelled.id, ours.rule)
                assert theirs.message == rule.doubts["second_opinion"], (labelled.id, ours.rule)
            else:
                assert theirs.status == ours.status, (labelled.id, ours.rule)
    assert sent >= 5  # the calls hold verdicts it doubts: the check above is not empty
