"""The outbox: replies waiting, leaving and gone, and the runner that sends them exactly once.

States: queued -> sending -> sent (or failed, or cancelled by an undo while still queued).

Never twice, never lost:

- A reply is taken for sending by one atomic `UPDATE … WHERE status = 'queued'`; an undo is
  the same update to 'cancelled'. Whichever commits first wins, so an undone reply never
  leaves and a reply that has started leaving cannot be undone.
- While sending, the transport reports its stage and each stage is committed before the
  next step: 'connecting' (nothing sent), 'data' (SMTP: the body is streaming but the final
  dot is not sent, so a server drops it if the connection dies), 'committed' (the final
  dot, the sendmail command's stdin, the IMAP APPEND has gone: it may have arrived).
- A row found in 'sending' whose process is dead (kill -9, power cut) or whose lease ran
  out is an interrupted send. Before 'committed' it is queued again: nothing can have
  arrived. At 'committed' the transport is asked by Message-ID (the Sent folder over IMAP,
  the Drafts folder, the .eml file): found means sent; known absent means queued again
  (for SMTP that is only when the server files sent mail itself, `save_sent = false`, and
  only once SENT_GRACE has passed since the send); unknowable (SMTP where triage files the
  Sent copy itself) means 'failed' with an "uncertain" error, never a silent second copy;
  `triage outbox retry ID` sends it anyway. If the check cannot be made now (IMAP down), the
  row stays interrupted and is checked again later.
- Transient failures (server down, timeout, 4xx) keep the reply queued with its error and a
  back-off; permanent ones (5xx, refused login, untrusted certificate) mark it failed.
- After a send, the follow-ups (copy to Sent, \\Answered on the original, move) run as
  their own retried step, each idempotent (the Sent copy is looked up by Message-ID first).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.adapters.store import Store
from triage.adapters.transport import (
    IMAP_ERRORS,
    Outgoing,
    PermanentSendError,
    Route,
    TransientSendError,
    UncertainSendError,
    route_for,
)
from triage.config import Settings
from triage.core.sync import backoff
from triage.errors import SendError

MAX_ATTEMPTS = 8
"""Sends tried before a reply is marked failed."""
MAX_POST_ATTEMPTS = 6
"""Follow-up runs (Sent copy, \\Answered, move) tried before they are marked failed."""
LEASE = 15 * 60.0
"""Seconds after which a 'sending' row of a live process counts as interrupted anyway."""
RETRY_BASE = 5.0
"""First retry delay in seconds (doubling, capped at RETRY_CAP)."""
RETRY_CAP = 30 * 60.0
SENT_GRACE = 120.0
"""Seconds after an interrupted send before "not in the server's Sent folder" is believed."""
UNCERTAIN = "uncertain: "
"""Prefix of `last_error` for a reply that may have arrived (never resent by itself)."""


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    """What the runner did with one reply.

    kind: "sending", "sent", "retry" (will try again at `retry_at`), "failed", "uncertain",
    "recovered" (an interrupted send put back in the queue), "filed" (Sent copy, \\Answered,
    move done), "file_retry", "file_failed"; "moving" for an ignore that only moves the
    original (then "filed").
    """

    kind: str
    outbox_id: int
    action_id: int | None
    message_id: str
    detail: str = ""
    retry_at: float | None = None


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One outbox row as the CLI and the TUI show it."""

    id: int
    action_id: int | None
    message_pk: int | None
    account: str
    transport: str
    message_id: str
    recipients: tuple[str, ...]
    subject: str
    status: str
    stage: str
    attempts: int
    not_before_ts: float
    last_error: str
    created_ts: float
    sent_ts: float | None
    post_status: str
    post_error: str
    kind: str = "reply"
    """"reply", or "move" (an ignore that moves the original, nothing sent)."""
    move_to: str = ""

    @property
    def uncertain(self) -> bool:
        """True when the reply may have arrived though it is not marked sent."""
        return self.status == "failed" and self.last_error.startswith(UNCERTAIN)


