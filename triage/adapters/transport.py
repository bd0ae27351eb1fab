"""How a reply leaves: SMTP, a sendmail-compatible command, the IMAP Drafts folder, or a folder.

Each transport takes one queued reply (`Outgoing`) and either delivers it or raises:
`TransientSendError` (try again later: server down, timeout, 4xx), `PermanentSendError`
(retrying will not help: refused, bad login, untrusted certificate) or `UncertainSendError`
(the connection died after the message was committed: it may have been delivered).

Before committing, a transport reports its progress through a `stage` callback, which the
outbox records durably; that is how a send interrupted by a crash is known to be safe to
repeat (see `triage.adapters.outbox`). `delivered()` answers, for an uncertain send, whether
the message is known to have arrived (True), known not to have (False), or unknowable (None).

`Mailbox` does the IMAP side (Sent copy, \\Answered, moving the original, Drafts) over
`triage.adapters.imap.connect`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shlex
import smtplib
import socket
import ssl
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from imapclient.exceptions import IMAPClientError

from triage.adapters.secrets import resolve_oauth2_token, resolve_password
from triage.config import AccountConfig, SecretSource, Settings, SmtpConfig, data_dir
from triage.errors import SecretError, SendError, SyncError

if TYPE_CHECKING:
    from imapclient import IMAPClient

Stage = Callable[[str], None]
"""Called with "connecting", "data" or "committed" as a send progresses."""

LOCAL_ACCOUNT = "local"
"""The account of messages imported from files (their replies go to a local folder)."""


class TransientSendError(SendError):
    """Not delivered this time; the same send may work later."""


class PermanentSendError(SendError):
    """Not delivered, and trying again unchanged will not help."""


class UncertainSendError(SendError):
    """The message was committed but the answer was lost: it may or may not have arrived."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One reply as queued: RFC 5322 bytes (no Bcc header) and its envelope."""

    id: int
    account: str
    message_id: str
    raw: bytes
    envelope_from: str
    recipients: tuple[str, ...]
    """Every envelope recipient, Bcc included."""


class Transport(Protocol):
    """A way for replies to leave."""

    kind: str
    """"smtp", "sendmail", "drafts" or "folder"."""
    sends: bool
    """True when the reply really leaves (then it is filed in Sent and the original is
    flagged \\Answered); False for drafts."""

    def send(self, item: Outgoing, stage: Stage) -> str:
        """Deliver `item`; returns a short note (e.g. recipients the server refused).

        Raises:
            TransientSendError, PermanentSendError, UncertainSendError.
        """
        ...

    def delivered(self, item: Outgoing) -> bool | None:
        """For a send interrupted after it committed: True (arrived), False (did not), None
        (cannot be known).

        Raises:
            TransientSendError: cannot look now (server down); ask again later.
        """
        ...


# --- IMAP: Sent, Drafts, \Answered, move -------------------------------------------------------


