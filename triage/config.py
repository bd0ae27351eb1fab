"""The TOML config file: where it is, what it may say, and validated settings.

The models below document the file: every field has a default or is required, and unknown
keys are errors, so a typo never silently becomes a default.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import tomllib
import typing
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from triage.errors import ConfigError

APP_NAME = "triage"
CONFIG_ENV = "TRIAGE_CONFIG"
"""Environment variable naming the config file, overriding the platform default."""
DATA_ENV = "TRIAGE_DATA_DIR"
"""Environment variable naming the data folder (store, demo store, local outbox)."""


def config_dir() -> Path:
    """The platform's config folder for triage (not created)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The folder for the store and other data (`TRIAGE_DATA_DIR` overrides)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path(explicit: Path | None = None) -> Path:
    """The config file in force: `--config`, then `TRIAGE_CONFIG`, then the platform default."""
    if explicit is not None:
        return explicit.expanduser()
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return config_dir() / "config.toml"


class _Section(BaseModel):
    # Strict: TOML has real numbers and booleans, so `undo_seconds = true` or `port = "25"`
    # is a mistake to report, not a value to coerce (pydantic would read true as 1.0).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class OwnerConfig(_Section):
    """Who the mailbox belongs to."""

    name: str = ""
    """The owner's name, used to sign replies."""
    addresses: list[str] = Field(default_factory=list)
    """Every address the owner receives mail at (the first is the default From)."""
    timezone: str = ""
    """IANA time zone for weekly stats, e.g. "Europe/Berlin"; empty means the system's."""


class SecretSource(_Section):
    """Where a secret comes from: exactly one of a command, the keyring, or the environment."""

    password_command: str | None = None
    """A shell command whose first line of output is the password (e.g. `pass show mail`)."""
    password_keyring: str | None = None
    """A keyring service name; the entry's user name is the account's `username`."""
    password_env: str | None = None
    """The name of an environment variable holding the password."""
    oauth2_token_command: str | None = None
    """With `auth = "xoauth2"`: a command printing a fresh OAuth2 access token."""


class SmtpConfig(SecretSource):
    """How replies leave: SMTP, a sendmail-compatible command, the IMAP Drafts folder, or
    .eml files in a local folder (nothing leaves the machine)."""

    transport: Literal["smtp", "sendmail", "drafts", "folder"] = "smtp"
    host: str = ""
    port: int | None = None
    """Defaults to 465 for `tls`, 587 for `starttls`, 25 for `none`."""
    security: Literal["tls", "starttls", "none"] = "tls"
    username: str = ""
    """Defaults to the IMAP username."""
    auth: Literal["password", "xoauth2", "none"] = "password"
    sendmail_command: str = "sendmail -oi -t"
    """With `transport = "sendmail"`: the command that reads the message on stdin."""
    ca_file: str | None = None
    """A CA bundle to trust instead of the system's (a self-signed server)."""
    allow_insecure: bool = False
    """Allow `security = "none"` to a host that is not on this machine."""
    save_sent: bool = True
    """Append a copy to the Sent folder after sending (turn off where the server does it)."""
    folder: str | None = None
    """With `transport = "folder"`: where the .eml files go (default `outbox/` in the data
    folder)."""
    timeout: float = Field(default=60.0, gt=0, le=600)
    """Seconds to wait for the server (or the sendmail command) before giving up for now."""

    @model_validator(mode="after")
    def _insecure(self) -> SmtpConfig:
        if self.transport == "smtp" and self.security == "none" and self.host:
            _refuse_plaintext(self.host, self.allow_insecure, "smtp")
        return self


class AccountConfig(SecretSource):
    """One IMAP account."""

    host: str
    """The IMAP server's host name."""
    port: int | None = None
    """Defaults to 993 for `tls`, 143 for `starttls` and `none`."""
    security: Literal["tls", "starttls", "none"] = "tls"
    """`tls` (implicit TLS), `starttls`, or `none` (only to this machine or when allowed)."""
    username: str
    auth: Literal["password", "xoauth2"] = "password"
    folders: list[str] = Field(default_factory=lambda: ["INBOX"])
    """Folders to watch for incoming asks."""
    sent_folder: str | None = None
    """The owner's Sent folder; found by SPECIAL-USE \\Sent when not given."""
    drafts_folder: str | None = None
    """The Drafts folder; found by SPECIAL-USE \\Drafts when not given."""
    ca_file: str | None = None
    """A CA bundle to trust instead of the system's (a self-signed server)."""
    allow_insecure: bool = False
    """Allow `security = "none"` to a host that is not on this machine."""
    smtp: SmtpConfig | None = None
    """How replies from this account are sent; without it replies go to Drafts."""

    @property
    def effective_port(self) -> int:
        """The port to connect to."""
        if self.port is not None:
            return self.port
        return 993 if self.security == "tls" else 143

    @model_validator(mode="before")
    @classmethod
    def _no_plaintext_password(cls, data: Any) -> Any:
        if isinstance(data, dict) and "password" in data:
            raise ValueError(
                "a plaintext `password` is not allowed; use password_command, "
                "password_keyring or password_env"
            )
        return data

    @model_validator(mode="after")
    def _checks(self) -> AccountConfig:
        if self.security == "none":
            _refuse_plaintext(self.host, self.allow_insecure, "imap")
        sources = [self.password_command, self.password_keyring, self.password_env]
        if self.auth == "password" and sum(s is not None for s in sources) != 1:
            raise ValueError(
                "give exactly one of password_command, password_keyring or password_env"
            )
        if self.auth == "xoauth2" and not self.oauth2_token_command:
            raise ValueError('auth = "xoauth2" needs oauth2_token_command')
        return self


