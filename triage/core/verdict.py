"""A classifier's verdict on one message: a category, a confidence and the reasons for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from triage.core.categories import Category

MODEL_VERSION = "signals-28"
"""Stored with each verdict; bump when the classifier's weights or signals change meaning
(a sync then classifies stored mail again, labelled verdicts kept)."""

LOW_CONFIDENCE = 0.6
"""Below this confidence a verdict is shown as uncertain."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One named signal that fired, in the spirit of `spamassassin -t`.

    Attributes:
        signal: A stable name, e.g. "introducer_cc" or "pick_your_brain".
        category: The category this signal pushes towards.
        weight: How strongly it pushes (positive) or pulls away (negative).
        evidence: The phrase, header or fact that fired, shown to the owner.
    """

    signal: str
    category: Category
    weight: float
    evidence: str

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the shape stored in `verdicts.reasons_json`)."""
        return {
            "signal": self.signal,
            "category": self.category.value,
            "weight": round(self.weight, 3),
            "evidence": self.evidence,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reason:
        """The inverse of `as_json`."""
        return cls(
            signal=str(data["signal"]),
            category=Category(data["category"]),
            weight=float(data["weight"]),
            evidence=str(data.get("evidence", "")),
        )


@dataclass(frozen=True, slots=True)
class Verdict:
    """The category of a message, how sure the classifier is, and why."""

    category: Category
    confidence: float
    """Between 0 and 1."""
    reasons: tuple[Reason, ...] = ()
    labelled: bool = False
    """True when the owner set the category by hand (a correction)."""

    @property
    def low_confidence(self) -> bool:
        """True when the verdict should be shown as uncertain."""
        return not self.labelled and self.confidence < LOW_CONFIDENCE
