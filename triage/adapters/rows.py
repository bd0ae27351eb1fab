"""The store's `messages` and `verdicts` rows made from core objects, and read back, without
a database: what the parse workers import (`parsepool`), so they load no sqlite-utils.

`store` and `verdicts` import these; this module imports nothing of the store's.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from triage.core.categories import Category
from triage.core.message import Address, Attachment, Message
from triage.core.roles import find_roles
from triage.core.verdict import MODEL_VERSION, Verdict

if TYPE_CHECKING:
    from triage.core.classify import ClassifyContext

# core.classify compiles its patterns on import: it is imported where a message is
# classified (each parse worker imports it at start, `parsepool.WORKER_MODULES`).


@dataclass(frozen=True, slots=True)
class Location:
    """Where a message lives: an IMAP folder and UID, or a local import (uid None)."""

    account: str
    folder: str
    uidvalidity: int = 0
    uid: int | None = None


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


VerdictValues = tuple[str, float, str, str, float, int, str, str]
"""A `verdicts` row without its `message_pk`, in `verdicts._UPSERT` order after it."""


def verdict_values(message: Message, context: ClassifyContext) -> VerdictValues:
    """Classify one message and make its `verdicts` row (pure: no store, runs in workers)."""
    from triage.core.classify import classify

    return verdict_row(message, classify(message, context), context)


def _introducer(message: Message, category: Category, owner: Iterable[str]) -> tuple[str, str]:
    if category not in (Category.BLIND_INTRO, Category.OPT_IN):
        return "", ""
    roles = find_roles(message, owner)
    address = roles.introducer.key if roles.introducer else ""
    return address, roles.introducer_name


def verdict_row(message: Message, verdict: Verdict, context: ClassifyContext) -> VerdictValues:
    """The `verdicts` row (without `message_pk`) of `verdict` on `message`."""
    addr, name = _introducer(message, verdict.category, context.owner)
    return (
        verdict.category.value,
        verdict.confidence,
        json.dumps([r.as_json() for r in verdict.reasons], ensure_ascii=False),
        MODEL_VERSION,
        time.time(),
        int(verdict.labelled),
        addr,
        name,
    )
