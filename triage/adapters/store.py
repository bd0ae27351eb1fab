"""The local SQLite store: messages and sync state, through sqlite-utils.

One `Store` per thread: a sqlite3 connection belongs to the thread that opened it, so
workers open their own with `Store.open(path)`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sqlite_utils import Database

from triage.adapters.migrations import migrations
from triage.core.message import Address, Attachment, Message
from triage.errors import StoreError

LOCAL_ACCOUNT = "local"
"""The account name of messages imported from files."""


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A message as kept in the store, with where it came from."""

    id: int
    account: str
    folder: str
    uid: int | None
    flags: tuple[str, ...]
    message: Message


@dataclass(frozen=True, slots=True)
class Location:
    """Where a message lives: an IMAP folder and UID, or a local import (uid None)."""

    account: str
    folder: str
    uidvalidity: int = 0
    uid: int | None = None


class Store:
    """Messages and sync state in one SQLite file (or in memory for tests)."""

    def __init__(self, db: Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 5000")
        migrations.apply(db)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed, mode 0600) the store at `path`, migrated and in WAL mode.

        Raises:
            StoreError: the file or its folder cannot be created or is not a triage store.
        """
        path = path.expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Create the file ourselves so it is never world-readable, even for a moment.
            fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
            os.close(fd)
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
            conn = sqlite3.connect(path, timeout=10, check_same_thread=True)
            db = Database(conn)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            return cls(db, path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a usable triage store ({exc})") from exc
        except OSError as exc:
            raise StoreError(f"{path}: cannot open ({exc.strerror or exc})") from exc

    @classmethod
    def memory(cls) -> Store:
        """A throw-away store in memory (tests and dry runs)."""
        return cls(Database(memory=True))

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    # --- writing ---------------------------------------------------------------------------

    def add_message(
        self,
        message: Message,
        where: Location,
        *,
        flags: Iterable[str] = (),
        raw: bytes | None = None,
        is_sent: bool = False,
        modseq: int | None = None,
    ) -> int | None:
        """Store one message; returns its id, or None when it was already there.

        A message is "already there" when its (account, folder, uidvalidity, uid) is known
        or, for local imports, when a message with the same fingerprint (Message-ID, else
        the SHA-256 of `raw`) was imported before, from whatever file.
        """
        row = message_row(message, where, flags=flags, raw=raw, is_sent=is_sent, modseq=modseq)
        cursor = self.db.execute(
            f"INSERT OR IGNORE INTO messages ({', '.join(row)}) "
            f"VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def add_imap_rows(self, values: Sequence[Sequence[Any]]) -> dict[int, int]:
        """Store many `message_row` rows of IMAP messages (values in `MESSAGE_COLUMNS` order).

        Call inside a transaction. Rows whose (account, folder, uidvalidity, uid) is already
        stored are skipped. Returns UID -> new store id for the rows really added.
        """
        if not values:
            return {}
        first = values[0]
        account, folder, uidvalidity = (first[_COLUMN[c]] for c in _IMAP_KEY)
        before = self.db.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
        self.db.conn.executemany(_INSERT_ROW, values)
        # New rows take ids above the largest so far (INTEGER PRIMARY KEY, no AUTOINCREMENT).
        added = self.db.execute(
            "SELECT uid, id FROM messages WHERE id > ? AND account = ? AND folder = ? "
            "AND uidvalidity = ?",
            [before, account, folder, uidvalidity],
        )
        return {uid: pk for uid, pk in added}

    def add_messages(
        self, items: Iterable[tuple[Message, Location, bytes | None]]
    ) -> tuple[list[int], int]:
        """Store many messages in one transaction; returns (new ids, duplicates skipped)."""
        new: list[int] = []
        skipped = 0
        with self.db.atomic():
            for message, where, raw in items:
                found = self.add_message(message, where, raw=raw)
                if found is None:
                    skipped += 1
                else:
                    new.append(found)
        return new, skipped

    # --- reading ---------------------------------------------------------------------------

    def count(self, *, include_sent: bool = False) -> int:
        """How many messages are stored (not counting the Sent folder unless asked)."""
        where = "expunged = 0" + ("" if include_sent else " AND is_sent = 0")
        row = self.db.execute(f"SELECT count(*) FROM messages WHERE {where}").fetchone()
        return int(row[0])

    def messages(
        self, *, include_sent: bool = False, limit: int | None = None, offset: int = 0
    ) -> Iterator[StoredMessage]:
        """Stored messages, newest first."""
        where = "expunged = 0" + ("" if include_sent else " AND is_sent = 0")
        sql = f"SELECT * FROM messages WHERE {where} ORDER BY {ORDER_NEWEST}"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [limit, offset]
        for row in self.db.query(sql, params):
            yield stored_message(row)

    def get(self, message_pk: int) -> StoredMessage | None:
        """One message by its store id."""
        rows = list(self.db.query("SELECT * FROM messages WHERE id = ?", [message_pk]))
        return stored_message(rows[0]) if rows else None

    def get_many(self, ids: Sequence[int]) -> list[StoredMessage]:
        """Messages by id, in the order of `ids` (unknown ids are left out)."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        found = {
            row["id"]: stored_message(row)
            for row in self.db.query(f"SELECT * FROM messages WHERE id IN ({marks})", list(ids))
        }
        return [found[i] for i in ids if i in found]


