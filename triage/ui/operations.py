"""What the screen's keys do to the store, run in the store's thread (no Textual here)."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from triage.adapters.store import Store
from triage.config import Settings
from triage.core.actions import Action
from triage.core.categories import Category

if TYPE_CHECKING:
    from triage.actions import ActionService, Draft

UndoKind = Literal["action", "label"]


@dataclass(frozen=True, slots=True)
class Undoable:
    """One thing `u` can take back: an action (reply or ignore) or a re-label."""

    kind: UndoKind
    id: int
    """The action id or the label id."""
    message_pk: int
    summary: str
    """What happened, e.g. "Declined “Intro: Sam <> Jordan”"."""
    leaves_at: float | None = None
    """When the reply leaves (after that, undo is too late)."""


@dataclass(frozen=True, slots=True)
class Preview:
    """A composed reply as the preview shows it."""

    headers: list[tuple[str, str]]
    body: str
    notes: tuple[str, ...]
    template: str


def preview_of(draft: Draft) -> Preview:
    """The headers a person checks (Bcc included) and the text, decoded."""
    headers = [("From", str(draft.from_))]
    headers.append(("To", ", ".join(str(a) for a in draft.to)))
    if draft.cc:
        headers.append(("Cc", ", ".join(str(a) for a in draft.cc)))
    if draft.bcc:
        headers.append(("Bcc", ", ".join(str(a) for a in draft.bcc)))
    headers.append(("Subject", draft.subject))
    return Preview(headers, draft.body, draft.notes, draft.template)


class Operations:
    """Drafting, acting, re-labelling and undoing, for one settings and clock.

    Every method takes the calling thread's `Store` first (they run in a `StoreThread`).
    """

    def __init__(self, settings: Settings, now: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.now = now
        self._services: dict[int, ActionService] = {}

    def service(self, store: Store) -> ActionService:
        """The action service bound to `store` (one per store, reused)."""
        # Templates, jinja2 and the outbox load on the first action, not at start.
        from triage.actions import ActionService

        found = self._services.get(id(store))
        if found is None or found.store is not store:
            found = ActionService(store, self.settings, now=self.now)
            self._services[id(store)] = found
        return found

    def draft(self, store: Store, message_pk: int, action: Action) -> Preview:
        """The reply `action` would send.

        Raises:
            TriageError: the template is broken, the message has no one to answer, ...
        """
        return preview_of(self.service(store).draft(message_pk, action))

    def perform(
        self, store: Store, message_pk: int, action: Action, body: str | None = None
    ) -> Undoable:
        """Record `action` (queueing its reply) and say how to take it back.

        Raises:
            TriageError: already answered, broken template, unknown message.
        """
        done = self.service(store).perform(message_pk, action, body=body)
        subject = _subject(store, message_pk)
        return Undoable(
            "action", done.action_id, message_pk, f"{_WORDS[action]} “{subject}”", done.leaves_at
        )

    def relabel(self, store: Store, message_pk: int, category: Category) -> Undoable:
        """Set the category by hand (a correction) and say how to take it back."""
        label_id = _label(store, message_pk, category, self.now())
        subject = _subject(store, message_pk)
        return Undoable("label", label_id, message_pk, f"Re-labelled “{subject}” {category.label}")

    def undo(self, store: Store, entry: Undoable) -> bool:
        """Take back `entry`; False when it is too late (the reply has left)."""
        if entry.kind == "action":
            return self.service(store).undo(entry.id)
        _undo_label(store, entry.id, self.now())
        return True


_WORDS: dict[Action, str] = {
    Action.DECLINE: "Declined",
    Action.ACCEPT: "Accepted",
    Action.ASK: "Asked for context on",
    Action.IGNORE: "Ignored",
}


def _subject(store: Store, message_pk: int) -> str:
    row = store.db.execute("SELECT subject FROM messages WHERE id = ?", [message_pk]).fetchone()
    subject = (row[0] if row else "") or "(no subject)"
    return subject if len(subject) <= 40 else subject[:39] + "…"


def _verdicts() -> Any | None:
    # The classifier's adapter owns labels; until it lands, the same rows are kept here.
    try:
        return importlib.import_module("triage.adapters.verdicts")
    except ImportError:
        return None


def _label(store: Store, message_pk: int, category: Category, now: float) -> int:
    verdicts = _verdicts()
    if verdicts is None or not hasattr(verdicts, "label"):
        return _label_here(store, message_pk, category, now)
    return int(verdicts.label(store, message_pk, category))


def _undo_label(store: Store, label_id: int, now: float) -> None:
    verdicts = _verdicts()
    if verdicts is None or not hasattr(verdicts, "undo_label"):
        _undo_label_here(store, label_id, now)
        return
    verdicts.undo_label(store, label_id)


def _label_here(store: Store, message_pk: int, category: Category, now: float) -> int:
    # Used only until triage.adapters.verdicts lands: the same rows it keeps.
    with store.db.atomic():
        row = store.db.execute(
            "SELECT category FROM verdicts WHERE message_pk = ?", [message_pk]
        ).fetchone()
        previous = row[0] if row else Category.OTHER.value
        cursor = store.db.execute(
            "INSERT INTO labels (message_pk, category, previous, created_ts) VALUES (?, ?, ?, ?)",
            [message_pk, category.value, previous, now],
        )
        if row is None:
            store.db.execute(
                "INSERT INTO verdicts (message_pk, category, confidence, reasons_json, "
                "classified_ts, labelled) VALUES (?, ?, 1.0, '[]', ?, 1)",
                [message_pk, category.value, now],
            )
        else:
            store.db.execute(
                "UPDATE verdicts SET category = ?, labelled = 1 WHERE message_pk = ?",
                [category.value, message_pk],
            )
    return int(cursor.lastrowid or 0)


def _undo_label_here(store: Store, label_id: int, now: float) -> None:
    with store.db.atomic():
        row = store.db.execute(
            "SELECT message_pk, previous FROM labels WHERE id = ? AND undone_ts IS NULL",
            [label_id],
        ).fetchone()
        if row is None:
            return
        message_pk, previous = row
        store.db.execute("UPDATE labels SET undone_ts = ? WHERE id = ?", [now, label_id])
        still = store.db.execute(
            "SELECT 1 FROM labels WHERE message_pk = ? AND undone_ts IS NULL", [message_pk]
        ).fetchone()
        store.db.execute(
            "UPDATE verdicts SET category = ?, labelled = ? WHERE message_pk = ?",
            [previous, 1 if still else 0, message_pk],
        )
