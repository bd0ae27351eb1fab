"""The bundled demo inbox: Sam Okafor's mail, built into a fresh local store on demand.

The messages in `messages/` (the inbox) and `sent/` (Sam's replies that the inbox threads
answer) were written by hand for the demo; they are not the labelled corpus. Each inbox file
name carries the category the message was written to be, for example
`07-blind_intro-owner_cc.eml`, so tests can hold the classifier to them.

Dates: the messages were written for the four weeks up to Friday 20 November 2026. When the
demo is built, every message's Date header (inbox and sent alike) is moved by the same
amount so that the newest inbox message arrived `NEWEST_AGE` before `now`. Each keeps its
own UTC offset and the gaps between messages stay as written, so threads stay in order and
the weekly stats have several weeks to count; weekday words inside the bodies ("see you
Friday") are not rewritten.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from importlib import resources
from pathlib import Path

from triage.adapters.mailfiles import RawMail
from triage.adapters.store import LOCAL_ACCOUNT, Location, Store
from triage.adapters.syncstate import add_contacts
from triage.adapters.verdicts import make_classifier
from triage.config import OwnerConfig, RepliesConfig, Settings, SmtpConfig, StoreConfig
from triage.config import data_dir as default_data_dir
from triage.core.actions import Action
from triage.core.categories import Category
from triage.core.parse import parse_message
from triage.ingest import ImportReport, import_mail

DEMO_OWNER = OwnerConfig(
    name="Sam Okafor",
    addresses=["sam@okafor-studio.example", "sam.okafor@mailbox.example"],
    timezone="Europe/London",
)
"""Whose inbox the demo is: a furniture and lighting designer with a studio in Leeds."""

DEMO_FOLDER = "INBOX"
"""The folder the demo messages are filed under."""

SENT_FOLDER = "Sent"
"""The folder the owner's own demo mail is filed under."""

NEWEST_AGE = timedelta(minutes=12)
"""How long before `now` the newest demo message arrives."""

STORE_NAME = "triage.db"
"""The demo store's file name inside the demo folder."""

OUTBOX_NAME = "outbox"
"""The folder inside the demo folder that demo replies are written to as .eml files."""

