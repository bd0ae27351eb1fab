"""IMAP sync through imapclient: connect (TLS verified), fetch what triage needs, push by IDLE.

Mail is only ever read: folders are selected read-only and bodies fetched with BODY.PEEK, so
syncing never sets \\Seen. Only the header block and the first 64 KB of the best text part are
fetched; attachments stay on the server.

Threading: `SyncWorker.events()` runs in the thread that iterates it (a TUI thread worker) and
opens its own store there; `SyncWorker.stop()` may be called from any thread.
"""

from __future__ import annotations

import imaplib
import os
import queue
import socket
import ssl
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError, ProtocolError
from imapclient.imapclient import join_message_ids, seq_to_parenstr_upper
from imapclient.response_parser import parse_fetch_response

from triage.adapters import syncstate
from triage.adapters.parsepool import (
    Built,
    Head,
    InlineExecutor,
    RawFetch,
    build_rows,
    fetched_flags,
    parse_pool,
    read_heads,
    text_sections,
)
from triage.adapters.secrets import resolve_oauth2_token, resolve_password
from triage.adapters.store import Location, Store
from triage.adapters.verdicts import StoreClassifier, write_verdicts
from triage.config import AccountConfig
from triage.core.parse import parse_fetched
from triage.core.sync import (
    TEXT_LIMIT,
    FolderStatus,
    SyncEvent,
    backoff,
    plan_folder,
)
from triage.core.verdict import MODEL_VERSION
from triage.errors import SecretError, SyncError

BATCH = 250
"""Messages per FETCH round trip and per store transaction."""
PARALLEL_MIN = 1000
"""New messages in one folder from which parsing runs in worker processes."""
IDLE_RENEW = 25 * 60.0
"""Seconds before an IDLE is renewed (servers may drop one after 30 minutes)."""
DROPPED: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    imaplib.IMAP4.abort,  # imapclient's AbortError, also raised on IDLE's split-line bug
    ProtocolError,
)
"""Errors meaning the connection is gone (reconnect and carry on)."""

Classifier = Callable[[Store, Sequence[int]], object]
"""Called with the store and the ids of newly stored (non-Sent) messages.

A `verdicts.StoreClassifier` classifies big syncs in the parse workers instead (its context
read once per folder), and is called only for what those could not know.
"""

_HEADER = b"BODY[HEADER]"


class _Fatal(Exception):
    """Wraps a SyncError raised where DROPPED errors are caught, so it is not retried."""


def connect(name: str, account: AccountConfig, *, timeout: float = 30.0) -> IMAPClient:
    """Open, secure and log in one connection to `account`.

    Raises:
        SyncError: unknown host, refused connection, untrusted certificate, refused login
            or an unobtainable secret, as one line saying what to check.
    """
    host, port = account.host, account.effective_port
    where = f"account {name}: {host}:{port}"
    context = ssl.create_default_context(cafile=account.ca_file) if account.ca_file else None
    if context is None and account.security != "none":
        context = ssl.create_default_context()
    try:
        imap = IMAPClient(
            host, port, ssl=account.security == "tls", ssl_context=context, timeout=timeout
        )
        if account.security == "starttls":
            imap.starttls(context)
    except socket.gaierror:
        raise SyncError(
            f"account {name}: unknown host {host!r} (check `host` and the network)"
        ) from None
    except ssl.SSLCertVerificationError as exc:
        raise SyncError(
            f"{where}: TLS certificate not trusted ({exc.verify_message}); check `host`, or "
            "set `ca_file` for a self-signed server"
        ) from None
    except ssl.SSLError as exc:
        raise SyncError(
            f"{where}: TLS handshake failed ({exc.reason}); check `security` and `port`"
        ) from None
    except (ConnectionRefusedError, TimeoutError) as exc:
        raise SyncError(
            f"{where}: cannot connect ({exc.__class__.__name__}); check `host`, `port` and "
            "that the server is up"
        ) from None
    except (imaplib.IMAP4.abort, ConnectionResetError, BrokenPipeError, EOFError):
        raise  # dropped after connecting: the caller reconnects
    except (OSError, IMAPClientError) as exc:
        raise SyncError(f"{where}: cannot connect ({exc}); check `host` and `port`") from None
    try:
        _login(imap, name, account)
    except SecretError as exc:
        _close(imap)
        raise SyncError(exc.message) from None
    except LoginError:
        _close(imap)
        raise SyncError(
            f"{where}: login as {account.username!r} refused; check `username` and the "
            "password (or token) source"
        ) from None
    capabilities = imap.capabilities()
    if b"CONDSTORE" in capabilities and b"ENABLE" in capabilities:
        # Before any SELECT, so that every SELECT reports HIGHESTMODSEQ (RFC 7162).
        imap.enable("CONDSTORE")
    return imap