@contextlib.contextmanager
def immediate(store: Store) -> Iterator[None]:
    """A write transaction that takes the write lock at once (BEGIN IMMEDIATE).

    Reads inside it see the latest data and cannot go stale before the writes, so a
    check-then-write (is it still queued? then cancel it) never fails with "database is
    locked" halfway; a second writer waits (busy_timeout) instead. Nested use joins the
    transaction already open.
    """
    conn = store.db.conn
    if conn.in_transaction:
        with store.db.atomic():
            yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # an error may have ended it already
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def item_from_row(row: dict[str, Any]) -> OutboxItem:
    """An `OutboxItem` from an outbox row (plus `subject` when joined)."""
    return OutboxItem(
        id=row["id"],
        action_id=row["action_id"],
        message_pk=row["message_pk"],
        account=row["account"],
        transport=row["transport"],
        message_id=row["message_id"],
        recipients=tuple(json.loads(row["recipients_json"])),
        subject=row.get("subject", ""),
        status=row["status"],
        stage=row["stage"],
        attempts=row["attempts"],
        not_before_ts=row["not_before_ts"],
        last_error=row["last_error"],
        created_ts=row["created_ts"],
        sent_ts=row["sent_ts"],
        post_status=row["post_status"],
        post_error=row["post_error"],
        kind=row.get("kind", "reply"),
        move_to=row.get("move_to", ""),
    )


def list_items(store: Store, *, include_done: bool = True, limit: int = 200) -> list[OutboxItem]:
    """Outbox rows, newest first (without sent and cancelled ones unless asked)."""
    where = "" if include_done else "WHERE o.status IN ('queued', 'sending', 'failed')"
    rows = store.db.query(
        "SELECT o.*, coalesce(m.subject, '') AS subject FROM outbox o "
        f"LEFT JOIN messages m ON m.id = o.message_pk {where} ORDER BY o.id DESC LIMIT ?",
        [limit],
    )
    return [item_from_row(r) for r in rows]


def get_item(store: Store, outbox_id: int) -> OutboxItem | None:
    """One outbox row by id."""
    rows = list(
        store.db.query(
            "SELECT o.*, coalesce(m.subject, '') AS subject FROM outbox o "
            "LEFT JOIN messages m ON m.id = o.message_pk WHERE o.id = ?",
            [outbox_id],
        )
    )
    return item_from_row(rows[0]) if rows else None


def cancel(store: Store, outbox_id: int, *, now: float) -> bool:
    """Cancel a reply that has not left (queued, or failed for certain); True when done."""
    with immediate(store):
        cursor = store.db.execute(
            "UPDATE outbox SET status = 'cancelled', last_error = ? WHERE id = ? AND "
            "(status = 'queued' OR (status = 'failed' AND last_error NOT LIKE ?))",
            [f"cancelled at {now:.0f}", outbox_id, UNCERTAIN + "%"],
        )
        return cursor.rowcount == 1


def retry(store: Store, outbox_id: int, *, now: float) -> bool:
    """Queue a failed reply again (an uncertain one too: the owner decided), or, for a sent
    reply whose filing failed, run the filing again; True when done."""
    with immediate(store):
        cursor = store.db.execute(
            "UPDATE outbox SET status = 'queued', stage = '', attempts = 0, not_before_ts = ? "
            "WHERE id = ? AND status = 'failed'",
            [now, outbox_id],
        )
        if cursor.rowcount == 1:
            return True
        cursor = store.db.execute(
            "UPDATE outbox SET post_status = 'pending', post_attempts = 0, "
            "post_not_before_ts = ? WHERE id = ? AND status = 'sent' AND post_status = 'failed'",
            [now, outbox_id],
        )
        return cursor.rowcount == 1


def due_at(store: Store) -> float | None:
    """When the next queued reply or follow-up is due (None: nothing waiting)."""
    row = store.db.execute(
        "SELECT min(t) FROM (SELECT min(not_before_ts) AS t FROM outbox WHERE status = 'queued' "
        "UNION ALL SELECT min(post_not_before_ts) FROM outbox WHERE post_status = 'pending')"
    ).fetchone()
    return float(row[0]) if row and row[0] is not None else None


