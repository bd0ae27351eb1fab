"""Layering, checked in a fresh interpreter: the core sees no I/O library, headless code no UI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import triage.core

FORBIDDEN_IN_CORE = (
    "textual",
    "imapclient",
    "sqlite_utils",
    "jinja2",
    "smtplib",
    "triage.ui",
    "triage.adapters",
)
FORBIDDEN_HEADLESS = ("textual", "triage.ui")


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def core_modules() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(triage.core.__path__, "triage.core.")]


@pytest.mark.parametrize("module", core_modules())
def test_core_imports_no_io_or_ui(module: str) -> None:
    loaded = loaded_after_import(module)
    bad = sorted(m for m in loaded for f in FORBIDDEN_IN_CORE if m == f or m.startswith(f + "."))
    assert bad == [], f"{module} pulls in {bad}"


@pytest.mark.parametrize("module", ["triage.cli", "triage.adapters.store", "triage.ingest"])
def test_headless_code_does_not_load_textual(module: str) -> None:
    loaded = loaded_after_import(module)
    bad = sorted(m for m in loaded for f in FORBIDDEN_HEADLESS if m == f or m.startswith(f + "."))
    assert bad == [], f"{module} pulls in {bad}"


def test_the_cli_imports_a_subcommand_only_when_it_runs() -> None:
    loaded = loaded_after_import("triage.cli")
    eager = sorted(m for m in loaded if m.startswith("triage.commands."))
    assert eager == []
    assert "sqlite_utils" not in loaded
    assert "pydantic" not in loaded


def test_every_lazy_command_resolves_to_its_click_command() -> None:
    import click

    from triage.cli import LAZY_COMMANDS, cli

    ctx = click.Context(cli)
    for name in LAZY_COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        assert command.name == name


def test_syncing_builds_no_phrase_table_until_something_is_classified() -> None:
    # `triage sync` with nothing new starts in about 0.2 s; the phrase table alone took 70 ms.
    loaded = loaded_after_import(
        "triage.commands.sync, triage.adapters.imap, triage.adapters.store, triage.adapters.rows"
    )
    assert "triage.core.signals" not in loaded
    assert "triage.core.clauses" in loaded  # what the introducer finder reads clauses with
