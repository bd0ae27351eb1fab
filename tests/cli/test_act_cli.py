"""`triage act`, `triage templates` and `triage outbox` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.smtp import SmtpServer
from triage.adapters.templates import samples_dir
from triage.cli import cli

SAMPLE = samples_dir() / "blind_intro_cc.eml"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = Path(os.environ["TRIAGE_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '[owner]\nname = "Jordan Avery"\naddresses = ["jordan@averyworks.example"]\n'
        "[replies]\nundo_seconds = 0\n",
        encoding="utf-8",
    )
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m triage` in a subprocess (errors as one line, exit 1)."""
    return subprocess.run(
        [sys.executable, "-m", "triage", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


def imported(runner: CliRunner, path: Path = SAMPLE) -> None:
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 0, result.output


def test_dry_run_prints_the_whole_reply_with_bcc(config: Path) -> None:
    runner = CliRunner()
    imported(runner)
    # Uncategorised messages use the default templates; pick the intro one by name.
    result = runner.invoke(
        cli, ["act", "1", "accept", "--template", "accept/blind_intro", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("From: Jordan Avery <jordan@averyworks.example>\n")
    assert "\nTo: Priya Natarajan <priya@natarajan.example>\n" in text
    assert "\nBcc: Alex Kim <alex@kim.example>\n" in text
    assert "\nIn-Reply-To: <sample-blind-cc@kim.example>\n" in text
    assert "Thanks Alex (moving you to bcc)." in text
    outbox = runner.invoke(cli, ["outbox", "list", "--all"])
    assert "outbox empty" in outbox.output  # a dry run queues nothing


def test_act_queues_then_outbox_send_writes_the_local_file(config: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    imported(runner)
    result = runner.invoke(cli, ["act", "1", "decline"])
    assert result.exit_code == 0, result.output
    assert "decline reply queued as outbox 1" in result.output
    sent = runner.invoke(cli, ["outbox", "send"])
    assert "outbox 1: sent (written to" in sent.output
    files = list((tmp_path / "data" / "outbox").glob("*.eml"))
    assert len(files) == 1
    reply = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert reply["To"] == "Alex Kim <alex@kim.example>"
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"
    assert "nothing due" in runner.invoke(cli, ["outbox", "send"]).output
    listed = runner.invoke(cli, ["outbox", "list", "--all"])
    assert "sent" in listed.output
    again = run("act", "1", "accept")
    assert again.returncode == 1
    assert again.stderr.strip() == (
        "action error: message 1 already has a decline reply (sent); undo it first"
    )


def test_cancel_undoes_a_queued_reply(config: Path) -> None:
    config.write_text(config.read_text().replace("undo_seconds = 0", "undo_seconds = 600"))
    runner = CliRunner()
    imported(runner)
    assert runner.invoke(cli, ["act", "1", "ask"]).exit_code == 0
    assert "queued" in runner.invoke(cli, ["outbox"]).output
    cancelled = runner.invoke(cli, ["outbox", "cancel", "1"])
    assert "outbox 1 cancelled" in cancelled.output
    assert "nothing due" in runner.invoke(cli, ["outbox", "send", "--now"]).output
    failed = run("outbox", "cancel", "1")
    assert failed.returncode == 1
    assert "cannot be cancelled: it is cancelled" in failed.stderr


def test_act_over_smtp_with_send(config: Path, smtp_server: SmtpServer) -> None:
    table = smtp_server.smtp_config()
    lines = "\n".join(
        f"{k} = {v}" if isinstance(v, int | float) else f'{k} = "{v}"' for k, v in table.items()
    )
    config.write_text(config.read_text() + f"[replies.local_transport]\n{lines}\n")
    runner = CliRunner()
    imported(runner, samples_dir() / "sales_pitch.eml")
    result = runner.invoke(cli, ["act", "1", "decline", "--send"])
    assert result.exit_code == 0, result.output
    assert "outbox 1: sent" in result.output
    [got] = smtp_server.received
    assert got.rcpt_tos == ("sam@growthco.example",)


def test_ignore_records_without_a_reply(config: Path) -> None:
    runner = CliRunner()
    imported(runner)
    result = runner.invoke(cli, ["act", "1", "ignore"])
    assert "ignore (no reply; marked handled; undo: `triage undo 1`)" in result.output
    assert "nothing waiting" in runner.invoke(cli, ["outbox", "list"]).output
    assert runner.invoke(cli, ["undo"]).output == "action 1 undone\n"
    nothing = run("undo")
    assert nothing.returncode == 1
    assert nothing.stderr == ("action error: nothing to undo, or the last reply has already left\n")


def test_templates_list_show_preview(config: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["templates", "list"])
    assert listed.exit_code == 0
    assert "decline/blind_intro" in listed.stdout
    assert "built-in" in listed.stdout
    shown = runner.invoke(cli, ["templates", "show", "ask/sales_pitch"])
    assert shown.stdout.startswith("---\nto: sender\n")
    preview = runner.invoke(cli, ["templates", "preview", "decline/blind_intro", str(SAMPLE)])
    assert preview.exit_code == 0, preview.output
    assert "\nTo: Alex Kim <alex@kim.example>\n" in preview.stdout
    assert "could you check with me before making an\nintroduction?" in preview.stdout


def test_templates_check_and_edit(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["templates", "check"])
    assert ok.exit_code == 0, ok.output
    assert "0 broken" in ok.stderr
    monkeypatch.setenv("EDITOR", "sed -i 5s/sender/sender.nick/")
    edited = runner.invoke(cli, ["templates", "edit", "decline/sales_pitch"])
    assert edited.exit_code == 0, edited.output
    user_copy = config.parent / "templates" / "decline" / "sales_pitch.txt.j2"
    assert "sender.nick" in user_copy.read_text()
    broken = run("templates", "check")
    assert broken.returncode == 1
    assert broken.stdout.startswith(f"{user_copy}:5: ")
    assert "nick" in broken.stdout
    assert "1 broken" in broken.stderr
    act = run("templates", "preview", "decline/sales_pitch", str(SAMPLE))
    assert act.returncode == 1
    assert act.stderr.startswith(f"template error: {user_copy}:5: ")


def test_errors_are_one_line(config: Path) -> None:
    missing = run("act", "99", "decline")
    assert missing.returncode == 1
    assert missing.stderr == "action error: no message 99 in the store\n"
    unknown = run("templates", "show", "decline/nope")
    assert unknown.stderr == (
        "template error: no template 'decline/nope' (see `triage templates list`)\n"
    )
    bad = run("templates", "show", "../../etc/passwd")
    assert bad.stderr.startswith("template error: bad template name '../../etc/passwd'")
