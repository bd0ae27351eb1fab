"""The triage screen: views with counts, the message list, the reading pane, one-key answers."""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from triage.adapters import inbox
from triage.adapters.inbox import TRIAGE, Counts, Detail, View
from triage.adapters.store import Store
from triage.core.actions import Action
from triage.core.categories import Category
from triage.errors import TriageError
from triage.ui.dialogs.help import HelpDialog, KeyHelp
from triage.ui.dialogs.label_picker import LabelPicker
from triage.ui.dialogs.reply_preview import ReplyPreview
from triage.ui.messages import StoreChanged
from triage.ui.operations import Undoable
from triage.ui.rows import PAGE_SIZE, RowWindow
from triage.ui.widgets.category_tabs import TABS, CategoryTabs
from triage.ui.widgets.message_list import MessageList
from triage.ui.widgets.reading_pane import ReadingPane, Rendered, render_detail
from triage.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from triage.ui.app import TriageApp

KEYS: tuple[KeyHelp, ...] = (
    (
        "Move",
        (
            ("j / ↓, k / ↑", "next / previous message"),
            ("g / Home, G / End", "first / last message"),
            ("PgDn / space, PgUp", "a screen down / up"),
            ("J, K", "scroll the message text"),
            ("click, wheel", "select, scroll"),
        ),
    ),
    (
        "Views",
        (
            ("Tab, shift+Tab", "next / previous view"),
            ("0", "to triage: unhandled asks, oldest first"),
            ("1 2 3 4", "blind intros, sales pitches, opt-in requests, other"),
            ("/", "search sender, subject and text (Enter: to the list, Esc: clear)"),
        ),
    ),
    (
        "Answer the selected message",
        (
            ("d", "decline (reply preview first)"),
            ("a", "accept (intro: reply to the introduced, introducer in Bcc)"),
            ("c", "ask for context (backstory, benefit, the ask, the time)"),
            ("i", "ignore (no reply; marked handled)"),
            ("u", "undo the last action or re-label (while its reply has not left)"),
            ("l", "re-label: pick one of the four categories"),
            ("z", "show / fold quoted text"),
        ),
    ),
    (
        "Reply preview",
        (
            ("s", "send (queued; leaves after the undo window)"),
            ("e", "edit in $EDITOR"),
            ("Esc", "cancel"),
        ),
    ),
    (
        "App",
        (
            ("s", "weekly stats"),
            ("T", "switch dark / light theme"),
            ("ctrl+p", "command palette"),
            ("?", "this help"),
            ("q", "quit"),
        ),
    ),
)
"""Every key, for the help dialog (kept beside the bindings below)."""

SEARCH_DELAY = 0.12
"""Seconds of typing pause before a search runs."""


