"""The triage screen's queries: counts per view, a page of list rows, search, one message.

Everything here is read-only and sized for 100,000 messages: pages walk the
`messages_tui_order` index (no sort of the whole table), counts are one grouped scan and
search uses the `messages_fts` index. Callers run these in a worker thread that owns the
store (a sqlite3 connection belongs to its thread).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from triage.adapters.store import Store, StoredMessage
from triage.core.actions import Action
from triage.core.categories import Category
from triage.core.verdict import Reason, Verdict

ViewKind = Literal["triage", "category", "search"]

SORT_KEY = "coalesce(m.date_ts, m.received_ts)"
"""The list order (matches the `messages_tui_order` index expression)."""
_LIVE = "m.is_sent = 0 AND m.expunged = 0"
_HANDLED = "EXISTS (SELECT 1 FROM actions a WHERE a.message_pk = m.id AND a.undone_ts IS NULL)"
_ASKS = tuple(c.value for c in Category if c.is_ask)


@dataclass(frozen=True, slots=True)
class View:
    """What the list shows: the unhandled asks, one category, or search results.

    Attributes:
        kind: "triage" (unhandled asks, oldest first), "category" or "search" (newest first).
        category: The category shown when `kind` is "category".
        query: The search words when `kind` is "search".
    """

    kind: ViewKind = "triage"
    category: Category | None = None
    query: str = ""

    @classmethod
    def of(cls, category: Category) -> View:
        """The view of one category."""
        return cls("category", category)


TRIAGE = View("triage")
"""The "to triage" view: unhandled asks, oldest first."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the message list."""

    id: int
    sender: str
    """The sender's name, else their address."""
    from_addr: str
    subject: str
    ts: float | None
    """When it was sent (else received), seconds since the epoch."""
    category: Category | None
    """None until the classifier has seen it."""
    confidence: float
    labelled: bool
    action: Action | None
    """The live (not undone) action taken on it, if any."""


@dataclass(frozen=True, slots=True)
class Counts:
    """How many messages each view holds."""

    per_category: dict[Category, int] = field(default_factory=dict)
    to_triage: int = 0

    def of(self, view: View) -> int:
        """The count for a triage or category view (search counts come with the results)."""
        if view.kind == "triage":
            return self.to_triage
        if view.kind == "category" and view.category is not None:
            return self.per_category.get(view.category, 0)
        return 0


@dataclass(frozen=True, slots=True)
class Detail:
    """Everything the reading pane shows about one message."""

    stored: StoredMessage
    verdict: Verdict | None
    action: Action | None


_ROW_COLUMNS = f"""
    m.id, m.from_name, m.from_addr, m.subject, {SORT_KEY} AS ts,
    v.category, v.confidence, v.labelled,
    (SELECT a.action FROM actions a WHERE a.message_pk = m.id AND a.undone_ts IS NULL
     ORDER BY a.id DESC LIMIT 1) AS action
"""


def _row(values: Sequence[Any]) -> Row:
    pk, name, addr, subject, ts, category, confidence, labelled, action = values
    return Row(
        id=pk,
        sender=name or addr or "(no sender)",
        from_addr=addr,
        subject=subject,
        ts=ts,
        category=Category(category) if category else None,
        confidence=float(confidence or 0.0),
        labelled=bool(labelled),
        action=Action(action) if action else None,
    )


def _where(view: View) -> tuple[str, list[Any]]:
    if view.kind == "triage":
        marks = ", ".join("?" for _ in _ASKS)
        return f"{_LIVE} AND v.category IN ({marks}) AND NOT {_HANDLED}", list(_ASKS)
    if view.kind == "category" and view.category is not None:
        if view.category is Category.OTHER:
            return f"{_LIVE} AND (v.category IS NULL OR v.category = ?)", [view.category.value]
        return f"{_LIVE} AND v.category = ?", [view.category.value]
    raise ValueError(f"not a paged view: {view}")