_DATE_LINE = re.compile(
    rb"^Date:[ \t]*(?P<value>[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)", re.IGNORECASE | re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class DemoMessage:
    """One bundled message: its file name, the category it was written as, and its bytes."""

    name: str
    category: Category
    data: bytes


def _files(folder: str) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the .eml files in a folder of the package, in name order."""
    root = resources.files(__name__).joinpath(folder)
    entries = sorted((e for e in root.iterdir() if e.name.endswith(".eml")), key=lambda e: e.name)
    return [(entry.name, entry.read_bytes()) for entry in entries]


def demo_messages() -> list[DemoMessage]:
    """The bundled inbox in file-name order, with the category each file name gives.

    Raises:
        ValueError: a file name does not follow `NN-category-slug.eml`.
    """
    return [DemoMessage(name, category_of(name), data) for name, data in _files("messages")]


def demo_sent() -> list[tuple[str, bytes]]:
    """The owner's own sent mail the inbox threads answer, as (file name, bytes).

    It is stored in the Sent folder (`is_sent`), so the classifier knows whom Sam has
    written to and which messages are replies to Sam.
    """
    return _files("sent")


def category_of(name: str) -> Category:
    """The category a demo file name says its message is (`07-blind_intro-cc.eml`).

    Raises:
        ValueError: the name has no known category as its second dash-separated part.
    """
    parts = name.split("-")
    if len(parts) < 3:
        raise ValueError(f"demo message {name!r}: expected NN-category-slug.eml")
    return Category(parts[1])


def message_date(raw: bytes) -> datetime | None:
    """The Date header of a message's top-level header block, or None when absent or bad."""
    found = _DATE_LINE.search(_header_block(raw))
    if found is None:
        return None
    try:
        return parsedate_to_datetime(" ".join(found["value"].decode("ascii").split()))
    except (TypeError, ValueError, UnicodeDecodeError):
        return None


def shift_date(raw: bytes, delta: timedelta) -> bytes:
    """`raw` with its top-level Date header moved by `delta`, keeping its UTC offset.

    Only the header block is touched, so a forwarded message's own Date stays as written;
    a message without a readable Date is returned unchanged.
    """
    head = _header_block(raw)
    found = _DATE_LINE.search(head)
    when = message_date(raw)
    if found is None or when is None:
        return raw
    moved = format_datetime(when + delta).encode("ascii")
    return raw[: found.start("value")] + moved + raw[found.end("value") :]


def _header_block(raw: bytes) -> bytes:
    ends = [i for i in (raw.find(b"\n\n"), raw.find(b"\r\n\r\n")) if i >= 0]
    return raw[: min(ends)] if ends else raw


def date_shift(messages: list[DemoMessage], now: datetime) -> timedelta:
    """How far to move every date so the newest message arrived `NEWEST_AGE` before `now`."""
    dates = [d for d in (message_date(m.data) for m in messages) if d is not None]
    return (now - NEWEST_AGE) - max(dates) if dates else timedelta(0)


def dated_mail(messages: list[DemoMessage], delta: timedelta) -> Iterator[RawMail]:
    """The demo messages as `RawMail` in the demo folder, each Date moved by `delta`."""
    for message in messages:
        yield RawMail(shift_date(message.data, delta), f"demo:{message.name}", DEMO_FOLDER)


def demo_settings(folder: Path) -> Settings:
    """Settings for the demo built in `folder`: the demo owner, its store and outbox."""
    return Settings(
        owner=DEMO_OWNER,
        store=StoreConfig(path=str(folder / STORE_NAME)),
        replies=RepliesConfig(
            local_transport=SmtpConfig(transport="folder", folder=str(folder / OUTBOX_NAME))
        ),
    )


def prepare_demo(
    data_dir: Path | None = None,
    *,
    now: datetime | None = None,
    on_progress: Callable[[ImportReport], None] | None = None,
) -> Settings:
    """Build a fresh demo store and return the settings that open it.

    Every call starts again: the previous demo store (and its WAL files) and the demo
    outbox are deleted; then the owner's sent mail is stored in Sent (which also fills
    `contacts`), and the inbox is imported into `<data_dir>/demo/triage.db` and classified
    with `make_classifier`, so every inbox message has a verdict; the two asks Sam's sent
    mail already answered are recorded as accepted at the time of the reply. Nothing outside
    `<data_dir>/demo/` is touched, so the user's own store is never at risk.

    Args:
        data_dir: The data folder to build the demo in (the demo goes in its `demo/`
            sub-folder); defaults to triage's data folder (`TRIAGE_DATA_DIR` overrides).
        now: The moment the demo is built for (aware; naive means local time); the newest
            message arrives just before it. Defaults to the current time.
        on_progress: Called after each stored batch, as by `import_mail`.

    Returns:
        Settings whose owner is the demo owner (Sam Okafor), whose store is the demo store
        and whose replies to the (local) demo messages are written as .eml files to
        `<data_dir>/demo/outbox/`.

    Raises:
        StoreError: the demo store cannot be created.
    """
    folder = (data_dir if data_dir is not None else default_data_dir()) / "demo"
    when = datetime.now(UTC) if now is None else now
    if when.tzinfo is None:
        when = when.astimezone()
    _clear(folder)
    settings = demo_settings(folder)
    inbox = demo_messages()
    delta = date_shift(inbox, when)
    store = Store.open(settings.store_path)
    try:
        # Sent mail first: classifying the inbox reads whom the owner has written to
        # (contacts) and which messages are the owner's (replies to them are threads).
        with store.db.atomic():
            for _, raw in demo_sent():
                moved = shift_date(raw, delta)
                sent = parse_message(moved)
                where = Location(LOCAL_ACCOUNT, SENT_FOLDER)
                if store.add_message(sent, where, raw=moved, is_sent=True) is not None:
                    add_contacts(store, sent)
        import_mail(
            store,
            dated_mail(inbox, delta),
            account=LOCAL_ACCOUNT,
            on_progress=on_progress,
            classify=make_classifier(settings),
        )
        _record_answers(store, inbox)
    finally:
        store.close()
    return settings


def _record_answers(store: Store, inbox: list[DemoMessage]) -> None:
    """Record as accepted the asks Sam already answered (a sent reply to them), when sent.

    So the demo has a little history: two asks are done, the rest wait to be triaged, and
    the weekly stats have answered as well as ignored introductions.
    """
    asks = {parse_message(m.data).message_id for m in inbox if m.category is not Category.OTHER}
    with store.db.atomic():
        for row in store.db.execute(
            "SELECT s.date_ts, m.id, m.message_id FROM messages s "
            "JOIN messages m ON m.message_id = s.in_reply_to AND m.is_sent = 0 "
            "WHERE s.is_sent = 1 AND s.in_reply_to != '' ORDER BY s.date_ts"
        ).fetchall():
            sent_ts, message_pk, message_id = row
            if message_id in asks:
                store.db.execute(
                    "INSERT INTO actions (message_pk, action, template, created_ts) "
                    "VALUES (?, ?, '', ?)",
                    [message_pk, Action.ACCEPT.value, sent_ts],
                )


def _clear(folder: Path) -> None:
    """Remove what an earlier demo left in `folder` (only the files the demo makes)."""
    for name in (STORE_NAME, f"{STORE_NAME}-wal", f"{STORE_NAME}-shm", f"{STORE_NAME}-journal"):
        (folder / name).unlink(missing_ok=True)
    outbox = folder / OUTBOX_NAME
    if outbox.is_dir() and not outbox.is_symlink():
        shutil.rmtree(outbox)
    elif outbox.is_symlink():
        outbox.unlink()
