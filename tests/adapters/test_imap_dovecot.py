"""The Dovecot fixture itself: logins, TLS, SPECIAL-USE folders, appends, running unprivileged."""

from __future__ import annotations

import os
import pwd
import ssl
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest
from imapclient import IMAPClient

from tests.support import dovecot as dovecot_support
from tests.support.dovecot import PASSWORD_ENV, Dovecot, start_dovecot
from triage.adapters.imap import sync_once
from triage.adapters.store import Store


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


def test_unprivileged_server(
    dovecot_certificate: tuple[Path, Path], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run as root (CI), the fixture's server runs its mail processes as other users; this
    # starts one the way a non-root developer's runs (every process as one unprivileged
    # user, no chroot), to prove that configuration too.
    run_as = "nobody" if os.geteuid() == 0 else None
    server = start_dovecot(*dovecot_certificate, run_as=run_as)
    try:
        master = psutil.Process(server.process.pid if server.process else 0)
        users = {p.username() for p in [master, *master.children(recursive=True)]}
        assert users == {run_as or pwd.getpwuid(os.getuid()).pw_name}
        server.append("INBOX", b"Subject: hello\r\nMessage-ID: <u@x>\r\n\r\nhi\r\n")
        monkeypatch.setenv(PASSWORD_ENV, server.password)
        list(sync_once("work", server.tls_account(), store))
        assert store.count() == 1
    finally:
        server.stop(remove=True)
    assert not master.is_running()
    assert not server.base.exists()


def test_missing_dovecot_fails_when_servers_are_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dovecot_support, "DOVECOT", Path("/nonexistent/dovecot"))
    monkeypatch.setenv(dovecot_support.REQUIRE_SERVERS, "1")
    with pytest.raises(pytest.fail.Exception, match="not installed"):
        dovecot_support.require_dovecot()
    monkeypatch.setenv(dovecot_support.REQUIRE_SERVERS, "")
    with pytest.raises(pytest.skip.Exception):
        dovecot_support.require_dovecot()
