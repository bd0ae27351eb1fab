"""The wheel: built offline from this checkout, it carries the package data and runs installed."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from triage.core.parse import parse_message
from triage.demo import demo_messages

ROOT = Path(__file__).resolve().parent.parent
"""The checkout the wheel is built from."""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from the checkout with the installed backend (no network)."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("triage-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed (without dependencies, which this venv has) into a fresh target."""
    target = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-compile",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def files_under(folder: Path) -> set[str]:
    """Every file below `folder`, as POSIX paths relative to the checkout."""
    return {
        p.relative_to(ROOT).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def run_installed(target: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command with the installed copy first on the path, away from the checkout."""
    env = dict(os.environ, PYTHONPATH=str(target), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def test_the_wheel_carries_styles_demo_templates_model_and_the_typing_marker(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("triage-0.1.0.dist-info/entry_points.txt").decode()
    styles = {f"triage/styles/{p.name}" for p in (ROOT / "styles").glob("*.tcss")}
    assert styles, "the checkout has stylesheets to ship"
    assert styles <= names
    demo = files_under(ROOT / "triage" / "demo" / "messages")
    assert len(demo) >= 38
    demo |= files_under(ROOT / "triage" / "demo" / "sent")
    assert demo <= names
    templates = files_under(ROOT / "triage" / "templates")
    assert templates <= names
    assert "triage/py.typed" in names
    # The word model ships with the code that scores it.
    assert "triage/core/text_model.json" in names
    assert "triage = triage.cli:main" in entry_points
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n]


def test_the_installed_copy_loads_its_resources_and_builds_the_demo(
    installed: Path, tmp_path: Path
) -> None:
    script = textwrap.dedent(
        """
        import json, sys
        from importlib import resources
        from pathlib import Path

        import triage
        from triage.adapters.store import Store
        from triage.demo import demo_messages, prepare_demo

        root = resources.files("triage")
        settings = prepare_demo(Path(sys.argv[1]))
        store = Store.open(settings.store_path)
        print(json.dumps({
            "file": triage.__file__,
            "css": {
                p.name: p.read_text("utf-8")
                for p in root.joinpath("styles").iterdir() if p.name.endswith(".tcss")
            },
            "templates": sorted(
                p.name for p in root.joinpath("templates").iterdir() if p.is_dir()
            ) if root.joinpath("templates").is_dir() else [],
            "typed": root.joinpath("py.typed").is_file(),
            "demo": len(demo_messages()),
            "stored": store.count(),
            "owner": settings.owner.name,
        }))
        """
    )
    result = run_installed(
        installed, sys.executable, "-c", script, str(tmp_path / "data"), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert Path(found["file"]).is_relative_to(installed)
    sheets = {p.name: p.read_text("utf-8") for p in (ROOT / "styles").glob("*.tcss")}
    assert found["css"] == sheets
    wanted = sorted(p.name for p in (ROOT / "triage" / "templates").iterdir() if p.is_dir())
    assert found["templates"] == wanted
    assert found["typed"] is True
    assert found["demo"] == len(list((ROOT / "triage" / "demo" / "messages").glob("*.eml")))
    assert found["stored"] == found["demo"]
    assert found["owner"] == "Sam Okafor"


def test_the_installed_console_script_runs(installed: Path, tmp_path: Path) -> None:
    script = installed / "bin" / "triage"
    assert script.is_file()
    result = run_installed(installed, str(script), "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Usage: triage" in result.stdout
    for command in ("import", "list", "locate", "config"):
        assert command in result.stdout
    version = run_installed(installed, str(script), "--version", cwd=tmp_path)
    assert version.stdout.strip() == "triage, version 0.1.0"


APP_SCRIPT = """
import asyncio, json, sys
from pathlib import Path

from triage.demo import prepare_demo
from triage.ui.app import make_app


async def main() -> None:
    settings = prepare_demo(Path(sys.argv[1]))
    app = make_app(settings, sync=False, outbox=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shot = app.export_screenshot()
        screen = type(app.screen).__name__
    print(json.dumps({"css": [str(p) for p in app.css_path], "screen": screen, "shot": shot}))


asyncio.run(main())
"""


def test_the_installed_app_opens_the_demo_with_its_own_stylesheets(
    installed: Path, tmp_path: Path
) -> None:
    result = run_installed(
        installed, sys.executable, "-c", APP_SCRIPT, str(tmp_path / "data"), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["css"]
    assert all(Path(p).is_relative_to(installed / "triage" / "styles") for p in found["css"])
    assert found["screen"] == "InboxScreen"
    # The screen lists demo messages: their senders show (SVG text, spaces as &#160;).
    shown = html.unescape(found["shot"]).replace("\xa0", " ")
    assert "To triage" in shown
    senders = {parse_message(m.data).sender for m in demo_messages()}
    names = {s.name for s in senders if s is not None and s.name}
    assert len([n for n in names if n in shown]) >= 5
