"""The command line: a click group whose bare invocation opens the TUI."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from triage import __version__
from triage.commands import act as act_commands
from triage.commands import classify as classify_commands
from triage.commands import mail as mail_commands
from triage.commands import stats as stats_commands
from triage.commands import sync as sync_commands
from triage.commands import tui as tui_commands
from triage.commands.common import Context
from triage.errors import TriageError


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Config file (default: $TRIAGE_CONFIG, else the platform config folder).",
)
@click.version_option(__version__, "-V", "--version", prog_name="triage")
@click.pass_context
def cli(ctx: click.Context, config_file: Path | None) -> None:
    """triage: a keyboard-driven inbox for blind intros and pick-your-brain asks.

    With no command, opens the triage screen on the configured accounts.
    """
    ctx.obj = Context(config_file)
    if ctx.invoked_subcommand is None:
        from triage.commands.tui import open_tui

        open_tui(ctx.obj)


for command in mail_commands.COMMANDS:
    cli.add_command(command)
cli.add_command(sync_commands.sync_command)
for command in classify_commands.COMMANDS:
    cli.add_command(command)
cli.add_command(stats_commands.stats_command)
cli.add_command(tui_commands.demo_command)
for command in act_commands.COMMANDS:
    cli.add_command(command)


def main() -> None:
    """Entry point: run the CLI, printing domain errors as one line (never a traceback)."""
    try:
        cli.main(standalone_mode=False)
    except TriageError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