def _refuse_plaintext(host: str, allowed: bool, what: str) -> None:
    if allowed or is_loopback(host):
        return
    raise ValueError(
        f'{what} security = "none" would send the password in clear to {host}; '
        "use tls or starttls, or set allow_insecure = true"
    )


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class StoreConfig(_Section):
    """The local store."""

    path: str | None = None
    """The SQLite file; defaults to `triage.db` in the data folder."""


class RepliesConfig(_Section):
    """How answers are composed and sent."""

    preview: bool = True
    """Show the rendered reply before it is queued."""
    undo_seconds: float = Field(default=10.0, ge=0, le=600)
    """How long a queued reply waits before it leaves, so it can be undone."""
    template_dir: str | None = None
    """Folder of user templates overriding the built-in ones; default `templates/` beside
    the config file."""
    move_to: dict[str, str] = Field(default_factory=dict)
    """Per action (decline, accept, ask, ignore), a folder to move the original to."""
    local_transport: SmtpConfig | None = None
    """How replies to messages imported from files (account "local") leave; default: .eml
    files in `outbox/` in the data folder, so nothing leaves the machine."""


class StatsConfig(_Section):
    """Weekly statistics."""

    ignore_after_days: int = Field(default=7, ge=1, le=365)
    """A blind intro with no action after this many days counts as ignored."""


class Settings(_Section):
    """The whole config file."""

    owner: OwnerConfig = Field(default_factory=OwnerConfig)
    accounts: dict[str, AccountConfig] = Field(default_factory=dict)
    store: StoreConfig = Field(default_factory=StoreConfig)
    replies: RepliesConfig = Field(default_factory=RepliesConfig)
    stats: StatsConfig = Field(default_factory=StatsConfig)

    source: Path | None = Field(default=None, exclude=True)
    """The file these settings came from (None for defaults)."""

    @property
    def store_path(self) -> Path:
        """The store file in force."""
        if self.store.path:
            return Path(self.store.path).expanduser()
        return data_dir() / "triage.db"

    @property
    def template_dir(self) -> Path:
        """The user template folder in force."""
        if self.replies.template_dir:
            return Path(self.replies.template_dir).expanduser()
        base = self.source.parent if self.source else config_dir()
        return base / "templates"


def load_settings(explicit: Path | None = None, *, required: bool = False) -> Settings:
    """Read and validate the config file in force.

    Args:
        explicit: A path given with `--config`.
        required: Raise when the file does not exist (else defaults are returned).

    Raises:
        ConfigError: unreadable TOML or invalid settings; the message names file and key.
    """
    path = config_path(explicit)
    if not path.exists():
        if required or explicit is not None:
            raise ConfigError(
                f"{path}: no such file (run `triage config example > {path}` to start one)"
            )
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    return parse_settings(data, path)


def parse_settings(data: dict[str, Any], path: Path | None = None) -> Settings:
    """Validate a parsed TOML document; errors name the file, the key and what was expected."""
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from None
    return settings.model_copy(update={"source": path})


def _describe(exc: ValidationError, path: Path | None) -> str:
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"] if not str(p).startswith("function-"))
    kind = first["type"]
    if kind == "extra_forbidden":
        what = _unknown_key(first["loc"])
    elif kind == "missing":
        what = "required key is missing"
    elif kind in ("model_type", "dict_type"):
        what = f"should be a table, like [{loc or 'section'}] (got {first.get('input')!r})"
    elif kind in _EXPECTED:
        what = f"should be {_EXPECTED[kind]} (got {_toml(first.get('input'))})"
    else:
        got = first.get("input")
        message = first["msg"].removeprefix("Value error, ")
        what = f"{message}" + (f" (got {got!r})" if not isinstance(got, dict) else "")
    where = f"{path}: " if path else ""
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}{loc or 'top level'}: {what}{more}"


_EXPECTED = {
    "bool_type": "true or false",
    "int_type": "a whole number",
    "float_type": "a number",
    "string_type": "a string in quotes",
    "list_type": 'a list, like ["a", "b"]',
}
"""What a strict field expected, by pydantic error type, in the file's own terms."""


