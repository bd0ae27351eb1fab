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

import base64
import heapq
import json
import math
import operator
import re
import sys
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from triage.core.categories import Category

_TOKEN = re.compile(r"\w\w+")
"""Words of two characters or more (greedy, so each match is a whole word)."""
MODEL_FILE = "text_model.json"


TELLING_IDF = 2.0
"""Terms in more than about a third of the training messages (lower IDF) are not shown."""
HEAD_WORDS = 150
TAIL_WORDS = 50
"""Words read of a long text: its opening and its close, where an ask is made (and repeated)."""


_ENGLISH = (
    "the and to of you your is for that it in on with this we be are have will would can if at "
    "as but not our my me so do just all from or an was about what when by"
)
ENGLISH_WORDS = frozenset(_ENGLISH.split())
"""Common English words: about a third of an English text's words."""
_FOREIGN = (
    # Spanish, Portuguese, French, Italian, German, Dutch, Swedish: their commonest words.
    "de la que el en los las por con para una del se lo su al es como pero más muy te tu "
    "não uma com você os da do em ao são também obrigado "
    "le les des est et une vous nous pour avec sur dans pas je ce qui mais très "
    "il di che non per sono della ho ti "
    "und der die das ich nicht sie ist mit ein eine zu auf für wir "
    "het een van ik je niet wij voor "
    "och att det jag är som på för med inte ni vi"
)
FOREIGN_WORDS = frozenset(_FOREIGN.split())
"""Common words of the other languages mail to triage's users is most often written in."""


def _english(words: Sequence[str]) -> float:
    """How far the words are English: 1.0 unless another language's common words outnumber
    the English ones, 0.0 when they clearly do (text-speak English stays English)."""
    if not words:
        return 1.0
    english = sum(map(ENGLISH_WORDS.__contains__, words)) / len(words)
    foreign = sum(map(FOREIGN_WORDS.__contains__, words)) / len(words)
    if foreign < FOREIGN_FROM:
        return 1.0
    return min(1.0, max(0.0, (english - foreign) / FOREIGN_FROM + 0.5))


FOREIGN_FROM = 0.06
"""Below this share of another language's common words a text reads as English."""


def words_of(text: str) -> list[str]:
    """The words read (two characters or more, lower-cased): the first and the last ones."""
    words = _TOKEN.findall(text.lower())
    if len(words) > HEAD_WORDS + TAIL_WORDS:
        return words[:HEAD_WORDS] + words[-TAIL_WORDS:]
    return words


