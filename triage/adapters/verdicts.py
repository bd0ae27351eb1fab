"""Verdicts in the store: classify stored messages, read verdicts, learn from corrections.

The public API the sync, import, TUI and stats code call:

- `make_classifier(settings)` -> a `Classifier` (`(store, ids) -> count`) that classifies new
  messages and writes their `verdicts` rows; sync and import pass it new ids per batch.
- `get_verdict(store, message_pk)` -> the stored `Verdict`, or None.
- `label(store, message_pk, category)` -> label id: the owner's correction. The verdict
  becomes `labelled` with the new category and the classifier learns (per sender, per
  domain and per signal weights in `classifier_weights`), so similar mail shifts.
- `undo_label(store, label_id)` -> the restored `Verdict`: puts the replaced verdict back and
  takes back exactly what the correction taught (as bogofilter -S/-N undo a registration).
- `last_label(store)` -> the latest correction still in force (`LabelRecord`), or None.
- `reclassify(store, settings, ids=None)` -> how many verdicts were rewritten (labelled
  verdicts are kept).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from triage.adapters.rows import VerdictValues, row_to_message, verdict_row, verdict_values
from triage.adapters.store import Store
from triage.core.categories import Category
from triage.core.message import Message
from triage.core.verdict import Reason, Verdict
from triage.errors import TriageError

if TYPE_CHECKING:
    from triage.config import Settings
    from triage.core.classify import ClassifyContext, Learned

# core.classify compiles its patterns on import; reading verdicts (the TUI's first screen)
# does not need it, so it is imported where a message is classified or a lesson learnt.

SENDER_STEP = 1.5
"""Weight one correction adds to the corrected category for that sender."""
DOMAIN_STEP = 0.6
"""Weight one correction adds for the sender's domain (not for shared mail providers)."""
SIGNAL_STEP = 0.3
"""Weight one correction moves each signal that fired from the wrong category to the right."""
WEIGHT_CAP = 6.0
"""No learned weight grows beyond this (either sign)."""

BATCH = 500
"""Messages read and classified per transaction."""


class LabelError(TriageError):
    """A correction names a message, category or label that does not exist."""

    title = "label error"


@dataclass(frozen=True, slots=True)
class LabelRecord:
    """One correction the owner made.

    Attributes:
        id: The `labels` row id (what `undo_label` takes).
        message_pk: The message corrected.
        category: The category the owner chose.
        previous: The category it had before.
        created_ts: When (seconds since the epoch).
    """

    id: int
    message_pk: int
    category: Category
    previous: Category
    created_ts: float


def owner_addresses(settings: Settings) -> list[str]:
    """The owner's addresses: `[owner] addresses`, else account user names that are addresses."""
    addresses = list(settings.owner.addresses)
    if not addresses:
        addresses = [a.username for a in settings.accounts.values() if "@" in a.username]
    return addresses


def load_context(store: Store, settings: Settings) -> ClassifyContext:
    """Everything the classifier knows from the store: contacts, Sent mail, corrections."""
    from triage.core.classify import ClassifyContext

    owner = owner_addresses(settings)
    keys = [a.strip().lower() for a in owner if a.strip()]
    written = [row[0] for row in store.db.execute("SELECT address FROM contacts")]
    marks = ", ".join("?" for _ in keys) or "''"
    sent = [
        row[0]
        for row in store.db.execute(
            "SELECT message_id FROM messages WHERE message_id != '' "
            f"AND (is_sent = 1 OR from_addr IN ({marks}))",
            keys,
        )
    ]
    return ClassifyContext.for_owner(
        owner,
        name=settings.owner.name,
        written_to=written,
        sent_ids=sent,
        learned=load_learned(store),
    )


def load_learned(store: Store) -> Learned:
    """The weights corrections have taught, as `core.classify.Learned`."""
    from triage.core.classify import Learned

    tables: dict[str, dict[str, dict[Category, float]]] = {
        "sender": {},
        "domain": {},
        "signal": {},
    }
    for kind, key, category, weight in store.db.execute(
        "SELECT kind, key, category, weight FROM classifier_weights WHERE weight != 0"
    ):
        if kind in tables and category in Category._value2member_map_:
            tables[kind].setdefault(key, {})[Category(category)] = float(weight)
    return Learned(senders=tables["sender"], domains=tables["domain"], signals=tables["signal"])


