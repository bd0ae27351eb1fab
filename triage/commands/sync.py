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
    from triage.adapters.imap import Classifier

pass_context = click.make_pass_decorator(Context)


class _Progress:
    """A one-line bar (done/total, rate) on a terminal; plain lines otherwise."""

    def __init__(self, out: TextIO, interactive: bool) -> None:
        self.out = out
        self.interactive = interactive
        self.started = time.monotonic()
        self.folder_started = self.started
        self.new = 0
        self.changed = 0
        self.folder_new = 0
        self.folder_changed = 0
        self.folder_fetched = 0
        self.current = ""

    def event(self, event: SyncEvent) -> None:
        where = f"{event.account}/{event.folder}"
        if where != self.current and event.folder:
            self.current = where
            self.folder_started = time.monotonic()
            self.folder_new = self.folder_changed = self.folder_fetched = 0
        if event.kind == "progress":
            self.folder_fetched = event.done
        if event.kind == "progress" and self.interactive:
            elapsed = max(time.monotonic() - self.folder_started, 1e-6)
            width = 30
            filled = int(width * event.done / max(event.total, 1))
            bar = "#" * filled + "-" * (width - filled)
            self.out.write(
                f"\r{where} [{bar}] {event.done}/{event.total} {event.done / elapsed:,.0f} msg/s "
            )
            self.out.flush()
        elif event.kind == "stored":
            self.folder_new += len(event.ids)
            self.new += len(event.ids)
        elif event.kind == "changed":
            self.folder_changed += len(event.ids)
            self.changed += len(event.ids)
        elif event.kind == "reconnecting":
            self._end_bar()
            self.out.write(
                f"{event.account}: connection lost ({event.detail}); "
                f"reconnecting in {event.delay:.1f} s\n"
            )
        elif event.kind == "folder_synced":
            self._end_bar()
            seconds = time.monotonic() - self.folder_started
            self.out.write(
                f"{where}: {self.folder_fetched} fetched, {self.folder_new} new, "
                f"{self.folder_changed} changed ({seconds:.1f} s)\n"
            )
        self.out.flush()

    def _end_bar(self) -> None:
        if self.interactive:
            self.out.write("\r\x1b[K")


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
    progress = _Progress(sys.stderr, sys.stderr.isatty())
    for name, account in accounts.items():
        for event in sync_once(name, account, store, classify=_classifier()):
            progress.event(event)
    seconds = time.monotonic() - progress.started
    click.echo(f"synced: {progress.new} new, {progress.changed} changed in {seconds:.1f} s")


def _classifier() -> Classifier | None:
    """The classifier to run on new messages (wired in once triage.adapters.verdicts exists)."""
    return None


COMMANDS = [sync_command]
"""Commands this module adds to the CLI."""