class Mailbox:
    """IMAP operations on one account for replies, over one lazily opened connection."""

    def __init__(
        self,
        name: str,
        account: AccountConfig,
        *,
        connect: Callable[[str, AccountConfig], IMAPClient] | None = None,
    ) -> None:
        self.name = name
        self.account = account
        self._connect = connect
        self._imap: IMAPClient | None = None
        self._folders: list[tuple[tuple[bytes, ...], str]] | None = None

    def imap(self) -> IMAPClient:
        """The connection, opened on first use.

        Raises:
            TransientSendError: the server cannot be reached now.
            PermanentSendError: login refused, certificate untrusted (SyncError's message).
        """
        if self._imap is None:
            # imapclient is imported only by code that talks IMAP.
            from triage.adapters.imap import connect

            opener = self._connect or connect
            try:
                self._imap = opener(self.name, self.account)
            except SyncError as exc:
                text = exc.message
                if "cannot connect" in text or "unknown host" in text:
                    raise TransientSendError(text) from None
                raise PermanentSendError(text) from None
            except OSError as exc:
                raise TransientSendError(f"account {self.name}: {exc}") from None
        return self._imap

    def close(self) -> None:
        """Log out (errors ignored: the connection may be gone already)."""
        imap, self._imap = self._imap, None
        self._folders = None
        if imap is not None:
            with contextlib.suppress(Exception):
                imap.logout()

    def __enter__(self) -> Mailbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def special_folder(self, role: str) -> str:
        """The Sent or Drafts folder: configured, else SPECIAL-USE, else a usual name.

        Raises:
            PermanentSendError: the account has no such folder.
        """
        configured = self.account.sent_folder if role == "sent" else self.account.drafts_folder
        if configured:
            return configured
        if self._folders is None:
            self._folders = [(tuple(f), n) for f, _, n in self.imap().list_folders()]
        flag = b"\\Sent" if role == "sent" else b"\\Drafts"
        for flags, name in self._folders:
            if flag in flags:
                return name
        usual: tuple[str, ...] = ("Sent", "Sent Items", "Sent Messages", "INBOX.Sent")
        if role == "drafts":
            usual = ("Drafts", "INBOX.Drafts")
        names = {n.lower(): n for _, n in self._folders}
        for candidate in usual:
            if candidate.lower() in names:
                return names[candidate.lower()]
        raise PermanentSendError(
            f"account {self.name}: no {role} folder found (set `{role}_folder` in the config)"
        )

    def has_message(self, folder: str, message_id: str) -> bool:
        """True when `folder` holds a message with this Message-ID."""
        imap = self.imap()
        imap.select_folder(folder, readonly=True)
        found = imap.search(["HEADER", "Message-ID", message_id])
        return bool(found)

    def append(self, folder: str, raw: bytes, flags: Sequence[bytes]) -> None:
        """Append `raw` to `folder` with `flags`."""
        self.imap().append(folder, raw, flags=tuple(flags))

    def flag_answered(self, folder: str, uidvalidity: int, uid: int) -> bool:
        """Set \\Answered on a message; False when it is no longer there."""
        imap = self.imap()
        selected = imap.select_folder(folder)
        if uidvalidity and int(selected.get(b"UIDVALIDITY", 0)) != uidvalidity:
            return False
        if not imap.search(["UID", str(uid)]):
            return False
        imap.add_flags([uid], [b"\\Answered"], silent=True)
        return True

    def move(self, folder: str, uidvalidity: int, uid: int, target: str) -> bool:
        """Move a message to `target` (created when missing); False when it is gone."""
        imap = self.imap()
        if not imap.folder_exists(target):
            imap.create_folder(target)
        selected = imap.select_folder(folder)
        if uidvalidity and int(selected.get(b"UIDVALIDITY", 0)) != uidvalidity:
            return False
        if not imap.search(["UID", str(uid)]):
            return False
        if imap.has_capability("MOVE"):
            imap.move([uid], target)
        else:
            imap.copy([uid], target)
            imap.delete_messages([uid])
            if imap.has_capability("UIDPLUS"):
                imap.uid_expunge([uid])
            else:
                imap.expunge()
        return True


IMAP_ERRORS: tuple[type[Exception], ...] = (IMAPClientError, OSError, EOFError)
"""What an IMAP operation raises when the server or the connection fails."""


# --- SMTP --------------------------------------------------------------------------------------


