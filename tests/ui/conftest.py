"""Fixtures for the triage screen: a generated store file, settings, a fixed clock, settling."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.worker import WorkerState

from tests.ui import inboxgen
from triage.config import OwnerConfig, RepliesConfig, Settings, SmtpConfig, StoreConfig
from triage.ui.app import TriageApp, make_app

SIZE = 60
"""Messages in the test store."""
BACKGROUND = ("sync", "outbox")
"""Worker groups that run for the app's lifetime (never "done")."""

_TEMPLATE: dict[int, Path] = {}


def fixed_clock() -> float:
    """The tests' "now"."""
    return inboxgen.NOW.timestamp()


@pytest.fixture
def store_path(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store file with `SIZE` generated, classified messages (built once, copied)."""
    template = _TEMPLATE.get(SIZE)
    if template is None:
        template = inboxgen.build(tmp_path_factory.mktemp("inbox") / "template.db", SIZE)
        _TEMPLATE[SIZE] = template
    path = tmp_path / "store.db"
    shutil.copyfile(template, path)
    path.chmod(0o600)
    return path


def make_settings(tmp_path: Path, store_path: Path, **replies: object) -> Settings:
    """Settings for the generated owner; replies go to `tmp_path/outbox` as .eml files."""
    return Settings(
        owner=OwnerConfig(name=inboxgen.OWNER.name, addresses=[inboxgen.OWNER.email]),
        store=StoreConfig(path=str(store_path)),
        replies=RepliesConfig(
            local_transport=SmtpConfig(transport="folder", folder=str(tmp_path / "outbox")),
            **replies,  # type: ignore[arg-type]
        ),
    )


@pytest.fixture
def settings(tmp_path: Path, store_path: Path) -> Settings:
    """Settings with previews on and a 10 s undo window."""
    return make_settings(tmp_path, store_path)


AppFactory = Callable[..., TriageApp]


@pytest.fixture
def app_factory(settings: Settings, store_path: Path) -> AppFactory:
    """Build the app as the CLI does, with the fixed clock and no background workers."""

    def build(**kw: object) -> TriageApp:
        options: dict[str, object] = {"clock": fixed_clock, "sync": False, "outbox": False}
        options.update(kw)
        use = options.pop("settings", settings)
        assert isinstance(use, Settings)
        return make_app(use, store_path, **options)  # type: ignore[arg-type]

    return build


async def settle(pilot: Pilot[None], rounds: int = 200) -> None:
    """Wait until every short-lived worker (pages, detail, counts, actions) has finished."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        # An action waiting for its dialog's answer is not busy.
        waiting = ("act",) if isinstance(app.screen, ModalScreen) else ()
        busy = [
            w
            for w in app.workers
            if w.group not in (*BACKGROUND, *waiting)
            and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        ]
        if not busy:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError(f"workers still busy: {busy}")
