"""Replies for an IMAP account: real Dovecot and aiosmtpd; Sent copy, \\Answered, move, Drafts."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from tests.adapters.test_outbox_smtp import CASES
from tests.support.dovecot import Dovecot, free_port
from tests.support.smtp import SmtpServer
from triage.actions import ActionService, OutboxRunner
from triage.adapters.imap import sync_once
from triage.adapters.outbox import MAX_POST_ATTEMPTS, get_item, retry
from triage.adapters.store import Store
from triage.adapters.templates import samples_dir
from triage.config import Settings, parse_settings
from triage.core.actions import Action

pytestmark = pytest.mark.dovecot

OWNER = {"name": "Jordan Avery", "addresses": ["jordan@averyworks.example"]}


class Clock:
    def __init__(self) -> None:
        self.t = 2_000_000.0

    def __call__(self) -> float:
        return self.t


def settings_for(dovecot: Dovecot, smtp: dict[str, Any] | None, **replies: Any) -> Settings:
    account = dovecot.account_config().model_dump(exclude_none=True)
    if smtp is not None:
        account["smtp"] = smtp
    return parse_settings(
        {"owner": OWNER, "accounts": {"work": account}, "replies": {"undo_seconds": 5, **replies}}
    )


def deliver_and_sync(dovecot: Dovecot, store: Store, settings: Settings, sample: str) -> int:
    dovecot.append("INBOX", (samples_dir() / sample).read_bytes())
    list(sync_once("work", settings.accounts["work"], store))
    row = store.db.execute(
        "SELECT id FROM messages WHERE folder = 'INBOX' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    category = {"blind": "blind_intro", "sales": "sales_pitch", "opt": "opt_in"}[
        sample.split("_")[0]
    ]
    store.db.execute(
        "INSERT INTO verdicts (message_pk, category, confidence, classified_ts) "
        "VALUES (?, ?, 1, 0)",
        [row[0], category],
    )
    return int(row[0])


def folder_messages(dovecot: Dovecot, folder: str) -> dict[int, dict[bytes, Any]]:
    imap = dovecot.client()
    imap.select_folder(folder, readonly=True)
    uids = imap.search("ALL")
    return dict(imap.fetch(uids, ["FLAGS", "BODY.PEEK[]"])) if uids else {}


def test_reply_is_filed_in_sent_and_original_answered_and_moved(
    dovecot: Dovecot, smtp_server: SmtpServer, store: Store
) -> None:
    clock = Clock()
    settings = settings_for(dovecot, smtp_server.smtp_config(), move_to={"accept": "Archive"})
    pk = deliver_and_sync(dovecot, store, settings, "blind_intro_cc.eml")
    done = ActionService(store, settings, now=clock).perform(pk, Action.ACCEPT)
    clock.t += 5
    events = OutboxRunner(store.path or Path(), settings, now=clock).run_due()
    assert [e.kind for e in events] == ["sending", "sent", "filed"]
    assert "copied to Sent" in events[2].detail
    assert "original moved to Archive" in events[2].detail
    [got] = smtp_server.received
    assert "alex@kim.example" in got.rcpt_tos  # Bcc: envelope only
    sent = list(folder_messages(dovecot, "Sent").values())
    assert len(sent) == 1
    copy = sent[0][b"BODY[]"]
    assert done.message_id is not None
    assert done.message_id.encode() in copy
    assert b"\nBcc:" not in copy
    assert b"alex@kim.example" not in copy.split(b"\r\n\r\n", 1)[0]
    assert b"\\Seen" in sent[0][b"FLAGS"]
    assert folder_messages(dovecot, "INBOX") == {}
    [archived] = folder_messages(dovecot, "Archive").values()
    assert b"\\Answered" in archived[b"FLAGS"]
    assert b"sample-blind-cc@kim.example" in archived[b"BODY[]"]


def test_follow_up_is_idempotent_and_save_sent_false_skips_the_copy(
    dovecot: Dovecot, smtp_server: SmtpServer, store: Store
) -> None:
    clock = Clock()
    settings = settings_for(dovecot, smtp_server.smtp_config(save_sent=False))
    pk = deliver_and_sync(dovecot, store, settings, "sales_pitch.eml")
    ActionService(store, settings, now=clock).perform(pk, Action.DECLINE)
    clock.t += 5
    runner = OutboxRunner(store.path or Path(), settings, now=clock)
    assert [e.kind for e in runner.run_due()] == ["sending", "sent", "filed"]
    assert folder_messages(dovecot, "Sent") == {}
    [original] = folder_messages(dovecot, "INBOX").values()
    assert b"\\Answered" in original[b"FLAGS"]
    # A follow-up run again (e.g. after a crash before it was recorded) changes nothing.
    store.db.execute("UPDATE outbox SET post_status = 'pending'")
    assert [e.kind for e in runner.run_due()] == ["filed"]
    assert len(folder_messages(dovecot, "INBOX")) == 1
    assert len(smtp_server.received) == 1


def test_sent_copy_is_not_appended_twice(
    dovecot: Dovecot, smtp_server: SmtpServer, store: Store
) -> None:
    clock = Clock()
    settings = settings_for(dovecot, smtp_server.smtp_config())
    pk = deliver_and_sync(dovecot, store, settings, "opt_in_connector.eml")
    ActionService(store, settings, now=clock).perform(pk, Action.ASK)
    clock.t += 5
    runner = OutboxRunner(store.path or Path(), settings, now=clock)
    runner.run_due()
    store.db.execute("UPDATE outbox SET post_status = 'pending'")
    events = runner.run_due()
    assert "already in Sent" in events[0].detail
    assert len(folder_messages(dovecot, "Sent")) == 1


def test_without_smtp_replies_go_to_drafts(dovecot: Dovecot, store: Store) -> None:
    clock = Clock()
    settings = settings_for(dovecot, None)
    pk = deliver_and_sync(dovecot, store, settings, "blind_intro_cc.eml")
    done = ActionService(store, settings, now=clock).perform(pk, Action.DECLINE)
    clock.t += 5
    runner = OutboxRunner(store.path or Path(), settings, now=clock)
    events = runner.run_due()
    assert [e.kind for e in events] == ["sending", "sent"]
    assert "saved to Drafts" in events[1].detail
    [draft] = folder_messages(dovecot, "Drafts").values()
    assert b"\\Draft" in draft[b"FLAGS"]
    assert done.message_id is not None
    assert done.message_id.encode() in draft[b"BODY[]"]
    [original] = folder_messages(dovecot, "INBOX").values()
    assert b"\\Answered" not in original[b"FLAGS"]  # not answered until really sent
    # Retrying the same draft (an interrupted run) does not add a second one.
    store.db.execute("UPDATE outbox SET status = 'queued'")
    assert "already in Drafts" in runner.run_due()[1].detail
    assert len(folder_messages(dovecot, "Drafts")) == 1


def test_ignore_moves_the_original_after_the_window_unless_undone(
    dovecot: Dovecot, store: Store
) -> None:
    clock = Clock()
    settings = settings_for(dovecot, None, move_to={"ignore": "Archive"})
    service = ActionService(store, settings, now=clock)
    runner = OutboxRunner(store.path or Path(), settings, now=clock)
    kept = deliver_and_sync(dovecot, store, settings, "sales_pitch.eml")
    undone = deliver_and_sync(dovecot, store, settings, "opt_in_connector.eml")
    first = service.perform(kept, Action.IGNORE)
    second = service.perform(undone, Action.IGNORE)
    assert first.outbox_id is not None
    assert first.leaves_at == clock.t + 5
    assert runner.run_due() == []
    assert service.undo(second.action_id) is True
    clock.t += 5
    events = runner.run_due()
    assert [e.kind for e in events] == ["moving", "filed"]
    assert "original moved to Archive" in events[1].detail
    [archived] = folder_messages(dovecot, "Archive").values()
    assert b"sample-pitch@growthco.example" in archived[b"BODY[]"]
    assert b"\\Answered" not in archived[b"FLAGS"]
    [left] = folder_messages(dovecot, "INBOX").values()
    assert b"sample-optin-ask@lee.example" in left[b"BODY[]"]
    assert service.handled(kept) is Action.IGNORE
    assert service.handled(undone) is None
    assert service.undo(first.action_id) is True  # an ignore can always be taken back


def test_every_action_and_category_is_threaded_filed_and_answered(
    dovecot: Dovecot, smtp_server: SmtpServer, store: Store
) -> None:
    clock = Clock()
    settings = settings_for(dovecot, smtp_server.smtp_config())
    service = ActionService(store, settings, now=clock)
    expected: dict[str, tuple[int, str, list[str], list[str], list[str]]] = {}
    for n, (sample, action, to, cc, bcc) in enumerate(CASES):
        raw = (samples_dir() / sample).read_bytes()
        original_id = f"<case-{n}@cases.example>"
        raw = re.sub(rb"(?m)^Message-ID: .*$", f"Message-ID: {original_id}".encode(), raw)
        uid = dovecot.append("INBOX", raw)
        list(sync_once("work", settings.accounts["work"], store))
        pk = int(
            store.db.execute(
                "SELECT id FROM messages WHERE message_id = ?", [original_id]
            ).fetchone()[0]
        )
        category = {"blind": "blind_intro", "sales": "sales_pitch", "opt": "opt_in"}.get(
            sample.split("_")[0], "other"
        )
        store.db.execute(
            "INSERT INTO verdicts (message_pk, category, confidence, classified_ts) "
            "VALUES (?, ?, 1, 0)",
            [pk, category],
        )
        done = service.perform(pk, Action(action))
        assert done.message_id is not None
        expected[done.message_id] = (uid, original_id, to, cc, bcc)
    clock.t += 5
    events = OutboxRunner(store.path or Path(), settings, now=clock).run_due()
    assert [e.kind for e in events].count("sent") == len(CASES)
    assert [e.kind for e in events].count("filed") == len(CASES)
    received = {r.message["Message-ID"]: r for r in smtp_server.received}
    assert received.keys() == expected.keys()
    sent_copies = {
        message_from_bytes(data[b"BODY[]"], policy=policy.default)["Message-ID"]: data[b"BODY[]"]
        for data in folder_messages(dovecot, "Sent").values()
    }
    assert sent_copies.keys() == expected.keys()
    inbox = folder_messages(dovecot, "INBOX")
    for message_id, (uid, original_id, to, cc, bcc) in expected.items():
        got = received[message_id]
        assert sorted(got.rcpt_tos) == sorted(to + cc + bcc), message_id
        reply = got.message
        assert reply["In-Reply-To"] == original_id
        assert reply["References"].split()[-1] == original_id
        assert [a.addr_spec for a in reply["To"].addresses] == to
        head = sent_copies[message_id].split(b"\r\n\r\n", 1)[0]
        assert b"\nBcc:" not in head
        for hidden in bcc:
            assert hidden.encode() not in head
        assert b"\\Answered" in inbox[uid][b"FLAGS"], original_id


def test_filing_waits_while_imap_is_down_and_sends_nothing_twice(
    dovecot: Dovecot, smtp_server: SmtpServer, store: Store
) -> None:
    clock = Clock()
    settings = settings_for(dovecot, smtp_server.smtp_config())
    pk = deliver_and_sync(dovecot, store, settings, "sales_pitch.eml")
    ActionService(store, settings, now=clock).perform(pk, Action.DECLINE)
    clock.t += 5
    work = settings.accounts["work"]
    down = settings.model_copy(
        update={"accounts": {"work": work.model_copy(update={"port": free_port()})}}
    )
    events = OutboxRunner(store.path or Path(), down, now=clock).run_due()
    assert [e.kind for e in events] == ["sending", "sent", "file_retry"]
    assert "cannot connect" in events[2].detail
    assert len(smtp_server.received) == 1
    runner = OutboxRunner(store.path or Path(), settings, now=clock)
    assert runner.run_due() == []  # backing off
    clock.t += 60
    assert [e.kind for e in runner.run_due()] == ["filed"]
    assert len(folder_messages(dovecot, "Sent")) == 1
    assert len(smtp_server.received) == 1


def test_failed_filing_can_be_retried(
    dovecot: Dovecot, smtp_server: SmtpServer, store: Store
) -> None:
    clock = Clock()
    settings = settings_for(dovecot, smtp_server.smtp_config())
    pk = deliver_and_sync(dovecot, store, settings, "sales_pitch.eml")
    done = ActionService(store, settings, now=clock).perform(pk, Action.DECLINE)
    work = settings.accounts["work"]
    down = settings.model_copy(
        update={"accounts": {"work": work.model_copy(update={"port": free_port()})}}
    )
    broken = OutboxRunner(store.path or Path(), down, now=clock)
    kinds: list[str] = []
    for _ in range(MAX_POST_ATTEMPTS):
        clock.t += 10_000
        kinds += [e.kind for e in broken.run_due()]
    assert kinds[-1] == "file_failed"
    item = get_item(store, done.outbox_id or 0)
    assert item is not None
    assert (item.status, item.post_status) == ("sent", "failed")
    assert retry(store, item.id, now=clock.t) is True
    assert [e.kind for e in OutboxRunner(store.path or Path(), settings, now=clock).run_due()] == [
        "filed"
    ]
    assert len(smtp_server.received) == 1
