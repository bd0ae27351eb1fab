"""One contract for every transport, each against its real server: stages, delivered(), repeats."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from email.utils import make_msgid
from pathlib import Path

import pytest

from tests.support.dovecot import Dovecot
from tests.support.smtp import SmtpServer
from triage.adapters.transport import (
    DraftsTransport,
    FolderTransport,
    Mailbox,
    Outgoing,
    SendmailTransport,
    SmtpTransport,
    Transport,
)
from triage.config import SmtpConfig

Make = Callable[[], tuple[Transport, Callable[[], int]]]
"""Builds a transport and a function counting the copies that arrived."""


def outgoing(n: int = 1) -> Outgoing:
    message_id = make_msgid(f"contract{n}", "averyworks.example")
    raw = (
        f"From: Jordan <jordan@averyworks.example>\r\nTo: sam@growthco.example\r\n"
        f"Subject: Re: hi\r\nMessage-ID: {message_id}\r\n\r\n.leading dot\r\nbye\r\n"
    ).encode()
    return Outgoing(
        id=n,
        account="work",
        message_id=message_id,
        raw=raw,
        envelope_from="jordan@averyworks.example",
        recipients=("sam@growthco.example", "hidden@kim.example"),
    )


@pytest.fixture(params=["folder", "drafts", "smtp", "sendmail"])
def make(request: pytest.FixtureRequest, tmp_path: Path, smtp_server: SmtpServer) -> Iterator[Make]:
    kind = request.param
    if kind == "folder":
        folder = tmp_path / "out"
        yield lambda: (FolderTransport(folder), lambda: len(list(folder.glob("*.eml"))))
        return
    if kind == "sendmail":
        if shutil.which("msmtp") is None:
            pytest.skip("msmtp not installed (apt: msmtp)")
        rc = tmp_path / "msmtprc"
        rc.write_text(
            f"account default\nhost {smtp_server.host}\nport {smtp_server.port}\n"
            "auth off\ntls off\n"
        )
        rc.chmod(0o600)
        yield lambda: (
            SendmailTransport(f"msmtp --file={rc} -t", what="test", timeout=30),
            lambda: len(smtp_server.received),
        )
        return
    dovecot: Dovecot = request.getfixturevalue("dovecot")
    mailbox = Mailbox("work", dovecot.account_config())
    if kind == "drafts":

        def drafts() -> int:
            imap = dovecot.client()
            imap.select_folder("Drafts", readonly=True)
            return len(imap.search("ALL"))

        yield lambda: (DraftsTransport(mailbox), drafts)
        return
    config = SmtpConfig.model_validate(smtp_server.smtp_config())
    yield lambda: (
        SmtpTransport(config, what="test", username="", secrets=config, mailbox=mailbox),
        lambda: len(smtp_server.received),
    )


def test_send_commits_once_and_is_then_found_or_unknowable(make: Make) -> None:
    transport, arrived = make()
    item = outgoing()
    assert transport.delivered(item) is not True
    stages: list[str] = []
    note = transport.send(item, stages.append)
    assert isinstance(note, str)
    assert stages[-1] == "committed"
    order = ["connecting", "data", "committed"]
    assert [order.index(s) for s in stages] == sorted(order.index(s) for s in stages)
    assert arrived() == 1
    found = transport.delivered(item)
    if transport.kind in ("folder", "drafts"):
        assert found is True  # these can always tell, so a repeat is safe
    else:
        assert found is None  # sent, but not filed yet: only the outbox knows


def test_a_repeat_duplicates_only_where_the_outbox_never_repeats(make: Make) -> None:
    transport, arrived = make()
    item = outgoing(2)
    transport.send(item, lambda _stage: None)
    transport.send(item, lambda _stage: None)
    # Folder and Drafts look before they write; SMTP and sendmail cannot, which is why the
    # outbox only repeats them when the first attempt provably never committed.
    assert arrived() == (1 if transport.kind in ("folder", "drafts") else 2)
