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

import heapq
import json
import math
import operator
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
        words: How many words the text has (a short text's reading rests on a few of them).
        terms: The known terms found in the text.
        contributions: Category -> what each of `terms` added to its logit.
    """

    logits: Mapping[Category, float]
    words: int
    terms: tuple[str, ...] = ()
    contributions: Mapping[Category, tuple[float, ...]] = field(default_factory=dict)

    def evidence(self, category: Category, count: int = 3) -> tuple[str, ...]:
        """The terms that pushed most towards `category`, strongest first."""
        pairs = zip(self.contributions.get(category, ()), self.terms, strict=False)
        return tuple(t for c, t in heapq.nlargest(count, pairs) if c > 0)


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
    _heads: frozenset[str] = field(init=False, repr=False, compare=False)
    """First words of the word pairs the model knows: only pairs starting with one are built."""

    def __post_init__(self) -> None:
        heads = frozenset(t.partition(" ")[0] for t in self.weights if " " in t)
        object.__setattr__(self, "_heads", heads)

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

    def _found(self, text: str) -> tuple[int, list[str], list[float], list[tuple[float, ...]]]:
        """The number of words, and the known terms with their TF-IDF values and rows."""
        words = _TOKEN.findall(text.lower())
        heads = self._heads
        counts = Counter(words)
        counts.update([f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a in heads])
        weights = self.weights
        known = [(t, n, row) for t, n in counts.items() if (row := weights.get(t)) is not None]
        values = [(1.0 + math.log(n)) * row[0] if n > 1 else row[0] for _, n, row in known]
        return len(words), [t for t, _, _ in known], values, [row for _, _, row in known]

    def vector(self, text: str) -> dict[str, float]:
        """The TF-IDF vector of `text` over the model's terms, L2-normalised."""
        _, found, values, _ = self._found(text)
        norm = math.sqrt(sum(v * v for v in values))
        return {t: v / norm for t, v in zip(found, values, strict=True)} if norm else {}

    def read(self, text: str) -> Resemblance:
        """Score `text`: a logit per category and what each term added to it."""
        words, found, values, rows = self._found(text)
        norm = math.sqrt(sum(v * v for v in values)) or 1.0
        scaled = [v / norm for v in values]
        logits: dict[Category, float] = {}
        contributions: dict[Category, tuple[float, ...]] = {}
        for i, category in enumerate(self.categories, start=1):
            added = tuple(map(operator.mul, scaled, [row[i] for row in rows]))
            logits[category] = self.intercepts[i - 1] + sum(added)
            contributions[category] = added
        return Resemblance(logits, words, tuple(found), contributions)


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
