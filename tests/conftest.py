"""Shared fixtures: isolated config and data folders, a fresh store per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from triage.adapters.store import Store

# Server fixtures live in their own modules (add yours here).
pytest_plugins: list[str] = ["tests.support.dovecot", "tests.support.smtp"]

FIXTURES = Path(__file__).parent / "fixtures"
"""Hand-written test messages."""


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read the developer's own config or store."""
    monkeypatch.setenv("TRIAGE_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("TRIAGE_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store in a real SQLite file."""
    opened = Store.open(tmp_path / "store.db")
    yield opened
    opened.close()
