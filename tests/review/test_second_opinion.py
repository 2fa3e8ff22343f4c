"""The learned second opinion (ivr/review/second_opinion.py) on real labelled calls: a finding
differs from the rules' own verdict only where the shipped model's probabilities say so, as the
pack's `second_opinion` sets, and then says who decided."""

from __future__ import annotations

import pytest
from scipy.sparse import hstack

from ivr.review import check_call
from ivr.review.matchers import build_turns
from ivr.review.rules import SecondOpinion, apply_overrides, load_pack
from ivr.review.second_opinion import (
    MIN_AGENT_TURNS,
    call_texts,
    models,
    rules_only,
    settle,
    trained,
)
from tests.review.corpus import department_for, load_part, render


def test_each_language_ships_a_model_for_every_rule_its_pack_defers_to() -> None:
    for lang in ("zh", "en"):
        wanted = {r for r, rule in load_pack(lang).rules.items() if rule.second_opinion}
        assert wanted and set(models(lang).classes) == wanted, lang


def test_the_model_decides_when_sure_and_doubts_when_the_rules_verdict_is_unlikely() -> None:
    sure = {"pass": 0.1, "fail": 0.8, "na": 0.1}
    settings = SecondOpinion(decide=0.7, doubt=0.2)
    assert settle("pass", sure, settings) == ("fail", "learned")
    assert settle("uncertain", sure, settings) == ("fail", "learned")  # fuzzy evidence settled
    assert settle("fail", sure, settings) == ("fail", "rules")
    torn = {"pass": 0.15, "fail": 0.45, "na": 0.4}
    assert settle("pass", torn, settings) == ("uncertain", "doubt")
    assert settle("na", torn, settings) == ("na", "rules")
    assert settle("pass", sure, SecondOpinion(doubt=0.2)) == ("uncertain", "doubt")  # no decide


@pytest.mark.parametrize("part", ["extra", "en_dev"])
def test_findings_change_only_where_the_shipped_model_says_and_say_who_decided(part: str) -> None:
    changed = 0
    for labelled in load_part(part):
        script = department_for(labelled)
        pack = apply_overrides(load_pack(script.lang), script.checker)
        transcript = render(labelled, 0.15, seed=2)
        final = check_call(transcript, script, pack)
        own = check_call(transcript, script, rules_only(pack))
        turns = build_turns(transcript, pack.language, pack.metrics.long_silence)
        short = sum(t.speaker == "agent" for t in turns) < MIN_AGENT_TURNS
        scores = models(pack.language)
        verdicts = scores.verdicts(call_texts(turns)) if scores else {}
        for ours, theirs in zip(own.findings, final.findings, strict=True):
            rule = pack.rules[ours.rule]
            if ours.rule not in verdicts or not rule.second_opinion or short:
                assert theirs.status == ours.status, (labelled.id, ours.rule)
                continue
            status, by = settle(ours.status, verdicts[ours.rule], rule.second_opinion)
            assert theirs.status == status, (labelled.id, ours.rule)
            if by == "learned":
                changed += 1
                assert theirs.message.endswith(pack.learned_note), (labelled.id, ours.rule)
            elif by == "doubt":
                changed += 1
                assert theirs.message == rule.doubts["second_opinion"], (labelled.id, ours.rule)
    assert changed >= 5  # the calls hold verdicts it changes: the check above is not empty


@pytest.mark.parametrize(("lang", "part"), [("zh", "extra"), ("en", "en_dev")])
def test_one_pass_scores_give_scikit_learns_probabilities(lang: str, part: str) -> None:
    learned, pack = trained(lang), load_pack(lang)
    texts = [{"call": "", "agent": ""}]  # nothing the vocabulary knows: the classifiers' priors
    for labelled in load_part(part)[:40]:
        for noise in (0.0, 0.15):
            turns = build_turns(render(labelled, noise, seed=1), lang, pack.metrics.long_silence)
            texts.append(call_texts(turns))
    for text in texts:
        row = hstack([v.transform([text[name]]) for name, v in learned["features"].items()])
        ours = models(lang).verdicts(text)
        for rule_id, classifier in learned["rules"].items():
            probs = classifier.predict_proba(row)[0]
            theirs = dict(zip(classifier.classes_, probs, strict=True))
            assert ours[rule_id] == pytest.approx(theirs, abs=1e-9), (text["call"][:20], rule_id)
