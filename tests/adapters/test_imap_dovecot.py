"""The Dovecot fixture itself: plaintext and TLS logins, SPECIAL-USE folders, appends."""

from __future__ import annotations

import ssl

import pytest
from imapclient import IMAPClient

from tests.support.dovecot import Dovecot


def test_plain_login_and_special_use(dovecot: Dovecot) -> None:
    imap = dovecot.client()
    roles = {name: flags for flags, _, name in imap.list_folders()}
    assert b"\\Sent" in roles["Sent"]
    assert b"\\Drafts" in roles["Drafts"]


def test_append_returns_uid(dovecot: Dovecot) -> None:
    first = dovecot.append("INBOX", b"Subject: one\r\n\r\nbody\r\n")
    second = dovecot.append("INBOX", b"Subject: two\r\n\r\nbody\r\n", flags=["\\Seen"])
    assert second == first + 1
    imap = dovecot.client()
    imap.select_folder("INBOX", readonly=True)
    flags = imap.get_flags([second])
    assert b"\\Seen" in flags[second]


def test_tls_with_ca_file(dovecot: Dovecot) -> None:
    imap = dovecot.client(tls=True)
    assert imap.select_folder("INBOX", readonly=True)[b"EXISTS"] == 0


def test_tls_without_ca_fails_verification(dovecot: Dovecot) -> None:
    context = ssl.create_default_context()
    with pytest.raises(ssl.SSLCertVerificationError):
        IMAPClient(dovecot.host, dovecot.tls_port, ssl=True, ssl_context=context, timeout=5)


def test_account_config(dovecot: Dovecot) -> None:
    account = dovecot.account_config(security="tls")
    assert account.effective_port == dovecot.tls_port
    assert account.ca_file == str(dovecot.ca_file)
    assert account.password_env
