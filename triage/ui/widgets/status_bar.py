"""The line above the key hints: the undo countdown on the left, sync and outbox on the right."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from triage.ui.messages import SyncState

SYNC_LABELS: dict[SyncState, tuple[str, str]] = {
    "off": ("○ local only", "$text-muted"),
    "connecting": ("◌ connecting", "$text-muted"),
    "syncing": ("⟳ syncing", "$text-accent"),
    "idle": ("● up to date (push)", "$text-success"),
    "offline": ("○ offline", "$text-warning"),
    "error": ("✗ sync error", "$text-error"),
}


class StatusBar(Widget):
    """What just happened (with the undo countdown) and what the sync and outbox are doing."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        padding: 0 1;
    }
    """

    undo_text: reactive[str] = reactive("")
    """What the last action did, e.g. "Declined “Intro: …”"."""
    undo_deadline: reactive[float | None] = reactive(None)
    """When the last reply leaves (epoch seconds); None when it cannot be undone by time."""
    sync_state: reactive[SyncState] = reactive("off")
    sync_detail: reactive[str] = reactive("")
    outbox_text: reactive[str] = reactive("")

    def __init__(self, now: Callable[[], float], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.now = now

    def on_mount(self) -> None:
        """Tick once a second so the countdown moves."""
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if self.undo_deadline is not None:
            if self.now() >= self.undo_deadline:
                self.undo_deadline = None
                self.undo_text = self.undo_text.split(" — ")[0] + " — sent"
            self.refresh()

    def remaining(self) -> int | None:
        """Whole seconds left in the undo window (None when there is no countdown)."""
        if self.undo_deadline is None:
            return None
        return max(0, int(round(self.undo_deadline - self.now())))

    def render(self) -> Content:
        """Left: last action and countdown. Right: outbox and sync state."""
        left = Content(self.undo_text)
        left_time = self.remaining()
        if left_time is not None:
            # The countdown first, so a narrow screen cuts the subject, not the time.
            left = (
                Content.styled(f"leaves in {left_time}s · u undo · ", "bold $text-warning") + left
            )
        label, style = SYNC_LABELS[self.sync_state]
        right_parts = []
        if self.outbox_text:
            right_parts.append(Content.styled(self.outbox_text + "  ", "$text-muted"))
        right_parts.append(Content.styled(label, style))
        if self.sync_detail:
            right_parts.append(Content.styled(f" {self.sync_detail}", "$text-muted"))
        right = Content("").join(right_parts)
        width = max(self.size.width, 1)
        room = width - right.cell_length - 1
        if room < 10:
            right = right.truncate(max(0, width - 10), ellipsis=True)
            room = width - right.cell_length - 1
        left = left.truncate(max(0, room), ellipsis=True)
        gap = max(1, width - left.cell_length - right.cell_length)
        return Content("").join([left, Content(" " * gap), right])
