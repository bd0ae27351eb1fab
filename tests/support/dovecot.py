"""A real Dovecot IMAP server for tests: own config, random ports, temporary Maildir."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import secrets
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
import pytest
from imapclient import IMAPClient

from triage.config import AccountConfig

DOVECOT = Path("/usr/sbin/dovecot")
"""The Debian `dovecot-imapd` binary."""
USER = "jordan"
PASSWORD = "correct horse battery staple"
PASSWORD_ENV = "TRIAGE_TEST_IMAP_PASSWORD"
"""The environment variable `account_config()` reads the password from."""

_CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/state
instance_name = triage-test-{port}
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
login_greeting = {greeting}
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
first_valid_gid = 0
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0
mail_location = maildir:{base}/mail/%u/Maildir
mailbox_idle_check_interval = 1 secs
imap_capability = +XLIST
protocol imap {{
  mail_max_userip_connections = 100
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox Trash {{
    special_use = \\Trash
    auto = subscribe
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service pop3-login {{
  chroot =
}}
service submission-login {{
  chroot =
}}
service imap-urlauth-login {{
  chroot =
}}
service managesieve-login {{
  chroot =
}}
service anvil {{
  chroot =
}}
service auth-worker {{
  user = {internal_user}
}}
service stats {{
  chroot =
}}
service imap-hibernate {{
  chroot =
}}
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost / 127.0.0.1; returns (cert, key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Dovecot:
    """A running Dovecot: where it listens, who may log in, and helpers to fill it."""

    host: str
    port: int
    tls_port: int
    user: str
    password: str
    ca_file: Path
    base: Path
    process: subprocess.Popen[bytes] | None = None
    _clients: list[IMAPClient] = field(default_factory=list)

    @property
    def maildir(self) -> Path:
        """The user's Maildir."""
        return self.base / "mail" / self.user / "Maildir"

    @property
    def log(self) -> str:
        """Dovecot's log so far (for failing-test diagnostics)."""
        path = self.base / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def client(self, *, tls: bool = False) -> IMAPClient:
        """A logged-in IMAPClient (closed when the fixture ends)."""
        if tls:
            context = ssl.create_default_context(cafile=str(self.ca_file))
            imap = IMAPClient(self.host, self.tls_port, ssl=True, ssl_context=context, timeout=10)
        else:
            imap = IMAPClient(self.host, self.port, ssl=False, timeout=10)
        imap.login(self.user, self.password)
        self._clients.append(imap)
        return imap

    def append(
        self, folder: str, raw: bytes, flags: Iterable[str] = (), *, create: bool = True
    ) -> int:
        """Append `raw` to `folder` (created when missing); returns the new UID."""
        imap = self._helper()
        if create and not imap.folder_exists(folder):
            imap.create_folder(folder)
        answer = imap.append(folder, raw, flags=tuple(flags))
        text = answer.decode() if isinstance(answer, bytes) else str(answer)
        # "[APPENDUID <uidvalidity> <uid>] Append completed."
        return int(text.split("APPENDUID", 1)[1].split()[1].rstrip("]"))

    def _helper(self) -> IMAPClient:
        if not self._clients:
            self.client()
        return self._clients[0]

    def account_config(self, **overrides: Any) -> AccountConfig:
        """A triage AccountConfig for this server (plaintext port, password from the env).

        `security="tls"` gives triage's default set-up instead: implicit TLS on the TLS port
        with the certificate verified, trusted through `ca_file` (`tls_account()`).
        """
        values: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "security": "none",
            "username": self.user,
            "password_env": PASSWORD_ENV,
        }
        if overrides.get("security") == "tls":
            values["port"] = self.tls_port
            values["ca_file"] = str(self.ca_file)
        values.update(overrides)
        if {"password_command", "password_keyring"} & overrides.keys():
            values.pop("password_env", None)
        return AccountConfig.model_validate(values)

    def tls_account(self, **overrides: Any) -> AccountConfig:
        """`account_config` over verified TLS: what a triage user's account looks like."""
        return self.account_config(**{"security": "tls", **overrides})

    def stop(self, *, remove: bool = False, background: bool = False) -> threading.Thread | None:
        """Log out helpers, stop the server (SIGTERM, then SIGKILL after 10 s).

        Args:
            remove: Delete the server's folder once it has stopped.
            background: Return at once and finish in a thread (Dovecot's master takes about
                a second to exit, which would otherwise add up over a test run).

        Returns:
            The thread finishing the stop when `background`, else None.
        """
        for imap in self._clients:
            with contextlib.suppress(Exception):  # the server may already be gone
                imap.logout()
        self._clients.clear()
        process = self.process
        children = _children(process) if process is not None else []
        if process is not None and process.poll() is None:
            process.terminate()

        def finish() -> None:
            if process is not None:
                _stop_process(process, children)
            if remove:
                for _ in range(3):
                    shutil.rmtree(self.base, ignore_errors=True)
                    if not self.base.exists():
                        break
                    time.sleep(0.2)

        if background:
            thread = threading.Thread(target=finish, daemon=True, name="dovecot-stop")
            thread.start()
            return thread
        finish()
        return None


