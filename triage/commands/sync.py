"""`triage sync`: bring every watched IMAP folder up to date once, then exit."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

import click

from triage.commands.common import Context
from triage.core.sync import SyncEvent
from triage.errors import ConfigError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


pass_context = click.make_pass_decorator(Context)


def _bar(console: Console) -> Progress:
    """A rich progress bar: folder, bar, done/total, messages per second, elapsed."""
    # rich is imported only when there is a terminal to draw on: it costs start-up time.
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Messages per second (rich's own speed column counts bytes)."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            text = "" if speed is None else f"{speed:,.0f} msg/s"
            return Text(text, style="progress.data.speed")

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


class SyncProgress:
    """Shows sync events: a rich progress bar on a terminal, plain lines otherwise.

    The bar shows the folder, done/total and messages per second; the lines are one per
    folder synced and one per reconnect (the bar's folder lines are printed above it).
    """

    def __init__(self, out: TextIO, *, interactive: bool | None = None) -> None:
        self.out = out
        self.interactive = out.isatty() if interactive is None else interactive
        self.console: Console | None = None
        if self.interactive:
            from rich.console import Console

            self.console = Console(file=out, force_terminal=True, highlight=False)
        self.started = time.monotonic()
        self.new = 0
        self.changed = 0
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._where = ""
        self._folder_started = self.started
        self._folder_new = self._folder_changed = self._folder_fetched = 0

    def __enter__(self) -> SyncProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._end_bar()

    def event(self, event: SyncEvent) -> None:
        """Show one event."""
        where = f"{event.account}/{event.folder}"
        if event.folder and where != self._where:
            self._end_bar()
            self._where = where
            self._folder_started = time.monotonic()
            self._folder_new = self._folder_changed = self._folder_fetched = 0
        if event.kind == "progress":
            self._folder_fetched = event.done
            if self.interactive:
                self._advance(where, event.done, event.total)
        elif event.kind == "stored":
            self._folder_new += len(event.ids)
            self.new += len(event.ids)
        elif event.kind == "changed":
            self._folder_changed += len(event.ids)
            self.changed += len(event.ids)
        elif event.kind == "reconnecting":
            self._line(
                f"{event.account}: connection lost ({event.detail}); "
                f"reconnecting in {event.delay:.1f} s"
            )
        elif event.kind == "folder_synced":
            self._end_bar()
            seconds = time.monotonic() - self._folder_started
            self._line(
                f"{where}: {self._folder_fetched} fetched, {self._folder_new} new, "
                f"{self._folder_changed} changed ({seconds:.1f} s)"
            )

    def _advance(self, where: str, done: int, total: int) -> None:
        if self._bar is None:
            assert self.console is not None
            self._bar = _bar(self.console)
            self._bar.start()
            self._task = self._bar.add_task(where, total=total)
        assert self._task is not None
        self._bar.update(self._task, completed=done, total=total, refresh=True)

    def _end_bar(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
            self._task = None

    def _line(self, text: str) -> None:
        if self.console is None:
            self.out.write(text + "\n")
            self.out.flush()
        else:  # through rich, so a live bar is redrawn below the line, not over it
            self.console.print(text, markup=False, emoji=False, soft_wrap=True, highlight=False)


@click.command("sync")
@click.option("--account", "account_name", default=None, help="Sync only this account.")
@pass_context
def sync_command(ctx: Context, account_name: str | None) -> None:
    """Bring every watched folder up to date, then exit.

    Mail is never marked read: folders are opened read-only and only headers and the first
    64 KB of each message's text are fetched, never attachments.
    """
    # imapclient is only needed here, so other commands do not pay for importing it.
    from triage.adapters.imap import sync_once
    from triage.adapters.verdicts import make_classifier

    settings = ctx.settings
    accounts = settings.accounts
    if not accounts:
        raise ConfigError(
            f"{settings.source or 'config'}: no [accounts.NAME] section (see `triage config "
            "example`)"
        )
    if account_name is not None:
        if account_name not in accounts:
            raise ConfigError(
                f"no account {account_name!r} (configured: {', '.join(sorted(accounts))})"
            )
        accounts = {account_name: accounts[account_name]}
    store = ctx.store()
    with SyncProgress(sys.stderr) as progress:
        for name, account in accounts.items():
            for event in sync_once(name, account, store, classify=make_classifier(settings)):
                progress.event(event)
    seconds = time.monotonic() - progress.started
    click.echo(f"synced: {progress.new} new, {progress.changed} changed in {seconds:.1f} s")


COMMANDS = [sync_command]
"""Commands this module adds to the CLI."""
