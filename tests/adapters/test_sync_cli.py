"""`triage sync` end to end: a real Dovecot, a real store file, a killed and resumed run."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from tests.adapters.test_imap_sync import mail
from tests.support.dovecot import Dovecot, make_certificate
from triage.cli import cli
from triage.commands.sync import SyncProgress
from triage.core.sync import SyncEvent


def write_config(
    path: Path,
    dovecot: Dovecot,
    store: Path,
    *,
    password: str,
    host: str | None = None,
    ca_file: Path | None = None,
) -> None:
    """A config with one account on the fixture's TLS port, its CA trusted via `ca_file`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""
[owner]
addresses = ["jordan@averyworks.example"]

[accounts.work]
host = "{host or dovecot.host}"
port = {dovecot.tls_port}
username = "{dovecot.user}"
password_command = "printf '%s\\\\n' '{password}'"
ca_file = "{ca_file or dovecot.ca_file}"

[store]
path = "{store}"
"""
    )


def test_sync_command(dovecot: Dovecot, tmp_path: Path) -> None:
    for n in range(5):
        dovecot.append("INBOX", mail(n))
    config, db = tmp_path / "c.toml", tmp_path / "s.db"
    write_config(config, dovecot, db, password=dovecot.password)
    result = CliRunner().invoke(cli, ["--config", str(config), "sync", "--account", "work"])
    assert result.exit_code == 0, result.output
    assert "synced: 5 new, 0 changed" in result.output
    assert "work/INBOX: 5 fetched, 5 new" in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM messages").fetchone() == (5,)


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        ("password", "login as 'jordan' refused"),
        ("host", "unknown host 'no-such-host.invalid'"),
        ("certificate", "TLS certificate not trusted"),
    ],
)
def test_bad_account_one_line_exit_nonzero(
    dovecot: Dovecot, tmp_path: Path, problem: str, expected: str
) -> None:
    dovecot.append("INBOX", mail(1))
    config, db = tmp_path / "c.toml", tmp_path / "s.db"
    other_ca = tmp_path / "other"
    other_ca.mkdir()
    write_config(
        config,
        dovecot,
        db,
        password="wrong" if problem == "password" else dovecot.password,
        host="no-such-host.invalid" if problem == "host" else None,
        ca_file=make_certificate(other_ca)[0] if problem == "certificate" else None,
    )
    done = subprocess.run(
        [sys.executable, "-m", "triage", "--config", str(config), "sync"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("sync error: account work:")
    assert expected in lines[0]
    assert "wrong" not in lines[0]
    assert dovecot.password not in lines[0]
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM messages").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM folders").fetchone() == (0,)


def test_unknown_account(dovecot: Dovecot, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    write_config(config, dovecot, tmp_path / "s.db", password=dovecot.password)
    result = CliRunner().invoke(cli, ["--config", str(config), "sync", "--account", "nope"])
    assert result.exit_code != 0
    assert "no account 'nope'" in str(result.exception)


def test_kill_9_mid_sync_then_resume(dovecot: Dovecot, tmp_path: Path) -> None:
    total = 4000
    imap = dovecot.client()
    for start in range(0, total, 500):
        imap.multiappend("INBOX", [mail(n) for n in range(start, start + 500)])
    config, db = tmp_path / "c.toml", tmp_path / "s.db"
    write_config(config, dovecot, db, password=dovecot.password)
    command = [sys.executable, "-m", "triage", "--config", str(config), "sync"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    at_kill = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    at_kill = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
            except sqlite3.OperationalError:
                at_kill = 0
            if at_kill > 0:
                break
        time.sleep(0.01)
    workers = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        after_kill = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    assert 0 < after_kill < total  # killed mid-sync, with some batches committed

    # Parse workers see their pipe close and exit instead of lingering.
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        count, distinct, uids = conn.execute(
            "SELECT count(*), count(DISTINCT message_id), count(DISTINCT uid) FROM messages"
        ).fetchone()
        highest = conn.execute("SELECT highest_uid FROM folders WHERE folder='INBOX'")
        assert highest.fetchone() == (total,)
        # The command classifies what it stores; nothing is left without a verdict, even
        # a batch committed just before the kill.
        verdicts = conn.execute("SELECT count(*) FROM verdicts").fetchone()[0]
    assert count == distinct == uids == total
    assert verdicts == total
    assert f"synced: {total - after_kill} new" in done.stdout


def _feed(progress: SyncProgress) -> None:
    with progress:
        for done in (250, 500):
            progress.event(SyncEvent("progress", "work", "INBOX", done=done, total=500))
            progress.event(SyncEvent("stored", "work", "INBOX", ids=tuple(range(250))))
        progress.event(SyncEvent("reconnecting", "work", detail="OSError: reset", delay=0.5))
        progress.event(SyncEvent("changed", "work", "INBOX", ids=(1, 2)))
        progress.event(SyncEvent("folder_synced", "work", "INBOX"))


def test_progress_bar_on_a_terminal() -> None:
    out = io.StringIO()
    _feed(SyncProgress(out, interactive=True))
    text = out.getvalue()
    assert "\x1b[" in text  # drawn by rich, with cursor movement
    assert "250/500" in text
    assert "500/500" in text
    assert "msg/s" in text
    assert "work/INBOX: 500 fetched, 500 new, 2 changed" in text
    assert "reconnecting in 0.5 s" in text


def test_plain_lines_otherwise() -> None:
    out = io.StringIO()
    progress = SyncProgress(out)  # a StringIO is no terminal
    _feed(progress)
    lines = out.getvalue().splitlines()
    assert lines[0] == "work: connection lost (OSError: reset); reconnecting in 0.5 s"
    assert lines[1].startswith("work/INBOX: 500 fetched, 500 new, 2 changed (")
    assert len(lines) == 2
    assert "\x1b" not in out.getvalue()
    assert (progress.new, progress.changed) == (500, 2)
