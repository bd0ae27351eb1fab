"""What every command shares: the settings and the store, loaded once and on demand."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from triage.adapters.store import Store
from triage.config import Settings, load_settings


class Context:
    """The click context object: settings and store opened lazily, so `--help` stays cheap."""

    def __init__(self, config_file: Path | None) -> None:
        self.config_file = config_file
        self._store: Store | None = None

    @cached_property
    def settings(self) -> Settings:
        """The validated config (defaults when there is no file)."""
        return load_settings(self.config_file)

    def store(self) -> Store:
        """The store named by the settings, opened (and created) on first use."""
        if self._store is None:
            self._store = Store.open(self.settings.store_path)
        return self._store
