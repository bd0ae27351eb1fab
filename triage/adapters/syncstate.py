"""Sync state in the store: folder rows, UID maps, flags, expunges, UIDVALIDITY re-mapping."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping

from triage.adapters.store import Store
from triage.core.message import Message
from triage.core.sync import FolderState


def folder_state(store: Store, account: str, folder: str) -> FolderState:
    """The stored state of a folder (empty when never synced)."""
    row = store.db.execute(
        "SELECT uidvalidity, highest_uid, highestmodseq FROM folders "
        "WHERE account = ? AND folder = ?",
        [account, folder],
    ).fetchone()
    if row is None:
        return FolderState()
    return FolderState(uidvalidity=row[0], highest_uid=row[1] or 0, highestmodseq=row[2])


def save_folder(
    store: Store,
    account: str,
    folder: str,
    *,
    role: str,
    uidvalidity: int,
    highest_uid: int,
    uidnext: int | None = None,
    highestmodseq: int | None = None,
    keep_modseq: bool = True,
) -> None:
    """Record a folder's sync state (call inside the batch's transaction)."""
    store.db.execute(
        """
        INSERT INTO folders (account, folder, role, uidvalidity, uidnext, highest_uid,
                             highestmodseq, last_sync)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account, folder) DO UPDATE SET
            role = excluded.role,
            uidvalidity = excluded.uidvalidity,
            uidnext = coalesce(excluded.uidnext, folders.uidnext),
            highest_uid = excluded.highest_uid,
            highestmodseq = CASE WHEN ? THEN folders.highestmodseq
                                 ELSE excluded.highestmodseq END,
            last_sync = excluded.last_sync
        """,
        [
            account,
            folder,
            role,
            uidvalidity,
            uidnext,
            highest_uid,
            highestmodseq,
            time.time(),
            int(keep_modseq),
        ],
    )


def stored_uids(store: Store, account: str, folder: str, uidvalidity: int) -> dict[int, int]:
    """UID → store id of the messages of a folder not marked expunged."""
    rows = store.db.execute(
        "SELECT uid, id FROM messages WHERE account = ? AND folder = ? AND uidvalidity = ? "
        "AND uid IS NOT NULL AND expunged = 0",
        [account, folder, uidvalidity],
    )
    return {uid: pk for uid, pk in rows}


def unclassified(store: Store, account: str, model_version: str) -> dict[str, list[int]]:
    """Folder -> ids of the account's received messages the classifier should (re)do.

    Those with no verdict yet, and those whose verdict an older classifier (another
    `model_version`) made, unless the owner labelled them: an upgrade's better judgement
    reaches mail already stored, and a correction is never overwritten.
    """
    rows = store.db.execute(
        "SELECT m.folder, m.id FROM messages m LEFT JOIN verdicts v ON v.message_pk = m.id "
        "WHERE m.account = ? AND m.is_sent = 0 AND m.expunged = 0 AND (v.message_pk IS NULL "
        "OR (v.labelled = 0 AND v.model_version != ?)) ORDER BY m.id",
        [account, model_version],
    )
    found: dict[str, list[int]] = defaultdict(list)
    for folder, pk in rows:
        found[folder].append(pk)
    return dict(found)


def mark_expunged(store: Store, ids: Iterable[int]) -> list[int]:
    """Mark messages gone from the server (their verdicts and actions stay)."""
    done = list(ids)
    store.db.conn.executemany("UPDATE messages SET expunged = 1 WHERE id = ?", [(i,) for i in done])
    return done


def update_flags(
    store: Store,
    account: str,
    folder: str,
    uidvalidity: int,
    changes: Mapping[int, tuple[str, int | None]],
) -> list[int]:
    """Store new flags (and modseq) by UID; returns the ids whose flags really changed."""
    known = stored_uids(store, account, folder, uidvalidity)
    changed: list[int] = []
    for uid, (flags, modseq) in changes.items():
        pk = known.get(uid)
        if pk is None:
            continue
        cursor = store.db.execute(
            "UPDATE messages SET flags = ?, modseq = coalesce(?, modseq) "
            "WHERE id = ? AND flags != ?",
            [flags, modseq, pk, flags],
        )
        if cursor.rowcount:
            changed.append(pk)
    return changed


def remap_uidvalidity(
    store: Store,
    account: str,
    folder: str,
    uidvalidity: int,
    by_message_id: Mapping[str, list[int]],
) -> tuple[set[int], list[int]]:
    """Move a folder's rows from an old UIDVALIDITY to the new one, matched by Message-ID.

    Rows keep their id (so verdicts, labels and actions stay attached); rows with no match
    on the server are marked expunged. Returns (new UIDs now known, ids marked expunged).
    """
    rows = store.db.execute(
        "SELECT id, message_id FROM messages WHERE account = ? AND folder = ? "
        "AND uidvalidity != ? AND uid IS NOT NULL AND expunged = 0 ORDER BY uid",
        [account, folder, uidvalidity],
    ).fetchall()
    taken = set(stored_uids(store, account, folder, uidvalidity))
    free: dict[str, list[int]] = defaultdict(list)
    for message_id, uids in by_message_id.items():
        free[message_id] = [u for u in sorted(uids) if u not in taken]
    mapped: set[int] = set()
    gone: list[int] = []
    for pk, message_id in rows:
        candidates = free.get(message_id) if message_id else None
        if candidates:
            uid = candidates.pop(0)
            store.db.execute(
                "UPDATE messages SET uidvalidity = ?, uid = ? WHERE id = ?",
                [uidvalidity, uid, pk],
            )
            mapped.add(uid)
        else:
            gone.append(pk)
    mark_expunged(store, gone)
    return mapped, gone


def add_contacts(store: Store, message: Message) -> None:
    """Count the recipients of a message the owner sent (call once per new Sent message)."""
    when = message.date.timestamp() if message.date else None
    seen: set[str] = set()
    for address in message.recipients:
        key = address.key
        if not key or key in seen:
            continue
        seen.add(key)
        store.db.execute(
            """
            INSERT INTO contacts (address, name, written_count, last_written_ts)
            VALUES (?, ?, 1, ?)
            ON CONFLICT (address) DO UPDATE SET
                name = CASE WHEN excluded.name != '' THEN excluded.name ELSE contacts.name END,
                written_count = contacts.written_count + 1,
                last_written_ts = max(coalesce(contacts.last_written_ts, 0),
                                      coalesce(excluded.last_written_ts, 0))
            """,
            [key, address.name, when],
        )