def _login(imap: IMAPClient, name: str, account: AccountConfig) -> None:
    what = f"account {name}"
    if account.auth == "xoauth2":
        imap.oauth2_login(account.username, resolve_oauth2_token(account, what=what))
    else:
        imap.login(account.username, resolve_password(account, account.username, what=what))


def _close(imap: IMAPClient | None) -> None:
    if imap is None:
        return
    with suppress(Exception):
        imap.logout()
    with suppress(Exception):
        imap.shutdown()


@dataclass(frozen=True, slots=True)
class WatchedFolder:
    """A folder to sync and how: incoming mail (full) or the owner's Sent (headers only)."""

    name: str
    role: str = ""
    """"" for incoming, "sent" for the Sent folder."""


def watched_folders(imap: IMAPClient, account: AccountConfig) -> list[WatchedFolder]:
    """The configured folders that exist, then the Sent folder (configured or SPECIAL-USE)."""
    listing = imap.list_folders()
    existing = {name for _, _, name in listing}
    folders = [WatchedFolder(f) for f in account.folders if f in existing or f == "INBOX"]
    sent = account.sent_folder
    if sent is None:
        sent = next((name for flags, _, name in listing if b"\\Sent" in flags), None)
    if sent and sent in existing and sent not in account.folders:
        folders.append(WatchedFolder(sent, "sent"))
    return folders