@dataclass(frozen=True)
class _Users:
    """Who Dovecot's processes run as."""

    login: str
    internal: str
    internal_group: str
    uid: int
    """The mail user's uid (owner of the Maildir)."""
    gid: int


def _users(run_as: str | None = None) -> _Users:
    """Dovecot's users as root, or as an unprivileged user (`run_as`, else ourselves)."""
    if run_as is None and os.geteuid() == 0:
        # Dovecot refuses to run mail processes as root; the Debian package's users serve.
        nobody = pwd.getpwnam("nobody")
        login = "dovenull" if _has_user("dovenull") else "nobody"
        internal = "dovecot" if _has_user("dovecot") else "nobody"
        group = "dovecot" if _has_group("dovecot") else grp.getgrgid(nobody.pw_gid).gr_name
        return _Users(login, internal, group, nobody.pw_uid, nobody.pw_gid)
    # Unprivileged, every process runs as this one user: it cannot switch to others.
    user = pwd.getpwnam(run_as) if run_as is not None else pwd.getpwuid(os.getuid())
    group = grp.getgrgid(user.pw_gid).gr_name
    return _Users(user.pw_name, user.pw_name, group, user.pw_uid, user.pw_gid)


def _has_group(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _greeting(port: int, *, tls: bool) -> bytes:
    """The first line the server on `port` says ("" when nothing answers yet)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as raw:
            if not tls:
                return raw.recv(256)
            # Only "is it our server" matters here, not who signed the certificate.
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            with context.wrap_socket(raw) as sock:
                return sock.recv(256)
    except (OSError, ssl.SSLError):
        return b""


def _wait_listening(
    ports: tuple[int, int], token: str, process: subprocess.Popen[bytes], deadline: float
) -> bool:
    """Wait until both ports greet with our `token`; False when the server died or timed out.

    The token tells our server from another test worker's that grabbed the same free port
    between `free_port()` and Dovecot's bind (pytest -n).
    """
    waiting = {ports[0]: False, ports[1]: True}
    while time.monotonic() < deadline and waiting:
        if process.poll() is not None:
            return False
        for port, tls in list(waiting.items()):
            if token.encode() in _greeting(port, tls=tls):
                del waiting[port]
        if waiting:
            time.sleep(0.05)
    return not waiting and process.poll() is None


def _stop_process(
    process: subprocess.Popen[bytes], children: list[psutil.Process] | None = None
) -> None:
    """Stop Dovecot's master and wait until its children (imap, auth, …) are gone too."""
    if children is None:
        children = _children(process)
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    # The master may exit before an imap process has finished writing its index files.
    _, alive = psutil.wait_procs(children, timeout=5)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(alive, timeout=5)


def _children(process: subprocess.Popen[bytes]) -> list[psutil.Process]:
    try:
        children: list[psutil.Process] = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        return []
    return children


def start_dovecot(cert: Path, key: Path, *, run_as: str | None = None) -> Dovecot:
    """Start a fresh Dovecot with its own config, Maildir and user.

    Args:
        cert: The server certificate (PEM).
        key: Its private key.
        run_as: Root only: run Dovecot as this unprivileged user instead, configured the way
            a non-root user runs it (login and internal user = that user, no chroot), so
            CI, which runs as root, tests that set-up too.

    Raises:
        RuntimeError: it did not start (the message carries the end of its log).
    """
    # Not pytest's tmp_path: that folder is 0700 root, which Dovecot's mail user cannot enter.
    base = Path(tempfile.mkdtemp(prefix="triage-dovecot-"))
    base.chmod(0o755)
    users = _users(run_as)
    uid, gid = users.uid, users.gid
    for sub in ("run", "state", "mail"):
        (base / sub).mkdir()
    (base / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    shutil.copy(cert, base / "cert.pem")
    shutil.copy(key, base / "key.pem")
    (base / "key.pem").chmod(0o600)
    if run_as is not None:
        for path in [base, *base.rglob("*")]:
            os.chown(path, uid, gid)
    elif os.geteuid() == 0:
        os.chown(base / "mail", uid, gid)
    token = f"triage-test-{secrets.token_hex(8)}"
    for _attempt in range(5):
        port, tls_port = free_port(), free_port()
        config = base / "dovecot.conf"
        config.write_text(
            _CONFIG.format(
                base=base,
                port=port,
                tls_port=tls_port,
                greeting=token,
                login_user=users.login,
                internal_user=users.internal,
                internal_group=users.internal_group,
                uid=uid,
                gid=gid,
                cert=base / "cert.pem",
                key=base / "key.pem",
            )
        )
        if run_as is not None:
            os.chown(config, uid, gid)
        with open(base / "stderr.log", "ab") as stderr:
            process = subprocess.Popen(
                [str(DOVECOT), "-F", "-c", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                user=uid if run_as is not None else None,
                group=gid if run_as is not None else None,
                extra_groups=[] if run_as is not None else None,
            )
        if _wait_listening((port, tls_port), token, process, time.monotonic() + 15):
            return Dovecot(
                host="127.0.0.1",
                port=port,
                tls_port=tls_port,
                user=USER,
                password=PASSWORD,
                ca_file=base / "cert.pem",
                base=base,
                process=process,
            )
        _stop_process(process)  # a port was taken, or it timed out: try other ports
    log = (base / "stderr.log").read_text(errors="replace")
    if (base / "dovecot.log").exists():
        log += (base / "dovecot.log").read_text(errors="replace")
    shutil.rmtree(base, ignore_errors=True)
    raise RuntimeError(f"dovecot did not start:\n{log[-2000:]}")


REQUIRE_SERVERS = "TRIAGE_REQUIRE_SERVERS"
"""Set to 1 (CI does) to make a missing server a test failure instead of a skip."""

_stopping: list[threading.Thread] = []
"""Servers stopping in the background; waited for when the test session ends."""


def pytest_unconfigure(config: pytest.Config) -> None:
    """Wait for servers still stopping, so none outlives the test run."""
    for thread in _stopping:
        thread.join(timeout=120)  # each stop is bounded: 10 s + 5 s waits, then rmtree


def require_dovecot() -> None:
    """Skip the test when Dovecot is missing, or fail it when servers are required."""
    if DOVECOT.exists():
        return
    message = f"{DOVECOT} not installed (Debian package dovecot-imapd)"
    if os.environ.get(REQUIRE_SERVERS, "") not in ("", "0"):
        pytest.fail(f"{message}, and {REQUIRE_SERVERS} is set", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def dovecot_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One self-signed certificate per test session (key generation takes a moment)."""
    require_dovecot()
    return make_certificate(tmp_path_factory.mktemp("dovecot-cert"))


@pytest.fixture
def dovecot(
    dovecot_certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Dovecot]:
    """A fresh Dovecot per test, with the password in `TRIAGE_TEST_IMAP_PASSWORD`."""
    server = start_dovecot(*dovecot_certificate)
    monkeypatch.setenv(PASSWORD_ENV, server.password)
    try:
        yield server
    finally:
        stopping = server.stop(remove=True, background=True)
        if stopping is not None:
            _stopping.append(stopping)


class CuttingProxy:
    """A TCP proxy to a server that can cut every connection on demand or after N bytes.

    Tests use it to drop an IMAP connection mid-fetch or during IDLE.
    """

    def __init__(self, target_port: int, *, host: str = "127.0.0.1") -> None:
        self.target = (host, target_port)
        self.listener = socket.create_server((host, 0))
        self.port = int(self.listener.getsockname()[1])
        self.cut_after: int | None = None
        """Cut all connections once this many bytes went from server to client (then reset)."""
        self.split_next: float | None = None
        """Send the next server-to-client chunk in two parts this many seconds apart, cut in
        the middle of its first line (then reset): a response line split across packets, as
        slow links deliver them."""
        self.cuts = 0
        self.connections = 0
        self.downstream = 0
        """Bytes sent from the server to clients so far (what a client really received)."""
        self._sent = 0
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            with self._lock:
                self._pairs.append((client, server))
                self.connections += 1
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, downstream: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                split = None
                if downstream:
                    with self._lock:
                        split, self.split_next = self.split_next, None
                if split is not None and len(data) > 1:
                    # In the middle of the first line, so no half is a whole line.
                    end = data.find(b"\n")
                    middle = max(1, (end if end > 0 else len(data)) // 2)
                    sink.sendall(data[:middle])
                    time.sleep(split)
                    sink.sendall(data[middle:])
                else:
                    sink.sendall(data)
                if downstream:
                    with self._lock:
                        self.downstream += len(data)
                        self._sent += len(data)
                        limit = self.cut_after
                        if limit is not None and self._sent >= limit:
                            self.cut_after = None
                            trigger = True
                        else:
                            trigger = False
                    if trigger:
                        self.cut()
                        return
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Reset every open connection now."""
        with self._lock:
            pairs, self._pairs = self._pairs, []
            self.cuts += 1
            self._sent = 0
        for pair in pairs:
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()

    def close(self) -> None:
        """Stop accepting and cut everything."""
        self._closed = True
        with contextlib.suppress(OSError):
            self.listener.close()
        self.cut()
