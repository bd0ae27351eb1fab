"""Opening the triage screen: bare `triage` on the configured accounts, `triage demo`."""

from __future__ import annotations

from pathlib import Path

import click

from triage.commands.common import Context
from triage.config import Settings

pass_context = click.make_pass_decorator(Context)


def _run(settings: Settings, store_path: Path | None = None, *, sync: bool = True) -> None:
    # Textual loads only here, so headless commands (sync, list, stats) start fast.
    from triage.ui.app import make_app

    app = make_app(settings, store_path, sync=sync)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)


def open_tui(ctx: Context) -> None:
    """Bare `triage`: the triage screen on the configured accounts and their store.

    Without an account it prints a one-line hint and exits with status 1.
    """
    settings = ctx.settings
    if not settings.accounts:
        click.echo(
            "no account configured: run `triage demo` to try triage on a demo inbox, or "
            "`triage config example` to start a config",
            err=True,
        )
        raise SystemExit(1)
    _run(settings, settings.store_path)


@click.command("demo")
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to build the demo (default: the data folder's demo/).",
)
def demo_command(data_dir: Path | None) -> None:
    """Open triage on a fresh demo inbox; replies are written to a local outbox folder.

    Nothing leaves the machine: no account, no network, no config needed.
    """
    from triage.demo import prepare_demo

    settings = prepare_demo(data_dir)
    _run(settings, settings.store_path, sync=False)


COMMANDS = [demo_command]
"""Commands this module adds to the CLI."""
