"""TriageApp: wires the stylesheet, the screens, the bindings and the background workers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from triage.config import AccountConfig, Settings
from triage.core.sync import SyncEvent
from triage.errors import TriageError
from triage.ui.messages import OutboxChanged, StoreChanged, SyncState, SyncStatus
from triage.ui.operations import Operations
from triage.ui.resources import stylesheet
from triage.ui.screens.inbox import InboxScreen
from triage.ui.storethread import StoreThread
from triage.ui.widgets.status_bar import StatusBar

DARK = "textual-dark"
LIGHT = "textual-light"
CHANGE_DELAY = 0.5
"""Seconds over which store changes from the sync are gathered into one refresh."""


class TriageCommands(Provider):
    """The screen's actions in the command palette (ctrl+p)."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        if not isinstance(screen, InboxScreen):
            return []
        return [
            ("Decline", "Reply with a kind no (d)", partial(screen.action_act, "decline")),
            ("Accept", "Say yes (a)", partial(screen.action_act, "accept")),
            ("Ask for context", "Ask what this is about (c)", partial(screen.action_act, "ask")),
            ("Ignore", "Mark handled without a reply (i)", partial(screen.action_act, "ignore")),
            ("Undo", "Take back the last action or re-label (u)", screen.action_undo),
            ("Re-label", "Correct the category (l)", screen.action_relabel),
            ("Search", "Search sender, subject and text (/)", screen.action_search),
            ("Show to triage", "Unhandled asks, oldest first (0)", partial(screen.action_view, 0)),
            ("Show blind intros", "(1)", partial(screen.action_view, 1)),
            ("Show sales pitches", "(2)", partial(screen.action_view, 2)),
            ("Show opt-in requests", "(3)", partial(screen.action_view, 3)),
            ("Show other", "(4)", partial(screen.action_view, 4)),
            ("Fold or show quotes", "(z)", screen.action_toggle_quotes),
            ("Weekly stats", "Ignored blind intros and who sends them (s)", screen.action_stats),
            ("Keys", "Every key (?)", screen.action_help),
        ]

    async def discover(self) -> Hits:
        """Everything, before anything is typed."""
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy-matched commands."""
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class TriageApp(App[None]):
    """The triage screen, its stylesheet and its workers (sync, outbox, store threads)."""

    CSS_PATH = [stylesheet("triage.tcss")]
    TITLE = "triage"
    COMMANDS = App.COMMANDS | {TriageCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("T", "toggle_theme", "Theme", show=False),
    ]

    def __init__(
        self,
        settings: Settings,
        store_path: Path,
        *,
        clock: Callable[[], float] | None = None,
        sync: bool = True,
        outbox: bool = True,
        theme: str = DARK,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.store_path = store_path
        self.clock: Callable[[], float] = clock or time.time
        self.operations = Operations(settings, self.clock)
        self.reader = StoreThread(store_path, "read")
        """Pages, messages and search: quick reads the list waits for."""
        self.writer = StoreThread(store_path, "write")
        """Counts, actions, labels: writes and the slower reads."""
        self.sync_enabled = sync
        self.outbox_enabled = outbox
        self.theme = theme
        self._stop = threading.Event()
        self._sync_workers: list[object] = []
        self._outbox_runner: object | None = None
        self._change_pending: set[int] = set()
        self.inbox = InboxScreen()

    def get_default_screen(self) -> Screen[None]:
        """The triage screen."""
        return self.inbox

    def on_ready(self) -> None:
        """After the first paint: start the workers."""
        status = self.inbox.query_one(StatusBar)
        if self.sync_enabled and self.settings.accounts:
            status.sync_state = "connecting"
            for name, account in self.settings.accounts.items():
                self.sync_account(name, account)
        if self.outbox_enabled:
            self.run_outbox()

    def get_system_commands(self, screen: Screen[object]) -> Iterator[SystemCommand]:
        """Textual's commands plus the theme switch."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Dark / light", "Switch between the dark and light theme (T)", self.action_toggle_theme
        )

    def action_toggle_theme(self) -> None:
        """T: dark <-> light."""
        self.theme = LIGHT if self.theme == DARK else DARK

    def open_stats(self) -> None:
        """Push the weekly stats screen."""
        from triage.ui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.store_path, self.settings, now=self.clock()))

    # --- background sync -----------------------------------------------------------------------

    @work(thread=True, group="sync", exit_on_error=False)
    def sync_account(self, name: str, account: AccountConfig) -> None:
        """Sync, then wait for push (IDLE), until the app quits; report as messages."""
        from triage.adapters.imap import SyncWorker  # imapclient only when syncing
        from triage.adapters.verdicts import make_classifier

        worker = SyncWorker(name, account, self.store_path, classify=make_classifier(self.settings))
        self._sync_workers.append(worker)
        try:
            for event in worker.events():
                self._sync_event(event)
                if self._stop.is_set():
                    worker.stop()
        except TriageError as exc:
            self.post_message(SyncStatus(name, "error", exc.message))
        except Exception as exc:  # noqa: BLE001 - any other failure is shown, never a traceback
            self.post_message(SyncStatus(name, "error", f"{exc.__class__.__name__}: {exc}"))

    def _sync_event(self, event: SyncEvent) -> None:
        state: SyncState = "syncing"
        detail = event.folder
        if event.kind == "progress":
            detail = f"{event.folder} {event.done}/{event.total}"
        elif event.kind in ("stored", "changed"):
            self.call_from_thread(self._changed, event.ids)
        elif event.kind == "idle":
            state, detail = "idle", ""
        elif event.kind == "reconnecting":
            state, detail = "offline", f"retry in {event.delay:.0f}s ({event.detail})"
        self.post_message(SyncStatus(event.account, state, detail))

    @on(SyncStatus)
    def _sync_status(self, event: SyncStatus) -> None:
        status = self.inbox.query_one(StatusBar)
        status.sync_state = event.state
        status.sync_detail = (
            event.detail
            if len(self.settings.accounts) == 1
            else (f"{event.account} {event.detail}".strip())
        )
        if event.state == "error":
            self.notify(
                f"{event.detail}\nThe local store keeps working; fix the config and restart.",
                title="sync stopped",
                severity="error",
                timeout=15,
            )

    def _changed(self, ids: tuple[int, ...]) -> None:
        # A big sync stores a batch every few hundred ms: refresh at most every CHANGE_DELAY.
        first = not self._change_pending
        self._change_pending.update(ids or (0,))
        if first:
            self.set_timer(CHANGE_DELAY, self._flush_changes)

    def _flush_changes(self) -> None:
        ids = tuple(sorted(i for i in self._change_pending if i))
        self._change_pending.clear()
        self.inbox.post_message(StoreChanged(ids, "sync"))

    # --- outbox --------------------------------------------------------------------------------

    @work(thread=True, group="outbox", exit_on_error=False)
    def run_outbox(self) -> None:
        """Send replies as their undo window closes, until the app quits."""
        from triage.actions import OutboxEvent, OutboxRunner

        runner = OutboxRunner(self.store_path, self.settings, now=self.clock)
        self._outbox_runner = runner

        def report(event: OutboxEvent) -> None:
            self.post_message(
                OutboxChanged(event.kind, event.outbox_id, event.action_id, event.detail)
            )

        try:
            runner.run(self._stop, report)
        except Exception as exc:  # noqa: BLE001 - shown, never a traceback
            self.post_message(OutboxChanged("failed", 0, None, f"outbox stopped: {exc}"))

    def wake_outbox(self) -> None:
        """Have the outbox look at the queue now (after an action)."""
        runner = self._outbox_runner
        if runner is not None:
            runner.wake()  # type: ignore[attr-defined]

    @on(OutboxChanged)
    def _outbox_changed(self, event: OutboxChanged) -> None:
        status = self.inbox.query_one(StatusBar)
        if event.kind == "sent":
            status.outbox_text = "reply sent"
            self.inbox.post_message(StoreChanged((), "sent"))
        elif event.kind in ("failed", "uncertain"):
            status.outbox_text = "reply failed"
            self.notify(
                event.detail or "a reply could not be sent",
                title="outbox",
                severity="error",
                timeout=12,
            )
        elif event.kind == "retry":
            status.outbox_text = "reply waiting (retry)"

    # --- shutdown ------------------------------------------------------------------------------

    def stop_workers(self) -> None:
        """Ask the sync and the outbox threads to finish."""
        self._stop.set()
        for worker in self._sync_workers:
            worker.stop()  # type: ignore[attr-defined]
        self.wake_outbox()

    async def action_quit(self) -> None:
        """q: stop the workers, then quit."""
        self.stop_workers()
        self.exit()

    def on_unmount(self) -> None:
        """Close the store threads."""
        self.stop_workers()
        self.reader.close()
        self.writer.close()


def make_app(
    settings: Settings,
    store_path: Path | None = None,
    *,
    clock: Callable[[], float] | None = None,
    sync: bool = True,
    outbox: bool = True,
    theme: str = DARK,
) -> TriageApp:
    """The one way to build the app (the CLI and the tests).

    Args:
        settings: The validated settings.
        store_path: The store file (default: the one the settings name).
        clock: Epoch seconds "now" (tests and snapshots fix it).
        sync: Run the background IMAP sync for the configured accounts.
        outbox: Run the outbox (replies leave after the undo window).
        theme: "textual-dark" or "textual-light".
    """
    return TriageApp(
        settings,
        store_path or settings.store_path,
        clock=clock,
        sync=sync,
        outbox=outbox,
        theme=theme,
    )