class AccountSync:
    """Brings one account's folders up to date over one connection."""

    def __init__(
        self,
        name: str,
        account: AccountConfig,
        store: Store,
        *,
        classify: Classifier | None = None,
        batch: int = BATCH,
        parse_workers: int | None = None,
    ) -> None:
        self.name = name
        self.account = account
        self.store = store
        self.classify = classify
        self.batch = batch
        if parse_workers is None:
            # A classifier the workers cannot run keeps the storing thread as busy as a
            # parse worker: leave it a core.
            pooled = classify is None or isinstance(classify, StoreClassifier)
            parse_workers = max(1, _cpu_count() - (0 if pooled else 1))
        self.parse_workers = parse_workers
        """Processes parsing big syncs (0: parse in the connection thread)."""
        self.bytes_fetched = 0
        """Body and header bytes received (for tests and the benchmark)."""
        self._late_sent: set[str] = set()
        """Owner's Message-IDs stored since the parse workers' context was read."""

    # --- one folder ------------------------------------------------------------------------

    def sync_folder(self, imap: IMAPClient, folder: WatchedFolder) -> Iterator[SyncEvent]:
        """Fetch what is new in `folder`, then flag changes and expunges."""
        condstore = b"CONDSTORE" in imap.capabilities()
        selected = imap.select_folder(folder.name, readonly=True)
        status = FolderStatus(
            uidvalidity=int(selected[b"UIDVALIDITY"]),
            uidnext=int(selected[b"UIDNEXT"]) if b"UIDNEXT" in selected else None,
            exists=int(selected.get(b"EXISTS", 0)),
            highestmodseq=(
                int(selected[b"HIGHESTMODSEQ"]) if b"HIGHESTMODSEQ" in selected else None
            ),
        )
        state = syncstate.folder_state(self.store, self.name, folder.name)
        plan = plan_folder(state, status, condstore=condstore)
        changed: list[int] = []
        highest = plan.fetch_after
        if plan.remap:
            highest, gone = self._remap(imap, folder, status)
            changed.extend(gone)
        if not plan.nothing_new:
            uids = sorted(u for u in imap.search(["UID", f"{highest + 1}:*"]) if u > highest)
            if uids:
                yield from self._fetch_new(imap, folder, status, uids, condstore)
                highest = uids[-1]
            if not plan.remap and state.uidvalidity is not None:
                changed.extend(self._flags(imap, folder, status, plan.flags_since, highest))
        changed.extend(self._expunges(imap, folder, status))
        with self.store.db.atomic():
            syncstate.save_folder(
                self.store,
                self.name,
                folder.name,
                role=folder.role,
                uidvalidity=status.uidvalidity,
                uidnext=status.uidnext,
                highest_uid=max(highest, state.highest_uid if not plan.remap else 0),
                highestmodseq=status.highestmodseq,
                keep_modseq=False,
            )
        if changed:
            yield SyncEvent("changed", self.name, folder.name, ids=tuple(sorted(set(changed))))
        yield SyncEvent("folder_synced", self.name, folder.name)

    def _remap(
        self, imap: IMAPClient, folder: WatchedFolder, status: FolderStatus
    ) -> tuple[int, list[int]]:
        # UIDVALIDITY changed: keep rows (and their verdicts) by matching Message-IDs.
        by_id: dict[str, list[int]] = defaultdict(list)
        fetched = (
            fetch_range(imap, "1:*", ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
            if status.exists
            else {}
        )
        for uid, data in fetched.items():
            raw = next((v for k, v in data.items() if k.startswith(b"BODY[HEADER")), b"")
            message = parse_fetched(raw or b"", b"")
            if message.message_id:
                by_id[message.message_id].append(uid)
        with self.store.db.atomic():
            mapped, gone = syncstate.remap_uidvalidity(
                self.store, self.name, folder.name, status.uidvalidity, by_id
            )
            # Everything above the lowest unmatched UID is fetched again; matched rows are
            # skipped by the store's unique (folder, uidvalidity, uid) index.
            unmatched = [u for u in fetched if u not in mapped]
            highest = (min(unmatched) - 1) if unmatched else max(fetched, default=0)
            syncstate.save_folder(
                self.store,
                self.name,
                folder.name,
                role=folder.role,
                uidvalidity=status.uidvalidity,
                highest_uid=highest,
                highestmodseq=None,
                keep_modseq=False,
            )
        return highest, gone

    def _fetch_new(
        self,
        imap: IMAPClient,
        folder: WatchedFolder,
        status: FolderStatus,
        uids: list[int],
        condstore: bool,
    ) -> Iterator[SyncEvent]:
        batches = [uids[i : i + self.batch] for i in range(0, len(uids), self.batch)]
        # A pipeline: one thread owns the connection and only moves bytes; the parsing
        # (imapclient's response parser, BODYSTRUCTURE, the email parser, the rows' JSON)
        # runs in worker processes for big syncs; this thread owns the store and writes
        # each batch as it comes out, in order.
        workers = self.parse_workers if len(uids) >= PARALLEL_MIN else 0
        # The workers also classify, with the store's context read once for the folder
        # (`_store_batch` redoes the few replies to owner mail stored meanwhile).
        context = (
            self.classify.context(self.store)
            if workers > 0 and folder.role != "sent" and isinstance(self.classify, StoreClassifier)
            else None
        )
        self._late_sent = set()
        parsers: Executor = parse_pool(workers, context) if workers > 0 else InlineExecutor()
        ready: queue.Queue[tuple[list[int], Future[Built]] | None] = queue.Queue(maxsize=2)
        halt = threading.Event()
        where = Location(self.name, folder.name, status.uidvalidity)
        done = 0
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="imap-fetch") as fetcher:
                downloading = fetcher.submit(
                    self._download, imap, folder, where, batches, condstore, parsers, ready, halt
                )
                while (item := _next(ready, downloading)) is not None:
                    batch, building = item
                    new_ids = self._store_batch(folder, status, batch, building.result())
                    del item, building  # not held while the next batch is awaited
                    done += len(batch)
                    yield SyncEvent("progress", self.name, folder.name, done=done, total=len(uids))
                    if new_ids:
                        yield SyncEvent("stored", self.name, folder.name, ids=tuple(new_ids))
                downloading.result()  # a dropped connection is raised here
        finally:
            halt.set()
            parsers.shutdown(wait=False, cancel_futures=True)

    def _download(
        self,
        imap: IMAPClient,
        folder: WatchedFolder,
        where: Location,
        batches: list[list[int]],
        condstore: bool,
        parsers: Executor,
        ready: queue.Queue[tuple[list[int], Future[Built]] | None],
        halt: threading.Event,
    ) -> None:
        """Fetch every batch (the connection thread), handing the answers to `parsers`.

        The text parts of batch k are fetched after the first FETCH of batch k+1, so the
        workers parse batch k's BODYSTRUCTUREs while the network is busy.
        """
        sent = folder.role == "sent"
        items = ["RFC822.SIZE", "FLAGS", "BODY.PEEK[HEADER]"]
        if condstore:
            items.append("MODSEQ")
        if not sent:
            items.append("BODYSTRUCTURE")
        waiting: deque[tuple[list[int], Future[list[Head]]]] = deque()

        def texts(batch: list[int], heads: Future[list[Head]]) -> None:
            got = heads.result()
            answers = [
                (section, fetch_raw(imap, members, [f"BODY.PEEK[{section}]<0.{TEXT_LIMIT}>"]))
                for section, members in text_sections(got).items()
            ]
            building = parsers.submit(build_rows, where, sent, got, answers, classify=not sent)
            while not halt.is_set():
                with suppress(queue.Full):
                    ready.put((batch, building), timeout=0.2)
                    return

        try:
            for batch in batches:
                if halt.is_set():
                    return
                raw = fetch_raw(imap, batch, items)
                waiting.append((batch, parsers.submit(read_heads, raw, batch, structure=not sent)))
                if len(waiting) > 1:
                    texts(*waiting.popleft())
            while waiting and not halt.is_set():
                texts(*waiting.popleft())
        finally:
            while not halt.is_set():
                with suppress(queue.Full):
                    ready.put(None, timeout=0.2)
                    break

    def _store_batch(
        self,
        folder: WatchedFolder,
        status: FolderStatus,
        uids: list[int],
        built: Built,
    ) -> list[int]:
        sent = folder.role == "sent"
        self.bytes_fetched += built.fetched_bytes
        redo: list[int] = []
        with self.store.db.atomic():
            added = self.store.add_imap_rows(built.rows)
            if sent:
                for uid in sorted(added):
                    syncstate.add_contacts(self.store, built.messages[uid])
            elif built.verdicts is not None:
                # Classified in the workers, as it was parsed; a reply to owner mail stored
                # after their context was read is classified again here.
                threads = built.threads or {}
                late = self._late_sent
                redo = [pk for uid, pk in added.items() if threads.get(uid, frozenset()) & late]
                write_verdicts(
                    self.store,
                    [
                        (pk, built.verdicts[uid])
                        for uid, pk in sorted(added.items())
                        if pk not in redo
                    ],
                )
                late.update(built.owner_sent)
            syncstate.save_folder(
                self.store,
                self.name,
                folder.name,
                role=folder.role,
                uidvalidity=status.uidvalidity,
                highest_uid=uids[-1],
            )
        new_ids = [added[uid] for uid in sorted(added)]
        if built.verdicts is not None:
            if redo and self.classify is not None:
                self.classify(self.store, redo)
        elif new_ids and not sent and self.classify is not None:
            self.classify(self.store, new_ids)
        return [] if sent else new_ids

    def _flags(
        self,
        imap: IMAPClient,
        folder: WatchedFolder,
        status: FolderStatus,
        since: int | None,
        highest: int,
    ) -> list[int]:
        if highest <= 0:
            return []
        if since is not None:
            fetched = fetch_range(imap, f"1:{highest}", ["FLAGS"], [f"CHANGEDSINCE {since}"])
        else:
            fetched = fetch_range(imap, f"1:{highest}", ["FLAGS"])
        changes: dict[int, tuple[str, int | None]] = {}
        for uid, data in fetched.items():
            modseq = data.get(b"MODSEQ")
            changes[uid] = (
                fetched_flags(data),
                int(modseq[0]) if modseq else None,
            )
        with self.store.db.atomic():
            return syncstate.update_flags(
                self.store, self.name, folder.name, status.uidvalidity, changes
            )

    def _expunges(self, imap: IMAPClient, folder: WatchedFolder, status: FolderStatus) -> list[int]:
        local = syncstate.stored_uids(self.store, self.name, folder.name, status.uidvalidity)
        if len(local) == status.exists:
            return []  # nothing stored is missing: UIDs only grow and all new ones are stored
        on_server = set(imap.search("ALL")) if status.exists else set()
        gone = [pk for uid, pk in local.items() if uid not in on_server]
        with self.store.db.atomic():
            return syncstate.mark_expunged(self.store, gone)

    # --- a whole account -------------------------------------------------------------------

    def sync_all(self, imap: IMAPClient) -> Iterator[SyncEvent]:
        """Sync every watched folder once, the Sent folder first.

        Sent goes first so that incoming mail is classified knowing whom the owner has
        written to. Then messages still without a verdict (a run killed between storing a
        batch and classifying it) are classified, and verdicts an older version of the
        classifier made are made again (labelled ones are kept).
        """
        folders = watched_folders(imap, self.account)
        for folder in sorted(folders, key=lambda f: f.role != "sent"):
            yield from self.sync_folder(imap, folder)
        if self.classify is None:
            return
        for name, ids in syncstate.unclassified(self.store, self.name, MODEL_VERSION).items():
            for start in range(0, len(ids), self.batch):
                self.classify(self.store, ids[start : start + self.batch])
            yield SyncEvent("changed", self.name, name, ids=tuple(ids))


