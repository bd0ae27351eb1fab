"""Parsing fetched mail into store rows, in worker processes for big syncs (or inline).

The connection thread only moves bytes: it hands imaplib's unparsed FETCH answers here, and
everything CPU-bound (imapclient's response parser, BODYSTRUCTURE, the email parser, the
row's JSON) runs in a process pool, so it overlaps the network wait and uses every core. A
pool may also classify what it parses (the pure classifier, with the store's context sent once
per pool), so the thread that owns the store only writes rows. Workers die with the process that
made them, kill -9 included (`workerpool`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from imapclient.response_parser import parse_fetch_response

from triage.adapters.rows import (
    MESSAGE_COLUMNS,
    Location,
    VerdictValues,
    message_row,
    verdict_values,
)
from triage.adapters.workerpool import WorkerPool
from triage.core.message import Message
from triage.core.sync import FetchedParts, TextPart, parse_parts, pick_text_part

if TYPE_CHECKING:
    from triage.core.classify import ClassifyContext

RawFetch = list[Any]
"""imaplib's untagged FETCH data, unparsed: bytes lines and (bytes, literal) pairs."""

_HEADER = b"BODY[HEADER]"
_CONTEXT: ClassifyContext | None = None
"""In a worker of a classifying pool: what the classifier knows (set once, at start)."""
_FROM = MESSAGE_COLUMNS.index("from_addr")
_MESSAGE_ID = MESSAGE_COLUMNS.index("message_id")
_UID = MESSAGE_COLUMNS.index("uid")
_P = ParamSpec("_P")
_T = TypeVar("_T")


WORKER_MODULES = ("triage.adapters.parsepool", "triage.core.classify")
"""What a parse worker imports before its first task (never the store's libraries)."""


def parse_pool(workers: int, context: ClassifyContext | None = None) -> Executor:
    """A pool of processes for `read_heads` and `build_rows`, its workers already starting.

    With `context`, `build_rows(..., classify=True)` also classifies with it in the workers.
    Each worker is a fresh interpreter that imports `WORKER_MODULES` (`WorkerPool`: no fork
    of this threaded process, and a worker exits by itself when this process dies).
    """
    return WorkerPool(
        workers, preload=WORKER_MODULES, initializer=start_worker, initargs=(context,)
    )


class InlineExecutor(Executor):
    """Runs each task at once in the calling thread (small syncs: no process start-up)."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        """Run `fn` now; its result or exception is in the returned future."""
        future: Future[_T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed over like a pool would
            future.set_exception(exc)
        return future


def start_worker(context: ClassifyContext | None) -> None:
    """A worker's start: keep the classifier's context for the tasks that follow.

    A classifying worker reads the word model now, while the first batch downloads, and
    hands back to the system the memory that reading it left free (about 2.7 MB a worker).
    """
    global _CONTEXT  # noqa: PLW0603 - one per worker process, set once before any task
    _CONTEXT = context
    if context is not None and context.text_model:
        from triage.core.textmodel import default_model

        default_model()
        from triage.adapters.heap import release_free_memory

        release_free_memory()


@dataclass(frozen=True, slots=True)
class Head:
    """One message after the first FETCH: its header block, flags and best text part."""

    uid: int
    header: bytes
    flags: str
    size: int
    modseq: int | None
    part: TextPart | None
    """None for headers-only folders (Sent): no BODYSTRUCTURE was asked for."""


@dataclass(frozen=True, slots=True)
class Built:
    """A batch ready for the store."""

    rows: list[tuple[Any, ...]]
    """`message_row` values in `MESSAGE_COLUMNS` order, one per message the server answered."""
    messages: dict[int, Message]
    """UID -> parsed message, kept only for headers-only folders (to learn contacts)."""
    fetched_bytes: int
    """Header and text bytes received for the batch."""
    verdicts: dict[int, VerdictValues] | None = None
    """UID -> verdict row, when the pool classified the batch (else None)."""
    threads: dict[int, frozenset[str]] | None = None
    """UID -> the Message-IDs it replies to or references (classified batches, when any)."""
    owner_sent: tuple[str, ...] = ()
    """Message-IDs of the batch's messages sent by the owner (classified batches)."""


def fetched_flags(data: dict[bytes, Any]) -> str:
    """The space-separated FLAGS of a FETCH answer, without the session-bound \\Recent."""
    found = (
        f.decode("utf-8", "replace") if isinstance(f, bytes) else str(f)
        for f in data.get(b"FLAGS", ())
    )
    return " ".join(f for f in found if f.lower() != "\\recent")