def _order(view: View, *, reverse: bool = False) -> str:
    ascending = view.kind == "triage"
    if reverse:
        ascending = not ascending
    direction = "ASC" if ascending else "DESC"
    return f"{SORT_KEY} {direction}, m.id {direction}"


def counts(store: Store) -> Counts:
    """Messages per category and the number still to triage.

    Built from small pieces that each use an index (verdicts by category, the few sent or
    expunged messages, the live actions) rather than one pass joining every message.
    """
    per: dict[Category, int] = dict.fromkeys(Category, 0)

    def add(sql: str, sign: int) -> None:
        for category, n in store.db.execute(sql).fetchall():
            try:
                cat = Category(category)
            except ValueError:
                cat = Category.OTHER
            per[cat] += sign * int(n)

    add("SELECT category, count(*) FROM verdicts GROUP BY category", 1)
    # Verdicts on messages the list does not show (Sent, expunged).
    add(
        "SELECT v.category, count(*) FROM verdicts v WHERE v.message_pk IN ("
        "SELECT id FROM messages WHERE is_sent = 1 "
        "UNION ALL SELECT id FROM messages WHERE is_sent = 0 AND expunged = 1) "
        "GROUP BY v.category",
        -1,
    )
    live = int(store.db.execute(f"SELECT count(*) FROM messages m WHERE {_LIVE}").fetchone()[0])
    per[Category.OTHER] += live - sum(per.values())  # not classified yet: shown under Other
    marks = ", ".join("?" for _ in _ASKS)
    handled = store.db.execute(
        f"""
        SELECT count(DISTINCT a.message_pk)
        FROM actions a CROSS JOIN verdicts v ON v.message_pk = a.message_pk
        CROSS JOIN messages m ON m.id = a.message_pk
        WHERE a.undone_ts IS NULL AND v.category IN ({marks}) AND {_LIVE}
        """,
        list(_ASKS),
    ).fetchone()[0]
    to_triage = sum(per[c] for c in Category if c.is_ask) - int(handled)
    return Counts(per, to_triage)


def page(store: Store, view: View, offset: int, limit: int) -> list[Row]:
    """Rows `offset` .. `offset + limit` of a triage or category view, in list order."""
    where, params = _where(view)
    sql = f"""
        SELECT {_ROW_COLUMNS}
        FROM messages m LEFT JOIN verdicts v ON v.message_pk = m.id
        WHERE {where}
        ORDER BY {_order(view)}
        LIMIT ? OFFSET ?
    """
    return [_row(r) for r in store.db.execute(sql, [*params, limit, offset]).fetchall()]


def page_from_end(store: Store, view: View, total: int, offset: int, limit: int) -> list[Row]:
    """The same rows as `page`, read from the far end (cheap near the bottom of a long list).

    Args:
        store: The store.
        view: A triage or category view.
        total: The number of rows in the view.
        offset: The first wanted row, counted from the top.
        limit: How many rows.
    """
    end = min(total, offset + limit)
    if end <= offset:
        return []
    where, params = _where(view)
    sql = f"""
        SELECT {_ROW_COLUMNS}
        FROM messages m LEFT JOIN verdicts v ON v.message_pk = m.id
        WHERE {where}
        ORDER BY {_order(view, reverse=True)}
        LIMIT ? OFFSET ?
    """
    rows = store.db.execute(sql, [*params, end - offset, total - end]).fetchall()
    return [_row(r) for r in reversed(rows)]


