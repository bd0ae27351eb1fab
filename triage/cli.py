"""The command line: a click group whose bare invocation opens the TUI."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from triage import __version__
from triage.errors import TriageError

# Each subcommand's module is imported only when that command runs (or for --help), so
# `triage demo` and bare `triage` do not pay for every other command's imports.
LAZY_COMMANDS: dict[str, str] = {
    "import": "triage.commands.mail:import_command",
    "list": "triage.commands.mail:list_command",
    "locate": "triage.commands.mail:locate_command",
    "config": "triage.commands.mail:config_group",
    "sync": "triage.commands.sync:sync_command",
    "classify": "triage.commands.classify:classify_command",
    "eval": "triage.commands.classify:eval_command",
    "label": "triage.commands.classify:label_command",
    "reclassify": "triage.commands.classify:reclassify_command",
    "act": "triage.commands.act:act_command",
    "undo": "triage.commands.act:undo_command",
    "outbox": "triage.commands.act:outbox_group",
    "templates": "triage.commands.act:templates_group",
    "stats": "triage.commands.stats:stats_command",
    "demo": "triage.commands.tui:demo_command",
}
"""Command name -> `module:attribute` of its click command."""


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
    from triage.commands.common import Context

    ctx.obj = Context(config_file)
    if ctx.invoked_subcommand is None:
        from triage.commands.tui import open_tui

        open_tui(ctx.obj)


def main() -> None:
    """Entry point: run the CLI, printing domain errors as one line (never a traceback)."""
    from triage.adapters.heap import one_arena

    one_arena()  # before any thread starts
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