def read_heads(raw: RawFetch, uids: Sequence[int], *, structure: bool) -> list[Head]:
    """Parse the answer to the first FETCH (size, flags, modseq, header, BODYSTRUCTURE).

    Messages not in `uids` (unsolicited answers) are left out; so are messages expunged
    between SEARCH and FETCH, which the server does not answer for.
    """
    wanted = set(uids)
    heads: list[Head] = []
    for uid, data in parse_fetch_response(raw, True, True).items():
        if uid not in wanted or _HEADER not in data:
            continue
        modseq = data.get(b"MODSEQ")
        heads.append(
            Head(
                uid=uid,
                header=data[_HEADER] or b"",
                flags=fetched_flags(data),
                size=int(data.get(b"RFC822.SIZE") or 0),
                modseq=int(modseq[0]) if modseq else None,
                part=pick_text_part(data.get(b"BODYSTRUCTURE") or ()) if structure else None,
            )
        )
    return heads


def text_sections(heads: Sequence[Head]) -> dict[str, list[int]]:
    """Section -> UIDs whose text lives there (one FETCH per section)."""
    sections: dict[str, list[int]] = {}
    for head in heads:
        if head.part is not None and head.part.section is not None:
            sections.setdefault(head.part.section, []).append(head.uid)
    return sections


def build_rows(
    where: Location,
    sent: bool,
    heads: Sequence[Head],
    texts: Sequence[tuple[str, RawFetch]],
    *,
    classify: bool = False,
) -> Built:
    """Parse the text answers and each message, and make the store rows.

    Args:
        where: Account, folder and UIDVALIDITY of the batch (its `uid` is ignored).
        sent: The folder is the owner's Sent (headers only; its messages are kept).
        heads: What `read_heads` made of the first FETCH.
        texts: (section, unparsed answer to `BODY.PEEK[section]<0.N>`) per section.
        classify: Also classify each message with the pool's context (`parse_pool`).
    """
    bodies: dict[int, bytes] = {}
    for section, raw in texts:
        key = f"BODY[{section}]<0>".encode()
        for uid, data in parse_fetch_response(raw, True, True).items():
            body = data.get(key)
            if body is None:  # some servers answer without the origin octet
                body = next((v for k, v in data.items() if k.startswith(b"BODY[")), b"")
            bodies[uid] = body or b""
    items: list[FetchedParts] = [
        (h.uid, h.header, bodies.get(h.uid, b""), h.part, h.size) for h in heads
    ]
    by_uid = {h.uid: h for h in heads}
    rows: list[tuple[Any, ...]] = []
    parsed: dict[int, Message] = {}
    fetched = 0
    for uid, message in parse_parts(items):
        head = by_uid[uid]
        fetched += len(head.header) + len(bodies.get(uid, b""))
        row = message_row(
            message,
            Location(where.account, where.folder, where.uidvalidity, uid),
            flags=head.flags.split(),
            is_sent=sent,
            modseq=head.modseq,
        )
        rows.append(tuple(row.values()))
        parsed[uid] = message
    if sent:
        return Built(rows=rows, messages=parsed, fetched_bytes=fetched)
    built = Built(rows=rows, messages={}, fetched_bytes=fetched)
    if classify and _CONTEXT is not None:
        return classify_rows(built, parsed, _CONTEXT)
    return built


def classify_rows(built: Built, messages: Mapping[int, Message], context: ClassifyContext) -> Built:
    """`built` with a verdict for each row, as `verdicts.classify_ids` would write it.

    `messages` are the parsed messages of the rows, by UID: a row rebuilt into a `Message`
    (`row_to_message`, what a later reclassification reads) carries every field the
    classifier reads unchanged, so the parsed one is classified as it is. The owner's own
    messages in the batch count as Sent mail for the others, as they would once stored.
    """
    mine = tuple(
        row[_MESSAGE_ID] for row in built.rows if row[_FROM] in context.owner and row[_MESSAGE_ID]
    )
    if mine:
        context = replace(context, sent_ids=context.sent_ids | frozenset(mine))
    verdicts: dict[int, VerdictValues] = {}
    threads: dict[int, frozenset[str]] = {}
    for row in built.rows:
        uid = int(row[_UID])
        message = messages[uid]
        verdicts[uid] = verdict_values(message, context)
        refs = frozenset(r for r in (message.in_reply_to, *message.references) if r)
        if refs:
            threads[uid] = refs
    return replace(built, verdicts=verdicts, threads=threads, owner_sent=mine)