ORDER_NEWEST = "coalesce(date_ts, received_ts) DESC, id DESC"
"""SQL ORDER BY for newest first, messages without a date placed by when they arrived."""


def fingerprint(message: Message, raw: bytes | None) -> str:
    """The de-duplication key: the Message-ID, else a hash of the bytes or of the headers."""
    if message.message_id:
        return message.message_id
    if raw is not None:
        return "sha256:" + hashlib.sha256(raw).hexdigest()
    basis = "\n".join(
        [message.subject, str(message.date), *(a.key for a in message.from_), message.text[:4096]]
    )
    return "sha256:" + hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()


def _addresses_json(addresses: tuple[Address, ...]) -> str:
    return json.dumps([a.as_pair() for a in addresses], ensure_ascii=False)


def message_row(
    message: Message,
    where: Location,
    *,
    flags: Iterable[str] = (),
    raw: bytes | None = None,
    is_sent: bool = False,
    modseq: int | None = None,
) -> dict[str, Any]:
    """The `messages` row for `message` stored at `where`."""
    sender = message.sender
    return {
        "account": where.account,
        "folder": where.folder,
        "uidvalidity": where.uidvalidity,
        "uid": where.uid,
        "fingerprint": fingerprint(message, raw),
        "message_id": message.message_id,
        "date": message.date.isoformat() if message.date else None,
        "date_ts": message.date.timestamp() if message.date else None,
        "received_ts": time.time(),
        "from_name": sender.name if sender else "",
        "from_addr": sender.key if sender else "",
        "from_json": _addresses_json(message.from_),
        "to_json": _addresses_json(message.to),
        "cc_json": _addresses_json(message.cc),
        "bcc_json": _addresses_json(message.bcc),
        "reply_to_json": _addresses_json(message.reply_to),
        "subject": message.subject,
        "in_reply_to": message.in_reply_to,
        "references_json": json.dumps(list(message.references)),
        "list_id": message.list_id,
        "list_unsubscribe": message.list_unsubscribe,
        "headers_json": json.dumps(dict(message.headers), ensure_ascii=False),
        "body_text": message.text,
        "body_format": message.body_format,
        "snippet": message.snippet,
        "flags": " ".join(flags),
        "modseq": modseq,
        "size": message.size,
        "has_attachments": int(message.has_attachments),
        "attachments_json": json.dumps(
            [[a.filename, a.content_type, a.size] for a in message.attachments],
            ensure_ascii=False,
        ),
        "notes": "\n".join(message.notes),
        "is_sent": int(is_sent),
    }


MESSAGE_COLUMNS: tuple[str, ...] = tuple(message_row(Message(), Location("", "", 0, 0)).keys())
"""The columns `message_row` fills, in its order (rows travel as tuples from parse workers)."""
_COLUMN = {name: index for index, name in enumerate(MESSAGE_COLUMNS)}
_IMAP_KEY = ("account", "folder", "uidvalidity")
_INSERT_ROW = (
    f"INSERT OR IGNORE INTO messages ({', '.join(MESSAGE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in MESSAGE_COLUMNS)})"
)


def _addresses(text: str) -> tuple[Address, ...]:
    return tuple(Address(name, email) for name, email in json.loads(text))


def row_to_message(row: dict[str, Any]) -> Message:
    """Rebuild the core `Message` from a `messages` row."""
    return Message(
        message_id=row["message_id"],
        subject=row["subject"],
        date=datetime.fromisoformat(row["date"]) if row["date"] else None,
        from_=_addresses(row["from_json"]),
        to=_addresses(row["to_json"]),
        cc=_addresses(row["cc_json"]),
        bcc=_addresses(row["bcc_json"]),
        reply_to=_addresses(row["reply_to_json"]),
        in_reply_to=row["in_reply_to"],
        references=tuple(json.loads(row["references_json"])),
        list_id=row["list_id"],
        list_unsubscribe=row["list_unsubscribe"],
        headers=MappingProxyType(json.loads(row["headers_json"])),
        text=row["body_text"],
        body_format=row["body_format"],
        attachments=tuple(Attachment(*a) for a in json.loads(row["attachments_json"])),
        size=row["size"],
        notes=tuple(n for n in row["notes"].split("\n") if n),
    )


def stored_message(row: dict[str, Any]) -> StoredMessage:
    """A `StoredMessage` from a `messages` row."""
    return StoredMessage(
        id=row["id"],
        account=row["account"],
        folder=row["folder"],
        uid=row["uid"],
        flags=tuple(row["flags"].split()),
        message=row_to_message(row),
    )


def utc_now() -> datetime:
    """The current time, aware, in UTC (one place to read the clock)."""
    return datetime.now(UTC)
