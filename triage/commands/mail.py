"""Foundation commands: import, list, locate, config."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from triage.adapters.mailfiles import read_mail
from triage.adapters.store import StoredMessage
from triage.commands.common import Context
from triage.config import EXAMPLE, config_path
from triage.ingest import ImportReport, import_mail

pass_context = click.make_pass_decorator(Context)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_context
def import_command(ctx: Context, paths: tuple[Path, ...]) -> None:
    """Load a Maildir, an mbox file, or .eml files and folders into the store.

    Importing the same messages again adds nothing.
    """
    store = ctx.store()
    total = ImportReport()
    interactive = sys.stderr.isatty()

    def progress(report: ImportReport) -> None:
        if interactive:
            click.echo(f"\r  {report.read} read, {report.added} new", nl=False, err=True)

    for path in paths:
        report = import_mail(store, read_mail(path), on_progress=progress)
        total.read += report.read
        total.added += report.added
        total.duplicates += report.duplicates
        total.with_notes += report.with_notes
        if interactive:
            click.echo("", err=True)
    click.echo(
        f"imported {total.added} new message{'s' if total.added != 1 else ''} "
        f"({total.read} read, {total.duplicates} already stored, "
        f"{total.with_notes} with a parse note)"
    )


def _message_json(item: StoredMessage) -> dict[str, Any]:
    m = item.message
    return {
        "id": item.id,
        "message_id": m.message_id,
        "date": m.date.isoformat() if m.date else None,
        "from": str(m.sender) if m.sender else "",
        "from_addr": m.sender.key if m.sender else "",
        "to": [str(a) for a in m.to],
        "cc": [str(a) for a in m.cc],
        "subject": m.subject,
        "account": item.account,
        "folder": item.folder,
        "flags": list(item.flags),
        "snippet": m.snippet,
        "notes": list(m.notes),
    }


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--limit", type=int, default=None, help="At most this many, newest first.")
@pass_context
def list_command(ctx: Context, as_json: bool, limit: int | None) -> None:
    """Print the stored messages, newest first."""
    store = ctx.store()
    for item in store.messages(limit=limit):
        if as_json:
            click.echo(json.dumps(_message_json(item), ensure_ascii=False))
            continue
        m = item.message
        date = m.date.strftime("%Y-%m-%d %H:%M") if m.date else "????-??-?? ??:??"
        sender = m.sender.display if m.sender else "(no sender)"
        click.echo(f"{item.id:>6}  {date}  {sender[:28]:<28}  {m.subject or '(no subject)'}")


@click.command("locate")
@click.argument("what", type=click.Choice(["config", "data"]))
@pass_context
def locate_command(ctx: Context, what: str) -> None:
    """Print where the config file or the store lives."""
    if what == "config":
        click.echo(str(config_path(ctx.config_file)))
    else:
        click.echo(str(ctx.settings.store_path))


@click.group("config")
def config_group() -> None:
    """Inspect the configuration."""


@config_group.command("example")
def config_example() -> None:
    """Print a commented example config."""
    click.echo(EXAMPLE, nl=False)


@config_group.command("check")
@pass_context
def config_check(ctx: Context) -> None:
    """Validate the config file and say what it configures."""
    settings = ctx.settings
    source = settings.source or config_path(ctx.config_file)
    click.echo(f"{source}: ok, {len(settings.accounts)} account(s), store {settings.store_path}")


COMMANDS: list[click.Command] = [
    import_command,
    list_command,
    locate_command,
    config_group,
]