class InboxScreen(Screen[None]):
    """Everything the owner triages in; talks to the store only through the app's threads."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_view", "Next view", show=False, priority=True),
        Binding("shift+tab", "previous_view", "Previous view", show=False, priority=True),
        Binding("0", "view(0)", show=False),
        Binding("1", "view(1)", show=False),
        Binding("2", "view(2)", show=False),
        Binding("3", "view(3)", show=False),
        Binding("4", "view(4)", show=False),
        Binding("d", "act('decline')", "Decline"),
        Binding("a", "act('accept')", "Accept"),
        Binding("c", "act('ask')", "Context"),
        Binding("i", "act('ignore')", "Ignore"),
        Binding("u", "undo", "Undo"),
        Binding("l", "relabel", "Label"),
        Binding("slash", "search", "Search"),
        Binding("z", "toggle_quotes", "Quotes", show=False),
        Binding("J", "scroll_pane(1)", show=False),
        Binding("K", "scroll_pane(-1)", show=False),
        Binding("escape", "escape", show=False),
        Binding("s", "stats", "Stats", show=False),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: View = TRIAGE
        self.previous_view: View = TRIAGE
        self.counts: Counts | None = None
        self.show_quotes = False
        self.undo_stack: list[Undoable] = []
        self._search_timer: Timer | None = None
        self._windows: dict[View, RowWindow] = {}

    @property
    def triage_app(self) -> TriageApp:
        """The app, typed."""
        from triage.ui.app import TriageApp

        assert isinstance(self.app, TriageApp)
        return self.app

    def compose(self) -> ComposeResult:
        """Tabs, search, list, pane, status, keys."""
        now = self.triage_app.clock
        yield CategoryTabs(id="tabs")
        yield Input(
            placeholder="search sender, subject, text — Enter: list, Esc: clear", id="search"
        )
        yield MessageList(self._load_page, now=now, id="list")
        yield ReadingPane(id="pane")
        yield StatusBar(now, id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Load the counts and the first view."""
        self.query_one("#search").display = False
        self.query_one(MessageList).focus()
        self.reload()

    # --- loading -------------------------------------------------------------------------------

    async def _load_page(self, request: inbox.PageRequest) -> list[inbox.Row]:
        return await self.triage_app.reader.call(inbox.fetch, request)

    @work(exclusive=True, group="reload")
    async def reload(self, *, keep_cursor: bool = False) -> None:
        """Re-count and re-show the current view (after start, a change, or a sync)."""
        app = self.triage_app
        first_look: asyncio.Future[tuple[list[inbox.Row], Rendered | None]] | None = None
        if self.counts is None and self.view.kind != "search":
            # At start the first page and its first message are read while counting.
            first_look = asyncio.ensure_future(
                app.reader.call(_first_look, self.view, self.show_quotes)
            )
        try:
            counts = await app.writer.call(inbox.counts)
            looked = await first_look if first_look is not None else None
        except TriageError as exc:
            self.notify(exc.message, title="cannot read the store", severity="error")
            return
        if self._widgets_gone():
            return
        self.counts = counts
        self.query_one(CategoryTabs).counts = counts
        # Every view's first page is read ahead: Tab and 0-4 then only repaint.
        self._windows = {view: RowWindow(view, counts.of(view)) for _, _, _, view in TABS}
        if self.view.kind == "search":
            await self._search_now(self.view.query, keep_cursor=keep_cursor)
            if self._widgets_gone():
                return
        else:
            window = self._windows[self.view]
            if looked is not None:
                rows, rendered = looked
                window.put(0, rows[: window.total])
                if rendered is not None and rows and rows[0].id == rendered.message_pk:
                    self.query_one(ReadingPane).show(rendered)
            self._show(window, keep_cursor=keep_cursor)
        message_list = self.query_one(MessageList)
        for view, window in self._windows.items():
            if view != self.view:
                message_list.prefetch(window)

    def _widgets_gone(self) -> bool:
        """True once the screen's widgets are gone (the app quit while a read was awaited)."""
        return not self.query(MessageList)

    def _show(self, window: RowWindow, *, keep_cursor: bool) -> None:
        message_list = self.query_one(MessageList)
        cursor = message_list.cursor if keep_cursor else 0
        message_list.show(window, cursor)
        tabs = self.query_one(CategoryTabs)
        tabs.active = window.view
        tabs.search = window.view.query
        tabs.found = window.total
        if window.total == 0:
            self.query_one(ReadingPane).clear(self._empty_hint(window.view))

    def _empty_hint(self, view: View) -> str:
        if view.kind == "triage":
            return "Nothing left to triage. 1-4 show the categories."
        if view.kind == "search":
            return f"No message matches “{view.query}”."
        return "No messages in this category."

    def switch_to(self, view: View) -> None:
        """Show another view (counts are already known, so this is one page read)."""
        if view.kind != "search":
            self.previous_view = view
        self.view = view
        if view.kind == "search":
            return
        window = self._windows.get(view)
        if window is None:
            window = RowWindow(view, self.counts.of(view) if self.counts is not None else 0)
        self._show(window, keep_cursor=False)

    @on(CategoryTabs.Chosen)
    def _tab_clicked(self, event: CategoryTabs.Chosen) -> None:
        self._close_search()
        self.switch_to(event.view)

    @on(MessageList.Highlighted)
    def _highlighted(self, event: MessageList.Highlighted) -> None:
        if event.row is None:
            return
        self.load_detail(event.row.id)

    @on(MessageList.Selected)
    def _selected(self, event: MessageList.Selected) -> None:
        if event.row is not None:
            self.load_detail(event.row.id)

    @work(exclusive=True, group="detail")
    async def load_detail(self, message_pk: int) -> None:
        """Fetch and render one message off the UI thread, then show it."""
        show_quotes = self.show_quotes
        try:
            rendered = await self.triage_app.reader.call(_render, message_pk, show_quotes)
        except TriageError as exc:
            self.notify(exc.message, severity="error")
            return
        if self._widgets_gone():
            return
        current = self.query_one(MessageList).current
        if rendered is None or current is None or current.id != message_pk:
            return
        self.query_one(ReadingPane).show(rendered)

    @on(StoreChanged)
    def _store_changed(self, event: StoreChanged) -> None:
        self.reload(keep_cursor=True)

    # --- views ---------------------------------------------------------------------------------

    def _tab_index(self) -> int:
        for i, (_, _, _, view) in enumerate(TABS):
            if view == self.view:
                return i
        return 0

    def action_next_view(self) -> None:
        """Tab: the next view."""
        self._close_search()
        self.switch_to(TABS[(self._tab_index() + 1) % len(TABS)][3])

    def action_previous_view(self) -> None:
        """Shift+Tab: the previous view."""
        self._close_search()
        self.switch_to(TABS[(self._tab_index() - 1) % len(TABS)][3])

    def action_view(self, index: int) -> None:
        """0-4: a view by number."""
        self._close_search()
        self.switch_to(TABS[index][3])

    # --- search --------------------------------------------------------------------------------

    def action_search(self) -> None:
        """/: type to search."""
        box = self.query_one("#search", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        text = event.value
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self.run_search(text))

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self.run_search(event.value)
        self.query_one(MessageList).focus()

    @work(exclusive=True, group="search")
    async def run_search(self, text: str) -> None:
        """Search now (typing pauses and Enter end up here)."""
        await self._search_now(text, keep_cursor=False)

    async def _search_now(self, text: str, *, keep_cursor: bool) -> None:
        if not inbox.fts_query(text):
            if self.view.kind == "search":
                self.switch_to(self.previous_view)
            return
        try:
            ids, rows = await self.triage_app.reader.call(_search, text)
        except TriageError as exc:
            self.notify(exc.message, severity="error")
            return
        if self._widgets_gone():
            return
        view = View("search", query=text)
        self.view = view
        window = RowWindow(view, len(ids), tuple(ids))
        window.put(0, rows)  # the first page comes with the ids: one trip to the store
        self._show(window, keep_cursor=keep_cursor)

    def _close_search(self) -> None:
        box = self.query_one("#search", Input)
        if box.display:
            box.display = False
            box.value = ""
            self.query_one(MessageList).focus()

    def action_escape(self) -> None:
        """Esc: clear the search, or go back to the list."""
        if self.view.kind == "search" or self.query_one("#search").display:
            self._close_search()
            self.switch_to(self.previous_view)
        else:
            self.query_one(MessageList).focus()

    # --- reading -------------------------------------------------------------------------------

    def action_toggle_quotes(self) -> None:
        """z: fold or show quoted text."""
        self.show_quotes = not self.show_quotes
        current = self.query_one(MessageList).current
        if current is not None:
            self.load_detail(current.id)

    def action_scroll_pane(self, lines: int) -> None:
        """J / K: scroll the message text."""
        pane = self.query_one(ReadingPane)
        pane.scroll_relative(y=lines * 3, animate=False)

    # --- acting --------------------------------------------------------------------------------

    def action_act(self, name: str) -> None:
        """d / a / c / i: answer the selected message."""
        row = self.query_one(MessageList).current
        if row is None:
            self.notify("No message selected.", severity="warning")
            return
        self.act(row.id, Action(name))

    @work(exclusive=True, group="act")
    async def act(self, message_pk: int, action: Action) -> None:
        """Draft, preview (send / edit / cancel), perform; errors become notifications."""
        app = self.triage_app
        body: str | None = None
        try:
            if action.sends_reply and app.settings.replies.preview:
                preview = await app.writer.call(app.operations.draft, message_pk, action)
                text = preview.body
                while True:
                    answer = await app.push_screen_wait(
                        ReplyPreview(
                            f"{action.value.capitalize()} — {preview.template}",
                            preview.headers,
                            text,
                            preview.notes,
                        )
                    )
                    if answer == "edit":
                        text = self._edit(text)
                        body = text
                        continue
                    break
                if answer == "cancel":
                    self.notify("Nothing sent.", timeout=2)
                    return
            done = await app.writer.call(app.operations.perform, message_pk, action, body)
        except TriageError as exc:
            self.notify(exc.message, title=exc.title, severity="error", timeout=8)
            return
        self._did(done)
        app.wake_outbox()

    def _edit(self, text: str) -> str:
        """Open `text` in $VISUAL / $EDITOR (vi by default); the saved file is the new text."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.TemporaryDirectory(prefix="triage-") as folder:
            path = Path(folder) / "reply.txt"
            path.write_text(text, encoding="utf-8")
            command = [*shlex.split(editor), str(path)]
            try:
                with self.app.suspend():
                    result = subprocess.run(command, check=False)
            except SuspendNotSupported:  # headless (tests): run it without the terminal
                result = subprocess.run(command, check=False, capture_output=True)
            except OSError as exc:
                self.notify(f"cannot run {editor!r}: {exc}", severity="error")
                return text
            if result.returncode != 0:
                self.notify(f"{editor} exited with {result.returncode}; text unchanged")
                return text
            return path.read_text(encoding="utf-8")

    def _did(self, done: Undoable) -> None:
        self.undo_stack.append(done)
        status = self.query_one(StatusBar)
        status.undo_text = done.summary
        status.undo_deadline = done.leaves_at
        self.post_message(StoreChanged((done.message_pk,), done.kind))

    def action_relabel(self) -> None:
        """l: pick a category for the selected message."""
        row = self.query_one(MessageList).current
        if row is None:
            self.notify("No message selected.", severity="warning")
            return
        self.relabel(row.id, row.category)

    @work(exclusive=True, group="act")
    async def relabel(self, message_pk: int, current: Category | None) -> None:
        """Show the picker, then store the correction."""
        app = self.triage_app
        category = await app.push_screen_wait(LabelPicker(current))
        if category is None or category is current:
            return
        try:
            done = await app.writer.call(app.operations.relabel, message_pk, category)
        except TriageError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self._did(done)

    def action_undo(self) -> None:
        """u: take back the last action or re-label."""
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.undo(self.undo_stack[-1])

    @work(exclusive=True, group="act")
    async def undo(self, entry: Undoable) -> None:
        """Undo `entry` in the store; say so when it is too late."""
        app = self.triage_app
        try:
            ok = await app.writer.call(app.operations.undo, entry)
        except TriageError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        if entry in self.undo_stack:
            self.undo_stack.remove(entry)
        status = self.query_one(StatusBar)
        status.undo_deadline = None
        if not ok:
            status.undo_text = f"Too late to undo: {entry.summary}"
            self.notify("The reply has already left; nothing undone.", severity="warning")
            return
        status.undo_text = f"Undone: {entry.summary}"
        self.post_message(StoreChanged((entry.message_pk,), "undo"))

    # --- app -----------------------------------------------------------------------------------

    def action_help(self) -> None:
        """?: every key."""
        self.app.push_screen(HelpDialog(KEYS))

    def action_stats(self) -> None:
        """S: the weekly stats screen."""
        self.triage_app.open_stats()


def _search(store: Store, text: str) -> tuple[list[int], list[inbox.Row]]:
    ids = inbox.search(store, text)
    return ids, inbox.rows_by_id(store, ids[:PAGE_SIZE])


def _first_look(
    store: Store, view: View, show_quotes: bool
) -> tuple[list[inbox.Row], Rendered | None]:
    rows = inbox.fetch(store, inbox.PageRequest(view, PAGE_SIZE, 0, PAGE_SIZE))
    return rows, (_render(store, rows[0].id, show_quotes) if rows else None)


def _render(store: Store, message_pk: int, show_quotes: bool) -> Rendered | None:
    found: Detail | None = inbox.detail(store, message_pk)
    return None if found is None else render_detail(found, show_quotes=show_quotes)
