"""The local SQLite store: messages and sync state, through sqlite-utils.

One `Store` per thread: a sqlite3 connection belongs to the thread that opened it, so
workers open their own with `Store.open(path)`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from triage.adapters.migrations import migrations
from triage.adapters.rows import MESSAGE_COLUMNS, message_row, row_to_message
from triage.adapters.rows import Location as Location  # re-exported: callers name it here
from triage.core.message import Message
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

        The rows go in as one multi-row INSERT (as few as the bound-parameter limit allows),
        not one statement each: FTS5 writes out what it has indexed at every statement's
        savepoint, so the `messages_fts` trigger would otherwise write one segment per
        message (about twice the CPU of indexing the batch in one go).
        """
        if not values:
            return {}
        first = values[0]
        account, folder, uidvalidity = (first[_COLUMN[c]] for c in _IMAP_KEY)
        before = self.db.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
        conn = self.db.conn
        width = len(MESSAGE_COLUMNS)
        per = max(1, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width)
        for start in range(0, len(values), per):
            chunk = values[start : start + per]
            conn.execute(
                f"{_INSERT_ROWS} {', '.join([_ROW_MARKS] * len(chunk))}",
                [value for row in chunk for value in row],
            )
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


_COLUMN = {name: index for index, name in enumerate(MESSAGE_COLUMNS)}
_IMAP_KEY = ("account", "folder", "uidvalidity")
_INSERT_ROWS = f"INSERT OR IGNORE INTO messages ({', '.join(MESSAGE_COLUMNS)}) VALUES"
_ROW_MARKS = f"({', '.join('?' for _ in MESSAGE_COLUMNS)})"


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
