"""The foundation commands as a user runs them: import, list, locate, config."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from triage.cli import cli
from triage.config import EXAMPLE, parse_settings
from triage.core.categories import Category

FIXTURES = Path(__file__).parent.parent / "fixtures" / "mime"
DEMO = Path(__file__).parent.parent.parent / "triage" / "demo" / "messages"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m triage` in a subprocess, with the test's isolated environment."""
    return subprocess.run(
        [sys.executable, "-m", "triage", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


def test_import_then_list_json_and_reimport_adds_nothing() -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["import", str(FIXTURES)])
    assert first.exit_code == 0, first.output
    count = len(list(FIXTURES.glob("*.eml")))
    assert f"imported {count} new messages ({count} read, 0 already stored" in first.output
    second = runner.invoke(cli, ["import", str(FIXTURES)])
    assert f"imported 0 new messages ({count} read, {count} already stored" in second.output
    listed = runner.invoke(cli, ["list", "--json"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert len(rows) == count
    limited = runner.invoke(cli, ["list", "--json", "--limit", "2"]).output.splitlines()
    assert [json.loads(line) for line in limited] == rows[:2]
    by_subject = {row["subject"]: row for row in rows}
    cafe = by_subject["Café ☕"]
    assert cafe["date"] == "2026-11-03T09:15:00+01:00"
    assert cafe["from"] == "Renée Faure <renee@faure.example>"
    assert cafe["to"] == ["Sam <sam@okafor.example>"]
    assert cafe["cc"] == []
    assert cafe["message_id"] == "<encoded-1@faure.example>"
    assert cafe["folder"] == "mime"
    assert {"id", "message_id", "date", "from", "to", "cc", "subject", "folder"} <= set(cafe)
    assert by_subject["alternative with bad base64"]["cc"] == [
        '"Gus, the other one" <gus@example.org>'
    ]


def test_list_plain_is_one_line_per_message_newest_first() -> None:
    runner = CliRunner()
    runner.invoke(cli, ["import", str(FIXTURES / "encoded_headers.eml")])
    runner.invoke(cli, ["import", str(FIXTURES / "html_only.eml")])
    config = Path(os.environ["TRIAGE_CONFIG"])
    config.parent.mkdir(parents=True)
    config.write_text('[owner]\ntimezone = "America/New_York"\n')
    lines = runner.invoke(cli, ["list"]).output.splitlines()
    assert len(lines) == 2
    assert "This week" in lines[0]
    assert "2026-11-04 07:00" in lines[0]  # written at 07:00 -0500
    assert "Café ☕" in lines[1]
    assert "2026-11-03 03:15" in lines[1]  # written at 09:15 +0100
    config.write_text('[owner]\ntimezone = "Asia/Tokyo"\n')
    lines = runner.invoke(cli, ["list"]).output.splitlines()
    assert "2026-11-04 21:00" in lines[0]
    assert "2026-11-03 17:15" in lines[1]


def test_locate_and_config_example(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["locate", "config"]).output.strip() == os.environ["TRIAGE_CONFIG"]
    data = runner.invoke(cli, ["locate", "data"]).output.strip()
    assert data == str(Path(os.environ["TRIAGE_DATA_DIR"]) / "triage.db")
    example = runner.invoke(cli, ["config", "example"]).output
    assert example == EXAMPLE
    settings = parse_settings(tomllib.loads(example))
    assert settings.accounts["work"].effective_port == 993
    assert settings.owner.addresses == ["jordan@averyworks.example"]


def test_store_path_from_config(tmp_path: Path) -> None:
    config = Path(os.environ["TRIAGE_CONFIG"])
    config.parent.mkdir(parents=True)
    config.write_text(f'[store]\npath = "{tmp_path / "elsewhere.db"}"\n')
    assert run("locate", "data").stdout.strip() == str(tmp_path / "elsewhere.db")


BAD_CONFIGS = [
    (
        "[owner]\nnmae = 'x'\n",
        "owner.nmae: unknown key (did you mean `name`? expected one of: name, addresses, timezone)",
    ),
    (
        "[accounts.work]\nhost='h.example'\nusername='u'\npassword_env='P'\nfoldrs=['INBOX']\n",
        "accounts.work.foldrs: unknown key (did you mean `folders`? expected one of: ",
    ),
    ("[stor]\npath = 'x.db'\n", "stor: unknown key (did you mean `store`?"),
    ("owner = 'Sam'\n", "owner: should be a table, like [owner] (got 'Sam')"),
    (
        "[owner]\naddresses = 'sam@x.example'\n",
        'owner.addresses: should be a list, like ["a", "b"] (got "sam@x.example")',
    ),
    (
        "[accounts.work]\nhost='h.example'\nusername='u'\npassword_env='P'\nsecurity='ssl'\n",
        "accounts.work.security: Input should be 'tls', 'starttls' or 'none' (got 'ssl')",
    ),
    ("[accounts.work]\nhost = 'imap.example'\n", "accounts.work.username: required key is missing"),
    (
        "[accounts.work]\nhost='h.example'\nusername='u'\npassword_env='P'\nport='abc'\n",
        'accounts.work.port: should be a whole number (got "abc")',
    ),
    (
        "[accounts.work]\nhost='h.example'\nusername='u'\npassword='hunter2'\n",
        "accounts.work: a plaintext `password` is not allowed",
    ),
    (
        "[accounts.work]\nhost='imap.example'\nusername='u'\npassword_env='P'\nsecurity='none'\n",
        'accounts.work: imap security = "none" would send the password in clear to imap.example',
    ),
    (
        "[accounts.work]\nhost='imap.example'\nusername='u'\n",
        "accounts.work: give exactly one of password_command, password_keyring or password_env",
    ),
    ("[stats]\nignore_after_days = 0\n", "stats.ignore_after_days: Input should be greater"),
    ("owner = [\n", "invalid TOML"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_CONFIGS, ids=[e for _, e in BAD_CONFIGS])
def test_config_errors_name_file_and_key_on_one_line(text: str, expected: str) -> None:
    config = Path(os.environ["TRIAGE_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text)
    result = run("locate", "data")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"config error: {config}: ")
    assert expected in lines[0]
    assert "hunter2" not in result.stderr


def test_plaintext_imap_to_loopback_is_allowed() -> None:
    settings = parse_settings(
        {
            "accounts": {
                "t": {"host": "127.0.0.1", "username": "u", "password_env": "P", "security": "none"}
            }
        }
    )
    assert settings.accounts["t"].effective_port == 143


def test_explicit_missing_config_is_an_error(tmp_path: Path) -> None:
    result = run("--config", str(tmp_path / "missing.toml"), "list")
    assert result.returncode == 1
    assert "missing.toml: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_import_path_is_one_line(tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"import error: {tmp_path / 'nowhere'}: no such file or folder"


def test_demo_messages_import_with_their_own_offsets_once_whatever_the_format(
    tmp_path: Path,
) -> None:
    import mailbox
    from email import message_from_bytes
    from email.policy import compat32
    from email.utils import getaddresses, parsedate_to_datetime

    messages = sorted(DEMO.glob("*.eml"))
    runner = CliRunner()
    first = runner.invoke(cli, ["import", str(DEMO)])
    assert f"imported {len(messages)} new messages" in first.output
    rows = [json.loads(line) for line in runner.invoke(cli, ["list", "--json"]).output.splitlines()]
    assert len(rows) == len(messages)
    by_id = {row["message_id"]: row for row in rows}
    for path in messages:
        raw = message_from_bytes(path.read_bytes(), policy=compat32)
        row = by_id[raw["Message-ID"]]
        assert row["date"] == parsedate_to_datetime(raw["Date"]).isoformat(), path.name
        wanted = [a.lower() for _, a in getaddresses(raw.get_all("To", []))]
        assert [a.lower() for _, a in getaddresses(row["to"])] == wanted, path.name
        wanted_cc = [a.lower() for _, a in getaddresses(raw.get_all("Cc", []))]
        assert [a.lower() for _, a in getaddresses(row["cc"])] == wanted_cc, path.name
    assert len({row["date"][-6:] for row in rows}) >= 8
    # The same messages again, as an mbox and as a Maildir: nothing new.
    box = mailbox.mbox(tmp_path / "demo.mbox")
    maildir = mailbox.Maildir(tmp_path / "Demo", create=True)
    for path in messages:
        box.add(path.read_bytes())
        maildir.add(path.read_bytes())
    box.close()
    again = runner.invoke(cli, ["import", str(tmp_path / "demo.mbox"), str(tmp_path / "Demo")])
    assert again.exit_code == 0, again.output
    n = len(messages)
    assert f"imported 0 new messages ({2 * n} read, {2 * n} already stored" in again.output


def _set_verdicts(given: dict[int, str]) -> None:
    """Replace every verdict in the store with `given` (store id -> category)."""
    from triage.adapters.store import Store
    from triage.config import load_settings

    store = Store.open(load_settings().store_path)
    try:
        with store.db.atomic():
            store.db.execute("DELETE FROM verdicts")
            for pk, category in given.items():
                store.db.execute(
                    "INSERT INTO verdicts (message_pk, category, confidence, classified_ts) "
                    "VALUES (?, ?, 0.9, 0)",
                    [pk, category],
                )
    finally:
        store.close()


def _subject_column(lines: list[str], subjects: list[str]) -> set[int]:
    from rich.cells import cell_len

    return {
        cell_len(line[: line.rindex(subject)])
        for line, subject in zip(lines, subjects, strict=True)
    }


def test_list_lines_up_columns_and_shows_categories_once_known() -> None:
    runner = CliRunner()
    runner.invoke(cli, ["import", str(DEMO)])

    def listed() -> tuple[list[dict[str, Any]], list[str]]:
        output = runner.invoke(cli, ["list", "--json"]).output
        return [json.loads(line) for line in output.splitlines()], runner.invoke(
            cli, ["list"]
        ).output.splitlines()

    # Import classifies: every message has a category, shown as a column.
    rows, lines = listed()
    assert None not in {row["category"] for row in rows}
    subjects = [row["subject"] for row in rows]
    assert len(lines) == len(rows)
    # Same start column for every subject, wide (CJK) sender names included.
    assert len(_subject_column(lines, subjects)) == 1
    for line, row in zip(lines, rows, strict=True):
        assert f"  {Category(row['category']).label} " in line

    # Some unclassified: "–" in their place, columns still aligned.
    given = {row["id"]: "blind_intro" if i % 2 else "other" for i, row in enumerate(rows[:10])}
    _set_verdicts(given)
    rows, lines = listed()
    assert {row["id"]: row["category"] for row in rows if row["category"]} == given
    assert len(_subject_column(lines, subjects)) == 1
    for line, row in zip(lines, rows, strict=True):
        if row["category"]:
            assert Category(row["category"]).label in line
        else:
            assert "  –  " in line
            assert "Blind intro" not in line

    # None classified: no category column at all.
    _set_verdicts({})
    rows, lines = listed()
    assert {row["category"] for row in rows} == {None}
    assert len(_subject_column(lines, subjects)) == 1
    assert not any(" – " in line or "Other " in line for line in lines)


def test_list_cuts_subjects_to_the_terminal_width() -> None:
    from rich.cells import cell_len

    from triage.adapters.store import Store
    from triage.commands.mail import format_lines
    from triage.config import load_settings

    CliRunner().invoke(cli, ["import", str(DEMO)])
    store = Store.open(load_settings().store_path)
    try:
        items = list(store.messages())
    finally:
        store.close()
    lines = format_lines(items, {}, width=72)
    assert all(cell_len(line) <= 72 for line in lines)
    assert any(line.endswith("…") for line in lines)
    assert format_lines(items, {}, width=None) == format_lines(items, {}, width=10_000)
    assert format_lines([], {}) == []


def test_an_unreadable_file_is_named_skipped_and_the_rest_stored(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    for name in ("encoded_headers.eml", "html_only.eml"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    (folder / "gone.eml").symlink_to(tmp_path / "nowhere.eml")
    result = run("import", str(folder))
    assert result.returncode == 1
    assert result.stdout.startswith("imported 2 new messages (2 read,")
    assert result.stderr.splitlines() == [
        f"skipped: {folder / 'gone.eml'}: cannot read (No such file or directory)",
        "import error: 1 file could not be read and was skipped (listed above); the rest is stored",
    ]
    assert "Traceback" not in result.stderr
    assert len(run("list", "--json").stdout.splitlines()) == 2