def _toml(value: Any) -> str:
    """A value as TOML writes it (`true`, `"10"`), for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def _unknown_key(loc: tuple[int | str, ...]) -> str:
    """ "unknown key", with the closest known key and every key the section allows."""
    model = _section_at(tuple(p for p in loc[:-1] if not str(p).startswith("function-")))
    if model is None:
        return "unknown key (check its spelling)"
    known = [name for name, f in model.model_fields.items() if not f.exclude]
    close = difflib.get_close_matches(str(loc[-1]), known, n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    return f"unknown key ({hint}expected one of: {', '.join(known)})"


def _section_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model of the config section at `loc` (table names and `accounts` keys)."""
    model: type[BaseModel] = Settings
    skip_key = False
    for part in loc:
        if skip_key:  # the account name under [accounts.NAME]
            skip_key = False
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        inner = _model_in(field.annotation)
        if inner is None:
            return None
        model, skip_key = inner
    return model


def _model_in(annotation: Any) -> tuple[type[BaseModel], bool] | None:
    """The section model inside a field's type, and whether it sits in a dict of them."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is dict and len(args) == 2:
        found = _model_in(args[1])
        return (found[0], True) if found else None
    for arg in args:
        found = _model_in(arg)
        if found:
            return found
    return None


EXAMPLE = """\
# triage configuration. `triage locate config` prints where this file belongs.
# Unknown keys are errors, so a typo never turns into a silent default; numbers and
# true/false are written bare (undo_seconds = 10, not "10"; preview = true, not 1).

[owner]
name = "Jordan Avery"
# Every address you receive mail at; the first is the default From of replies.
addresses = ["jordan@averyworks.example"]
# Time zone for the weekly stats (IANA name); empty means this machine's.
timezone = "America/Los_Angeles"

[accounts.work]
host = "imap.fastmail.example"
# port = 993                # default: 993 for "tls", 143 for "starttls" and "none"
# security: "tls" (port 993), "starttls" (port 143), or "none" (only to localhost,
# or with allow_insecure = true).
security = "tls"
# allow_insecure = false    # allow security = "none" to a host that is not this machine
username = "jordan@averyworks.example"
# The password never goes in this file. Give exactly one of:
password_command = "pass show mail/work"       # first line of the output
# password_keyring = "triage"                  # keyring service; user = username
# password_env = "TRIAGE_WORK_PASSWORD"        # an environment variable
# For OAuth2 (Gmail, Microsoft 365): auth = "xoauth2" and a token command:
# auth = "xoauth2"          # default "password"
# oauth2_token_command = "oama access jordan@averyworks.example"
folders = ["INBOX"]
# sent_folder = "Sent"      # found by SPECIAL-USE \\Sent when left out
# drafts_folder = "Drafts"  # found by SPECIAL-USE \\Drafts when left out
# ca_file = "~/.config/triage/my-ca.pem"   # trust a self-signed server

# How replies from this account leave; without this table they go to Drafts.
[accounts.work.smtp]
# transport: "smtp", "sendmail" (msmtp and friends), "drafts" (the IMAP Drafts folder,
# to review and send elsewhere) or "folder" (.eml files on this machine, see below)
transport = "smtp"
host = "smtp.fastmail.example"
security = "tls"            # 465; "starttls" uses 587; "none" uses 25 (localhost only)
# port = 465
# auth = "password"         # or "xoauth2" (with oauth2_token_command), or "none"
# username = "jordan@averyworks.example"   # default: the IMAP username
# The password sources are as above:
password_command = "pass show mail/work"
# password_keyring = "triage"
# password_env = "TRIAGE_SMTP_PASSWORD"
# oauth2_token_command = "oama access jordan@averyworks.example"
# ca_file = "~/.config/triage/my-ca.pem"
# allow_insecure = false
save_sent = true            # set false where the server files sent mail itself (Gmail)
timeout = 60                # seconds to wait for the server (or sendmail) before retrying
# With transport = "sendmail": the command that reads the message on stdin.
# sendmail_command = "msmtp -t --read-envelope-from"
# With transport = "folder": where the .eml files go (default: outbox/ in the data folder).
# folder = "~/triage-outbox"

[store]
# path = "~/.local/share/triage/triage.db"

[replies]
preview = true              # show each reply before it is queued
undo_seconds = 10           # a queued reply waits this long before it leaves
# template_dir = "~/.config/triage/templates"
# move_to = { ignore = "Archive", decline = "Archive" }

# How replies to mail imported from files (account "local") leave. Without this table
# they are written as .eml files to outbox/ in the data folder: nothing leaves the
# machine. Any key of an [accounts.NAME.smtp] table works here.
[replies.local_transport]
transport = "folder"
# folder = "~/triage-outbox"

[stats]
ignore_after_days = 7       # a blind intro with no action after this counts as ignored
"""
"""A commented example config (`triage config example`)."""
