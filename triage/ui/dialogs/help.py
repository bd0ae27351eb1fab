"""Help: every key of the triage screen, grouped."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KeyHelp = tuple[str, tuple[tuple[str, str], ...]]
"""A group title and its (keys, what they do) pairs."""


class HelpDialog(ModalScreen[None]):
    """Lists the keys given to it; any of Escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpDialog {
        align: center middle;
        & > VerticalScroll {
            width: 72;
            max-width: 95%;
            height: 90%;
            border: thick $accent;
            background: $surface;
            padding: 0 1;
            border-title-color: $text-accent;
            border-subtitle-color: $text-muted;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def __init__(self, groups: tuple[KeyHelp, ...]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        """One block per group."""
        lines: list[Content] = []
        for title, keys in self.groups:
            if lines:
                lines.append(Content(""))
            lines.append(Content.styled(title, "bold $text-accent"))
            for key, what in keys:
                lines.append(Content.assemble((f"  {key:<20}", "bold"), what))
        with VerticalScroll() as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc close"
            yield Static(Content("\n").join(lines))

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        """Scroll the list of keys."""
        box = self.query_one(VerticalScroll)
        if direction == "down":
            box.scroll_down(animate=False)
        else:
            box.scroll_up(animate=False)
