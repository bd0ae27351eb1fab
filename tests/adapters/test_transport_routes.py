"""Which transport an account's replies use, and where its secrets come from."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.adapters.transport import (
    DraftsTransport,
    FolderTransport,
    PermanentSendError,
    SendmailTransport,
    SmtpTransport,
    dot_stuff,
    route_for,
)
from triage.config import parse_settings

ACCOUNT = {
    "host": "imap.example.org",
    "username": "jordan@averyworks.example",
    "password_env": "IMAP_PASSWORD",
}


def test_local_messages_go_to_the_data_folder_by_default(tmp_path: Path) -> None:
    route = route_for("local", parse_settings({}))
    assert isinstance(route.transport, FolderTransport)
    assert route.transport.folder == tmp_path / "data" / "outbox"
    assert route.mailbox is None
    moved = parse_settings(
        {"replies": {"local_transport": {"transport": "folder", "folder": str(tmp_path / "x")}}}
    )
    transport = route_for("gone-account", moved).transport
    assert isinstance(transport, FolderTransport)
    assert transport.folder == tmp_path / "x"


def test_an_account_without_smtp_saves_drafts() -> None:
    route = route_for("work", parse_settings({"accounts": {"work": ACCOUNT}}))
    assert isinstance(route.transport, DraftsTransport)
    assert route.mailbox is not None


def test_smtp_uses_the_imap_password_source_and_username_unless_given() -> None:
    settings = parse_settings(
        {"accounts": {"work": {**ACCOUNT, "smtp": {"host": "smtp.example.org"}}}}
    )
    transport = route_for("work", settings).transport
    assert isinstance(transport, SmtpTransport)
    assert transport.username == "jordan@averyworks.example"
    assert transport.secrets.password_env == "IMAP_PASSWORD"
    assert transport.port == 465
    own = parse_settings(
        {
            "accounts": {
                "work": {
                    **ACCOUNT,
                    "smtp": {
                        "host": "smtp.example.org",
                        "security": "starttls",
                        "username": "other",
                        "password_command": "pass smtp",
                    },
                }
            }
        }
    )
    transport = route_for("work", own).transport
    assert isinstance(transport, SmtpTransport)
    assert transport.username == "other"
    assert transport.secrets.password_command == "pass smtp"
    assert transport.port == 587


def test_sendmail_route_and_drafts_need_imap() -> None:
    settings = parse_settings(
        {"accounts": {"work": {**ACCOUNT, "smtp": {"transport": "sendmail"}}}}
    )
    assert isinstance(route_for("work", settings).transport, SendmailTransport)
    local_drafts = parse_settings({"replies": {"local_transport": {"transport": "drafts"}}})
    with pytest.raises(PermanentSendError, match="needs an IMAP account"):
        route_for("local", local_drafts)


def test_plaintext_smtp_to_a_remote_host_is_refused() -> None:
    from triage.errors import ConfigError

    with pytest.raises(ConfigError, match="smtp security"):
        parse_settings(
            {
                "accounts": {
                    "work": {**ACCOUNT, "smtp": {"host": "smtp.example.org", "security": "none"}}
                }
            }
        )


def test_dot_stuffing() -> None:
    assert dot_stuff(b"a\n.b\r\n..c\rd") == b"a\r\n..b\r\n...c\r\nd\r\n"
