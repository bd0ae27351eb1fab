"""Help: every key of the triage screen, grouped."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
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
            width: 86;
            max-width: 95%;
            height: 90%;
            border: thick $accent;
            background: $surface;
            padding: 0 1;
            border-title-color: $text-accent;
            border-subtitle-color: $text-muted;
        }
        .help-title {
            text-style: bold;
            color: $text-accent;
            margin-top: 1;
        }
        .help-title.first {
            margin-top: 0;
        }
        Grid {
            grid-size: 2;
            grid-columns: 22 1fr;
            height: auto;
        }
        .help-key {
            text-style: bold;
            padding-left: 2;
        }
        Static {
            height: auto;
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
        """One block per group: keys on the left, what they do on the right, wrapped in its
        own column so a long line stays readable on a narrow terminal."""
        with VerticalScroll() as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc close"
            for index, (title, keys) in enumerate(self.groups):
                yield Static(title, classes="help-title first" if index == 0 else "help-title")
                with Grid():
                    for key, what in keys:
                        yield Static(key, classes="help-key", markup=False)
                        yield Static(what, markup=False)

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