def make_classifier(settings: Settings) -> StoreClassifier:
    """A classifier for sync and import: `(store, new ids) -> how many verdicts were written`.

    The context (contacts, Sent Message-IDs, learned weights) is read from the store once
    per call, so each sync batch sees what earlier batches taught. Big syncs may instead
    read it once (`StoreClassifier.context`) and classify in their parse workers
    (`verdict_values`), writing the results with `write_verdicts`.
    """
    return StoreClassifier(settings)


class StoreClassifier:
    """A `Classifier` whose pure part can also run beside parsing, in worker processes."""

    def __init__(self, settings: Settings) -> None:
        """Classify for the owner `settings` names."""
        self.settings = settings

    def __call__(self, store: Store, ids: Sequence[int]) -> int:
        """Classify these stored messages with a fresh context; returns verdicts written."""
        return classify_ids(store, self.context(store), ids)

    def context(self, store: Store) -> ClassifyContext:
        """What the classifier knows from the store now (picklable: sent to workers once)."""
        return load_context(store, self.settings)


_UPSERT = """
    INSERT INTO verdicts (message_pk, category, confidence, reasons_json, model_version,
                          classified_ts, labelled, introducer_addr, introducer_name)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (message_pk) DO UPDATE SET
        category = excluded.category, confidence = excluded.confidence,
        reasons_json = excluded.reasons_json, model_version = excluded.model_version,
        classified_ts = excluded.classified_ts, labelled = excluded.labelled,
        introducer_addr = excluded.introducer_addr, introducer_name = excluded.introducer_name
"""


def write_verdicts(store: Store, rows: Sequence[tuple[int, VerdictValues]]) -> int:
    """Write (message_pk, values) verdict rows in one statement; returns how many."""
    if rows:
        store.db.conn.executemany(_UPSERT, [(pk, *values) for pk, values in rows])
    return len(rows)


def classify_ids(
    store: Store, context: ClassifyContext, ids: Iterable[int], *, keep_labelled: bool = True
) -> int:
    """Classify stored messages by id and write their verdicts; returns how many were written.

    Sent messages are skipped; with `keep_labelled`, verdicts the owner set are left alone.
    """
    pending = list(ids)
    written = 0
    for start in range(0, len(pending), BATCH):
        chunk = pending[start : start + BATCH]
        marks = ", ".join("?" for _ in chunk)
        rows = list(
            store.db.query(
                f"SELECT m.*, v.labelled AS v_labelled FROM messages m "
                f"LEFT JOIN verdicts v ON v.message_pk = m.id "
                f"WHERE m.id IN ({marks}) AND m.is_sent = 0",
                chunk,
            )
        )
        values = [
            (row["id"], verdict_values(row_to_message(row), context))
            for row in rows
            if not (keep_labelled and row["v_labelled"])
        ]
        with store.db.atomic():
            written += write_verdicts(store, values)
    return written


def _write(
    store: Store, message_pk: int, message: Message, verdict: Verdict, context: ClassifyContext
) -> None:
    write_verdicts(store, [(message_pk, verdict_row(message, verdict, context))])


def _verdict_row(store: Store, message_pk: int) -> dict[str, Any] | None:
    rows = list(store.db.query("SELECT * FROM verdicts WHERE message_pk = ?", [message_pk]))
    return rows[0] if rows else None


def _row_verdict(row: dict[str, Any]) -> Verdict:
    return Verdict(
        category=Category(row["category"]),
        confidence=float(row["confidence"]),
        reasons=tuple(Reason.from_json(r) for r in json.loads(row["reasons_json"] or "[]")),
        labelled=bool(row["labelled"]),
    )


def get_verdict(store: Store, message_pk: int) -> Verdict | None:
    """The stored verdict of a message, or None when it has not been classified."""
    row = _verdict_row(store, message_pk)
    return _row_verdict(row) if row else None


