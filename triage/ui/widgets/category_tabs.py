"""The views across the top: "to triage" and the four categories, each with its count."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from triage.adapters.inbox import SEARCH_LIMIT, TRIAGE, Counts, View
from triage.core.categories import Category

TABS: tuple[tuple[str, str, str, View], ...] = (
    ("0", "To triage", "Triage", TRIAGE),
    ("1", "Blind intros", "Intros", View.of(Category.BLIND_INTRO)),
    ("2", "Sales pitches", "Pitches", View.of(Category.SALES_PITCH)),
    ("3", "Opt-in requests", "Opt-in", View.of(Category.OPT_IN)),
    ("4", "Other", "Other", View.of(Category.OTHER)),
)
"""(key, long label, short label, view) in Tab order."""


def short_count(n: int) -> str:
    """12, 1,234, 12.3k, 123k."""
    if n < 10_000:
        return f"{n:,}"
    if n < 100_000:
        return f"{n / 1000:.1f}k"
    return f"{n // 1000}k"


class CategoryTabs(Widget):
    """One line of tabs; click one, or press Tab / 0-4 (bound by the screen)."""

    DEFAULT_CSS = """
    CategoryTabs {
        height: 1;
        background: $panel;
        color: $text-muted;
    }
    """

    active: reactive[View] = reactive(TRIAGE)
    """The view shown in the list."""
    counts: reactive[Counts | None] = reactive(None)
    """The counts, or None while they load."""
    search: reactive[str] = reactive("")
    """The search words while search results are shown."""
    found: reactive[int | None] = reactive(None)
    """How many messages the search found."""

    class Chosen(Message):
        """A tab was clicked."""

        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._spans: list[tuple[int, int, View]] = []

    def render(self) -> Content:
        """The tabs, the active one highlighted."""
        wide = self.size.width >= 100
        parts: list[Content] = []
        spans: list[tuple[int, int, View]] = []
        x = 0
        for key, long, short, view in TABS:
            count = "…" if self.counts is None else short_count(self.counts.of(view))
            label = f" {key} {long if wide else short} {count} "
            style = (
                "bold $block-cursor-foreground on $block-cursor-background"
                if view == self.active
                else ""
            )
            parts.append(Content.styled(label, style))
            spans.append((x, x + len(label), view))
            x += len(label)
        if self.active.kind == "search":
            found = "…" if self.found is None else short_count(self.found)
            if self.found is not None and self.found >= SEARCH_LIMIT:
                found += "+"
            parts.append(Content.styled(f" / {self.search} {found} ", "bold $text-accent"))
        self._spans = spans
        return Content("").join(parts)

    def on_click(self, event: events.Click) -> None:
        """Choose the clicked tab."""
        for start, end, view in self._spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(view))
                return