def terms(text: str) -> list[str]:
    """The words read of `text` and their adjacent pairs."""
    words = words_of(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass(frozen=True, slots=True)
class Resemblance:
    """How the model reads one text.

    Attributes:
        logits: Category -> score; only differences between categories mean anything.
        words: How many words the text has (a short text's reading rests on a few of them).
        terms: The known terms found in the text.
        values: Their TF-IDF values (L2-normalised), in the order of `terms`.
        model: The model that read it (what `evidence` weighs the terms with).
        english: How English the text is: the model learned from mail that is nearly all
            English, and on other languages it reads little but "not English".
    """

    logits: Mapping[Category, float]
    words: int
    terms: tuple[str, ...] = ()
    values: tuple[float, ...] = ()
    model: TextModel | None = None
    _indexes: tuple[int, ...] = ()
    english: float = 1.0
    """How English the text is, 0 to 1 (`_english`)."""

    def evidence(self, category: Category, count: int = 3) -> tuple[str, ...]:
        """The telling terms that pushed most towards `category`, strongest first.

        Only terms rare enough to say something are shown ("the" and "we" push, but say
        nothing); what each added is worked out here, for the few categories shown.
        """
        model = self.model
        if model is None or category not in model.categories:
            return ()
        column = gather(model.coefficients[model.categories.index(category)], self._indexes)
        idf = gather(model.idf, self._indexes)
        shown = (
            (added, term)
            for term, value, weight, rarity in zip(
                self.terms, self.values, column, idf, strict=True
            )
            if rarity >= TELLING_IDF and (added := value * weight) > 0
        )
        return tuple(t for _, t in heapq.nlargest(count, shown))


@dataclass(frozen=True, slots=True)
class TextModel:
    """A trained model: per term its IDF and one coefficient per category.

    Stored by column (one array per quantity) to keep a worker's memory small.

    Attributes:
        categories: The order of the coefficient columns.
        intercepts: One per category.
        terms: The vocabulary (words and "word word" pairs).
        idf: One per term.
        coefficients: One column per category, one value per term.
        trained_on: Digest of the training messages (see `tools/train_text_model.py`).
    """

    categories: tuple[Category, ...]
    intercepts: tuple[float, ...]
    terms: tuple[str, ...]
    idf: array[float]
    """float32, as are the coefficients: the scores need no more, and it halves the memory."""
    coefficients: tuple[array[float], ...]
    trained_on: str = ""
    _index: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.terms)
        if len(self.idf) != n or len(self.coefficients) != len(self.categories):
            raise ValueError("text model: columns and categories do not match")
        if any(len(column) != n for column in self.coefficients):
            raise ValueError(f"text model: every column needs {n} values")
        object.__setattr__(self, "_index", {t: j for j, t in enumerate(self.terms)})

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TextModel:
        """The model from its JSON form (what `as_json` writes)."""
        return cls(
            tuple(Category(c) for c in data["categories"]),
            tuple(float(x) for x in data["intercepts"]),
            tuple(str(data["terms"]).split("\n")) if data["terms"] else (),
            _column(data["idf"]),
            tuple(_column(column) for column in data["coefficients"]),
            str(data.get("trained_on", "")),
        )

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict: the terms in one string, each column as packed float32.

        Packed, a worker process holds the model in about 2.5 MB; as lists of JSON numbers
        the parse left about 9 MB behind (a float object per value, and fragmentation).
        """
        if any("\n" in t for t in self.terms):
            raise ValueError("text model: a term holds a line break")
        return {
            "categories": [c.value for c in self.categories],
            "intercepts": [round(x, 5) for x in self.intercepts],
            "trained_on": self.trained_on,
            "terms": "\n".join(self.terms),
            "idf": _packed(self.idf),
            "coefficients": [_packed(column) for column in self.coefficients],
        }

    def _found(self, text: str) -> tuple[list[str], list[str], list[int], list[float]]:
        """The words read; the known terms, their indexes and TF-IDF values (L2-normalised)."""
        words = words_of(text)
        counts = Counter(words)
        counts.update(map(" ".join, zip(words, words[1:], strict=False)))
        index, log = self._index, math.log
        found = [term for term in counts if term in index]
        if not found:
            return words, [], [], []
        indexes = list(map(index.__getitem__, found))
        tfs = map(counts.__getitem__, found)
        values = [
            idf if n == 1 else (1.0 + log(n)) * idf
            for n, idf in zip(tfs, gather(self.idf, indexes), strict=True)
        ]
        norm = math.sqrt(sum(map(operator.mul, values, values))) or 1.0
        return words, found, indexes, [v / norm for v in values]

    def vector(self, text: str) -> dict[str, float]:
        """The TF-IDF vector of `text` over the model's terms, L2-normalised."""
        _, found, _, scaled = self._found(text)
        return dict(zip(found, scaled, strict=True))

    def read(self, text: str) -> Resemblance:
        """Score `text`: a logit per category (what each term added is left to `evidence`)."""
        words, found, indexes, scaled = self._found(text)
        logits = {
            category: intercept + sum(map(operator.mul, scaled, gather(column, indexes)))
            for category, intercept, column in zip(
                self.categories, self.intercepts, self.coefficients, strict=True
            )
        }
        english = _english(words)
        return Resemblance(
            logits, len(words), tuple(found), tuple(scaled), self, tuple(indexes), english
        )


def build(
    categories: Sequence[Category],
    intercepts: Sequence[float],
    idf: Sequence[float],
    vocabulary: Mapping[str, int],
    coefficients: Sequence[Sequence[float]],
    trained_on: str,
) -> TextModel:
    """A model from fitted arrays (coefficients[category][term index], as scikit-learn has it),
    its terms in alphabetical order so the file diffs well."""
    order = sorted(vocabulary)
    at = [vocabulary[t] for t in order]
    return TextModel(
        tuple(categories),
        tuple(float(x) for x in intercepts),
        tuple(order),
        array("f", (float(idf[j]) for j in at)),
        tuple(array("f", (float(row[j]) for j in at)) for row in coefficients),
        trained_on,
    )


def gather(values: array[float], indexes: Sequence[int]) -> Sequence[float]:
    """`values` at `indexes`, in that order (one C call: `operator.itemgetter`)."""
    if len(indexes) > 1:
        got: tuple[float, ...] = operator.itemgetter(*indexes)(values)
        return got
    return [values[j] for j in indexes]


def _packed(column: array[float]) -> str:
    """A column as base64 of little-endian float32."""
    values = array("f", column)
    if sys.byteorder == "big":
        values.byteswap()
    return base64.b64encode(values.tobytes()).decode("ascii")


def _column(packed: str) -> array[float]:
    """The inverse of `_packed`."""
    values = array("f")
    try:
        values.frombytes(base64.b64decode(packed, validate=True))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"text model: a column is not packed float32 ({exc})") from None
    if sys.byteorder == "big":
        values.byteswap()
    return values


@cache
def default_model() -> TextModel:
    """The model shipped with triage (read once per process)."""
    raw = resources.files("triage.core").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return TextModel.from_json(json.loads(raw))