def _message(store: Store, message_pk: int) -> Message:
    stored = store.get(message_pk)
    if stored is None:
        raise LabelError(f"no message with id {message_pk}")
    return stored.message


def _context_for(store: Store) -> tuple[frozenset[str], frozenset[str]]:
    """Owner addresses and domains as far as the store knows them (Sent mail senders)."""
    owner = frozenset(
        row[0]
        for row in store.db.execute(
            "SELECT DISTINCT from_addr FROM messages WHERE is_sent = 1 AND from_addr != ''"
        )
    )
    return owner, frozenset(a.rpartition("@")[2] for a in owner)


def label(
    store: Store,
    message_pk: int,
    category: Category | str,
    *,
    settings: Settings | None = None,
) -> int:
    """Record the owner's correction of a message; returns the label id.

    The message's verdict becomes `labelled` with `category`, and the classifier learns:
    the sender and their organisation's domain lean towards `category`, and each signal that
    fired moves a little from the old category to the new one. Labelling a message with the
    category it already has still confirms it (the verdict becomes labelled).

    Args:
        store: The store.
        message_pk: The message's id.
        category: The right category.
        settings: For the owner's addresses (else those seen on Sent mail).

    Raises:
        LabelError: unknown message or category.
    """
    from triage.core.classify import ClassifyContext, classify

    try:
        chosen = Category(category)
    except ValueError:
        names = ", ".join(c.value for c in Category)
        raise LabelError(f"unknown category {category!r} (one of: {names})") from None
    message = _message(store, message_pk)
    row = _verdict_row(store, message_pk)
    current = _row_verdict(row) if row else None
    if current is None:
        current = classify(message, ClassifyContext())
    previous = current.category
    now = time.time()
    owner, owner_domains = _context_for(store)
    if settings is not None and owner_addresses(settings):
        context = ClassifyContext.for_owner(owner_addresses(settings))
        owner, owner_domains = context.owner, context.owner_domains
    with store.db.atomic():
        cursor = store.db.execute(
            "INSERT INTO labels (message_pk, category, previous, created_ts) VALUES (?, ?, ?, ?)",
            [message_pk, chosen.value, previous.value, now],
        )
        label_id = int(cursor.lastrowid or 0)
        store.db.execute(
            "INSERT INTO classifier_replaced (label_id, verdict_json) VALUES (?, ?)",
            [label_id, json.dumps(row)],
        )
        for kind, key, cat, delta in _lessons(message, current, chosen, owner_domains):
            _learn(store, label_id, kind, key, cat, delta)
        reasons = (
            Reason("owner_label", chosen, 0.0, f"you labelled this {chosen.value}"),
            *(r for r in current.reasons if r.signal != "owner_label"),
        )
        verdict = Verdict(chosen, 1.0, reasons, labelled=True)
        context = ClassifyContext.for_owner(owner)
        _write(store, message_pk, message, verdict, context)
    return label_id


def _lessons(
    message: Message, current: Verdict, chosen: Category, owner_domains: frozenset[str]
) -> list[tuple[str, str, Category, float]]:
    """What one correction teaches: (kind, key, category, delta) rows."""
    from triage.core.classify import FREEMAIL

    lessons: list[tuple[str, str, Category, float]] = []
    sender = message.sender
    if sender is not None and sender.key:
        lessons.append(("sender", sender.key, chosen, SENDER_STEP))
        domain = sender.domain
        if domain and domain not in FREEMAIL and domain not in owner_domains:
            lessons.append(("domain", domain, chosen, DOMAIN_STEP))
    if current.category is not chosen:
        fired = sorted({r.signal for r in current.reasons if not r.signal.startswith("learned")})
        for signal in fired:
            # The word model reads every message: a lesson on it would shift all mail.
            if signal in ("owner_label", "agreed_in_thread", "text_model"):
                continue
            lessons.append(("signal", signal, current.category, -SIGNAL_STEP))
            lessons.append(("signal", signal, chosen, SIGNAL_STEP))
    return lessons


