"""The config file: the example documents every key and parses; numbers and booleans are strict."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from triage.config import (
    EXAMPLE,
    AccountConfig,
    OwnerConfig,
    RepliesConfig,
    Settings,
    SmtpConfig,
    StatsConfig,
    StoreConfig,
    load_settings,
    parse_settings,
)
from triage.errors import ConfigError


def _sections(text: str) -> dict[str, str]:
    """The example's text per table header (`accounts.work.smtp`), comments included."""
    found: dict[str, str] = {"": ""}
    current = ""
    for line in text.splitlines():
        header = re.match(r"^\[([\w.]+)\]\s*$", line)
        if header:
            current = header.group(1)
            found.setdefault(current, "")
        else:
            found[current] += line + "\n"
    return found


# Each model and the example tables that document it.
MODELS: list[tuple[type[BaseModel], tuple[str, ...]]] = [
    (Settings, ("",)),
    (OwnerConfig, ("owner",)),
    (AccountConfig, ("accounts.work",)),
    (SmtpConfig, ("accounts.work.smtp", "replies.local_transport")),
    (StoreConfig, ("store",)),
    (RepliesConfig, ("replies",)),
    (StatsConfig, ("stats",)),
]


def test_the_example_parses_to_settings() -> None:
    settings = parse_settings(tomllib.loads(EXAMPLE))
    assert settings.accounts["work"].smtp is not None
    assert settings.accounts["work"].smtp.transport == "smtp"
    assert settings.replies.local_transport is not None
    assert settings.replies.local_transport.transport == "folder"


@pytest.mark.parametrize(("model", "tables"), MODELS, ids=[m.__name__ for m, _ in MODELS])
def test_the_example_documents_every_key(model: type[BaseModel], tables: tuple[str, ...]) -> None:
    sections = _sections(EXAMPLE)
    for table in tables:
        assert table in sections, table
    text = "".join(sections[t] for t in tables)
    headers = set(sections)
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        as_table = any(h == name or h.endswith(f".{name}") for h in headers) or any(
            h.startswith(f"{name}.") for h in headers
        )
        as_key = re.search(rf"^(?:#\s*)?{name}\s*=", text, re.MULTILINE)
        assert as_table or as_key, f"{model.__name__}.{name} is not in the example"


def _error(tmp_path: Path, toml: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = caught.value.message
    assert str(caught.value) == f"config error: {message}"
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ")


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[replies]\nundo_seconds = true\n", "replies.undo_seconds: should be a number (got true)"),
        ('[replies]\nundo_seconds = "10"\n', 'replies.undo_seconds: should be a number (got "10")'),
        ("[replies]\npreview = 1\n", "replies.preview: should be true or false (got 1)"),
        ('[replies]\npreview = "yes"\n', 'replies.preview: should be true or false (got "yes")'),
        ("[stats]\nignore_after_days = 7.5\n", "stats.ignore_after_days: should be a whole number"),
        (
            "[stats]\nignore_after_days = true\n",
            "stats.ignore_after_days: should be a whole number",
        ),
        ("[owner]\nname = 5\n", "owner.name: should be a string in quotes (got 5)"),
        (
            '[accounts.w]\nhost = "h"\nusername = "u"\npassword_env = "P"\nport = "993"\n',
            'accounts.w.port: should be a whole number (got "993")',
        ),
        (
            '[replies.local_transport]\ntransport = "folder"\nsave_sent = "no"\n',
            'replies.local_transport.save_sent: should be true or false (got "no")',
        ),
    ],
)
def test_numbers_and_booleans_are_not_coerced(tmp_path: Path, toml: str, expected: str) -> None:
    assert _error(tmp_path, toml).startswith(expected)


def test_toml_numbers_still_fit_their_fields(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "[replies]\nundo_seconds = 5\n[replies.local_transport]\ntimeout = 2.5\n"
        "[stats]\nignore_after_days = 3\n",
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings.replies.undo_seconds == 5.0
    assert settings.replies.local_transport is not None
    assert settings.replies.local_transport.timeout == 2.5
    assert settings.stats.ignore_after_days == 3
