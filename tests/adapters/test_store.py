"""The SQLite store: file mode, WAL, migrations applied once, de-duplication, round trips."""

from __future__ import annotations

import stat
from pathlib import Path

from triage.adapters.migrations import migrations
from triage.adapters.store import Location, Store
from triage.core.parse import parse_message

FIXTURES = Path(__file__).parent.parent / "fixtures" / "mime"


def test_store_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "triage.db"
    store = Store.open(path)
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        mode = store.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
    finally:
        store.close()


def test_loose_permissions_are_tightened(tmp_path: Path) -> None:
    path = tmp_path / "triage.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    Store.open(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "triage.db"
    first = Store.open(path)
    applied = [m.name for m in migrations.applied(first.db)]
    first.close()
    second = Store.open(path)
    try:
        again = [m.name for m in migrations.applied(second.db)]
        assert again == applied
        assert applied[:2] == ["0001_messages", "0002_triage_state"]
        assert len(set(applied)) == len(applied)
        assert migrations.pending(second.db) == []
        tables = set(second.db.table_names())
        assert {"messages", "folders", "verdicts", "labels", "actions", "outbox"} <= tables
    finally:
        second.close()


def test_message_round_trip(store: Store) -> None:
    raw = (FIXTURES / "forwarded_with_attachment.eml").read_bytes()
    message = parse_message(raw)
    new_id = store.add_message(message, Location("local", "import"), raw=raw)
    assert new_id is not None
    stored = store.get(new_id)
    assert stored is not None
    assert stored.message == message
    assert stored.folder == "import"


def test_imported_duplicates_are_skipped_by_message_id_or_bytes(store: Store) -> None:
    with_id = (FIXTURES / "encoded_headers.eml").read_bytes()
    without_id = (FIXTURES / "missing_boundary.eml").read_bytes().replace(b"Message-ID", b"X-Id")
    items = [
        (parse_message(raw), Location("local", folder), raw)
        for raw in (with_id, without_id)
        for folder in ("a", "b")
    ]
    new, skipped = store.add_messages(items)
    assert len(new) == 2
    assert skipped == 2
    assert store.count() == 2


def test_imap_messages_are_keyed_by_folder_uidvalidity_and_uid(store: Store) -> None:
    raw = (FIXTURES / "encoded_headers.eml").read_bytes()
    message = parse_message(raw)
    assert store.add_message(message, Location("work", "INBOX", 7, 1)) is not None
    assert store.add_message(message, Location("work", "INBOX", 7, 1)) is None
    # The same message in another folder, or after a UIDVALIDITY change, is another row.
    assert store.add_message(message, Location("work", "Archive", 3, 1)) is not None
    assert store.add_message(message, Location("work", "INBOX", 8, 1)) is not None


def test_newest_first_with_undated_messages_by_arrival(store: Store) -> None:
    for name in ("encoded_headers.eml", "alternative_broken_base64.eml", "html_only.eml"):
        raw = (FIXTURES / name).read_bytes()
        store.add_message(parse_message(raw), Location("local", "x"), raw=raw)
    subjects = [m.message.subject for m in store.messages()]
    # The undated message arrived just now, so it sorts first.
    assert subjects == ["alternative with bad base64", "This week", "Café ☕"]


def test_imap_rows_in_several_statements_skip_stored_ones_and_are_searchable(
    store: Store,
) -> None:
    # add_imap_rows sends each batch as multi-row INSERTs, as many as the bound-parameter
    # limit needs; rows already stored are skipped and every new one reaches the FTS index.
    import sqlite3

    from triage.adapters.inbox import search
    from triage.adapters.rows import MESSAGE_COLUMNS, message_row
    from triage.core.message import Address, Message

    store.db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 3 * len(MESSAGE_COLUMNS))

    def rows(uids: range) -> list[tuple[object, ...]]:
        return [
            tuple(
                message_row(
                    Message(
                        message_id=f"<m{uid}@example.org>",
                        subject=f"subject{uid}",
                        from_=(Address("Ann", "ann@example.org"),),
                        text=f"hello word{uid}",
                    ),
                    Location("work", "INBOX", 7, uid),
                ).values()
            )
            for uid in uids
        ]

    with store.db.atomic():
        first = store.add_imap_rows(rows(range(1, 8)))
    assert sorted(first) == list(range(1, 8))
    with store.db.atomic():
        again = store.add_imap_rows(rows(range(5, 12)))
    assert sorted(again) == list(range(8, 12))
    assert store.count() == 11
    assert len(search(store, "hello")) == 11
    assert search(store, "word9") == [again[9]]
    assert search(store, "subject3") == [first[3]]