class SmtpTransport:
    """Submission over SMTP: implicit TLS or STARTTLS, certificates verified by default."""

    kind = "smtp"
    sends = True

    def __init__(
        self,
        config: SmtpConfig,
        *,
        what: str,
        username: str,
        secrets: SecretSource,
        mailbox: Mailbox | None = None,
    ) -> None:
        self.config = config
        self.what = what
        self.username = username
        self.secrets = secrets
        self.mailbox = mailbox

    @property
    def port(self) -> int:
        """The port in force."""
        if self.config.port is not None:
            return self.config.port
        return {"tls": 465, "starttls": 587, "none": 25}[self.config.security]

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        if not config.host:
            raise PermanentSendError(f"{self.what}: smtp `host` is not set")
        context = None
        if config.security != "none":
            context = ssl.create_default_context(cafile=config.ca_file or None)
        where = f"{self.what}: {config.host}:{self.port}"
        local = socket.gethostname() or "localhost"
        smtp: smtplib.SMTP | None = None
        try:
            if config.security == "tls":
                smtp = smtplib.SMTP_SSL(
                    config.host,
                    self.port,
                    local_hostname=local,
                    timeout=config.timeout,
                    context=context,
                )
            else:
                smtp = smtplib.SMTP(
                    config.host, self.port, local_hostname=local, timeout=config.timeout
                )
            smtp.ehlo()
            if config.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            self._login(smtp)
        except ssl.SSLCertVerificationError as exc:
            _quit(smtp)
            raise PermanentSendError(
                f"{where}: TLS certificate not trusted ({exc.verify_message}); check `host`, "
                "or set `ca_file` for a self-signed server"
            ) from None
        except smtplib.SMTPAuthenticationError as exc:
            _quit(smtp)
            raise PermanentSendError(
                f"{where}: login as {self.username!r} refused ({exc.smtp_code}); check the "
                "username and the password (or token) source"
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            _quit(smtp)
            raise PermanentSendError(f"{where}: {exc}") from None
        except SecretError as exc:
            _quit(smtp)
            raise PermanentSendError(exc.message) from None
        except socket.gaierror:
            _quit(smtp)
            raise TransientSendError(
                f"{where}: unknown host (check `host` and the network)"
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            _quit(smtp)
            raise TransientSendError(f"{where}: cannot connect ({_describe(exc)})") from None
        return smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        auth = self.config.auth
        if auth == "none":
            return
        if auth == "xoauth2":
            token = resolve_oauth2_token(self.secrets, what=self.what)
            first = f"user={self.username}\x01auth=Bearer {token}\x01\x01"
            answers = iter([first])

            def xoauth2(challenge: bytes | None = None) -> str:
                # After a failure the server sends a JSON challenge; an empty line ends it.
                return next(answers, "")

            smtp.auth("XOAUTH2", xoauth2, initial_response_ok=True)
            return
        password = resolve_password(self.secrets, self.username, what=self.what)
        smtp.login(self.username, password)

    def send(self, item: Outgoing, stage: Stage) -> str:
        """Submit `item`; the final dot is the commit point."""
        stage("connecting")
        smtp = self._connect()
        committed = False
        try:
            options: list[str] = []
            if not all(r.isascii() for r in (item.envelope_from, *item.recipients)):
                if not smtp.has_extn("smtputf8"):
                    raise PermanentSendError(
                        f"{self.what}: the server cannot take non-ASCII addresses (no SMTPUTF8)"
                    )
                options.append("SMTPUTF8")
            if not item.raw.isascii() and smtp.has_extn("8bitmime"):
                options.append("BODY=8BITMIME")
            if not item.recipients:
                raise PermanentSendError(f"{self.what}: the reply has no recipient")
            code, answer = smtp.mail(item.envelope_from, options)
            _check(code, answer, "sender refused", self.what)
            refused: list[str] = []
            last: tuple[int, bytes] = (0, b"")
            for recipient in item.recipients:
                code, answer = smtp.rcpt(recipient)
                if code not in (250, 251):
                    refused.append(f"{recipient} ({code} {_text(answer)})")
                    last = (code, answer)
            if len(refused) == len(item.recipients):
                smtp.rset()
                _check(*last, "every recipient refused", self.what)
            code, answer = smtp.docmd("DATA")
            _check(code, answer, "DATA refused", self.what, expect=354)
            stage("data")
            smtp.send(dot_stuff(item.raw))
            stage("committed")
            committed = True
            smtp.send(b".\r\n")
            code, answer = smtp.getreply()
            committed = False  # the server answered: the outcome is known either way
            _check(code, answer, "message refused", self.what)
        except (OSError, smtplib.SMTPException) as exc:
            if committed:
                raise UncertainSendError(
                    f"{self.what}: connection lost after the message was sent, before the "
                    f"server confirmed it ({_describe(exc)})"
                ) from None
            raise TransientSendError(f"{self.what}: {_describe(exc)}") from None
        finally:
            _quit(smtp)
        return f"refused: {', '.join(refused)}" if refused else ""

    def delivered(self, item: Outgoing) -> bool | None:
        """Look for the Message-ID in the Sent folder.

        Found: delivered. Not found: unknowable when triage files Sent copies itself (the
        crash may have come before that), "not delivered" when the server files them
        (`save_sent = false`, as Gmail does, at once on acceptance).
        """
        return _found_in_sent(self.mailbox, item, server_files=not self.config.save_sent)


def _found_in_sent(mailbox: Mailbox | None, item: Outgoing, *, server_files: bool) -> bool | None:
    """True/False/None as `Transport.delivered`; TransientSendError when it cannot look now."""
    if mailbox is None:
        return None
    try:
        with mailbox:
            if mailbox.has_message(mailbox.special_folder("sent"), item.message_id):
                return True
    except TransientSendError:
        raise
    except PermanentSendError:
        return None
    except IMAP_ERRORS as exc:
        raise TransientSendError(f"cannot look in Sent now ({_describe(exc)})") from None
    return False if server_files else None


def dot_stuff(raw: bytes) -> bytes:
    """The DATA payload: CRLF line ends, a leading dot doubled, ending in CRLF (no final dot)."""
    data = re.sub(rb"(?:\r\n|\n|\r(?!\n))", b"\r\n", raw)
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data


def _check(code: int, answer: bytes, what: str, where: str, *, expect: int = 250) -> None:
    if code == expect or (expect == 250 and 200 <= code < 300):
        return
    message = f"{where}: {what}: {code} {_text(answer)}"
    if 400 <= code < 500 or code < 0:
        raise TransientSendError(message)
    raise PermanentSendError(message)


def _text(answer: bytes | str) -> str:
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
    return " ".join(text.split())[:200]


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"[:200]


def _quit(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        with contextlib.suppress(OSError):
            smtp.close()


# --- sendmail ----------------------------------------------------------------------------------


class SendmailTransport:
    """A sendmail-compatible command (msmtp, sendmail, ssmtp) reading the message on stdin.

    The envelope is passed as arguments (`-f FROM -- RECIPIENTS`) and a `-t` in the
    configured command is dropped: reading recipients from the headers would lose Bcc.
    """

    kind = "sendmail"
    sends = True

    def __init__(
        self,
        command: str,
        *,
        what: str,
        timeout: float,
        mailbox: Mailbox | None = None,
        save_sent: bool = True,
    ) -> None:
        self.command = command
        self.what = what
        self.timeout = timeout
        self.mailbox = mailbox
        self.save_sent = save_sent
        """False when the server files sent mail itself (then absence from Sent is telling)."""

    def argv(self, item: Outgoing) -> list[str]:
        """The command line for `item`."""
        try:
            words = shlex.split(self.command)
        except ValueError as exc:
            raise PermanentSendError(f"{self.what}: bad sendmail_command ({exc})") from None
        if not words:
            raise PermanentSendError(f"{self.what}: sendmail_command is empty")
        words = [w for w in words if w != "-t"]
        return [*words, "-f", item.envelope_from, "--", *item.recipients]

    def send(self, item: Outgoing, stage: Stage) -> str:
        """Run the command; exit status 0 means it took the message."""
        argv = self.argv(item)
        stage("committed")  # once the command has the message it may deliver it
        try:
            done = subprocess.run(
                argv,
                input=item.raw.replace(b"\r\n", b"\n"),
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except FileNotFoundError:
            raise PermanentSendError(f"{self.what}: command not found: {argv[0]}") from None
        except subprocess.TimeoutExpired:
            raise UncertainSendError(
                f"{self.what}: `{argv[0]}` did not finish within {self.timeout:.0f} s"
            ) from None
        except OSError as exc:
            raise TransientSendError(f"{self.what}: cannot run {argv[0]} ({exc})") from None
        if done.returncode != 0:
            detail = _text(done.stderr or done.stdout or b"")
            message = f"{self.what}: `{argv[0]}` failed with exit status {done.returncode}"
            # sysexits: 75 (EX_TEMPFAIL) and 69 (EX_UNAVAILABLE) are worth retrying.
            error = TransientSendError if done.returncode in (69, 75) else PermanentSendError
            raise error(f"{message}: {detail}" if detail else message)
        return ""

    def delivered(self, item: Outgoing) -> bool | None:
        """Look for the Message-ID in the Sent folder (as `SmtpTransport.delivered`)."""
        return _found_in_sent(self.mailbox, item, server_files=not self.save_sent)


# --- IMAP Drafts -------------------------------------------------------------------------------


class DraftsTransport:
    """Appends the reply to the IMAP Drafts folder, for review and sending in another client.

    Idempotent: a draft with the same Message-ID already there counts as delivered.
    """

    kind = "drafts"
    sends = False

    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    def send(self, item: Outgoing, stage: Stage) -> str:
        """APPEND to Drafts with \\Draft, unless it is there already."""
        stage("connecting")
        try:
            with self.mailbox as mailbox:
                folder = mailbox.special_folder("drafts")
                if mailbox.has_message(folder, item.message_id):
                    return "already in Drafts"
                stage("committed")
                mailbox.append(folder, item.raw, [b"\\Draft", b"\\Seen"])
        except SendError:
            raise
        except IMAP_ERRORS as exc:
            raise TransientSendError(f"account {self.mailbox.name}: {_describe(exc)}") from None
        return f"saved to {folder}"

    def delivered(self, item: Outgoing) -> bool | None:
        """True when Drafts holds it; False when it does not (repeating is safe)."""
        try:
            with self.mailbox as mailbox:
                return mailbox.has_message(mailbox.special_folder("drafts"), item.message_id)
        except TransientSendError:
            raise
        except PermanentSendError:
            return None
        except IMAP_ERRORS as exc:
            raise TransientSendError(f"cannot look in Drafts now ({_describe(exc)})") from None


# --- a local folder ----------------------------------------------------------------------------


class FolderTransport:
    """Writes each reply as an .eml file into a folder: nothing leaves the machine.

    Used for messages imported from files and by the demo. Idempotent: the file name comes
    from the Message-ID, and a file is written under a temporary name and renamed.
    """

    kind = "folder"
    sends = True

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, item: Outgoing) -> Path:
        """Where `item` is written."""
        digest = hashlib.sha256(item.message_id.encode("utf-8", "replace")).hexdigest()[:16]
        return self.folder / f"{item.id:06d}-{digest}.eml"

    def send(self, item: Outgoing, stage: Stage) -> str:
        """Write the file (0600) atomically."""
        target = self.path_for(item)
        if target.exists():
            return f"already in {target}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            temp = target.with_suffix(f".tmp{os.getpid()}")
            fd = os.open(temp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(item.raw)
                handle.flush()
                os.fsync(handle.fileno())
            stage("committed")
            os.replace(temp, target)
        except OSError as exc:
            raise PermanentSendError(
                f"cannot write to {self.folder} ({exc.strerror or exc})"
            ) from None
        return f"written to {target}"

    def delivered(self, item: Outgoing) -> bool | None:
        """True when the file exists."""
        return self.path_for(item).exists()


# --- choosing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Route:
    """The transport for an account, and the IMAP mailbox to file copies in (if any)."""

    transport: Transport
    mailbox: Mailbox | None
    save_sent: bool


def local_outbox(settings: Settings) -> Path:
    """The folder replies to imported messages go to by default."""
    config = settings.replies.local_transport
    if config is not None and config.folder:
        return Path(config.folder).expanduser()
    return data_dir() / "outbox"


def route_for(account: str, settings: Settings) -> Route:
    """How replies for `account` leave.

    - an account from the config: its `[accounts.NAME.smtp]` (without one: Drafts);
    - "local" (imported files) or an account no longer configured: `replies.local_transport`,
      by default .eml files in `outbox/` in the data folder.

    Raises:
        PermanentSendError: the configured transport cannot work (e.g. drafts with no IMAP).
    """
    imap_account = settings.accounts.get(account) if account != LOCAL_ACCOUNT else None
    if imap_account is None:
        config = settings.replies.local_transport or SmtpConfig(transport="folder")
        what = "local replies"
        mailbox = None
        username = config.username
        secrets: SecretSource = config
    else:
        config = imap_account.smtp or SmtpConfig(transport="drafts")
        what = f"account {account} smtp"
        mailbox = Mailbox(account, imap_account)
        username = config.username or imap_account.username
        secrets = config if _has_secret(config) else imap_account
    transport: Transport
    if config.transport == "smtp":
        transport = SmtpTransport(
            config, what=what, username=username, secrets=secrets, mailbox=mailbox
        )
    elif config.transport == "sendmail":
        transport = SendmailTransport(
            config.sendmail_command,
            what=what,
            timeout=config.timeout,
            mailbox=mailbox,
            save_sent=config.save_sent,
        )
    elif config.transport == "drafts":
        if mailbox is None:
            raise PermanentSendError(f"{what}: transport `drafts` needs an IMAP account")
        transport = DraftsTransport(mailbox)
    else:
        folder = Path(config.folder).expanduser() if config.folder else local_outbox(settings)
        transport = FolderTransport(folder)
    return Route(transport=transport, mailbox=mailbox, save_sent=config.save_sent)


def _has_secret(config: SecretSource) -> bool:
    return any(
        v is not None
        for v in (
            config.password_command,
            config.password_keyring,
            config.password_env,
            config.oauth2_token_command,
        )
    )
