"""Bringing mail into the store: parse, store, de-duplicate (used by import, demo and sync)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from triage.adapters.mailfiles import RawMail
from triage.adapters.store import LOCAL_ACCOUNT, Location, Store
from triage.core.parse import parse_message

if TYPE_CHECKING:
    from triage.adapters.imap import Classifier

BATCH = 200
"""Messages stored per transaction."""


@dataclass
class ImportReport:
    """What an import did."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    with_notes: int = 0
    """Messages stored with a parse note (broken charset, malformed header, …)."""
    new_ids: list[int] = field(default_factory=list)


def import_mail(
    store: Store,
    mails: Iterable[RawMail],
    *,
    account: str = LOCAL_ACCOUNT,
    on_progress: Callable[[ImportReport], None] | None = None,
    classify: Classifier | None = None,
) -> ImportReport:
    """Parse and store `mails`; messages already imported (same Message-ID or bytes) are skipped.

    Each batch is one transaction, so an interrupted import keeps what it stored and a
    second run adds only the rest. When `mails` raises part-way (an unreadable file), the
    messages read before it are stored first and the error is raised again. `classify`,
    when given, is called with the new ids after each batch is stored.
    """
    report = ImportReport()
    batch: list[RawMail] = []

    def flush() -> None:
        items = []
        for mail in batch:
            message = parse_message(mail.data)
            if message.notes:
                report.with_notes += 1
            items.append((message, Location(account, mail.folder), mail.data))
        new, skipped = store.add_messages(items)
        if classify is not None and new:
            classify(store, new)
        report.added += len(new)
        report.duplicates += skipped
        report.new_ids.extend(new)
        batch.clear()
        if on_progress is not None:
            on_progress(report)

    try:
        for mail in mails:
            report.read += 1
            batch.append(mail)
            if len(batch) >= BATCH:
                flush()
    finally:
        # Also when reading the source fails part-way: keep what was read before it.
        if batch:
            flush()
    return report
