"""A word model beside the rules: how much a message's wording resembles each category.

The rules in `core.signals` name the phrases an ask is made with; authors they were not built
on find other words. This model is what SpamAssassin's BAYES rule is to its hand-written
rules: a multinomial logistic regression over the words and word pairs of the new text
(TF-IDF, sublinear term frequency, L2-normalised), trained by `tools/train_text_model.py` on
the labelled messages under `tests/fixtures/classify` (never on `../shared`), shipped as
`text_model.json` beside this module and scored here in plain Python: no numpy at run time.

Pure apart from `default_model()`, which reads that package file once.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from triage.core.categories import Category

_TOKEN = re.compile(r"\b\w\w+\b")
MODEL_FILE = "text_model.json"


def terms(text: str) -> list[str]:
    """The words (two characters or more, lower-cased) and adjacent word pairs of `text`."""
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass(frozen=True, slots=True)
class Resemblance:
    """How the model reads one text.

    Attributes:
        logits: Category -> score; only differences between categories mean anything.
        evidence: Category -> the terms that pushed most towards it, strongest first.
    """

    logits: Mapping[Category, float]
    evidence: Mapping[Category, tuple[str, ...]]
    words: int
    """How many words the text has (a short text's reading rests on a few of them)."""


@dataclass(frozen=True, slots=True)
class TextModel:
    """A trained model: per term its IDF and one coefficient per category.

    Attributes:
        categories: The order of the coefficients.
        intercepts: One per category.
        weights: Term -> (idf, coefficient per category).
        trained_on: Digest of the training messages (see `tools/train_text_model.py`).
    """

    categories: tuple[Category, ...]
    intercepts: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    trained_on: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TextModel:
        """The model from its JSON form (what `as_json` writes)."""
        categories = tuple(Category(c) for c in data["categories"])
        intercepts = tuple(float(x) for x in data["intercepts"])
        weights: dict[str, tuple[float, ...]] = {}
        for term, row in data["weights"].items():
            values = tuple(float(x) for x in row)
            if len(values) != len(categories) + 1:
                raise ValueError(f"text model: term {term!r} has {len(values)} values")
            weights[term] = values
        return cls(categories, intercepts, weights, str(data.get("trained_on", "")))

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict, rounded so the file stays small and diffs stay readable."""
        return {
            "categories": [c.value for c in self.categories],
            "intercepts": [round(x, 5) for x in self.intercepts],
            "trained_on": self.trained_on,
            "weights": {t: [round(x, 5) for x in row] for t, row in sorted(self.weights.items())},
        }

    def vector(self, found: list[str]) -> dict[str, float]:
        """The TF-IDF vector of these terms over the model's, L2-normalised."""
        counts = Counter(t for t in found if t in self.weights)
        values = {t: (1.0 + math.log(n)) * self.weights[t][0] for t, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        return {t: v / norm for t, v in values.items()} if norm else {}

    def read(self, text: str, *, evidence: int = 3) -> Resemblance:
        """Score `text`: a logit per category and the terms behind each."""
        found = terms(text)
        vector = self.vector(found)
        logits: dict[Category, float] = {}
        pushes: dict[Category, tuple[str, ...]] = {}
        for i, category in enumerate(self.categories):
            contributions = [(v * self.weights[t][i + 1], t) for t, v in vector.items()]
            logits[category] = self.intercepts[i] + sum(c for c, _ in contributions)
            strongest = sorted((c for c in contributions if c[0] > 0), reverse=True)
            pushes[category] = tuple(t for _, t in strongest[:evidence])
        return Resemblance(logits, pushes, (len(found) + 1) // 2)


def build(
    categories: Sequence[Category],
    intercepts: Sequence[float],
    idf: Sequence[float],
    vocabulary: Mapping[str, int],
    coefficients: Sequence[Sequence[float]],
    trained_on: str,
) -> TextModel:
    """A model from fitted arrays (coefficients[category][term index], as scikit-learn has it)."""
    weights = {
        term: (float(idf[j]), *(float(row[j]) for row in coefficients))
        for term, j in vocabulary.items()
    }
    return TextModel(tuple(categories), tuple(float(x) for x in intercepts), weights, trained_on)


@cache
def default_model() -> TextModel:
    """The model shipped with triage (read once per process)."""
    raw = resources.files("triage.core").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return TextModel.from_json(json.loads(raw))
