"""The four categories a message is sorted into (see CATEGORIES.md)."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """The form of an incoming message, not its merit."""

    BLIND_INTRO = "blind_intro"
    SALES_PITCH = "sales_pitch"
    OPT_IN = "opt_in"
    OTHER = "other"

    @property
    def label(self) -> str:
        """A short human label."""
        return LABELS[self]

    @property
    def is_ask(self) -> bool:
        """True for the three categories that ask something of the owner."""
        return self is not Category.OTHER


LABELS: dict[Category, str] = {
    Category.BLIND_INTRO: "Blind intro",
    Category.SALES_PITCH: "Sales pitch",
    Category.OPT_IN: "Opt-in request",
    Category.OTHER: "Other",
}

DESCRIPTIONS: dict[Category, str] = {
    Category.BLIND_INTRO: "An introduction nobody asked you about.",
    Category.SALES_PITCH: "A veiled sales pitch or unsolicited ask for your time.",
    Category.OPT_IN: "A permission-first request: asks before anything happens.",
    Category.OTHER: "Everything else: conversations, colleagues, newsletters, receipts.",
}
