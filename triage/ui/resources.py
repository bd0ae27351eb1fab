"""Find the stylesheets: `triage/styles` when installed, else the checkout's `styles/`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

STYLES_PACKAGE_DIR = "styles"
"""The folder name inside the installed package (pyproject force-includes `styles/` there)."""


def styles_dir() -> Path:
    """The folder holding the `.tcss` files.

    Raises:
        FileNotFoundError: neither an installed copy nor a checkout's `styles/` exists.
    """
    installed = Path(str(resources.files("triage") / STYLES_PACKAGE_DIR))
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "styles").is_dir():
        return checkout / "styles"
    raise FileNotFoundError("triage stylesheets not found (neither triage/styles nor styles/)")


def stylesheet(name: str) -> Path:
    """The path of one stylesheet, e.g. `stylesheet("triage.tcss")`.

    Raises:
        FileNotFoundError: the stylesheet does not exist.
    """
    path = styles_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"stylesheet {name} not found in {path.parent}")
    return path
