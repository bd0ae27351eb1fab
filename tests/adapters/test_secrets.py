"""Secrets from each source, and each way a source can fail without leaking its output."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backend
import keyring.errors
import pytest

from triage.adapters.secrets import resolve_oauth2_token, resolve_password
from triage.config import SecretSource
from triage.errors import SecretError


class _DictKeyring(keyring.backend.KeyringBackend):
    """A keyring backend holding entries in a dict (keyring's own backend API)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


class _BrokenKeyring(_DictKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.fixture
def dict_keyring() -> Iterator[_DictKeyring]:
    previous = keyring.get_keyring()
    backend = _DictKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_command_first_line() -> None:
    source = SecretSource(password_command="printf 's3cret\\nsecond line\\n'")
    assert resolve_password(source, "u", what="account a") == "s3cret"


def test_command_failure_names_command_not_output() -> None:
    source = SecretSource(password_command="echo leaked-secret; exit 3")
    with pytest.raises(SecretError) as info:
        resolve_password(source, "u", what="account a")
    assert "exit status 3" in str(info.value)
    assert "exit 3" in str(info.value)
    assert "leaked-secret\n" not in str(info.value)
    assert str(info.value).count("leaked-secret") == 1  # only inside the quoted command


def test_command_failure_hides_stderr() -> None:
    source = SecretSource(password_command="printf 'hunter%s' 2 >&2; false")
    with pytest.raises(SecretError) as info:
        resolve_password(source, "u", what="account a")
    assert "hunter2" not in str(info.value)


def test_command_empty_output() -> None:
    source = SecretSource(password_command="printf '\\n'")
    with pytest.raises(SecretError, match="printed nothing"):
        resolve_password(source, "u", what="account a")


def test_command_missing_program() -> None:
    source = SecretSource(password_command="/nonexistent/password-helper")
    with pytest.raises(SecretError, match="failed with exit status 127"):
        resolve_password(source, "u", what="account a")


def test_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIAGE_TEST_PW", "from-env")
    assert resolve_password(SecretSource(password_env="TRIAGE_TEST_PW"), "u", what="a") == (
        "from-env"
    )


def test_env_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIAGE_TEST_PW", raising=False)
    with pytest.raises(SecretError, match="TRIAGE_TEST_PW is not set"):
        resolve_password(SecretSource(password_env="TRIAGE_TEST_PW"), "u", what="a")


def test_keyring(dict_keyring: _DictKeyring) -> None:
    dict_keyring.set_password("triage", "jordan", "from-keyring")
    source = SecretSource(password_keyring="triage")
    assert resolve_password(source, "jordan", what="a") == "from-keyring"


def test_keyring_missing_entry(dict_keyring: _DictKeyring) -> None:
    with pytest.raises(SecretError, match="no keyring entry 'triage' for user 'nobody'"):
        resolve_password(SecretSource(password_keyring="triage"), "nobody", what="a")


def test_keyring_backend_error() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(_BrokenKeyring())
    try:
        with pytest.raises(SecretError, match="KeyringLocked"):
            resolve_password(SecretSource(password_keyring="triage"), "u", what="a")
    finally:
        keyring.set_keyring(previous)


def test_no_source() -> None:
    with pytest.raises(SecretError, match="no password source"):
        resolve_password(SecretSource(), "u", what="a")


def test_oauth2_token() -> None:
    source = SecretSource(oauth2_token_command="echo ya29.token")
    assert resolve_oauth2_token(source) == "ya29.token"


def test_oauth2_missing_and_failing() -> None:
    with pytest.raises(SecretError, match="oauth2_token_command is not set"):
        resolve_oauth2_token(SecretSource())
    with pytest.raises(SecretError, match="exit status 1"):
        resolve_oauth2_token(SecretSource(oauth2_token_command="false"))
