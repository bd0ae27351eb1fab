"""The answer-with-one-key use case, shared by the CLI and the TUI: draft, perform, undo.

`ActionService` composes a reply from a template (core.replies + adapters.templates), records
the action and queues the reply in the outbox with an undo window; `OutboxRunner`
(re-exported from adapters.outbox) sends what falls due. Both work on a `Store` owned by the
calling thread.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from triage.adapters.outbox import OutboxEvent, OutboxItem, OutboxRunner, immediate
from triage.adapters.store import Store, StoredMessage
from triage.adapters.templates import TemplateLibrary, samples_dir
from triage.config import Settings
from triage.core.actions import Action
from triage.core.categories import Category
from triage.core.message import Address, Message
from triage.core.parse import parse_message
from triage.core.replies import (
    Owner,
    ReplyError,
    as_bytes,
    candidate_templates,
    compose,
    plan_reply,
)
from triage.core.roles import find_roles
from triage.core.verdict import Reason
from triage.errors import TemplateError, TriageError

__all__ = [
    "ActionError",
    "ActionService",
    "Draft",
    "OutboxEvent",
    "OutboxItem",
    "OutboxRunner",
    "Performed",
    "check_templates",
    "draft_for",
]


class ActionError(TriageError):
    """An action cannot be done (unknown message, already answered, no recipient)."""

    title = "action error"


@dataclass(frozen=True, slots=True)
class Draft:
    """A composed reply, not yet queued."""

    message: EmailMessage
    """The reply as it will be stored and sent: no Bcc header."""
    from_: Address
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    bcc: tuple[Address, ...]
    subject: str
    body: str
    template: str
    """The template name, e.g. "decline/blind_intro"."""
    template_path: Path
    notes: tuple[str, ...]
    """What the owner should know: a role with no address, a fallback taken."""

    @property
    def message_id(self) -> str:
        """The reply's Message-ID."""
        return str(self.message["Message-ID"])

    @property
    def envelope(self) -> tuple[str, ...]:
        """Every recipient address, Bcc included."""
        return tuple(a.email for a in self.to + self.cc + self.bcc)

    def as_bytes(self) -> bytes:
        """The reply as RFC 5322 bytes (CRLF), exactly as queued: no Bcc header."""
        return as_bytes(self.message)

    def as_text(self) -> str:
        """The reply as RFC 5322 text for a preview, with a `Bcc:` line so it can be seen."""
        text = self.message.as_string()
        if self.bcc:
            line = "Bcc: " + ", ".join(str(a) for a in self.bcc)
            head, sep, rest = text.partition("\nSubject:")
            text = f"{head}\n{line}{sep}{rest}" if sep else f"{line}\n{text}"
        return text


@dataclass(frozen=True, slots=True)
class Performed:
    """What `perform` did."""

    action_id: int
    action: Action
    outbox_id: int | None
    """The queued reply (None for ignore)."""
    leaves_at: float | None
    """When the reply leaves (epoch seconds); until then it can be undone."""
    message_id: str | None
    """The reply's Message-ID (None for ignore)."""
    notes: tuple[str, ...] = ()
    """What the owner should know about the reply (see `Draft.notes`)."""


def draft_for(
    message: Message,
    *,
    category: Category,
    action: Action,
    settings: Settings,
    library: TemplateLibrary,
    template: str | None = None,
    reasons: tuple[Reason, ...] = (),
    body: str | None = None,
    now: float | None = None,
) -> Draft:
    """Compose the reply to `message` (shared by the service, `preview` and `check`).

    Raises:
        TemplateError: the template is missing or broken (file and line in the message).
        ActionError: the reply has no recipient or no owner address is configured.
    """
    if not action.sends_reply:
        raise ActionError(f"{action} sends no reply")
    name = template or library.find(candidate_templates(action, category))
    spec = library.spec(name)
    owner = Owner(settings.owner.name, tuple(settings.owner.addresses))
    roles = find_roles(message, owner.addresses)
    try:
        plan = plan_reply(
            message,
            category=category,
            action=action,
            owner=owner,
            roles=roles,
            spec=spec,
            reasons=reasons,
        )
    except ReplyError as exc:
        raise ActionError(str(exc)) from None
    rendered = library.render(name, plan.variables)
    subject = rendered.subject or plan.subject
    text = rendered.body if body is None else body
    text = text.strip("\n") + "\n"
    # The Date header in the owner's local offset, as mail clients write it.
    when = datetime.fromtimestamp(now if now is not None else time.time(), UTC).astimezone()
    domain = plan.from_.domain or "triage.invalid"
    try:
        email = compose(
            plan, subject=subject, body=text, message_id=make_msgid(domain=domain), date=when
        )
    except ReplyError as exc:  # an address the email package cannot encode, for example
        raise ActionError(str(exc)) from None
    return Draft(
        message=email,
        from_=plan.from_,
        to=plan.to,
        cc=plan.cc,
        bcc=plan.bcc,
        subject=subject,
        body=text,
        template=name,
        template_path=rendered.path,
        notes=plan.notes,
    )


