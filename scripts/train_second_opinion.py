"""Train the checker's second opinion (ivr/review/second_opinion.py): per language, one
classifier for each rule whose pack sets `second_opinion`, on the labelled calls the rules were
developed on (never the held-out or blind parts), each rendered clean and with 15% recognition
noise as Vosk writes it. Writes ivr/review/models/<lang>.joblib; rerun after labelled calls are
added. Deterministic: the same calls give the same models.

    python scripts/train_second_opinion.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.review.corpus

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from ivr.review.matchers import build_turns
from ivr.review.rules import load_pack
from ivr.review.second_opinion import MODELS, call_text
from tests.review.corpus import (
    BLIND_PARTS,
    ENGLISH_PARTS,
    HELDOUT_PARTS,
    PARTS,
    Call,
    load_calls,
    render,
)

OUT = Path(__file__).resolve().parents[1] / "ivr" / "review" / MODELS
RENDERINGS = ((0.0, 0), (0.15, 1))  # (noise, seed)


def training_parts(lang: str) -> tuple[str, ...]:
    english = lang == "en"
    return tuple(
        p for p in PARTS if p not in HELDOUT_PARTS + BLIND_PARTS and (p in ENGLISH_PARTS) == english
    )


def examples(calls: list[Call], rule_id: str) -> tuple[list[str], list[bool]]:
    """Each call labelled pass or fail, as the classifier would read it: (texts, failed)."""
    texts, failed = [], []
    for call in calls:
        label = call.labels.get(rule_id)
        if label not in ("pass", "fail"):
            continue
        pack = load_pack(call.language)
        for noise, seed in RENDERINGS:
            turns = build_turns(render(call, noise, seed), pack.language, pack.metrics.long_silence)
            texts.append(call_text(turns, rule_id))
            failed.append(label == "fail")
    return texts, failed


def classifier() -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True),
        LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000),
    )


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for lang in ("zh", "en"):
        calls = load_calls(training_parts(lang))
        rules = [r for r, rule in load_pack(lang).rules.items() if rule.second_opinion]
        models = {}
        for rule_id in rules:
            texts, failed = examples(calls, rule_id)
            model = classifier().fit(texts, failed)
            # The n-grams min_df cut, kept for introspection only: most of the file's size.
            model[0].stop_words_ = None
            models[rule_id] = model
            print(f"{lang} {rule_id}: {len(texts)} renderings of {len(calls)} calls")
        joblib.dump(models, OUT / f"{lang}.joblib", compress=3)


if __name__ == "__main__":
    main()
