"""The second opinion's trained models (a TF-IDF character n-gram vectoriser per text field and
one logistic regression per rule over the fields' features side by side, fitted by scikit-learn
in scripts/train_second_opinion.py), applied to one call. scikit-learn's own transform counts
n-grams in a Python loop and validates its input per classifier: on a 100-utterance call that
was as much time as all the rules together. Here one Aho-Corasick pass over each field's text
counts every n-gram its vocabulary holds (the same counts: each occurrence of each n-gram ends
somewhere in the text), and one matrix product scores every rule.
tests/review/test_second_opinion.py checks the probabilities against scikit-learn's."""

from __future__ import annotations

import re
from typing import Any

import ahocorasick
import numpy as np

_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's char analyzer collapses them


class _Field:
    """One field's vectoriser: its n-grams in one automaton, and where its columns start in
    the features side by side."""

    def __init__(self, vectoriser: Any, offset: int) -> None:
        self.lowercase = bool(vectoriser.lowercase)
        self.sublinear = bool(vectoriser.sublinear_tf)
        self.idf = vectoriser.idf_
        self.offset = offset
        self.automaton = ahocorasick.Automaton()
        for ngram, index in vectoriser.vocabulary_.items():
            self.automaton.add_word(ngram, int(index))
        self.automaton.make_automaton()

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of the text's non-zero features, l2-normalised as scikit-learn's."""
        text = _WHITE_SPACES.sub(" ", text.lower() if self.lowercase else text)
        # A list then one array: np.fromiter over a generator costs twice as much here.
        found = np.array([i for _, i in self.automaton.iter(text)], dtype=np.intp)
        if not found.size:
            return found, np.zeros(0)
        index, counts = np.unique(found, return_counts=True)
        tf = 1 + np.log(counts) if self.sublinear else counts.astype(float)
        values = tf * self.idf[index]
        return index + self.offset, values / np.sqrt(values @ values)


class NgramScores:
    """A language's vectorisers and classifiers, compiled for scoring one call at a time."""

    def __init__(self, vectorisers: dict[str, Any], classifiers: dict[str, Any]) -> None:
        starts = np.cumsum([0] + [len(v.idf_) for v in vectorisers.values()])[:-1]
        self.fields = {
            name: _Field(v, int(start))
            for (name, v), start in zip(vectorisers.items(), starts, strict=True)
        }
        self.classes = {rule: [str(c) for c in clf.classes_] for rule, clf in classifiers.items()}
        # Every classifier's weights side by side: one product scores them all.
        self.weights = np.hstack([clf.coef_.T for clf in classifiers.values()])
        self.intercepts = np.concatenate([clf.intercept_ for clf in classifiers.values()])
        widths = [clf.coef_.shape[0] for clf in classifiers.values()]
        ends = np.cumsum(widths)
        self.columns = {
            rule: slice(int(end - width), int(end))
            for rule, width, end in zip(classifiers, widths, ends, strict=True)
        }

    def verdicts(self, texts: dict[str, str]) -> dict[str, dict[str, float]]:
        """Per rule, the probability of each verdict its classifier knows, given each field's
        text."""
        scores = self.intercepts.copy()
        for name, field in self.fields.items():
            columns, values = field.features(texts[name])
            if columns.size:
                scores += values @ self.weights[columns]
        return {rule: self._probabilities(rule, scores) for rule in self.classes}

    def _probabilities(self, rule: str, scores: np.ndarray) -> dict[str, float]:
        own = scores[self.columns[rule]]
        if own.size == 1:  # a two-class regression: one column, the second class's log-odds
            second = 1 / (1 + np.exp(-own[0]))
            probs = [1 - second, second]
        else:
            exp = np.exp(own - own.max())
            probs = exp / exp.sum()
        return {c: float(p) for c, p in zip(self.classes[rule], probs, strict=True)}
