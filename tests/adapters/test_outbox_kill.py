"""kill -9 in the middle of a send, then a restart: the reply arrives exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.dovecot import Dovecot, free_port
from tests.support.smtp import Received, SmtpServer
from triage.actions import ActionService, OutboxRunner
from triage.adapters.imap import sync_once
from triage.adapters.outbox import get_item
from triage.adapters.store import Location, Store
from triage.adapters.templates import samples_dir
from triage.config import Settings, load_settings
from triage.core.actions import Action
from triage.core.parse import parse_message

ROOT = Path(__file__).resolve().parents[2]
SENDER = """
import sys
from pathlib import Path
from triage.actions import OutboxRunner
from triage.config import load_settings
settings = load_settings(Path(sys.argv[1]))
print("sender started", flush=True)
OutboxRunner(settings.store_path, settings).run_due()
print("sender finished", flush=True)
"""


def write_config(tmp_path: Path, store: Store, body: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f"""
[owner]
name = "Jordan Avery"
addresses = ["jordan@averyworks.example"]

[store]
path = "{store.path}"

[replies]
undo_seconds = 0
{body}
""",
        encoding="utf-8",
    )
    return path


def smtp_table(server: SmtpServer, prefix: str, **extra: Any) -> str:
    values = {**server.smtp_config(), **extra}
    lines = [f"[{prefix}]"]
    for key, value in values.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, int | float):
            lines.append(f"{key} = {value}")
        else:
            lines.append(f'{key} = "{value}"')
    return "\n".join(lines)


def queue_local_reply(store: Store, settings: Settings) -> int:
    raw = (samples_dir() / "sales_pitch.eml").read_bytes()
    pk = store.add_message(parse_message(raw), Location("local", "INBOX"), raw=raw)
    assert pk is not None
    done = ActionService(store, settings).perform(pk, Action.DECLINE)
    assert done.outbox_id is not None
    return done.outbox_id


def kill_when(reached: threading.Event, config: Path) -> None:
    """Start a sender process, wait until the server says it got far enough, kill -9 it."""
    process = subprocess.Popen(
        [sys.executable, "-c", SENDER, str(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert reached.wait(90), process.stderr.read().decode() if process.stderr else ""
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(10) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def hold(reached: threading.Event, release: threading.Event) -> None:
    reached.set()
    release.wait(90)


def test_killed_before_the_message_was_committed_is_sent_once_after_restart(
    tmp_path: Path, store: Store, smtp_server: SmtpServer
) -> None:
    config = write_config(tmp_path, store, smtp_table(smtp_server, "replies.local_transport"))
    settings = load_settings(config)
    outbox_id = queue_local_reply(store, settings)
    reached, release = threading.Event(), threading.Event()
    smtp_server.recorder.on_rcpt = lambda: hold(reached, release)
    kill_when(reached, config)
    item = get_item(store, outbox_id)
    assert item is not None
    assert (item.status, item.stage) == ("sending", "connecting")
    release.set()
    smtp_server.recorder.on_rcpt = None
    time.sleep(0.2)
    assert smtp_server.received == []
    events = OutboxRunner(store.path or Path(), settings).run_due()
    assert [e.kind for e in events][:3] == ["recovered", "sending", "sent"]
    assert len(smtp_server.received) == 1
    assert OutboxRunner(store.path or Path(), settings).run_due() == []
    assert len(smtp_server.received) == 1


def test_killed_after_commit_is_never_sent_again_blindly(
    tmp_path: Path, store: Store, smtp_server: SmtpServer
) -> None:
    config = write_config(tmp_path, store, smtp_table(smtp_server, "replies.local_transport"))
    settings = load_settings(config)
    outbox_id = queue_local_reply(store, settings)
    reached, release = threading.Event(), threading.Event()
    smtp_server.recorder.on_data = lambda _item: hold(reached, release)
    kill_when(reached, config)
    release.set()
    item = get_item(store, outbox_id)
    assert item is not None
    assert (item.status, item.stage) == ("sending", "committed")
    events = OutboxRunner(store.path or Path(), settings).run_due()
    assert [e.kind for e in events] == ["uncertain"]
    item = get_item(store, outbox_id)
    assert item is not None
    assert item.uncertain
    assert "Sent folder" in item.last_error
    assert ActionService(store, settings).undo(item.action_id or 0) is False
    assert OutboxRunner(store.path or Path(), settings).run_due() == []
    assert len(smtp_server.received) == 1  # delivered once, not twice


def server_files_sent(
    tmp_path: Path, store: Store, smtp_server: SmtpServer, dovecot: Dovecot
) -> tuple[Path, Settings, int]:
    """An IMAP account whose server files sent mail itself (as Gmail does): a queued reply."""
    account = dovecot.account_config()
    body = "\n".join(
        [
            "[accounts.work]",
            f'host = "{account.host}"',
            f"port = {account.port}",
            'security = "none"',
            f'username = "{account.username}"',
            f'password_env = "{account.password_env}"',
            smtp_table(smtp_server, "accounts.work.smtp", save_sent=False),
        ]
    )
    config = write_config(tmp_path, store, body)
    settings = load_settings(config)
    dovecot.append("INBOX", (samples_dir() / "sales_pitch.eml").read_bytes())
    list(sync_once("work", settings.accounts["work"], store))
    pk = int(store.db.execute("SELECT id FROM messages WHERE folder = 'INBOX'").fetchone()[0])
    outbox_id = ActionService(store, settings).perform(pk, Action.DECLINE).outbox_id
    assert outbox_id is not None
    return config, settings, outbox_id


@pytest.mark.dovecot
def test_killed_after_commit_found_in_sent_counts_as_sent(
    tmp_path: Path, store: Store, smtp_server: SmtpServer, dovecot: Dovecot
) -> None:
    config, settings, outbox_id = server_files_sent(tmp_path, store, smtp_server, dovecot)
    reached, release = threading.Event(), threading.Event()

    def file_then_hold(item: Received) -> None:
        dovecot.append("Sent", item.data, ["\\Seen"])
        hold(reached, release)

    smtp_server.recorder.on_data = file_then_hold
    kill_when(reached, config)
    release.set()
    # While the IMAP server cannot be reached the send stays interrupted, not resent.
    unreachable = settings.model_copy(
        update={
            "accounts": {"work": settings.accounts["work"].model_copy(update={"port": free_port()})}
        }
    )
    clock = [time.time()]
    waiting = OutboxRunner(store.path or Path(), unreachable, now=lambda: clock[0]).run_due()
    assert [e.kind for e in waiting] == ["recovered"]
    assert "will look again" in waiting[0].detail
    item = get_item(store, outbox_id)
    assert item is not None
    assert item.status == "sending"
    events = OutboxRunner(store.path or Path(), settings, now=lambda: clock[0] + 60).run_due()
    assert [e.kind for e in events] == ["sent", "filed"]
    assert len(smtp_server.received) == 1
    item = get_item(store, outbox_id)
    assert item is not None
    assert item.status == "sent"
    imap = dovecot.client()
    imap.select_folder("INBOX", readonly=True)
    flags = next(iter(imap.get_flags(imap.search("ALL")).values()))
    assert b"\\Answered" in flags


@pytest.mark.dovecot
def test_killed_after_commit_not_filed_by_the_server_is_resent_after_a_grace(
    tmp_path: Path, store: Store, smtp_server: SmtpServer, dovecot: Dovecot
) -> None:
    config, settings, outbox_id = server_files_sent(tmp_path, store, smtp_server, dovecot)
    reached, release = threading.Event(), threading.Event()
    smtp_server.recorder.on_data = lambda _item: hold(reached, release)
    kill_when(reached, config)
    # This server lost the message: it never answered 250 and never filed it in Sent.
    smtp_server.recorder.received.clear()
    release.set()
    smtp_server.recorder.on_data = None
    now = time.time()
    soon = OutboxRunner(store.path or Path(), settings, now=lambda: now).run_due()
    assert [e.kind for e in soon] == ["recovered"]
    assert "not in Sent yet" in soon[0].detail
    assert smtp_server.received == []
    later = OutboxRunner(store.path or Path(), settings, now=lambda: now + 121).run_due()
    assert [e.kind for e in later] == ["recovered", "sending", "sent", "filed"]
    assert len(smtp_server.received) == 1
    item = get_item(store, outbox_id)
    assert item is not None
    assert item.status == "sent"
