"""The sendmail-compatible transport: msmtp to a real SMTP server, exit statuses, Bcc kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.smtp import SmtpServer
from triage.actions import ActionService, OutboxRunner
from triage.adapters.outbox import get_item
from triage.adapters.store import Location, Store
from triage.adapters.templates import samples_dir
from triage.config import Settings, parse_settings
from triage.core.actions import Action
from triage.core.parse import parse_message

OWNER = {"name": "Jordan Avery", "addresses": ["jordan@averyworks.example"]}


def settings_with(command: str) -> Settings:
    return parse_settings(
        {
            "owner": OWNER,
            "replies": {
                "undo_seconds": 0,
                "local_transport": {"transport": "sendmail", "sendmail_command": command},
            },
        }
    )


def queue_accept(store: Store, settings: Settings) -> int:
    raw = (samples_dir() / "blind_intro_cc.eml").read_bytes()
    pk = store.add_message(parse_message(raw), Location("local", "INBOX"), raw=raw)
    assert pk is not None
    store.db.execute(
        "INSERT INTO verdicts (message_pk, category, confidence, classified_ts) "
        "VALUES (?, 'blind_intro', 1, 0)",
        [pk],
    )
    done = ActionService(store, settings).perform(pk, Action.ACCEPT)
    assert done.outbox_id is not None
    return done.outbox_id


@pytest.mark.skipif(shutil.which("msmtp") is None, reason="msmtp not installed (apt: msmtp)")
def test_msmtp_delivers_with_bcc_in_the_envelope_only(
    tmp_path: Path, store: Store, smtp_server: SmtpServer
) -> None:
    rc = tmp_path / "msmtprc"
    rc.write_text(
        f"account default\nhost {smtp_server.host}\nport {smtp_server.port}\nauth off\ntls off\n",
        encoding="utf-8",
    )
    rc.chmod(0o600)
    settings = settings_with(f"msmtp --file={rc} -oi -t")
    outbox_id = queue_accept(store, settings)
    events = OutboxRunner(store.path or Path(), settings).run_due()
    assert [e.kind for e in events] == ["sending", "sent", "filed"]
    [got] = smtp_server.received
    assert got.mail_from == "jordan@averyworks.example"
    assert sorted(got.rcpt_tos) == ["alex@kim.example", "priya@natarajan.example"]
    assert got.message["Bcc"] is None
    item = get_item(store, outbox_id)
    assert item is not None
    assert item.transport == "sendmail"


def test_command_exit_status_decides_retry_or_failure(tmp_path: Path, store: Store) -> None:
    seen = tmp_path / "seen"
    script = tmp_path / "fake-sendmail"
    script.write_text(
        f'#!/bin/sh\necho "$@" >> {seen}\ncat > /dev/null\nexit "${{FAKE_STATUS:-75}}"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    settings = settings_with(f"{script} -t -oi")
    outbox_id = queue_accept(store, settings)
    runner = OutboxRunner(store.path or Path(), settings)
    events = runner.run_due()
    assert [e.kind for e in events] == ["sending", "retry"]
    assert "exit status 75" in events[1].detail
    args = seen.read_text().split()
    assert "-t" not in args  # dropped: Bcc would be lost
    assert args[:3] == ["-oi", "-f", "jordan@averyworks.example"]
    assert args[3] == "--"
    assert sorted(args[4:]) == ["alex@kim.example", "priya@natarajan.example"]
    missing = settings_with(str(tmp_path / "no-such-command"))
    store.db.execute("UPDATE outbox SET not_before_ts = 0")
    failed = OutboxRunner(store.path or Path(), missing).run_due()
    assert [e.kind for e in failed] == ["sending", "failed"]
    assert "command not found" in failed[1].detail
    item = get_item(store, outbox_id)
    assert item is not None
    assert item.status == "failed"