def _learn(
    store: Store, label_id: int, kind: str, key: str, category: Category, delta: float
) -> None:
    row = store.db.execute(
        "SELECT weight FROM classifier_weights WHERE kind = ? AND key = ? AND category = ?",
        [kind, key, category.value],
    ).fetchone()
    old = float(row[0]) if row else 0.0
    new = max(-WEIGHT_CAP, min(WEIGHT_CAP, old + delta))
    applied = new - old
    store.db.execute(
        """
        INSERT INTO classifier_weights (kind, key, category, weight) VALUES (?, ?, ?, ?)
        ON CONFLICT (kind, key, category) DO UPDATE SET weight = excluded.weight
        """,
        [kind, key, category.value, new],
    )
    store.db.execute(
        "INSERT INTO classifier_label_effects (label_id, kind, key, category, delta) "
        "VALUES (?, ?, ?, ?, ?)",
        [label_id, kind, key, category.value, applied],
    )


def _label_row(store: Store, label_id: int) -> dict[str, Any]:
    rows = list(store.db.query("SELECT * FROM labels WHERE id = ?", [label_id]))
    if not rows:
        raise LabelError(f"no correction with id {label_id}")
    return rows[0]


def undo_label(store: Store, label_id: int) -> Verdict | None:
    """Undo a correction: restore the verdict it replaced and unlearn what it taught.

    Returns:
        The verdict now in force (None when the message had no verdict before).

    Raises:
        LabelError: no such correction, or it was already undone.
    """
    row = _label_row(store, label_id)
    if row["undone_ts"] is not None:
        raise LabelError(f"correction {label_id} was already undone")
    message_pk = int(row["message_pk"])
    with store.db.atomic():
        for kind, key, category, delta in store.db.execute(
            "SELECT kind, key, category, delta FROM classifier_label_effects WHERE label_id = ?",
            [label_id],
        ).fetchall():
            store.db.execute(
                "UPDATE classifier_weights SET weight = weight - ? "
                "WHERE kind = ? AND key = ? AND category = ?",
                [delta, kind, key, category],
            )
        store.db.execute(
            "DELETE FROM classifier_weights WHERE abs(weight) < 1e-9 AND kind IN "
            "('sender', 'domain', 'signal')"
        )
        store.db.execute("UPDATE labels SET undone_ts = ? WHERE id = ?", [time.time(), label_id])
        replaced = store.db.execute(
            "SELECT verdict_json FROM classifier_replaced WHERE label_id = ?", [label_id]
        ).fetchone()
        before = json.loads(replaced[0]) if replaced else None
        # A later correction of the same message still in force wins over this one's past.
        later = store.db.execute(
            "SELECT id FROM labels WHERE message_pk = ? AND id > ? AND undone_ts IS NULL",
            [message_pk, label_id],
        ).fetchone()
        if later is None:
            if before:
                columns = [c for c in before if c != "message_pk"]
                store.db.execute(
                    f"UPDATE verdicts SET {', '.join(f'{c} = ?' for c in columns)} "
                    "WHERE message_pk = ?",
                    [before[c] for c in columns] + [message_pk],
                )
            else:
                store.db.execute("DELETE FROM verdicts WHERE message_pk = ?", [message_pk])
    return get_verdict(store, message_pk)


def last_label(store: Store) -> LabelRecord | None:
    """The most recent correction that has not been undone, or None."""
    rows = list(
        store.db.query(
            "SELECT * FROM labels WHERE undone_ts IS NULL ORDER BY created_ts DESC, id DESC LIMIT 1"
        )
    )
    if not rows:
        return None
    row = rows[0]
    return LabelRecord(
        id=int(row["id"]),
        message_pk=int(row["message_pk"]),
        category=Category(row["category"]),
        previous=Category(row["previous"]),
        created_ts=float(row["created_ts"]),
    )


def reclassify(store: Store, settings: Settings, ids: Sequence[int] | None = None) -> int:
    """Classify again (after a correction or an upgrade); labelled verdicts are kept.

    Args:
        store: The store.
        settings: For the owner's addresses and name.
        ids: Message ids; None means every received message.

    Returns:
        How many verdicts were written.
    """
    if ids is None:
        ids = [row[0] for row in store.db.execute("SELECT id FROM messages WHERE is_sent = 0")]
    return classify_ids(store, load_context(store, settings), ids)