def rows_by_id(store: Store, ids: Sequence[int]) -> list[Row]:
    """List rows for `ids`, in the order given (unknown ids are left out)."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    sql = f"""
        SELECT {_ROW_COLUMNS}
        FROM messages m LEFT JOIN verdicts v ON v.message_pk = m.id
        WHERE m.id IN ({marks})
    """
    found = {r[0]: _row(r) for r in store.db.execute(sql, list(ids)).fetchall()}
    return [found[i] for i in ids if i in found]


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """The words of `text` as an FTS5 query: every word must match, the last as a prefix.

    Returns "" when `text` has no words (nothing to search for).
    """
    words = _WORD.findall(text)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


SEARCH_LIMIT = 5000
"""At most this many search results (newest first): enough to scroll, quick to find."""


def search(store: Store, text: str, *, limit: int = SEARCH_LIMIT) -> list[int]:
    """Ids of the (newest `limit`) messages whose sender, subject or text contain every word.

    The last word matches as a prefix, so results appear while typing.
    """
    query = fts_query(text)
    if not query:
        return []
    # Matches first (the FTS index), then order them: joining the other way round makes
    # SQLite walk the whole list order and probe the index once per message.
    sql = f"""
        SELECT m.id FROM messages m
        WHERE m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) AND {_LIVE}
        ORDER BY {SORT_KEY} DESC, m.id DESC
        LIMIT ?
    """
    return [r[0] for r in store.db.execute(sql, [query, limit]).fetchall()]


def verdict_of(store: Store, message_pk: int) -> Verdict | None:
    """The stored verdict on a message, or None when it has not been classified."""
    row = store.db.execute(
        "SELECT category, confidence, reasons_json, labelled FROM verdicts WHERE message_pk = ?",
        [message_pk],
    ).fetchone()
    if row is None:
        return None
    category, confidence, reasons_json, labelled = row
    reasons = tuple(Reason.from_json(r) for r in json.loads(reasons_json or "[]"))
    return Verdict(Category(category), float(confidence), reasons, bool(labelled))


def live_action(store: Store, message_pk: int) -> Action | None:
    """The latest action on a message that was not undone."""
    row = store.db.execute(
        "SELECT action FROM actions WHERE message_pk = ? AND undone_ts IS NULL "
        "ORDER BY id DESC LIMIT 1",
        [message_pk],
    ).fetchone()
    return Action(row[0]) if row else None


def detail(store: Store, message_pk: int) -> Detail | None:
    """The message, its verdict and its live action; None when the id is unknown."""
    stored = store.get(message_pk)
    if stored is None:
        return None
    return Detail(stored, verdict_of(store, message_pk), live_action(store, message_pk))


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Which rows of a view the list wants, and what it already has next to them.

    The neighbours let a page be read by keyset (`after` the last row of the page above,
    or `before` the first row of the page below) instead of by OFFSET, which costs a walk
    over every skipped row.
    """

    view: View
    total: int
    offset: int
    limit: int
    after: Row | None = None
    before: Row | None = None
    ids: tuple[int, ...] = ()
    """For search results: the ids of this page (already known)."""


def _keyset(store: Store, view: View, row: Row, limit: int, *, forward: bool) -> list[Row]:
    where, params = _where(view)
    ascending = view.kind == "triage"
    # Forward in list order means "after" the row: greater when ascending, else smaller.
    greater = ascending == forward
    compare = ">" if greater else "<"
    sql = f"""
        SELECT {_ROW_COLUMNS}
        FROM messages m LEFT JOIN verdicts v ON v.message_pk = m.id
        WHERE {where} AND ({SORT_KEY}, m.id) {compare} (?, ?)
        ORDER BY {_order(view, reverse=not forward)}
        LIMIT ?
    """
    rows = [_row(r) for r in store.db.execute(sql, [*params, row.ts, row.id, limit]).fetchall()]
    return rows if forward else list(reversed(rows))


def fetch(store: Store, request: PageRequest) -> list[Row]:
    """The rows of `request`, read the cheapest way (ids, keyset, or OFFSET from the nearer end)."""
    view = request.view
    if view.kind == "search":
        return rows_by_id(store, request.ids)
    if request.after is not None and request.after.ts is not None:
        return _keyset(store, view, request.after, request.limit, forward=True)
    if request.before is not None and request.before.ts is not None:
        return _keyset(store, view, request.before, request.limit, forward=False)
    if request.offset > request.total // 2:
        return page_from_end(store, view, request.total, request.offset, request.limit)
    return page(store, view, request.offset, request.limit)
