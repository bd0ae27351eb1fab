"""The stylesheets are found from a checkout (the installed wheel is checked by packaging)."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.ui import resources


def test_checkout_styles_are_found() -> None:
    folder = resources.styles_dir()
    assert (folder / "triage.tcss").is_file()
    assert resources.stylesheet("triage.tcss").read_text().strip()


def test_installed_copy_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "triage"
    (package / "styles").mkdir(parents=True)
    (package / "styles" / "triage.tcss").write_text("Screen {}\n")
    monkeypatch.setattr("triage.ui.resources.resources.files", lambda name: package)
    assert resources.styles_dir() == package / "styles"


def test_a_missing_sheet_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="no-such.tcss"):
        resources.stylesheet("no-such.tcss")