def _next(
    ready: queue.Queue[tuple[list[int], Future[Built]] | None], downloading: Future[None]
) -> tuple[list[int], Future[Built]] | None:
    """The next batch the connection thread handed over; None once it is finished."""
    while True:
        try:
            return ready.get(timeout=0.2)
        except queue.Empty:
            if downloading.done() and ready.empty():
                return None


def fetch_raw(
    imap: IMAPClient, uids: str | Sequence[int], data: Sequence[str], modifiers: Sequence[str] = ()
) -> RawFetch:
    """UID FETCH, the answer left unparsed (imaplib's untagged FETCH data).

    `uids` is a range such as "1:500" or "1:*", or a list of UIDs (sent as ranges).
    imapclient's own `fetch` parses the answer where it arrives, in the connection thread;
    this leaves that to whoever needs it (the parse workers).
    """
    ids = uids if isinstance(uids, str) else join_message_ids(list(uids))
    args = ["UID", "FETCH", ids, seq_to_parenstr_upper(data)]
    if modifiers:
        args.append(seq_to_parenstr_upper(modifiers))
    raw = imap._imap  # noqa: SLF001 - imapclient's own fetch does the same
    tag = raw._command(*args)  # noqa: SLF001
    typ, answer = raw._command_complete("FETCH", tag)  # noqa: SLF001
    imap._checkok("fetch", typ, answer)  # noqa: SLF001
    typ, answer = raw._untagged_response(typ, answer, "FETCH")  # noqa: SLF001
    return list(answer) if answer != [None] else []


