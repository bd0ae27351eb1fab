"""The reply preview: read what would be sent, then send, edit in $EDITOR, or cancel."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

PreviewAnswer = Literal["send", "edit", "cancel"]
"""What the owner chose."""


class ReplyPreview(ModalScreen[PreviewAnswer]):
    """Shows a composed reply; dismissed with "send", "edit" or "cancel"."""

    DEFAULT_CSS = """
    ReplyPreview {
        align: center middle;
        & > #preview {
            width: 96%;
            max-width: 100;
            height: 94%;
            border: thick $accent;
            background: $surface;
            border-title-color: $text-accent;
            border-subtitle-color: $text-muted;
        }
        #preview-headers { padding: 0 1; background: $boost; }
        #preview-body { padding: 1 1 0 1; }
        #preview-notes { padding: 0 1; color: $text-warning; }
        #preview-buttons { height: auto; align: center middle; padding: 0 1; }
        #preview-buttons Button { margin: 0 1; min-width: 12; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s,ctrl+s", "answer('send')", "Send"),
        Binding("e", "answer('edit')", "Edit"),
        Binding("escape,q", "answer('cancel')", "Cancel"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def __init__(
        self, title: str, headers: list[tuple[str, str]], body: str, notes: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.title_text = title
        self.headers = headers
        self.body = body
        self.notes = notes

    def compose(self) -> ComposeResult:
        """Headers, the text, notes and three buttons."""
        with Vertical(id="preview") as box:
            box.border_title = self.title_text
            box.border_subtitle = "s send · e edit · esc cancel"
            lines = [
                Content.assemble((f"{name}: ", "$text-muted"), (value, "bold" if i == 0 else ""))
                for i, (name, value) in enumerate(self.headers)
            ]
            yield Static(Content("\n").join(lines), id="preview-headers")
            with VerticalScroll(id="preview-scroll"):
                yield Static(Content(self.body), id="preview-body")
            if self.notes:
                yield Static("\n".join(f"! {n}" for n in self.notes), id="preview-notes")
            with Horizontal(id="preview-buttons"):
                yield Button("Send", id="send", variant="primary")
                yield Button("Edit", id="edit")
                yield Button("Cancel", id="cancel", variant="default")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers like its key."""
        event.stop()
        answer: PreviewAnswer = "cancel"
        if event.button.id == "send":
            answer = "send"
        elif event.button.id == "edit":
            answer = "edit"
        self.dismiss(answer)

    def action_answer(self, answer: PreviewAnswer) -> None:
        """Close with `answer`."""
        self.dismiss(answer)

    def action_scroll(self, direction: str) -> None:
        """Scroll the reply text."""
        scroll = self.query_one("#preview-scroll", VerticalScroll)
        if direction == "down":
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)
