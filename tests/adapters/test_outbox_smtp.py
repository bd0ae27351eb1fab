"""Actions end to end over a real SMTP server (aiosmtpd): recipients, headers, undo, retries."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.smtp import PASSWORD, PASSWORD_ENV, TOKEN_COMMAND, USER, SmtpServer
from triage.actions import ActionError, ActionService, OutboxEvent, OutboxRunner
from triage.adapters.outbox import get_item
from triage.adapters.store import Location, Store
from triage.adapters.templates import samples_dir
from triage.config import Settings, parse_settings
from triage.core.actions import Action
from triage.core.parse import parse_message

OWNER = {"name": "Jordan Avery", "addresses": ["jordan@averyworks.example"]}
ALEX, PRIYA = "alex@kim.example", "priya@natarajan.example"
DANA, CHRIS = "dana@lee.example", "chris@fund.example"
SAM, MUM = "sam@growthco.example", "mum@family.example"


class Clock:
    """A settable clock for undo windows and back-off."""

    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


def settings_for(server: SmtpServer, **smtp: Any) -> Settings:
    return parse_settings(
        {
            "owner": OWNER,
            "replies": {"undo_seconds": 10, "local_transport": server.smtp_config(**smtp)},
        }
    )


def add_sample(store: Store, name: str) -> int:
    raw = (samples_dir() / name).read_bytes()
    message = parse_message(raw)
    pk = store.add_message(message, Location("local", "INBOX"), raw=raw)
    assert pk is not None
    category = {"blind": "blind_intro", "sales": "sales_pitch", "opt": "opt_in"}.get(
        name.split("_")[0], "other"
    )
    store.db.execute(
        "INSERT INTO verdicts (message_pk, category, confidence, classified_ts) "
        "VALUES (?, ?, 1, 0)",
        [pk, category],
    )
    return pk


# (sample, action, To, Cc, Bcc): the etiquette of issue 5, for every action x category.
CASES: list[tuple[str, str, list[str], list[str], list[str]]] = [
    ("blind_intro_cc.eml", "decline", [ALEX], [], []),
    ("blind_intro_cc.eml", "accept", [PRIYA], [], [ALEX]),
    ("blind_intro_cc.eml", "ask", [ALEX], [], []),
    ("blind_intro_namedrop.eml", "decline", [PRIYA], [], []),
    ("blind_intro_namedrop.eml", "accept", [PRIYA], [], []),
    ("blind_intro_namedrop.eml", "ask", [PRIYA], [], []),
    ("sales_pitch.eml", "decline", [SAM], [], []),
    ("sales_pitch.eml", "accept", [SAM], [], []),
    ("sales_pitch.eml", "ask", [SAM], [], []),
    ("opt_in_connector.eml", "decline", [DANA], [], []),
    ("opt_in_connector.eml", "accept", [DANA], [], []),
    ("opt_in_connector.eml", "ask", [DANA], [], []),
    ("opt_in_intro.eml", "decline", [DANA], [], []),
    ("opt_in_intro.eml", "accept", [CHRIS], [], [DANA]),
    ("opt_in_intro.eml", "ask", [DANA], [], []),
    ("other.eml", "decline", [MUM], [], []),
    ("other.eml", "accept", [MUM], [], []),
    ("other.eml", "ask", [MUM], [], []),
]


@pytest.mark.parametrize(("sample", "action", "to", "cc", "bcc"), CASES)
def test_each_action_and_category_over_smtp(
    store: Store,
    smtp_server: SmtpServer,
    sample: str,
    action: str,
    to: list[str],
    cc: list[str],
    bcc: list[str],
) -> None:
    clock = Clock()
    settings = settings_for(smtp_server)
    pk = add_sample(store, sample)
    original = store.get(pk)
    assert original is not None
    service = ActionService(store, settings, now=clock)
    done = service.perform(pk, Action(action))
    assert done.leaves_at == clock.t + 10
    runner = OutboxRunner(store.path or Path(), settings, now=clock)
    assert runner.run_due() == []  # inside the undo window nothing leaves
    clock.t += 10
    kinds = [e.kind for e in runner.run_due()]
    assert kinds == ["sending", "sent", "filed"]
    [got] = smtp_server.received
    assert sorted(got.rcpt_tos) == sorted(to + cc + bcc)
    assert got.mail_from == "jordan@averyworks.example"
    reply = got.message
    assert [a.addr_spec for a in reply["To"].addresses] == to
    assert reply["Cc"] is None if not cc else [a.addr_spec for a in reply["Cc"].addresses] == cc
    assert reply["Bcc"] is None
    for hidden in bcc:
        assert hidden.encode() not in got.data.split(b"\r\n\r\n", 1)[0]
    assert reply["In-Reply-To"] == original.message.message_id
    assert reply["References"].split()[-1] == original.message.message_id
    assert reply["Message-ID"] == done.message_id
    assert reply["Subject"].startswith("Re: ")
    assert not reply["Subject"].startswith("Re: Re:")
    assert reply["From"].addresses[0].addr_spec == "jordan@averyworks.example"
    body = reply.get_content()
    if bcc:
        assert "moving you to bcc" in body
    if action == "ask":
        for question in ("background", "benefit", "exactly", "how much time"):
            assert question in body.lower().replace("how much would it take", "how much time")
    item = get_item(store, done.outbox_id or 0)
    assert item is not None
    assert item.status == "sent"
    assert item.post_status == "done"
    flagged = store.get(pk)
    assert flagged is not None
    assert "\\Answered" in flagged.flags
    assert service.handled(pk) == Action(action)
    assert runner.run_due() == []  # nothing sent twice
    assert len(smtp_server.received) == 1


def test_undo_inside_the_window_cancels(store: Store, smtp_server: SmtpServer) -> None:
    clock = Clock()
    settings = settings_for(smtp_server)
    pk = add_sample(store, "sales_pitch.eml")
    service = ActionService(store, settings, now=clock)
    done = service.perform(pk, Action.DECLINE)
    clock.t += 9.9
    assert service.undo(done.action_id) is True
    assert service.handled(pk) is None
    clock.t += 60
    assert OutboxRunner(store.path or Path(), settings, now=clock).run_due() == []
    assert smtp_server.received == []
    item = get_item(store, done.outbox_id or 0)
    assert item is not None
    assert item.status == "cancelled"
    assert service.undo(done.action_id) is False  # already undone


def test_undo_after_sending_is_refused(store: Store, smtp_server: SmtpServer) -> None:
    clock = Clock()
    settings = settings_for(smtp_server)
    pk = add_sample(store, "sales_pitch.eml")
    service = ActionService(store, settings, now=clock)
    done = service.perform(pk, Action.DECLINE)
    clock.t += 11
    OutboxRunner(store.path or Path(), settings, now=clock).run_due()
    assert len(smtp_server.received) == 1
    assert service.undo(done.action_id) is False
    assert service.undo_last() is None
    assert service.handled(pk) is Action.DECLINE


def test_undo_last_and_double_press(store: Store, smtp_server: SmtpServer) -> None:
    clock = Clock()
    service = ActionService(store, settings_for(smtp_server), now=clock)
    first = add_sample(store, "sales_pitch.eml")
    second = add_sample(store, "other.eml")
    service.perform(first, Action.DECLINE)
    with pytest.raises(ActionError, match="already has a decline reply"):
        service.perform(first, Action.ACCEPT)
    ignored = service.perform(second, Action.IGNORE)
    assert ignored.outbox_id is None
    assert ignored.leaves_at is None
    assert service.handled(second) is Action.IGNORE
    # An ignore can be replaced by an answer after all.
    clock.t += 1
    answered = service.perform(second, Action.ACCEPT)
    assert service.handled(second) is Action.ACCEPT
    assert service.undo_last() == answered.action_id
    assert service.handled(second) is None


def test_edited_body_is_sent(store: Store, smtp_server: SmtpServer) -> None:
    clock = Clock()
    settings = settings_for(smtp_server)
    pk = add_sample(store, "sales_pitch.eml")
    ActionService(store, settings, now=clock).perform(
        pk, Action.DECLINE, body="Not for me, thanks.\n"
    )
    clock.t += 10
    OutboxRunner(store.path or Path(), settings, now=clock).run_due()
    [got] = smtp_server.received
    assert got.message.get_content().strip() == "Not for me, thanks."


def test_smtp_down_then_up_delivers_once(
    store: Store, smtp_factory: Callable[..., SmtpServer]
) -> None:
    clock = Clock()
    server = smtp_factory(started=False)
    settings = settings_for(server)
    pk = add_sample(store, "blind_intro_cc.eml")
    done = ActionService(store, settings, now=clock).perform(pk, Action.DECLINE)
    runner = OutboxRunner(store.path or Path(), settings, now=clock)
    clock.t += 10
    events = runner.run_due()
    assert [e.kind for e in events] == ["sending", "retry"]
    assert "cannot connect" in events[1].detail
    item = get_item(store, done.outbox_id or 0)
    assert item is not None
    assert item.status == "queued"
    assert "cannot connect" in item.last_error
    server.start()
    clock.t += 1
    assert runner.run_due() == []  # backing off
    clock.t += 5
    assert [e.kind for e in runner.run_due()] == ["sending", "sent", "filed"]
    clock.t += 3600
    assert runner.run_due() == []
    assert len(server.received) == 1


def test_temporary_refusal_is_retried_permanent_fails(
    store: Store, smtp_server: SmtpServer
) -> None:
    clock = Clock()
    settings = settings_for(smtp_server)
    service = ActionService(store, settings, now=clock)
    runner = OutboxRunner(store.path or Path(), settings, now=clock)
    smtp_server.recorder.fail_data.append("451 4.3.0 try again later")
    first = service.perform(add_sample(store, "sales_pitch.eml"), Action.DECLINE)
    clock.t += 10
    assert [e.kind for e in runner.run_due()] == ["sending", "retry"]
    clock.t += 10
    assert [e.kind for e in runner.run_due()] == ["sending", "sent", "filed"]
    assert len(smtp_server.received) == 1
    smtp_server.recorder.refuse.add(MUM)
    second = service.perform(add_sample(store, "other.eml"), Action.DECLINE)
    clock.t += 10
    events = runner.run_due()
    assert [e.kind for e in events] == ["sending", "failed"]
    assert "550" in events[1].detail
    failed = get_item(store, second.outbox_id or 0)
    assert failed is not None
    assert failed.status == "failed"
    assert not failed.uncertain
    assert service.undo(second.action_id) is True  # it never left
    assert first.outbox_id != second.outbox_id


def test_starttls_with_password_and_verified_certificate(
    store: Store,
    smtp_factory: Callable[..., SmtpServer],
    smtp_certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    server = smtp_factory(security="starttls", auth=True, cert=smtp_certificate)
    clock = Clock()
    settings = settings_for(server, auth="password", username=USER, password_env=PASSWORD_ENV)
    ActionService(store, settings, now=clock).perform(
        add_sample(store, "sales_pitch.eml"), Action.DECLINE
    )
    clock.t += 10
    assert [e.kind for e in OutboxRunner(store.path or Path(), settings, now=clock).run_due()][
        :2
    ] == ["sending", "sent"]
    assert server.recorder.logins == [f"plain:{USER}"]
    assert len(server.received) == 1


def test_untrusted_certificate_fails_without_sending(
    store: Store,
    smtp_factory: Callable[..., SmtpServer],
    smtp_certificate: tuple[Path, Path],
) -> None:
    server = smtp_factory(security="tls", cert=smtp_certificate)
    clock = Clock()
    config = server.smtp_config()
    config.pop("ca_file")
    settings = parse_settings(
        {"owner": OWNER, "replies": {"undo_seconds": 0, "local_transport": config}}
    )
    ActionService(store, settings, now=clock).perform(
        add_sample(store, "sales_pitch.eml"), Action.DECLINE
    )
    events = OutboxRunner(store.path or Path(), settings, now=clock).run_due()
    assert [e.kind for e in events] == ["sending", "failed"]
    assert "certificate not trusted" in events[1].detail
    assert server.received == []


# aiosmtpd sees implicit TLS as "no TLS" and warns when AUTH is allowed over it.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_with_xoauth2(
    store: Store,
    smtp_factory: Callable[..., SmtpServer],
    smtp_certificate: tuple[Path, Path],
) -> None:
    server = smtp_factory(security="tls", auth=True, cert=smtp_certificate)
    clock = Clock()
    settings = settings_for(
        server, auth="xoauth2", username=USER, oauth2_token_command=TOKEN_COMMAND
    )
    ActionService(store, settings, now=clock).perform(
        add_sample(store, "sales_pitch.eml"), Action.ACCEPT
    )
    clock.t += 10
    events = OutboxRunner(store.path or Path(), settings, now=clock).run_due()
    assert [e.kind for e in events][:2] == ["sending", "sent"], events
    assert server.recorder.logins == [f"xoauth2:{USER}"]
    assert len(server.received) == 1


def test_wrong_password_fails_permanently(
    store: Store,
    smtp_factory: Callable[..., SmtpServer],
    smtp_certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    server = smtp_factory(security="starttls", auth=True, cert=smtp_certificate)
    clock = Clock()
    settings = settings_for(server, auth="password", username=USER, password_env=PASSWORD_ENV)
    ActionService(store, settings, now=clock).perform(
        add_sample(store, "sales_pitch.eml"), Action.DECLINE
    )
    clock.t += 10
    events = OutboxRunner(store.path or Path(), settings, now=clock).run_due()
    assert [e.kind for e in events] == ["sending", "failed"]
    assert "login as 'jordan' refused" in events[1].detail
    assert "wrong" not in events[1].detail


def test_runner_in_a_worker_thread_sends_when_due_and_honours_undo(
    store: Store, smtp_server: SmtpServer
) -> None:
    settings = parse_settings(
        {
            "owner": OWNER,
            "replies": {"undo_seconds": 0.5, "local_transport": smtp_server.smtp_config()},
        }
    )
    events: queue.Queue[OutboxEvent] = queue.Queue()
    runner = OutboxRunner(store.path or Path(), settings)
    stop = threading.Event()
    worker = threading.Thread(target=runner.run, args=(stop, events.put), kwargs={"poll": 0.1})
    worker.start()
    try:
        service = ActionService(store, settings)
        undone = service.perform(add_sample(store, "other.eml"), Action.DECLINE)
        kept = service.perform(add_sample(store, "sales_pitch.eml"), Action.DECLINE)
        assert service.undo(undone.action_id) is True
        runner.wake()
        kinds = []
        while "filed" not in kinds:
            event = events.get(timeout=10)
            assert event.outbox_id == kept.outbox_id
            kinds.append(event.kind)
        assert kinds == ["sending", "sent", "filed"]
        assert time.time() >= (kept.leaves_at or 0)
    finally:
        stop.set()
        runner.wake()
        worker.join(10)
    assert not worker.is_alive()
    [got] = smtp_server.received
    assert got.rcpt_tos == (SAM,)


def test_racing_presses_from_several_connections_queue_one_reply(
    store: Store, smtp_server: SmtpServer
) -> None:
    settings = settings_for(smtp_server)
    pk = add_sample(store, "sales_pitch.eml")
    path = store.path or Path()
    results: list[str] = []
    start = threading.Barrier(4)

    def press() -> None:
        own = Store.open(path)
        try:
            service = ActionService(own, settings)
            start.wait()
            service.perform(pk, Action.DECLINE)
            results.append("queued")
        except ActionError:
            results.append("refused")
        finally:
            own.close()

    threads = [threading.Thread(target=press) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["queued", "refused", "refused", "refused"]
    count = store.db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    assert count == 1