class ActionService:
    """Draft, perform and undo actions on stored messages (one per thread, like its Store)."""

    def __init__(
        self, store: Store, settings: Settings, *, now: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.settings = settings
        self.now = now
        self.library = TemplateLibrary(settings.template_dir)

    # --- reading ---------------------------------------------------------------------------

    def _message(self, message_pk: int) -> StoredMessage:
        found = self.store.get(message_pk)
        if found is None:
            raise ActionError(f"no message {message_pk} in the store")
        return found

    def category(self, message_pk: int) -> tuple[Category, tuple[Reason, ...]]:
        """The message's category and reasons (`other` when not classified yet)."""
        row = self.store.db.execute(
            "SELECT category, reasons_json FROM verdicts WHERE message_pk = ?", [message_pk]
        ).fetchone()
        if row is None:
            return Category.OTHER, ()
        try:
            category = Category(row[0])
        except ValueError:
            category = Category.OTHER
        try:
            reasons = tuple(Reason.from_json(r) for r in json.loads(row[1] or "[]"))
        except (ValueError, KeyError, TypeError):
            reasons = ()
        return category, reasons

    def handled(self, message_pk: int) -> Action | None:
        """The live (not undone) action on a message, if any."""
        row = self.store.db.execute(
            "SELECT action FROM actions WHERE message_pk = ? AND undone_ts IS NULL "
            "ORDER BY id DESC LIMIT 1",
            [message_pk],
        ).fetchone()
        return Action(row[0]) if row else None

    # --- doing -----------------------------------------------------------------------------

    def draft(self, message_pk: int, action: Action, *, template: str | None = None) -> Draft:
        """Compose the reply an action would send, without queueing it.

        Raises:
            TemplateError: the template is missing or broken (one line, with file:line).
            ActionError: unknown message, no recipient, ignore (which sends nothing).
        """
        return self._draft(message_pk, action, template=template, body=None)

    def _draft(
        self, message_pk: int, action: Action, *, template: str | None, body: str | None
    ) -> Draft:
        stored = self._message(message_pk)
        category, reasons = self.category(message_pk)
        return draft_for(
            stored.message,
            category=category,
            action=action,
            settings=self.settings,
            library=self.library,
            template=template,
            reasons=reasons,
            body=body,
            now=self.now(),
        )

    def perform(
        self,
        message_pk: int,
        action: Action,
        *,
        template: str | None = None,
        body: str | None = None,
    ) -> Performed:
        """Record an action and, for a reply, queue it to leave after the undo window.

        Args:
            message_pk: The message answered.
            action: What to do.
            template: A template name instead of the default for the message's category.
            body: The reply text to send instead of the rendered template (an edited draft).

        Raises:
            ActionError: unknown message, or it already has a reply queued or sent (undo
                that first). A live `ignore` is replaced by the new action.
            TemplateError: the template is missing or broken.
        """
        stored = self._message(message_pk)
        draft = (
            self._draft(message_pk, action, template=template, body=body)
            if action.sends_reply
            else None
        )
        now = self.now()
        leaves_at = now + self.settings.replies.undo_seconds
        with immediate(self.store):
            live = self.store.db.execute(
                "SELECT a.id, a.action, o.status FROM actions a LEFT JOIN outbox o "
                "ON o.action_id = a.id WHERE a.message_pk = ? AND a.undone_ts IS NULL",
                [message_pk],
            ).fetchall()
            for _action_id, done, status in live:
                if done != Action.IGNORE.value and status not in (None, "cancelled"):
                    raise ActionError(
                        f"message {message_pk} already has a {done} reply ({status}); undo it first"
                    )
            # A live ignore is replaced: its pending move (if any) is cancelled with it.
            self.store.db.execute(
                "UPDATE outbox SET status = 'cancelled', last_error = 'replaced' "
                "WHERE status = 'queued' AND action_id IN (SELECT id FROM actions "
                "WHERE message_pk = ? AND undone_ts IS NULL)",
                [message_pk],
            )
            cursor = self.store.db.execute(
                "INSERT INTO actions (message_pk, action, template, created_ts) "
                "VALUES (?, ?, ?, ?)",
                [message_pk, action.value, draft.template if draft else "", now],
            )
            action_id = int(cursor.lastrowid or 0)
            # Replaced, not undone: no longer live, but the owner did triage it then (stats
            # run time to triage to the first action not undone).
            self.store.db.execute(
                "UPDATE actions SET undone_ts = ?, replaced_by = ? "
                "WHERE message_pk = ? AND undone_ts IS NULL AND id != ?",
                [now, action_id, message_pk, action_id],
            )
            move_to = self.settings.replies.move_to.get(action.value, "")
            if draft is None:
                if (
                    not move_to
                    or stored.uid is None
                    or stored.account not in self.settings.accounts
                ):
                    return Performed(action_id, action, None, None, None)
                # Ignoring only moves the original, after the same undo window.
                cursor = self.store.db.execute(
                    "INSERT INTO outbox (action_id, account, message_id, raw, envelope_from, "
                    "recipients_json, status, attempts, not_before_ts, created_ts, message_pk, "
                    "move_to, kind, transport) VALUES (?, ?, ?, x'', '', '[]', 'queued', 0, ?, ?, "
                    "?, ?, 'move', 'move')",
                    [
                        action_id,
                        stored.account,
                        f"<move-{action_id}-{now:.6f}@triage.invalid>",
                        leaves_at,
                        now,
                        message_pk,
                        move_to,
                    ],
                )
                return Performed(action_id, action, int(cursor.lastrowid or 0), leaves_at, None)
            cursor = self.store.db.execute(
                "INSERT INTO outbox (action_id, account, message_id, raw, envelope_from, "
                "recipients_json, status, attempts, not_before_ts, created_ts, message_pk, "
                "move_to) VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)",
                [
                    action_id,
                    stored.account,
                    draft.message_id,
                    draft.as_bytes(),
                    draft.from_.email,
                    json.dumps(list(draft.envelope)),
                    leaves_at,
                    now,
                    message_pk,
                    move_to,
                ],
            )
            outbox_id = int(cursor.lastrowid or 0)
        return Performed(action_id, action, outbox_id, leaves_at, draft.message_id, draft.notes)

    def undo(self, action_id: int) -> bool:
        """Undo an action and cancel its reply, if the reply has not left.

        Returns:
            True when undone; False when the reply is sending or sent (too late), or the
            action is unknown or already undone.
        """
        now = self.now()
        with immediate(self.store):
            row = self.store.db.execute(
                "SELECT undone_ts FROM actions WHERE id = ?", [action_id]
            ).fetchone()
            if row is None or row[0] is not None:
                return False
            replies = self.store.db.execute(
                "SELECT id, status, last_error FROM outbox WHERE action_id = ? AND kind = 'reply'",
                [action_id],
            ).fetchall()
            cancelled = self.store.db.execute(
                "UPDATE outbox SET status = 'cancelled', last_error = 'undone' "
                "WHERE action_id = ? AND (status = 'queued' OR "
                "(status = 'failed' AND last_error NOT LIKE 'uncertain:%'))",
                [action_id],
            ).rowcount
            live = [r for r in replies if r[1] != "cancelled"]
            if live and cancelled < len(live):
                return False  # it left (or may have): keep the action
            self.store.db.execute("UPDATE actions SET undone_ts = ? WHERE id = ?", [now, action_id])
        return True

    def undo_last(self) -> int | None:
        """Undo the most recent live action; its id, or None when none or too late."""
        row = self.store.db.execute(
            "SELECT id FROM actions WHERE undone_ts IS NULL ORDER BY created_ts DESC, id DESC "
            "LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return int(row[0]) if self.undo(int(row[0])) else None


# --- checking templates ------------------------------------------------------------------------


def sample_messages() -> list[tuple[str, Category, Message]]:
    """The built-in sample messages: (file name, category, message)."""
    samples = []
    for path in sorted(samples_dir().glob("*.eml")):
        message = parse_message(path.read_bytes())
        category = Category(message_header(path.read_bytes(), "X-Triage-Sample") or "other")
        samples.append((path.name, category, message))
    return samples


def message_header(raw: bytes, name: str) -> str:
    """One header of raw message bytes ("" when absent)."""
    from email import message_from_bytes, policy

    value = message_from_bytes(raw, policy=policy.default).get(name, "")
    return str(value).strip()


SAMPLE_OWNER = ("Jordan Avery", "jordan@averyworks.example")
"""The owner the sample messages are addressed to."""


def check_templates(library: TemplateLibrary, settings: Settings) -> tuple[int, list[str]]:
    """Render every template against the sample messages of its category.

    Returns:
        (renders done, errors as "file:line: message" lines, one per broken template).
    """
    owner = settings.owner
    sample_settings = settings.model_copy(
        update={
            "owner": owner.model_copy(
                update={
                    "name": owner.name or SAMPLE_OWNER[0],
                    "addresses": [*owner.addresses, SAMPLE_OWNER[1]],
                }
            )
        }
    )
    samples = sample_messages()
    done = 0
    errors: list[str] = []
    for name in library.names():
        action_name, _, category_name = name.partition("/")
        try:
            action = Action(action_name)
        except ValueError:
            errors.append(f"{library.path(name)}: {action_name!r} is not an action")
            continue
        wanted = [s for s in samples if category_name in ("default", s[1].value)] or samples
        for sample_name, category, message in wanted:
            try:
                draft_for(
                    message,
                    category=category,
                    action=action,
                    settings=sample_settings,
                    library=library,
                    template=name,
                )
                done += 1
            except TemplateError as exc:
                errors.append(exc.message)
                break
            except ActionError as exc:
                errors.append(f"{library.path(name)}: with sample {sample_name}: {exc.message}")
                break
    return done, errors