def fetch_range(
    imap: IMAPClient, uids: str, data: Sequence[str], modifiers: Sequence[str] = ()
) -> dict[int, dict[bytes, Any]]:
    """UID FETCH over a UID range such as "1:500" or "1:*", parsed.

    imapclient 4's `fetch` keeps only the UIDs it was given one by one, which would mean
    sending thousands of UIDs; this sends the range and keeps every answer.
    """
    parsed: dict[int, dict[bytes, Any]] = parse_fetch_response(
        fetch_raw(imap, uids, data, modifiers), True, True
    )
    return parsed


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class SyncWorker:
    """Syncs an account, then waits for push (IDLE) and syncs again, until stopped.

    Iterate `events()` in one thread (it opens its own store there); call `stop()` from any
    thread to end it: within about half a second while idling, after the current batch while
    syncing (closing the generator ends it at once). Dropped connections are retried with
    back-off (reported as "reconnecting" events); an error a retry cannot fix (wrong
    password, unknown host, untrusted certificate) ends the iteration with SyncError.
    """

    def __init__(
        self,
        name: str,
        account: AccountConfig,
        store_path: Path,
        *,
        classify: Classifier | None = None,
        poll_every: float = 300.0,
        timeout: float = 30.0,
    ) -> None:
        self.name = name
        self.account = account
        self.store_path = store_path
        self.classify = classify
        self.poll_every = poll_every
        """Seconds between syncs of the folders other than the one IDLE watches."""
        self.timeout = timeout
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the worker to finish (thread-safe; `events()` returns soon after)."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        """True once `stop()` was called."""
        return self._stop.is_set()

    def events(self) -> Iterator[SyncEvent]:
        """Sync, then idle on the first watched folder, yielding what happens."""
        store = Store.open(self.store_path)
        sync = AccountSync(self.name, self.account, store, classify=self.classify)
        attempt = 0
        try:
            while not self._stop.is_set():
                imap: IMAPClient | None = None
                try:
                    imap = connect(self.name, self.account, timeout=self.timeout)
                    attempt = 0
                    for event in sync.sync_all(imap):
                        yield event
                        if self._stop.is_set():
                            return
                    yield from self._idle(imap, sync)
                except DROPPED as exc:
                    if isinstance(exc, ssl.SSLCertVerificationError):
                        raise
                    delay = backoff(attempt)
                    attempt += 1
                    yield SyncEvent("reconnecting", self.name, detail=_describe(exc), delay=delay)
                    self._stop.wait(delay)
                finally:
                    _close(imap)
        finally:
            store.close()

    def _idle(self, imap: IMAPClient, sync: AccountSync) -> Iterator[SyncEvent]:
        folders = watched_folders(imap, self.account)
        if not folders:
            self._stop.wait()
            return
        watched = folders[0]
        last_poll = time.monotonic()
        while not self._stop.is_set():
            imap.select_folder(watched.name, readonly=True)
            imap.idle()
            yield SyncEvent("idle", self.name, watched.name)
            started = time.monotonic()
            news: list[Any] = []
            quick_empty = 0
            while not self._stop.is_set() and not news:
                asked = time.monotonic()
                news = imap.idle_check(timeout=0.5)
                # imapclient's idle_check swallows EOF and answers [] at once: a closed
                # socket shows up only as empty answers that did not wait.
                if not news and time.monotonic() - asked < 0.25:
                    quick_empty += 1
                    if quick_empty >= 3:
                        raise ConnectionError("connection closed by the server during IDLE")
                else:
                    quick_empty = 0
                if time.monotonic() - started > IDLE_RENEW:
                    break
                if time.monotonic() - last_poll > self.poll_every:
                    break
            imap.idle_done()
            if self._stop.is_set():
                return
            yield from sync.sync_folder(imap, watched)
            if time.monotonic() - last_poll > self.poll_every:
                for folder in folders[1:]:
                    yield from sync.sync_folder(imap, folder)
                last_poll = time.monotonic()


def _describe(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"[:200]


def sync_once(
    name: str,
    account: AccountConfig,
    store: Store,
    *,
    classify: Classifier | None = None,
    attempts: int = 5,
    timeout: float = 30.0,
    batch: int = BATCH,
    sleep: Callable[[float], object] = time.sleep,
) -> Iterator[SyncEvent]:
    """Bring `account` up to date once (the `triage sync` command), reconnecting on drops.

    A misconfigured account (unknown host, connection refused on the first try, untrusted
    certificate, login refused) is an error at once; a connection dropped at any point,
    during login included, is retried up to `attempts` times with back-off.

    Raises:
        SyncError: the account cannot be reached or logged into, or kept dropping.
    """
    sync = AccountSync(name, account, store, classify=classify, batch=batch)
    failures = 0
    connected_once = False
    while True:
        imap: IMAPClient | None = None
        try:
            try:
                imap = connect(name, account, timeout=timeout)
            except SyncError:
                if not connected_once:
                    raise
                raise _Dropped from None
            connected_once = True
            yield from sync.sync_all(imap)
            return
        except (*DROPPED, _Dropped) as exc:  # type: ignore[misc]
            if isinstance(exc, ssl.SSLCertVerificationError):
                raise SyncError(f"account {name}: TLS certificate not trusted") from None
            failures += 1
            if failures > attempts:
                raise SyncError(
                    f"account {name}: connection to {account.host} kept dropping "
                    f"({_describe(exc)}); try again later"
                ) from None
            delay = backoff(failures - 1)
            yield SyncEvent("reconnecting", name, detail=_describe(exc), delay=delay)
            sleep(delay)
        finally:
            _close(imap)


class _Dropped(Exception):
    """A reconnect failed after the account had already worked once."""
