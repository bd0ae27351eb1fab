"""The re-label picker: choose one of the four categories (a correction the classifier keeps)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from triage.core.categories import DESCRIPTIONS, Category


class LabelPicker(ModalScreen[Category | None]):
    """Pick a category with 1-4, the arrows and Enter, or a click; Escape cancels (None)."""

    DEFAULT_CSS = """
    LabelPicker {
        align: center middle;
        & > Vertical {
            width: 72;
            max-width: 95%;
            height: auto;
            border: thick $accent;
            background: $surface;
            border-title-color: $text-accent;
            border-subtitle-color: $text-muted;
        }
        OptionList { height: auto; border: none; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel"),
        Binding("1", "pick(0)", show=False),
        Binding("2", "pick(1)", show=False),
        Binding("3", "pick(2)", show=False),
        Binding("4", "pick(3)", show=False),
    ]

    CHOICES = (Category.BLIND_INTRO, Category.SALES_PITCH, Category.OPT_IN, Category.OTHER)
    """The categories, in key order 1-4."""

    def __init__(self, current: Category | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        """The four categories, the current one marked."""
        with Vertical() as box:
            box.border_title = "Re-label as"
            box.border_subtitle = "1-4 or enter · esc cancel"
            options = []
            for i, category in enumerate(self.CHOICES, start=1):
                mark = "  (now)" if category is self.current else ""
                options.append(
                    Option(f"{i}  {category.label}{mark}\n   {DESCRIPTIONS[category]}", id=category)
                )
            yield OptionList(*options)

    def on_mount(self) -> None:
        """Start on the current category."""
        if self.current in self.CHOICES:
            self.query_one(OptionList).highlighted = self.CHOICES.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click picks."""
        event.stop()
        self.dismiss(Category(event.option.id or Category.OTHER.value))

    def action_pick(self, index: int) -> None:
        """A number key picks."""
        self.dismiss(self.CHOICES[index])

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)
