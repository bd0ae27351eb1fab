"""The sync use case's pure parts: events the worker reports, folder plans, BODYSTRUCTURE."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from triage.core.message import Attachment, Message
from triage.core.parse import parse_fetched

TEXT_LIMIT = 64 * 1024
"""Bytes of the best text part fetched per message; the rest is never downloaded."""

EventKind = Literal["progress", "stored", "changed", "folder_synced", "idle", "reconnecting"]


@dataclass(frozen=True, slots=True)
class SyncEvent:
    """Something the sync did, reported to the CLI (progress bar) or the TUI (refresh).

    kinds:
        progress: `done` of `total` new messages of `folder` handled so far.
        stored: new messages stored; `ids` are their store ids (already classified when a
            classifier is wired in).
        changed: flags changed or messages expunged; `ids` are the store ids touched.
        folder_synced: `folder` is up to date.
        idle: waiting for push (IDLE) on `folder`.
        reconnecting: the connection dropped; `detail` says why, `delay` the back-off.
    """

    kind: EventKind
    account: str
    folder: str = ""
    ids: tuple[int, ...] = ()
    done: int = 0
    total: int = 0
    detail: str = ""
    delay: float = 0.0


@dataclass(frozen=True, slots=True)
class FolderState:
    """What the store knows about a folder from the last sync."""

    uidvalidity: int | None = None
    highest_uid: int = 0
    highestmodseq: int | None = None


@dataclass(frozen=True, slots=True)
class FolderStatus:
    """What the server says about a folder on SELECT."""

    uidvalidity: int
    uidnext: int | None
    exists: int
    highestmodseq: int | None


@dataclass(frozen=True, slots=True)
class FolderPlan:
    """What to do for one folder this round."""

    remap: bool
    """UIDVALIDITY changed: match stored rows to the new UIDs by Message-ID first."""
    fetch_after: int
    """Fetch messages with a UID above this."""
    flags_since: int | None
    """Fetch flag changes with CHANGEDSINCE this modseq (None: compare every flag)."""
    nothing_new: bool
    """UIDNEXT and HIGHESTMODSEQ are unchanged: only expunges need a look."""


def plan_folder(state: FolderState, status: FolderStatus, *, condstore: bool) -> FolderPlan:
    """Decide how to bring a folder up to date from the stored state and the SELECT answer."""
    if state.uidvalidity is not None and state.uidvalidity != status.uidvalidity:
        return FolderPlan(remap=True, fetch_after=0, flags_since=None, nothing_new=False)
    flags_since = state.highestmodseq if condstore else None
    unchanged = (
        state.uidvalidity is not None
        and status.uidnext is not None
        and status.uidnext <= state.highest_uid + 1
        and condstore
        and status.highestmodseq is not None
        and status.highestmodseq == state.highestmodseq
    )
    return FolderPlan(
        remap=False, fetch_after=state.highest_uid, flags_since=flags_since, nothing_new=unchanged
    )


@dataclass(frozen=True, slots=True)
class TextPart:
    """The part of a message whose text triage reads, and what else the message carries."""

    section: str | None
    """The IMAP section to fetch ("1", "1.2", …), or None when there is no text part."""
    content_type: str = "text/plain"
    charset: str | None = None
    encoding: str | None = None
    size: int = 0
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)

    @property
    def truncated(self) -> bool:
        """True when the part is longer than what sync fetches."""
        return self.size > TEXT_LIMIT


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("ascii", "replace")
    return "" if value is None else str(value)


def _params(value: Any) -> dict[str, str]:
    if not isinstance(value, (tuple, list)):
        return {}
    items = list(value)
    return {_text(k).lower(): _text(v) for k, v in zip(items[::2], items[1::2], strict=False)}


def _disposition(part: Sequence[Any]) -> tuple[str, dict[str, str]]:
    # The disposition follows the MD5 field, whose place depends on the part's type.
    main = _text(part[0]).lower()
    index = 9 if main == "text" else 11 if main == "message" else 8
    if len(part) > index and isinstance(part[index], (tuple, list)) and part[index]:
        found = part[index]
        return _text(found[0]).lower(), _params(found[1] if len(found) > 1 else None)
    return "", {}


def _is_multipart(part: Sequence[Any]) -> bool:
    return len(part) > 0 and isinstance(part[0], list)


def pick_text_part(structure: Sequence[Any]) -> TextPart:
    """Choose the best readable part from an IMAP BODYSTRUCTURE and list the attachments.

    Prefers the first inline text/plain, else the first inline text/html. Attachments are
    the non-text leaves and anything with `Content-Disposition: attachment`.
    """
    leaves: list[tuple[str, Sequence[Any]]] = []

    def walk(part: Sequence[Any], section: str) -> None:
        if _is_multipart(part):
            for index, child in enumerate(part[0], start=1):
                walk(child, f"{section}.{index}" if section else str(index))
        else:
            leaves.append((section or "1", part))

    walk(structure, "")
    plain: tuple[str, Sequence[Any]] | None = None
    html: tuple[str, Sequence[Any]] | None = None
    attachments: list[Attachment] = []
    for section, part in leaves:
        main, sub = _text(part[0]).lower(), _text(part[1]).lower()
        disposition, dparams = _disposition(part)
        params = _params(part[2])
        size = int(part[6]) if len(part) > 6 and isinstance(part[6], int) else 0
        if main == "text" and sub in ("plain", "html") and disposition != "attachment":
            if sub == "plain" and plain is None:
                plain = (section, part)
            elif sub == "html" and html is None:
                html = (section, part)
            continue
        if main == "text" and disposition != "attachment":
            continue
        filename = dparams.get("filename") or params.get("name") or ""
        if len(part) > 5 and _text(part[5]).lower() == "base64":
            size = size * 57 // 78  # BODYSTRUCTURE gives encoded octets: 57 bytes per line
        attachments.append(Attachment(filename, f"{main}/{sub}", size))
    chosen = plain or html
    if chosen is None:
        return TextPart(section=None, attachments=tuple(attachments))
    section, part = chosen
    return TextPart(
        section=section,
        content_type=f"{_text(part[0]).lower()}/{_text(part[1]).lower()}",
        charset=_params(part[2]).get("charset"),
        encoding=_text(part[5]).lower() or None,
        size=int(part[6]) if isinstance(part[6], int) else 0,
        attachments=tuple(attachments),
    )


def backoff(attempt: int, *, base: float = 0.5, cap: float = 60.0) -> float:
    """Seconds to wait before reconnect attempt `attempt` (0-based): doubling, capped."""
    return float(min(cap, base * (2**attempt)))


FetchedParts = tuple[int, bytes, bytes, "TextPart | None", int]
"""(uid, header block, text bytes, the part they came from, RFC822.SIZE)."""


def parse_parts(items: Sequence[FetchedParts]) -> list[tuple[int, Message]]:
    """Parse fetched headers and text into messages (runs in a worker process for big syncs).

    Returned messages carry a plain dict in `headers` so they pickle; callers wrap it again.
    """
    parsed: list[tuple[int, Message]] = []
    for uid, header, body, part, size in items:
        if part is None or part.section is None:
            message = parse_fetched(
                header, b"", size=size, attachments=part.attachments if part else ()
            )
        else:
            message = parse_fetched(
                header,
                body,
                content_type=part.content_type,
                charset=part.charset,
                transfer_encoding=part.encoding,
                attachments=part.attachments,
                size=size,
                truncated=part.truncated,
            )
        parsed.append((uid, replace(message, headers=dict(message.headers))))
    return parsed
