"""IMAP sync against a real Dovecot: first and incremental sync, flags, expunges, UIDVALIDITY,
attachments left on the server, IDLE push, dropped connections, bad credentials."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest

from tests.support.dovecot import CuttingProxy, Dovecot
from triage.adapters import imap as imap_module
from triage.adapters.imap import AccountSync, SyncWorker, connect, sync_once
from triage.adapters.store import Store
from triage.core.sync import SyncEvent
from triage.errors import SyncError


def mail(
    n: int,
    *,
    attachment: int = 0,
    html: bool = False,
    to: str = "jordan@averyworks.example",
    sender: str = "ann@example.org",
    message_id: str | None = None,
) -> bytes:
    """A realistic message; `attachment` bytes of PDF when asked."""
    msg = EmailMessage()
    msg["From"] = f"Ann Example <{sender}>"
    msg["To"] = to
    msg["Subject"] = f"Message {n}"
    msg["Date"] = format_datetime(datetime(2026, 1, 1 + n % 28, 9, 0, tzinfo=UTC))
    msg["Message-ID"] = message_id or make_msgid(f"m{n}", "example.org")
    text = f"Hello Jordan, this is message number {n}.\n" * 3
    if html:
        msg.set_content(f"<html><body><p>{text}</p></body></html>", subtype="html")
    else:
        msg.set_content(text)
    if attachment:
        msg.add_attachment(
            os.urandom(attachment), maintype="application", subtype="pdf", filename="deck.pdf"
        )
    return msg.as_bytes(policy=SMTP)


def run(sync: AccountSync, dovecot: Dovecot) -> list[SyncEvent]:
    imap = connect("work", sync.account)
    try:
        return list(sync.sync_all(imap))
    finally:
        imap.logout()


def rows(store: Store) -> list[dict[str, object]]:
    return list(store.db.query("SELECT * FROM messages ORDER BY folder, uid"))


@pytest.fixture
def account_sync(dovecot: Dovecot, store: Store) -> AccountSync:
    # Verified TLS, as triage defaults to (the fixture's CA trusted through `ca_file`).
    return AccountSync("work", dovecot.tls_account(), store)


def test_first_sync_incremental_and_sent(
    dovecot: Dovecot, store: Store, account_sync: AccountSync
) -> None:
    dovecot.append("INBOX", mail(1))
    dovecot.append("INBOX", mail(2, html=True))
    big = mail(3, attachment=1_500_000)
    dovecot.append("INBOX", big)
    dovecot.append("Sent", mail(4, to="Bob Buyer <bob@buyer.example>", sender="jordan@a.example"))

    events = run(account_sync, dovecot)

    assert store.count() == 3
    assert store.count(include_sent=True) == 4
    stored = [e for e in events if e.kind == "stored"]
    assert sum(len(e.ids) for e in stored) == 3
    by_subject = {m.message.subject: m for m in store.messages()}
    assert "message number 2" in by_subject["Message 2"].message.text
    assert by_subject["Message 2"].message.body_format == "html"
    attached = by_subject["Message 3"].message
    assert attached.attachments[0].filename == "deck.pdf"
    assert attached.size == len(big)
    # Attachments never leave the server: far fewer bytes fetched than the big message.
    assert account_sync.bytes_fetched < 20_000 < len(big)
    contact = store.db.execute("SELECT name, written_count FROM contacts").fetchall()
    assert contact == [("Bob Buyer", 1)]
    sent_row = store.db.execute("SELECT is_sent, body_text FROM messages WHERE folder='Sent'")
    assert sent_row.fetchone() == (1, "")

    # Incremental: nothing new stores nothing; one new message stores one.
    again = run(account_sync, dovecot)
    assert not [e for e in again if e.kind == "stored"]
    dovecot.append("INBOX", mail(5))
    third = run(account_sync, dovecot)
    assert [len(e.ids) for e in third if e.kind == "stored"] == [1]
    assert store.count() == 4
    assert store.db.execute("SELECT written_count FROM contacts").fetchone() == (1,)


def test_sent_first_and_unclassified_after_an_interrupted_run(
    dovecot: Dovecot, store: Store
) -> None:
    for n in range(3):
        dovecot.append("INBOX", mail(n))
    dovecot.append("Sent", mail(9, to="Ann Example <ann@example.org>", sender="jordan@a.example"))
    account = dovecot.tls_account()

    def killed(_store: Store, _ids: Sequence[int]) -> None:
        raise KeyboardInterrupt  # dies after the batch was committed, before its verdicts

    with pytest.raises(KeyboardInterrupt):
        run(AccountSync("work", account, store, classify=killed), dovecot)
    assert store.count() == 3

    calls: list[tuple[list[int], int]] = []

    def record(seen: Store, ids: Sequence[int]) -> None:
        contacts = seen.db.execute("SELECT count(*) FROM contacts").fetchone()[0]
        calls.append((list(ids), contacts))

    events = run(AccountSync("work", account, store, classify=record), dovecot)
    found = store.db.execute("SELECT id FROM messages WHERE folder = 'INBOX' ORDER BY id")
    inbox: list[int] = [pk for (pk,) in found]
    assert sorted(i for ids, _ in calls for i in ids) == sorted(inbox)
    assert all(contacts == 1 for _, contacts in calls)  # Sent was synced first
    assert [e.ids for e in events if e.kind == "changed"] == [tuple(sorted(inbox))]


def test_verdicts_of_an_older_classifier_are_redone_but_labels_kept(
    dovecot: Dovecot, store: Store
) -> None:
    # After an upgrade (a new MODEL_VERSION) the next sync classifies stored mail again, so
    # the better judgement reaches it; the owner's corrections are never overwritten.
    from triage.adapters.verdicts import label, make_classifier
    from triage.config import Settings
    from triage.core.verdict import MODEL_VERSION

    for n in range(2):
        dovecot.append("INBOX", mail(n))
    dovecot.append("INBOX", mail(2, sender="zed@elsewhere.example"))  # learning stays with it
    settings = Settings.model_validate({"owner": {"addresses": ["jordan@averyworks.example"]}})
    sync = AccountSync("work", dovecot.tls_account(), store, classify=make_classifier(settings))
    run(sync, dovecot)
    first, second, third = (pk for (pk,) in store.db.execute("SELECT id FROM messages ORDER BY id"))
    label(store, third, "sales_pitch")
    with store.db.atomic():
        store.db.execute(
            "UPDATE verdicts SET model_version = 'signals-0', category = 'blind_intro'"
            " WHERE message_pk IN (?, ?)",
            [first, third],
        )

    events = run(sync, dovecot)

    verdicts = dict(
        (pk, (category, version))
        for pk, category, version in store.db.execute(
            "SELECT message_pk, category, model_version FROM verdicts"
        )
    )
    assert verdicts[first] == ("other", MODEL_VERSION)  # redone
    assert verdicts[second] == ("other", MODEL_VERSION)  # current: untouched
    assert verdicts[third] == ("blind_intro", "signals-0")  # labelled: kept as it is
    assert [e.ids for e in events if e.kind == "changed"] == [(first,)]


def test_sync_never_sets_seen(dovecot: Dovecot, account_sync: AccountSync) -> None:
    uid = dovecot.append("INBOX", mail(1))
    run(account_sync, dovecot)
    imap = dovecot.client()
    imap.select_folder("INBOX", readonly=True)
    assert b"\\Seen" not in imap.get_flags([uid])[uid]


def test_flag_change_and_expunge(dovecot: Dovecot, store: Store, account_sync: AccountSync) -> None:
    uids = [dovecot.append("INBOX", mail(n)) for n in range(3)]
    run(account_sync, dovecot)
    imap = dovecot.client()
    imap.select_folder("INBOX")
    imap.add_flags([uids[0]], [b"\\Flagged"])
    imap.delete_messages([uids[1]])
    imap.expunge()

    events = run(account_sync, dovecot)

    changed = {i for e in events if e.kind == "changed" for i in e.ids}
    state = {r["uid"]: r for r in rows(store)}
    assert "\\Flagged" in str(state[uids[0]]["flags"]).split()
    assert state[uids[1]]["expunged"] == 1
    assert state[uids[2]]["expunged"] == 0
    assert changed == {state[uids[0]]["id"], state[uids[1]]["id"]}
    assert store.count() == 2


def test_uidvalidity_change_keeps_ids_and_verdicts(dovecot: Dovecot, store: Store) -> None:
    raws = [mail(n) for n in range(3)]
    for raw in raws:
        dovecot.append("Asks", raw)
    sync = AccountSync("work", dovecot.tls_account(folders=["INBOX", "Asks"]), store)
    run(sync, dovecot)
    before = {r["message_id"]: r["id"] for r in rows(store) if r["folder"] == "Asks"}
    old_validity = store.db.execute("SELECT uidvalidity FROM folders WHERE folder='Asks'")
    by_subject = {r["subject"]: r["id"] for r in rows(store) if r["folder"] == "Asks"}
    gone, kept = by_subject["Message 0"], by_subject["Message 1"]  # Message 0 will vanish
    for pk in (gone, kept):
        store.db.execute(
            "INSERT INTO verdicts (message_pk, category, confidence, classified_ts) "
            "VALUES (?, 'blind_intro', 0.9, 0)",
            [pk],
        )
        store.db.execute(
            "INSERT INTO actions (message_pk, action, created_ts) VALUES (?, 'decline', 0)", [pk]
        )
    store.db.conn.commit()
    # Recreate the folder: the server hands out a new UIDVALIDITY; one message is gone and
    # one is new.
    imap = dovecot.client()
    imap.delete_folder("Asks")
    time.sleep(1.1)  # Dovecot's UIDVALIDITY is time-based
    for raw in raws[1:]:
        dovecot.append("Asks", raw)
    dovecot.append("Asks", mail(9))

    run(sync, dovecot)

    after = [r for r in rows(store) if r["folder"] == "Asks"]
    new_validity = store.db.execute("SELECT uidvalidity FROM folders WHERE folder='Asks'")
    assert new_validity.fetchone() != old_validity.fetchone()
    assert len(after) == 4  # three kept (one marked expunged) + one new, no duplicates
    live = {r["message_id"]: r["id"] for r in after if r["expunged"] == 0}
    assert len(live) == 3
    for message_id, pk in before.items():
        if message_id in live:
            assert live[message_id] == pk  # same row, so its verdict and actions stay
    state = {r["id"]: r for r in after}
    assert state[kept]["expunged"] == 0
    assert state[gone]["expunged"] == 1
    # Verdicts and actions stay on their rows: the kept message's row is the same one.
    verdicts = store.db.execute("SELECT message_pk FROM verdicts ORDER BY 1").fetchall()
    actions = store.db.execute("SELECT message_pk, action FROM actions ORDER BY 1").fetchall()
    assert verdicts == sorted([(gone,), (kept,)])
    assert actions == sorted([(gone, "decline"), (kept, "decline")])
    # A further sync finds nothing new.
    assert not [e for e in run(sync, dovecot) if e.kind == "stored"]


def test_tls_and_starttls(dovecot: Dovecot, store: Store) -> None:
    dovecot.append("INBOX", mail(1))
    for account in (
        dovecot.account_config(security="tls"),
        dovecot.account_config(security="starttls", ca_file=str(dovecot.ca_file)),
    ):
        list(sync_once("work", account, store))
    assert store.count() == 1


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"password_command": "echo wrong"}, "login as 'jordan' refused"),
        ({"security": "tls", "ca_file": None}, "TLS certificate not trusted"),
        ({"host": "no-such-host.invalid", "security": "tls"}, "unknown host"),
        ({"password_command": "exit 2"}, "failed with exit status 2"),
    ],
)
def test_bad_account_is_one_clear_error(
    dovecot: Dovecot, store: Store, overrides: dict[str, object], expected: str
) -> None:
    dovecot.append("INBOX", mail(1))
    account = dovecot.account_config(**overrides)
    with pytest.raises(SyncError, match=expected) as info:
        list(sync_once("work", account, store))
    assert "\n" not in str(info.value)
    assert store.count(include_sent=True) == 0
    assert store.db.execute("SELECT count(*) FROM folders").fetchone() == (0,)


@pytest.mark.parametrize("pool", [False, True], ids=["inline", "parse-pool"])
def test_connection_cut_mid_fetch_resumes(
    dovecot: Dovecot, store: Store, monkeypatch: pytest.MonkeyPatch, pool: bool
) -> None:
    # Over verified TLS through the proxy; with the parse pool too (a big sync's path).
    if pool:
        monkeypatch.setattr(imap_module, "PARALLEL_MIN", 100)
    imap = dovecot.client()
    imap.multiappend("INBOX", [mail(n) for n in range(600)])
    proxy = CuttingProxy(dovecot.tls_port)
    try:
        proxy.cut_after = 150_000  # a few batches into the 600 messages (about 400 kB)
        account = dovecot.tls_account(port=proxy.port)
        delays: list[float] = []
        events = list(sync_once("work", account, store, batch=50, sleep=delays.append))
        assert proxy.cuts == 1
    finally:
        proxy.close()
    reconnects = [e for e in events if e.kind == "reconnecting"]
    assert reconnects
    assert delays == [e.delay for e in reconnects]
    assert store.count() == 600
    unique = store.db.execute(
        "SELECT count(DISTINCT message_id), count(DISTINCT uid) FROM messages"
    ).fetchone()
    assert unique == (600, 600)
    # Batches stored before the cut are not fetched again: the sync resumes after them.
    cut_at = events.index(reconnects[0])
    assert [e for e in events[:cut_at] if e.kind == "stored"]
    resumed = next(e for e in events[cut_at:] if e.kind == "progress")
    assert resumed.total < 600


def test_attachments_stay_on_the_server(dovecot: Dovecot, store: Store) -> None:
    # Counted on the wire (the proxy), not by triage's own tally.
    sizes = [len(dovecot_mail) for dovecot_mail in _with_attachments(dovecot)]
    proxy = CuttingProxy(dovecot.port)
    try:
        list(sync_once("work", dovecot.account_config(port=proxy.port), store))
    finally:
        proxy.close()
    assert store.count() == len(sizes)
    assert proxy.downstream < 0.02 * sum(sizes)
    stored = {m.message.subject: m.message for m in store.messages()}
    assert all(m.attachments and m.attachments[0].filename == "deck.pdf" for m in stored.values())
    assert all("message number" in m.text for m in stored.values())


def _with_attachments(dovecot: Dovecot) -> list[bytes]:
    raws = [mail(n, attachment=400_000 + 100_000 * n, html=n % 2 == 1) for n in range(5)]
    for raw in raws:
        dovecot.append("INBOX", raw)
    return raws


def test_condstore_flag_changes_and_quiet_resync(dovecot: Dovecot, store: Store) -> None:
    uids = [dovecot.append("INBOX", mail(n)) for n in range(50)]
    proxy = CuttingProxy(dovecot.port)
    account = dovecot.account_config(port=proxy.port)
    try:
        list(sync_once("work", account, store))
        modseq = store.db.execute("SELECT highestmodseq FROM folders WHERE folder='INBOX'")
        first_modseq = modseq.fetchone()[0]
        assert first_modseq is not None  # Dovecot has CONDSTORE: HIGHESTMODSEQ is kept
        # Nothing new: SELECT says UIDNEXT and HIGHESTMODSEQ are unchanged, so no FETCH.
        before = proxy.downstream
        events = list(sync_once("work", account, store))
        quiet = proxy.downstream - before
        assert not [e for e in events if e.kind in ("stored", "changed")]
        assert quiet < 3000  # greeting, login, LIST, SELECT: no per-message answers
        imap = dovecot.client()
        imap.select_folder("INBOX")
        imap.add_flags([uids[7]], [b"\\Flagged"])
        before = proxy.downstream
        events = list(sync_once("work", account, store))
        changed = [i for e in events if e.kind == "changed" for i in e.ids]
        after_change = proxy.downstream - before
    finally:
        proxy.close()
    row = store.db.execute("SELECT id, flags, modseq FROM messages WHERE uid = ?", [uids[7]])
    pk, flags, message_modseq = row.fetchone()
    assert changed == [pk]
    assert "\\Flagged" in flags.split()
    assert message_modseq > first_modseq
    # CHANGEDSINCE: only the changed message's flags came back, not all 50.
    assert after_change - quiet < 500


def _collect(worker: SyncWorker) -> tuple[queue.Queue[SyncEvent | BaseException], threading.Thread]:
    events: queue.Queue[SyncEvent | BaseException] = queue.Queue()

    def consume() -> None:
        try:
            for event in worker.events():
                events.put(event)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            events.put(exc)

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    return events, thread


def _wait_for(
    events: queue.Queue[SyncEvent | BaseException], kind: str, timeout: float = 10
) -> Iterator[SyncEvent]:
    deadline = time.monotonic() + timeout
    seen: list[SyncEvent] = []
    while time.monotonic() < deadline:
        try:
            event = events.get(timeout=0.1)
        except queue.Empty:
            continue
        if isinstance(event, BaseException):
            raise event
        seen.append(event)
        if event.kind == kind:
            return iter(seen)
    raise AssertionError(f"no {kind!r} event within {timeout} s: {seen}")


def test_idle_push_and_stop(dovecot: Dovecot, tmp_path: Path) -> None:
    path = tmp_path / "worker.db"
    worker = SyncWorker("work", dovecot.tls_account(), path)
    events, thread = _collect(worker)
    list(_wait_for(events, "idle"))
    delivered = time.monotonic()
    dovecot.append("INBOX", mail(1))
    stored = [e for e in _wait_for(events, "stored") if e.kind == "stored"]
    latency = time.monotonic() - delivered
    assert len(stored[-1].ids) == 1
    assert latency < 5  # generous for CI; benchmarks/sync.py measures the real figure
    worker.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_idle_survives_cut_connection(dovecot: Dovecot, tmp_path: Path) -> None:
    proxy = CuttingProxy(dovecot.tls_port)
    worker = SyncWorker("work", dovecot.tls_account(port=proxy.port), tmp_path / "w.db")
    events, thread = _collect(worker)
    try:
        list(_wait_for(events, "idle"))
        proxy.cut()
        seen = list(_wait_for(events, "idle"))
        assert [e for e in seen if e.kind == "reconnecting"]
        dovecot.append("INBOX", mail(2))
        list(_wait_for(events, "stored"))
    finally:
        worker.stop()
        thread.join(timeout=5)
        proxy.close()
    assert not thread.is_alive()
    stored = Store.open(tmp_path / "w.db")
    assert stored.count() == 1
    stored.close()


def test_idle_split_line_is_a_dropped_connection(dovecot: Dovecot, tmp_path: Path) -> None:
    # A response line split across two packets while idling makes imapclient's idle_check
    # raise AbortError (its known bug): the worker reconnects and still stores the message.
    proxy = CuttingProxy(dovecot.port)
    worker = SyncWorker("work", dovecot.account_config(port=proxy.port), tmp_path / "w.db")
    events, thread = _collect(worker)
    try:
        list(_wait_for(events, "idle"))
        proxy.split_next = 0.3
        dovecot.append("INBOX", mail(3))
        seen = list(_wait_for(events, "stored"))
    finally:
        worker.stop()
        thread.join(timeout=5)
        proxy.close()
    assert not thread.is_alive()
    drops = [e.detail for e in seen if e.kind == "reconnecting"]
    assert drops
    assert "abort" in drops[0].lower()
    stored = Store.open(tmp_path / "w.db")
    assert stored.count() == 1
    stored.close()


def test_xoauth2_login_and_refused_token(dovecot: Dovecot, store: Store) -> None:
    # The fixture's Dovecot takes XOAUTH2 and checks the bearer token against its passdb
    # like a password: the SASL string imapclient builds is read by a real server.
    dovecot.append("INBOX", mail(1))
    account = dovecot.tls_account(
        auth="xoauth2", oauth2_token_command=f"printf '%s\\n' '{dovecot.password}'"
    )
    list(sync_once("work", account, store))
    assert store.count() == 1
    assert "method=XOAUTH2" in dovecot.log
    expired = dovecot.tls_account(auth="xoauth2", oauth2_token_command="echo expired")
    with pytest.raises(SyncError, match="refused"):
        list(sync_once("work", expired, store))


@pytest.mark.parametrize("cut_after", [40, 400])
def test_connection_cut_at_login_or_select_is_retried(
    dovecot: Dovecot, store: Store, cut_after: int
) -> None:
    # 40 bytes: inside the greeting-to-login exchange; 400: around LIST/SELECT.
    dovecot.append("INBOX", mail(1))
    proxy = CuttingProxy(dovecot.port)
    try:
        proxy.cut_after = cut_after
        account = dovecot.account_config(port=proxy.port)
        events = list(sync_once("work", account, store, sleep=lambda _: None))
        assert proxy.cuts == 1
    finally:
        proxy.close()
    assert [e for e in events if e.kind == "reconnecting"]
    assert store.count() == 1


def test_big_sync_classifies_in_the_parse_workers(
    dovecot: Dovecot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A big sync classifies in the parse pool, with the context read once per folder; the
    # verdicts are the ones classifying each stored message afterwards writes, including a
    # reply to owner mail that an earlier batch of the same sync stored.
    from triage.adapters.verdicts import StoreClassifier, make_classifier, reclassify
    from triage.config import Settings

    monkeypatch.setattr(imap_module, "PARALLEL_MIN", 10)
    owner_mail = "<own-1@relay.example>"
    batch = [mail(n) for n in range(30)]
    batch[2] = mail(2, sender="jordan@averyworks.example", message_id=owner_mail)
    reply = EmailMessage()
    reply["From"] = "Ann Example <ann@example.org>"
    reply["To"] = "jordan@averyworks.example"
    reply["Subject"] = "Re: the deck"
    reply["Message-ID"] = "<reply-1@example.org>"
    reply["In-Reply-To"] = owner_mail
    reply.set_content("Thanks Jordan, could we find 30 minutes next week to go through it?")
    batch[25] = reply.as_bytes(policy=SMTP)
    dovecot.client().multiappend("INBOX", batch)
    dovecot.append("Sent", mail(90, to="Bob Buyer <bob@buyer.example>", sender="jordan@a.example"))
    settings = Settings.model_validate(
        {"owner": {"addresses": ["jordan@averyworks.example"], "name": "Jordan Avery"}}
    )
    classifier = make_classifier(settings)
    called: list[list[int]] = []
    original = StoreClassifier.__call__

    def spy(self: StoreClassifier, seen: Store, ids: Sequence[int]) -> int:
        called.append(list(ids))
        return original(self, seen, ids)

    monkeypatch.setattr(StoreClassifier, "__call__", spy)
    sync = AccountSync("work", dovecot.tls_account(), store, classify=classifier, batch=10)
    assert sync.parse_workers >= 1
    run(sync, dovecot)

    query = (
        "SELECT m.message_id, v.category, v.confidence, v.reasons_json, v.introducer_addr "
        "FROM messages m JOIN verdicts v ON v.message_pk = m.id ORDER BY m.id"
    )
    pooled = store.db.execute(query).fetchall()
    assert len(pooled) == 30
    (reply_pk,) = store.db.execute(
        "SELECT id FROM messages WHERE message_id = '<reply-1@example.org>'"
    ).fetchone()
    # Only the reply was classified in this process: everything else came from the workers.
    assert called == [[reply_pk]]
    reasons = dict(store.db.execute("SELECT message_pk, reasons_json FROM verdicts").fetchall())
    assert owner_mail in reasons[reply_pk]  # reply_to_owner's evidence
    assert reclassify(store, settings) == 30
    assert store.db.execute(query).fetchall() == pooled
