"""Foundation commands: import, list, locate, config."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import tzinfo
from pathlib import Path
from typing import Any

import click
from dateutil import tz
from rich.cells import cell_len, set_cell_size

from triage.adapters.mailfiles import read_mail
from triage.adapters.store import Store, StoredMessage
from triage.commands.common import Context
from triage.config import EXAMPLE, config_path
from triage.core.categories import Category
from triage.errors import ImportError_
from triage.ingest import ImportReport, import_mail

pass_context = click.make_pass_decorator(Context)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_context
def import_command(ctx: Context, paths: tuple[Path, ...]) -> None:
    """Load a Maildir, an mbox file, or .eml files and folders into the store.

    Importing the same messages again adds nothing. A file inside a folder that cannot be
    read is named and skipped, the rest is stored, and the command then exits with 1.
    """
    from triage.adapters.verdicts import make_classifier

    store = ctx.store()
    total = ImportReport()
    interactive = sys.stderr.isatty()
    classify = make_classifier(ctx.settings)

    def progress(report: ImportReport) -> None:
        if interactive:
            click.echo(f"\r  {report.read} read, {report.added} new", nl=False, err=True)

    skipped: list[ImportError_] = []

    def unreadable(error: ImportError_) -> None:
        skipped.append(error)
        if interactive:
            click.echo("", err=True)
        click.echo(f"skipped: {error.message}", err=True)

    for path in paths:
        report = import_mail(
            store,
            read_mail(path, on_error=unreadable),
            on_progress=progress,
            classify=classify,
        )
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
    if skipped:
        many = len(skipped) != 1
        raise ImportError_(
            f"{len(skipped)} file{'s' if many else ''} could not be read and "
            f"{'were' if many else 'was'} skipped (listed above); the rest is stored"
        )


def _message_json(item: StoredMessage, category: str | None) -> dict[str, Any]:
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
        "category": category,
        "account": item.account,
        "folder": item.folder,
        "flags": list(item.flags),
        "snippet": m.snippet,
        "notes": list(m.notes),
    }


def _categories(store: Store) -> dict[int, str]:
    """The current category of every classified message, by store id."""
    return dict(store.db.execute("SELECT message_pk, category FROM verdicts").fetchall())


def _zone(name: str) -> tzinfo:
    """The owner's time zone (config `owner.timezone`), else this machine's."""
    return (tz.gettz(name.strip()) if name.strip() else None) or tz.tzlocal()


FROM_WIDTH = 26
"""Most terminal cells the sender column takes."""


def _fit(text: str, width: int) -> str:
    """`text` padded or cut (with an ellipsis) to exactly `width` terminal cells."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _label(category: str | None) -> str:
    if category is None:
        return "–"
    try:
        return Category(category).label
    except ValueError:
        return category


def format_lines(
    items: list[StoredMessage],
    categories: dict[int, str],
    width: int | None = None,
    zone: tzinfo | None = None,
) -> list[str]:
    """One aligned line per message: id, date, category (once any exist), sender, subject.

    Args:
        items: The messages, in the order to print them.
        categories: Category by store id; the column is left out when it is empty.
        width: The terminal's width; subjects are cut to fit it (None: never cut).
        zone: The time zone to show dates in, so newest-first reads in order (None: each
            sender's own).
    """
    if not items:
        return []
    id_width = max(len(str(item.id)) for item in items)
    senders = [item.message.sender.display if item.message.sender else "" for item in items]
    from_width = min(FROM_WIDTH, max(4, *(cell_len(s) for s in senders)))
    labels = [_label(categories.get(item.id)) for item in items] if categories else []
    label_width = max((cell_len(label) for label in labels), default=0)
    lines = []
    for index, item in enumerate(items):
        m = item.message
        when = m.date.astimezone(zone) if m.date and zone else m.date
        date = when.strftime("%Y-%m-%d %H:%M") if when else "????-??-?? ??:??"
        cells = [f"{item.id:>{id_width}}", date]
        if labels:
            cells.append(_fit(labels[index], label_width))
        cells.append(_fit(senders[index] or "(no sender)", from_width))
        line = "  ".join(cells) + "  "
        subject = m.subject or "(no subject)"
        if width is not None and cell_len(line) + cell_len(subject) > width:
            subject = _fit(subject, max(width - cell_len(line), 8))
        lines.append(line + subject)
    return lines


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--limit", type=int, default=None, help="At most this many, newest first.")
@pass_context
def list_command(ctx: Context, as_json: bool, limit: int | None) -> None:
    """Print the stored messages, newest first.

    Each line shows the id, the date (in the owner's time zone), the category once the
    message is classified, the sender and the subject. With --json, each line is an object
    with id, message_id, date (ISO 8601 with the sender's offset), from, to, cc, subject,
    category (null until classified), folder and more.
    """
    store = ctx.store()
    categories = _categories(store)
    if as_json:
        # Streamed: scripts may list a whole archive.
        for item in store.messages(limit=limit):
            record = _message_json(item, categories.get(item.id))
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    items = list(store.messages(limit=limit))
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    for line in format_lines(items, categories, width, _zone(ctx.settings.owner.timezone)):
        click.echo(line)


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
