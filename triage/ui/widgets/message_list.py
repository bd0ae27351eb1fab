"""The message list: a virtual list (Line API) drawing only the visible rows of a view."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from triage.adapters.inbox import PageRequest, Row, View
from triage.core.actions import Action
from triage.core.categories import Category
from triage.ui.rows import RowWindow

Loader = Callable[[PageRequest], Awaitable[list[Row]]]
"""Fetches one page of rows (in the store's thread)."""

BADGES: dict[Category, str] = {
    Category.BLIND_INTRO: "intro",
    Category.SALES_PITCH: "pitch",
    Category.OPT_IN: "opt-in",
    Category.OTHER: "other",
}
"""The short category names shown in the list."""
DONE: dict[Action, tuple[str, str]] = {
    Action.DECLINE: ("✓", "declined"),
    Action.ACCEPT: ("✓", "accepted"),
    Action.ASK: ("?", "asked"),
    Action.IGNORE: ("–", "ignored"),
}
"""Marker and word for a handled message."""


def age(ts: float | None, now: float) -> str:
    """A short age: 5m, 3h, 6d, then the date ("24 Nov", or "2024" for another year)."""
    if ts is None:
        return "—"
    seconds = max(0.0, now - ts)
    if seconds < 3600:
        return f"{max(1, int(seconds // 60))}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    if seconds < 86400 * 14:
        return f"{int(seconds // 86400)}d"
    when = datetime.fromtimestamp(ts, UTC)
    if when.year == datetime.fromtimestamp(now, UTC).year:
        return f"{when.day} {when:%b}"
    return str(when.year)


@dataclass(frozen=True, slots=True)
class _Columns:
    sender: int
    subject: int
    state: int


def _columns(width: int) -> _Columns:
    # marker 2 + age 7 + sender + subject + badge 8 (+ state word on wide screens)
    state = 9 if width >= 100 else 0
    sender = 24 if width >= 120 else 18 if width >= 80 else 12
    subject = max(8, width - 2 - 7 - sender - 1 - 8 - state)
    return _Columns(sender, subject, state)


class MessageList(ScrollView, can_focus=True):
    """The rows of one view, fetched a page at a time as they scroll into sight.

    Never holds more than a few pages (`triage.ui.rows.MAX_PAGES`), whatever the view's size.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "cursor_first", "First", show=False),
        Binding("G,end", "cursor_last", "Last", show=False),
        Binding("pagedown,ctrl+f,space", "page_down", "Page down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES = {
        "message-list--cursor",
        "message-list--age",
        "message-list--handled",
        "message-list--placeholder",
        "message-list--ask",
        "message-list--badge-blind_intro",
        "message-list--badge-sales_pitch",
        "message-list--badge-opt_in",
        "message-list--badge-other",
    }

    DEFAULT_CSS = """
    MessageList {
        background: $surface;
        overflow-x: hidden;
        & > .message-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .message-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .message-list--age { color: $text-muted; }
        & > .message-list--handled { color: $text-disabled; }
        & > .message-list--placeholder { color: $text-disabled; }
        & > .message-list--ask { color: $accent; text-style: bold; }
        & > .message-list--badge-blind_intro { color: $warning; }
        & > .message-list--badge-sales_pitch { color: $error; }
        & > .message-list--badge-opt_in { color: $success; }
        & > .message-list--badge-other { color: $text-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """The index of the selected row."""

    class Highlighted(Message):
        """The cursor is on a (loaded) row, or on none when the view is empty."""

        def __init__(self, message_list: MessageList, row: Row | None, index: int) -> None:
            super().__init__()
            self.message_list = message_list
            self.row = row
            self.index = index

        @property
        def control(self) -> MessageList:
            """The list that sent it."""
            return self.message_list

    class Selected(Highlighted):
        """Enter (or a double click) on a row."""

    class PageLoaded(Message):
        """A page arrived and was drawn (tests and the benchmark wait for this)."""

        def __init__(self, page: int) -> None:
            super().__init__()
            self.page = page

    def __init__(
        self,
        loader: Loader,
        *,
        now: Callable[[], float],
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's parameter name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.loader = loader
        self.now = now
        self.window = RowWindow(View("category", Category.OTHER), 0)
        self._announced: int | None = None
        self._load_scheduled = False

    # --- data --------------------------------------------------------------------------------

    def show(self, window: RowWindow, cursor: int = 0) -> None:
        """Show a new view (or the same view re-counted), keeping the cursor near `cursor`."""
        self.window = window
        self._announced = None
        self.virtual_size = Size(self.size.width, window.total)
        self.set_reactive(MessageList.cursor, max(0, min(cursor, window.total - 1)))
        self._scroll_to_cursor(animate=False)
        self.refresh()
        self._schedule_load()
        self._announce()

    def prefetch(self, window: RowWindow) -> None:
        """Load the first page of a view not shown yet, so switching to it is instant."""
        for page in window.missing(0, max(self.size.height, 1)):
            self.run_worker(self._load(window, page), group="pages")

    @property
    def current(self) -> Row | None:
        """The row under the cursor, if loaded."""
        return self.window.get(self.cursor)

    def _schedule_load(self) -> None:
        if not self._load_scheduled:
            self._load_scheduled = True
            self.call_later(self._load_missing)

    def _load_missing(self) -> None:
        self._load_scheduled = False
        top = int(self.scroll_offset.y)
        bottom = top + max(self.size.height, 1)
        first, last = min(top, self.cursor), max(bottom, self.cursor)
        for page in self.window.missing(first, last):
            self.run_worker(self._load(self.window, page), group="pages")

    async def _load(self, window: RowWindow, page: int) -> None:
        try:
            rows = await self.loader(window.request(page))
        except Exception as exc:  # noqa: BLE001 - shown, not raised: the list keeps working
            window.forget(page)
            self.notify(f"cannot read the list: {exc}", severity="error", timeout=8)
            return
        window.put(page, rows)
        if window is not self.window:
            return  # a prefetch for another view, or a view left meanwhile
        self.refresh()
        self._announce()
        self.post_message(self.PageLoaded(page))

    def _announce(self) -> None:
        if self.window.total == 0:
            if self._announced != -1:
                self._announced = -1
                self.post_message(self.Highlighted(self, None, 0))
            return
        row = self.window.get(self.cursor)
        if row is None:
            self._schedule_load()
            return
        if self._announced != row.id:
            self._announced = row.id
            self.post_message(self.Highlighted(self, row, self.cursor))

    # --- cursor ------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        """Redraw the two rows that changed and keep the cursor in sight."""
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_to_cursor(animate=False)
        self._announce()

    def _scroll_to_cursor(self, *, animate: bool) -> None:
        self.scroll_to_region(
            Region(0, self.cursor, max(self.size.width, 1), 1), animate=animate, force=True
        )

    def move_to(self, index: int) -> None:
        """Put the cursor on `index` (clamped to the view)."""
        if self.window.total:
            self.cursor = max(0, min(index, self.window.total - 1))

    def action_cursor_down(self) -> None:
        """Next row."""
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        """Previous row."""
        self.move_to(self.cursor - 1)

    def action_cursor_first(self) -> None:
        """First row."""
        self.move_to(0)

    def action_cursor_last(self) -> None:
        """Last row."""
        self.move_to(self.window.total - 1)

    def action_page_down(self) -> None:
        """One screen down."""
        self.move_to(self.cursor + max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        """One screen up."""
        self.move_to(self.cursor - max(1, self.size.height - 1))

    def action_select(self) -> None:
        """Open the row under the cursor."""
        row = self.current
        if row is not None:
            self.post_message(self.Selected(self, row, self.cursor))

    async def _on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < self.window.total:
            self.move_to(index)
            if event.chain >= 2:
                self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        """Keep the virtual width in step with the widget."""
        self.virtual_size = Size(event.size.width, self.window.total)
        self._schedule_load()

    def watch_scroll_y(self, old: float, new: float) -> None:
        """Fetch what scrolled into sight."""
        super().watch_scroll_y(old, new)
        self._schedule_load()

    # --- drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """One row of the list (or a placeholder while its page loads)."""
        index = int(self.scroll_offset.y) + y
        width = self.size.width
        if index >= self.window.total:
            return Strip.blank(width, self.rich_style)
        row = self.window.get(index)
        base = self.rich_style
        if index == self.cursor:
            base = base + self.get_component_rich_style("message-list--cursor")
        if row is None:
            self._schedule_load()
            style = base + self.get_component_rich_style("message-list--placeholder", partial=True)
            return Strip([Segment(set_cell_size("  …", width), style)], width)
        return Strip(self._segments(row, width, base, index == self.cursor), width)

    def _segments(self, row: Row, width: int, base: Style, on_cursor: bool) -> list[Segment]:
        cols = _columns(width)
        part = self.get_component_rich_style
        handled = row.action is not None
        dim = base + part("message-list--handled", partial=True) if handled else base
        if handled and row.action is not None:
            marker, word = DONE[row.action]
            marker_style = dim
        elif row.category is not None and row.category.is_ask:
            marker, word = "•", ""
            marker_style = base + part("message-list--ask", partial=True)
        else:
            marker, word = " ", ""
            marker_style = base
        badge = BADGES[row.category] if row.category else "…"
        if row.category is not None and row.confidence < 0.6 and not row.labelled:
            badge += "?"
        badge_style = (
            base + part(f"message-list--badge-{row.category.value}", partial=True)
            if row.category
            else base
        )
        age_style = base if on_cursor else base + part("message-list--age", partial=True)
        segments = [
            Segment(f"{marker} ", marker_style),
            Segment(f"{age(row.ts, self.now()):>6} ", age_style),
            Segment(set_cell_size(row.sender, cols.sender) + " ", dim),
            Segment(set_cell_size(row.subject or "(no subject)", cols.subject), dim),
            Segment(f" {badge:<7}", badge_style),
        ]
        if cols.state:
            segments.append(Segment(f"{word:<9}", dim))
        used = sum(cell_len(s.text) for s in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return segments