class OutboxRunner:
    """Sends due replies and runs their follow-ups; resumes whatever a restart left.

    Use `run_due()` for one pass (the CLI), or `run(stop, on_event)` in a worker thread
    (the TUI). The store is opened in the thread that first uses the runner; keep to it.
    """

    def __init__(
        self,
        store_path: Path,
        settings: Settings,
        *,
        now: Callable[[], float] = time.time,
        routes: Callable[[str], Route] | None = None,
        max_attempts: int = MAX_ATTEMPTS,
        lease: float = LEASE,
    ) -> None:
        self.store_path = store_path
        self.settings = settings
        self.now = now
        self.routes = routes or (lambda account: route_for(account, settings))
        self.max_attempts = max_attempts
        self.lease = lease
        self._store: Store | None = None
        self._wake = threading.Event()
        self._pid = os.getpid()

    @property
    def store(self) -> Store:
        """The runner's own store connection (opened on first use, in that thread)."""
        if self._store is None:
            self._store = Store.open(self.store_path)
        return self._store

    def close(self) -> None:
        """Close the store connection."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def wake(self) -> None:
        """Make a waiting `run()` look at the queue now (thread-safe)."""
        self._wake.set()

    # --- one pass --------------------------------------------------------------------------

    def run_due(self, *, ignore_window: bool = False) -> list[OutboxEvent]:
        """Recover interrupted sends, send what is due, then run due follow-ups.

        Args:
            ignore_window: Also send replies still inside their undo window (`triage
                outbox send --now`).
        """
        events = self.recover()
        now = self.now()
        horizon = float("inf") if ignore_window else now
        ids = [
            row[0]
            for row in self.store.db.execute(
                "SELECT id FROM outbox WHERE status = 'queued' AND not_before_ts <= ? "
                "ORDER BY not_before_ts, id",
                [horizon],
            ).fetchall()
        ]
        for outbox_id in ids:
            events.extend(self._send_one(outbox_id, horizon))
        events.extend(self.run_follow_ups())
        return events

    def run(
        self,
        stop: threading.Event,
        on_event: Callable[[OutboxEvent], object],
        *,
        poll: float = 2.0,
    ) -> None:
        """Send replies as they fall due until `stop` is set (for a worker thread)."""
        try:
            while not stop.is_set():
                try:
                    for event in self.run_due():
                        on_event(event)
                except SendError as exc:  # a broken route must not end the worker
                    on_event(OutboxEvent("failed", 0, None, "", exc.message))
                except sqlite3.OperationalError as exc:  # store busy or locked: next round
                    on_event(OutboxEvent("retry", 0, None, "", f"store busy ({exc})"))
                next_due = due_at(self.store)
                wait = poll if next_due is None else max(0.0, min(poll, next_due - self.now()))
                self._wake.wait(wait)
                self._wake.clear()
        finally:
            self.close()

    # --- recovery --------------------------------------------------------------------------

    def recover(self) -> list[OutboxEvent]:
        """Resolve sends interrupted by a crash or kill (see the module docstring)."""
        events: list[OutboxEvent] = []
        rows = list(self.store.db.query("SELECT * FROM outbox WHERE status = 'sending'"))
        now = self.now()
        for row in rows:
            claimant = row["claimed_pid"]
            ours = claimant == self._pid
            expired = (row["claimed_ts"] or 0) + self.lease < now
            if (ours or _pid_alive(claimant)) and not expired:
                continue  # another live runner is sending it
            if row["not_before_ts"] > now:
                continue  # could not be checked recently: wait for the back-off
            events.append(self._resolve_interrupted(row))
        return events

    def _resolve_interrupted(self, row: dict[str, Any]) -> OutboxEvent:
        item = _outgoing(row)
        if row["stage"] != "committed":
            self._update(item.id, "sending", status="queued", stage="", not_before_ts=self.now())
            return OutboxEvent(
                "recovered",
                item.id,
                row["action_id"],
                item.message_id,
                "interrupted before it was committed: queued again",
            )
        try:
            route = self.routes(item.account)
            found = route.transport.delivered(item)
        except TransientSendError as exc:
            # Cannot look now: stay interrupted, look again after a back-off.
            retry_at = self.now() + RETRY_BASE * 2
            self._update(item.id, "sending", not_before_ts=retry_at, last_error=exc.message)
            return OutboxEvent(
                "recovered", item.id, row["action_id"], item.message_id,
                f"interrupted; {exc.message}: will look again", retry_at,
            )  # fmt: skip
        except SendError:
            found = None
        if found is True:
            self._mark_sent(item.id, route, "found by Message-ID after an interrupted send")
            return OutboxEvent("sent", item.id, row["action_id"], item.message_id, "found")
        if found is False and self.now() < (row["claimed_ts"] or 0) + SENT_GRACE:
            # A server that files sent mail may take a moment: look again before resending.
            retry_at = (row["claimed_ts"] or 0) + SENT_GRACE
            self._update(item.id, "sending", not_before_ts=retry_at)
            return OutboxEvent(
                "recovered", item.id, row["action_id"], item.message_id,
                "interrupted; not in Sent yet: will look again", retry_at,
            )  # fmt: skip
        if found is False:
            self._update(item.id, "sending", status="queued", stage="", not_before_ts=self.now())
            return OutboxEvent(
                "recovered", item.id, row["action_id"], item.message_id,
                "interrupted; not found by Message-ID: queued again",
            )  # fmt: skip
        message = (
            f"{UNCERTAIN}interrupted after the message was handed over; it may have arrived. "
            f"Check your Sent folder; `triage outbox retry {item.id}` sends it again"
        )
        self._update(item.id, "sending", status="failed", stage="", last_error=message)
        return OutboxEvent("uncertain", item.id, row["action_id"], item.message_id, message)

    # --- sending ---------------------------------------------------------------------------

    def _send_one(self, outbox_id: int, horizon: float) -> list[OutboxEvent]:
        now = self.now()
        with self.store.db.atomic():
            claimed = self.store.db.execute(
                "UPDATE outbox SET status = 'sending', stage = '', attempts = attempts + 1, "
                "claimed_pid = ?, claimed_ts = ? "
                "WHERE id = ? AND status = 'queued' AND not_before_ts <= ?",
                [self._pid, now, outbox_id, horizon],
            ).rowcount
        if claimed != 1:
            return []  # undone or taken by another runner meanwhile
        row = next(iter(self.store.db.query("SELECT * FROM outbox WHERE id = ?", [outbox_id])))
        item = _outgoing(row)
        action_id = row["action_id"]
        events = [OutboxEvent("sending", item.id, action_id, item.message_id)]

        def stage(name: str) -> None:
            with self.store.db.atomic():
                self.store.db.execute(
                    "UPDATE outbox SET stage = ? WHERE id = ? AND status = 'sending'",
                    [name, item.id],
                )

        try:
            route = self.routes(item.account)
            if row["kind"] == "move":
                # Nothing to send: the move runs as the follow-up, right after this.
                self._mark_sent(item.id, route, "", kind="move")
                return [OutboxEvent("moving", item.id, action_id, "", row["move_to"])]
            self.store.db.execute(
                "UPDATE outbox SET transport = ? WHERE id = ?", [route.transport.kind, item.id]
            )
            note = route.transport.send(item, stage)
        except UncertainSendError as exc:
            message = f"{UNCERTAIN}{exc.message}; `triage outbox retry {item.id}` sends it again"
            self._update(item.id, "sending", status="failed", stage="", last_error=message)
            return [*events, OutboxEvent("uncertain", item.id, action_id, item.message_id, message)]
        except PermanentSendError as exc:
            self._update(item.id, "sending", status="failed", stage="", last_error=exc.message)
            return [
                *events,
                OutboxEvent("failed", item.id, action_id, item.message_id, exc.message),
            ]
        except Exception as raised:  # SendError (transient or not), or anything unexpected
            if isinstance(raised, SendError):
                error = raised
            elif self._stage_of(item.id) == "committed":
                # A bug or an unexpected error after the hand-over: it may have arrived.
                message = f"{UNCERTAIN}{raised.__class__.__name__}: {raised}"[:300]
                self._update(item.id, "sending", status="failed", stage="", last_error=message)
                return [
                    *events,
                    OutboxEvent("uncertain", item.id, action_id, item.message_id, message),
                ]
            else:
                error = TransientSendError(f"{raised.__class__.__name__}: {raised}"[:300])
            attempts = int(row["attempts"])
            if attempts >= self.max_attempts:
                message = f"gave up after {attempts} attempts: {error.message}"
                self._update(item.id, "sending", status="failed", stage="", last_error=message)
                return [
                    *events,
                    OutboxEvent("failed", item.id, action_id, item.message_id, message),
                ]
            retry_at = self.now() + backoff(attempts - 1, base=RETRY_BASE, cap=RETRY_CAP)
            self._update(
                item.id,
                "sending",
                status="queued",
                stage="",
                last_error=error.message,
                not_before_ts=retry_at,
            )
            return [
                *events,
                OutboxEvent("retry", item.id, action_id, item.message_id, error.message, retry_at),
            ]
        self._mark_sent(item.id, route, note)
        return [*events, OutboxEvent("sent", item.id, action_id, item.message_id, note)]

    def _stage_of(self, outbox_id: int) -> str:
        row = self.store.db.execute("SELECT stage FROM outbox WHERE id = ?", [outbox_id]).fetchone()
        return str(row[0]) if row else ""

    def _mark_sent(self, outbox_id: int, route: Route, note: str, *, kind: str = "") -> None:
        follow_up = route.transport.sends or kind == "move"
        self._update(
            outbox_id,
            "sending",
            status="sent",
            stage="",
            sent_ts=self.now(),
            last_error=note,
            transport=kind or route.transport.kind,
            post_status="pending" if follow_up else "",
            post_not_before_ts=self.now(),
        )

    def _update(self, outbox_id: int, expect: str, **values: Any) -> None:
        names = ", ".join(f"{k} = ?" for k in values)
        with self.store.db.atomic():
            self.store.db.execute(
                f"UPDATE outbox SET {names} WHERE id = ? AND status = ?",
                [*values.values(), outbox_id, expect],
            )

    # --- follow-ups ------------------------------------------------------------------------

    def run_follow_ups(self) -> list[OutboxEvent]:
        """Copy to Sent, flag the original \\Answered, move it: for every due sent reply."""
        rows = list(
            self.store.db.query(
                "SELECT o.*, m.account AS m_account, m.folder AS m_folder, "
                "m.uidvalidity AS m_uidvalidity, m.uid AS m_uid, m.flags AS m_flags "
                "FROM outbox o LEFT JOIN messages m ON m.id = o.message_pk "
                "WHERE o.status = 'sent' AND o.post_status = 'pending' "
                "AND o.post_not_before_ts <= ? ORDER BY o.id",
                [self.now()],
            )
        )
        return [self._follow_up(row) for row in rows]

    def _follow_up(self, row: dict[str, Any]) -> OutboxEvent:
        item = _outgoing(row)
        action_id = row["action_id"]
        try:
            route = self.routes(item.account)
        except SendError as exc:
            return self._follow_up_failed(row, item, exc.message)
        try:
            done = self._file(route, row, item)
        except SendError as exc:
            return self._follow_up_failed(row, item, exc.message)
        except IMAP_ERRORS as exc:
            return self._follow_up_failed(row, item, f"{exc.__class__.__name__}: {exc}"[:200])
        finally:
            if route.mailbox is not None:
                route.mailbox.close()
        self._post(item.id, "done", "", int(row["post_attempts"]), 0.0)
        return OutboxEvent("filed", item.id, action_id, item.message_id, "; ".join(done))

    def _follow_up_failed(self, row: dict[str, Any], item: Outgoing, detail: str) -> OutboxEvent:
        attempts = int(row["post_attempts"]) + 1
        status = "failed" if attempts >= MAX_POST_ATTEMPTS else "pending"
        retry_at = self.now() + backoff(attempts - 1, base=RETRY_BASE, cap=RETRY_CAP)
        self._post(item.id, status, detail, attempts, retry_at)
        kind = "file_failed" if status == "failed" else "file_retry"
        return OutboxEvent(kind, item.id, row["action_id"], item.message_id, detail, retry_at)

    def _file(self, route: Route, row: dict[str, Any], item: Outgoing) -> list[str]:
        done: list[str] = []
        mailbox = route.mailbox
        uid = row["m_uid"]
        same_account = row["m_account"] == item.account
        if row["kind"] == "move":
            target = row["move_to"]
            if (
                mailbox is not None
                and uid is not None
                and same_account
                and target
                and mailbox.move(row["m_folder"], row["m_uidvalidity"], uid, target)
            ):
                done.append(f"original moved to {target}")
            return done
        if mailbox is not None and route.save_sent:
            folder = mailbox.special_folder("sent")
            if not mailbox.has_message(folder, item.message_id):
                mailbox.append(folder, item.raw, [b"\\Seen"])
                done.append(f"copied to {folder}")
            else:
                done.append(f"already in {folder}")
        if mailbox is not None and uid is not None and same_account:
            if mailbox.flag_answered(row["m_folder"], row["m_uidvalidity"], uid):
                done.append("original flagged \\Answered")
            target = row["move_to"]
            moved = target and target != row["m_folder"]
            if moved and mailbox.move(row["m_folder"], row["m_uidvalidity"], uid, target):
                done.append(f"original moved to {target}")
        if row["message_pk"] is not None and row["m_flags"] is not None:
            flags = row["m_flags"].split()
            if "\\Answered" not in flags:
                with self.store.db.atomic():
                    self.store.db.execute(
                        "UPDATE messages SET flags = ? WHERE id = ?",
                        [" ".join([*flags, "\\Answered"]), row["message_pk"]],
                    )
        return done

    def _post(self, outbox_id: int, status: str, error: str, attempts: int, at: float) -> None:
        with self.store.db.atomic():
            self.store.db.execute(
                "UPDATE outbox SET post_status = ?, post_error = ?, post_attempts = ?, "
                "post_not_before_ts = ? WHERE id = ?",
                [status, error, attempts, at, outbox_id],
            )


def _outgoing(row: dict[str, Any]) -> Outgoing:
    return Outgoing(
        id=row["id"],
        account=row["account"],
        message_id=row["message_id"],
        raw=bytes(row["raw"]),
        envelope_from=row["envelope_from"],
        recipients=tuple(json.loads(row["recipients_json"])),
    )
