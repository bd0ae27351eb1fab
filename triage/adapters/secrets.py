"""Passwords and OAuth2 tokens from their configured source: a command, the keyring, or env."""

from __future__ import annotations

import os
import subprocess

from triage.config import SecretSource
from triage.errors import SecretError

COMMAND_TIMEOUT = 60.0
"""Seconds a password or token command may take (a GPG prompt needs a while)."""


def resolve_password(source: SecretSource, username: str, *, what: str) -> str:
    """The password from the one source `source` configures.

    Args:
        source: An account or SMTP section (password_command, password_keyring or password_env).
        username: The user name looked up in the keyring.
        what: What the password is for, named in errors (e.g. "account work").

    Returns:
        The password (never logged).

    Raises:
        SecretError: the command failed or printed nothing, the keyring has no entry, the
            variable is unset; the message names the source but never its output.
    """
    if source.password_command is not None:
        return run_secret_command(source.password_command, what=f"{what} password_command")
    if source.password_keyring is not None:
        return _from_keyring(source.password_keyring, username, what=what)
    if source.password_env is not None:
        value = os.environ.get(source.password_env, "")
        if not value:
            raise SecretError(
                f"{what}: environment variable {source.password_env} is not set or empty"
            )
        return value
    raise SecretError(
        f"{what}: no password source (set password_command, password_keyring or password_env)"
    )


def resolve_oauth2_token(source: SecretSource, *, what: str = "account") -> str:
    """A fresh OAuth2 access token from `oauth2_token_command`.

    Raises:
        SecretError: no command configured, or it failed or printed nothing.
    """
    if not source.oauth2_token_command:
        raise SecretError(f"{what}: auth is xoauth2 but oauth2_token_command is not set")
    return run_secret_command(source.oauth2_token_command, what=f"{what} oauth2_token_command")


def run_secret_command(command: str, *, what: str) -> str:
    """Run `command` through the shell and return the first line of its output.

    Raises:
        SecretError: it could not start, exited non-zero, timed out or printed nothing. The
            error names the command, never what it printed (that may be the secret).
    """
    try:
        done = subprocess.run(  # noqa: S602 - the user configures a shell command on purpose
            command,
            shell=True,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SecretError(
            f"{what}: `{command}` did not finish within {COMMAND_TIMEOUT:.0f} s"
        ) from None
    except OSError as exc:
        raise SecretError(f"{what}: cannot run `{command}` ({exc.strerror or exc})") from None
    if done.returncode != 0:
        raise SecretError(f"{what}: `{command}` failed with exit status {done.returncode}")
    text = done.stdout.decode("utf-8", "replace")
    first = text.splitlines()[0].strip() if text.strip() else ""
    if not first:
        raise SecretError(f"{what}: `{command}` printed nothing on its first line")
    return first


def _from_keyring(service: str, username: str, *, what: str) -> str:
    # Imported here: keyring probes its backends on import, which is slow and not always needed.
    try:
        import keyring
        import keyring.errors
    except ImportError:  # pragma: no cover - keyring is a dependency
        raise SecretError(f"{what}: the keyring package is not installed") from None
    try:
        value = keyring.get_password(service, username)
    except keyring.errors.KeyringError as exc:
        raise SecretError(
            f"{what}: keyring lookup of {service!r} for {username!r} failed "
            f"({exc.__class__.__name__}); check your keyring backend"
        ) from None
    if not value:
        raise SecretError(f"{what}: no keyring entry {service!r} for user {username!r}")
    return value
