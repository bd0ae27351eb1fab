"""A real SMTP server (aiosmtpd) in the test process that stores what it receives."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.support.dovecot import free_port, make_certificate

USER = "jordan"
PASSWORD = "s3cret smtp"
TOKEN = "ya29.test-token"
PASSWORD_ENV = "TRIAGE_TEST_SMTP_PASSWORD"
TOKEN_COMMAND = f"echo {TOKEN}"


@dataclass(frozen=True)
class Received:
    """One accepted message: its envelope and bytes."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        """The data parsed."""
        return message_from_bytes(self.data, policy=policy.default)


@dataclass
class Recorder:
    """The aiosmtpd handler: stores accepted messages; tests can make it fail or stall."""

    received: list[Received] = field(default_factory=list)
    fail_data: list[str] = field(default_factory=list)
    """Replies given to the next DATA commands instead of accepting (e.g. "451 try later")."""
    refuse: set[str] = field(default_factory=set)
    """Recipients refused at RCPT with 550."""
    on_rcpt: Callable[[], object] | None = None
    """Called (in a worker thread) before answering each RCPT: tests block here."""
    on_data: Callable[[Received], object] | None = None
    """Called (in a worker thread) with a message once it is stored, before the 250."""
    logins: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if self.on_rcpt is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.on_rcpt)
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        with self.lock:
            if self.fail_data:
                return self.fail_data.pop(0)
        content = envelope.original_content or envelope.content or b""
        data = content if isinstance(content, bytes) else content.encode()
        item = Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), data)
        with self.lock:
            self.received.append(item)
        if self.on_data is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.on_data, item)
        return "250 2.0.0 accepted"

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:  # noqa: N802
        raw = args[1] if len(args) > 1 else ""
        text = base64.b64decode(raw).decode()
        fields = dict(part.split("=", 1) for part in text.split("\x01") if "=" in part)
        if fields.get("auth") == f"Bearer {TOKEN}":
            self.logins.append(f"xoauth2:{fields.get('user', '')}")
            return AuthResult(success=True, auth_data=LoginPassword(b"", b""))
        return AuthResult(success=False, handled=False, message="535 5.7.8 bad token")


def _authenticator(recorder: Recorder) -> Callable[..., AuthResult]:
    def check(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        ):
            recorder.logins.append(f"{mechanism.lower()}:{USER}")
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return check


@dataclass
class SmtpServer:
    """A running aiosmtpd: where it listens and what it received."""

    host: str
    port: int
    recorder: Recorder
    security: str
    ca_file: Path | None
    controller: Controller | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def received(self) -> list[Received]:
        """Messages accepted so far."""
        with self.recorder.lock:
            return list(self.recorder.received)

    def start(self) -> None:
        """Start listening (again) on the same port."""
        if self.controller is None:
            self.controller = Controller(
                self.recorder, hostname=self.host, port=self.port, **self.options
            )
            self.controller.start()

    def stop(self) -> None:
        """Stop listening (the port then refuses connections)."""
        if self.controller is not None:
            with contextlib.suppress(Exception):
                self.controller.stop()
            self.controller = None

    def smtp_config(self, **overrides: Any) -> dict[str, Any]:
        """An `[accounts.X.smtp]` / `replies.local_transport` table for this server."""
        values: dict[str, Any] = {
            "transport": "smtp",
            "host": self.host,
            "port": self.port,
            "security": self.security,
            "auth": "none",
            "timeout": 10.0,
        }
        if self.ca_file is not None:
            values["ca_file"] = str(self.ca_file)
        values.update(overrides)
        return values


def start_smtp(
    *,
    security: str = "none",
    auth: bool = False,
    cert: tuple[Path, Path] | None = None,
    port: int | None = None,
    started: bool = True,
) -> SmtpServer:
    """Start an aiosmtpd server: plain, implicit TLS ("tls") or STARTTLS, with optional auth."""
    recorder = Recorder()
    options: dict[str, Any] = {"ready_timeout": 10.0}
    ca_file = None
    if security != "none":
        assert cert is not None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert[0]), str(cert[1]))
        ca_file = cert[0]
        if security == "tls":
            options["ssl_context"] = context
        else:
            options["tls_context"] = context
            options["require_starttls"] = True
    if auth:
        options["authenticator"] = _authenticator(recorder)
        options["auth_required"] = True
        # aiosmtpd only counts STARTTLS as TLS; under implicit TLS the check must be off.
        options["auth_require_tls"] = security == "starttls"
    server = SmtpServer(
        host="127.0.0.1",
        port=port or free_port(),
        recorder=recorder,
        security=security,
        ca_file=ca_file,
        options=options,
    )
    if started:
        server.start()
    return server


@pytest.fixture(scope="session")
def smtp_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for localhost / 127.0.0.1: (cert, key)."""
    return make_certificate(tmp_path_factory.mktemp("smtp-cert"))


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A plain SMTP server on 127.0.0.1 without auth (loopback: plaintext is allowed)."""
    server = start_smtp()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_factory() -> Iterator[Callable[..., SmtpServer]]:
    """Start servers with `start_smtp` options; all are stopped at the end."""
    servers: list[SmtpServer] = []

    def make(**options: Any) -> SmtpServer:
        server = start_smtp(**options)
        servers.append(server)
        return server

    try:
        yield make
    finally:
        for server in servers:
            server.stop()
