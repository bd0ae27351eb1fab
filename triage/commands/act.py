"""`triage act`, `triage templates …` and `triage outbox …`: answer from the command line."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from triage.commands.common import Context
from triage.core.actions import Action
from triage.core.categories import Category

if TYPE_CHECKING:
    from triage.adapters.templates import TemplateLibrary

pass_context = click.make_pass_decorator(Context)

ACTIONS = [a.value for a in Action]


def _clock(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%H:%M:%S")


def _event_line(event: object) -> str:
    from triage.adapters.outbox import OutboxEvent

    assert isinstance(event, OutboxEvent)
    text = f"outbox {event.outbox_id}: {event.kind}"
    if event.detail:
        text += f" ({event.detail})"
    if event.retry_at is not None and event.kind in ("retry", "file_retry"):
        text += f"; next try at {_clock(event.retry_at)}"
    return text


# --- act ---------------------------------------------------------------------------------------


@click.command("act")
@click.argument("message_id", metavar="ID", type=int)
@click.argument("action", type=click.Choice(ACTIONS))
@click.option("--template", "template", default=None, help="Template name, e.g. decline/default.")
@click.option("--dry-run", is_flag=True, help="Print the reply as RFC 5322 text; send nothing.")
@click.option(
    "--send",
    "send_now",
    is_flag=True,
    help="Wait out the undo window (Ctrl-C undoes), then send at once.",
)
@pass_context
def act_command(
    ctx: Context, message_id: int, action: str, template: str | None, dry_run: bool, send_now: bool
) -> None:
    """Answer message ID (as `triage list` shows it): decline, accept, ask or ignore.

    The reply is queued in the outbox and leaves after the undo window, when the TUI or
    `triage outbox send` runs the queue (or at once with --send).
    """
    from triage.actions import ActionService, OutboxRunner

    settings = ctx.settings
    store = ctx.store()
    service = ActionService(store, settings)
    chosen = Action(action)
    if dry_run:
        if not chosen.sends_reply:
            click.echo(f"{chosen}: no reply; the message would be marked handled")
            return
        draft = service.draft(message_id, chosen, template=template)
        for note in draft.notes:
            click.echo(f"note: {note}", err=True)
        click.echo(f"# template {draft.template} ({draft.template_path})", err=True)
        click.echo(draft.as_text(), nl=False)
        return
    done = service.perform(message_id, chosen, template=template)
    if done.outbox_id is None or done.leaves_at is None:
        click.echo(
            f"message {message_id}: {chosen} (no reply; marked handled; undo: `triage undo "
            f"{done.action_id}`)"
        )
        return
    for note in done.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"message {message_id}: {chosen} reply queued as outbox {done.outbox_id}, leaves at "
        f"{_clock(done.leaves_at)} (undo: `triage outbox cancel {done.outbox_id}`)"
    )
    if not send_now:
        return
    try:
        while (left := done.leaves_at - time.time()) > 0:
            click.echo(f"\rsending in {left:4.1f} s (Ctrl-C to undo) ", nl=False, err=True)
            time.sleep(min(0.2, left))
    except KeyboardInterrupt:
        click.echo("", err=True)
        if service.undo(done.action_id):
            click.echo(f"undone: outbox {done.outbox_id} cancelled")
            return
        raise click.ClickException("too late to undo: the reply has left") from None
    click.echo("", err=True)
    runner = OutboxRunner(settings.store_path, settings)
    try:
        for event in runner.run_due():
            click.echo(_event_line(event))
    finally:
        runner.close()


@click.command("undo")
@click.argument("action_id", metavar="[ACTION_ID]", type=int, required=False)
@pass_context
def undo_command(ctx: Context, action_id: int | None) -> None:
    """Undo the last action (or ACTION_ID), cancelling its reply if it has not left."""
    from triage.actions import ActionError, ActionService

    service = ActionService(ctx.store(), ctx.settings)
    if action_id is None:
        undone = service.undo_last()
        if undone is None:
            raise ActionError("nothing to undo, or the last reply has already left")
        click.echo(f"action {undone} undone")
        return
    if not service.undo(action_id):
        raise ActionError(f"action {action_id} cannot be undone (unknown, undone, or sent)")
    click.echo(f"action {action_id} undone")


# --- templates ---------------------------------------------------------------------------------


@click.group("templates")
def templates_group() -> None:
    """List, show, edit, check and preview reply templates."""


def _library(ctx: Context) -> TemplateLibrary:
    # Imported here: jinja2 is needed only by the commands that render.
    from triage.adapters.templates import TemplateLibrary

    return TemplateLibrary(ctx.settings.template_dir)


@templates_group.command("list")
@pass_context
def templates_list(ctx: Context) -> None:
    """Every template by name, where it is read from, and what it does."""
    library = _library(ctx)
    for info in library.list():
        where = "built-in" if info.builtin else ("user, overrides" if info.overrides else "user")
        click.echo(f"{info.name:<22} {where:<16} {info.description}")
    click.echo(f"(user templates: {library.user_dir})", err=True)


@templates_group.command("show")
@click.argument("name")
@pass_context
def templates_show(ctx: Context, name: str) -> None:
    """Print a template's source."""
    library = _library(ctx)
    click.echo(f"# {library.path(name)}", err=True)
    click.echo(library.source(name), nl=False)


@templates_group.command("edit")
@click.argument("name")
@pass_context
def templates_edit(ctx: Context, name: str) -> None:
    """Open your copy of a template in $EDITOR (copied from the built-in one first)."""
    library = _library(ctx)
    path = library.user_copy(name)
    click.edit(filename=str(path))
    click.echo(f"{path}")


@templates_group.command("check")
@pass_context
def templates_check(ctx: Context) -> None:
    """Render every template against the built-in sample messages; report errors."""
    from triage.actions import check_templates

    library = _library(ctx)
    done, errors = check_templates(library, ctx.settings)
    for error in errors:
        click.echo(error)
    names = len(library.names())
    click.echo(f"{names} templates, {done} renders, {len(errors)} broken", err=True)
    if errors:
        raise SystemExit(1)


@templates_group.command("preview")
@click.argument("name")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--category",
    type=click.Choice([c.value for c in Category]),
    default=None,
    help="The message's category (default: the one in the template name, else other).",
)
@pass_context
def templates_preview(ctx: Context, name: str, file: Path, category: str | None) -> None:
    """Render template NAME as a reply to FILE.eml and print it (nothing is stored or sent)."""
    from triage.actions import ActionError, draft_for
    from triage.core.parse import parse_message

    library = _library(ctx)
    action_name, _, category_name = name.partition("/")
    try:
        action = Action(action_name)
    except ValueError:
        raise ActionError(f"{name!r}: templates are named action/category") from None
    if category is None:
        category = category_name if category_name in {c.value for c in Category} else "other"
    message = parse_message(file.read_bytes())
    settings = ctx.settings
    if not settings.owner.addresses and message.to:
        owner = settings.owner.model_copy(update={"addresses": [message.to[0].email]})
        settings = settings.model_copy(update={"owner": owner})
        click.echo(f"note: no [owner] addresses configured; using {message.to[0].email}", err=True)
    draft = draft_for(
        message,
        category=Category(category),
        action=action,
        settings=settings,
        library=library,
        template=name,
    )
    for note in draft.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(draft.as_text(), nl=False)


# --- outbox ------------------------------------------------------------------------------------


@click.group("outbox", invoke_without_command=True)
@click.pass_context
def outbox_group(click_ctx: click.Context) -> None:
    """Inspect and flush the queue of replies (bare `triage outbox` lists it)."""
    if click_ctx.invoked_subcommand is None:
        click_ctx.invoke(outbox_list)


@outbox_group.command("list")
@click.option("--all", "show_all", is_flag=True, help="Also sent and cancelled replies.")
@pass_context
def outbox_list(ctx: Context, show_all: bool = False) -> None:
    """Replies waiting, failed (and with --all, sent and cancelled)."""
    from triage.adapters.outbox import list_items

    items = list_items(ctx.store(), include_done=show_all)
    if not items:
        click.echo("outbox empty" if show_all else "nothing waiting (--all shows sent replies)")
        return
    for item in items:
        when = _clock(item.sent_ts or item.not_before_ts)
        status = "uncertain" if item.uncertain else item.status
        if item.status == "sent" and item.post_status in ("pending", "failed"):
            status += f" (filing {item.post_status})"
        to = (
            ", ".join(item.recipients)[:40] if item.kind == "reply" else f"(move to {item.move_to})"
        )
        click.echo(f"{item.id:>5}  {status:<10} {when}  {to:<40}  {item.subject[:40]}")
        if item.last_error and item.status != "sent":
            click.echo(f"       {item.last_error}")
        if item.post_error:
            click.echo(f"       filing: {item.post_error}")


@outbox_group.command("send")
@click.option("--now", "ignore_window", is_flag=True, help="Do not wait for undo windows.")
@pass_context
def outbox_send(ctx: Context, ignore_window: bool) -> None:
    """Send every reply that is due (and file the copies of sent ones)."""
    from triage.actions import OutboxRunner

    settings = ctx.settings
    runner = OutboxRunner(settings.store_path, settings)
    try:
        events = runner.run_due(ignore_window=ignore_window)
    finally:
        runner.close()
    for event in events:
        click.echo(_event_line(event))
    if not events:
        click.echo("nothing due")


@outbox_group.command("retry")
@click.argument("outbox_id", metavar="ID", type=int)
@pass_context
def outbox_retry(ctx: Context, outbox_id: int) -> None:
    """Queue a failed reply again (also one that may have arrived: you decide), or file a
    sent one again whose Sent copy / \\Answered / move failed."""
    from triage.actions import ActionError
    from triage.adapters.outbox import retry

    if not retry(ctx.store(), outbox_id, now=time.time()):
        raise ActionError(f"outbox {outbox_id} is not a failed reply or a failed filing")
    click.echo(f"outbox {outbox_id} queued again (`triage outbox send` runs it now)")


@outbox_group.command("cancel")
@click.argument("outbox_id", metavar="ID", type=int)
@pass_context
def outbox_cancel(ctx: Context, outbox_id: int) -> None:
    """Cancel a reply that has not left, undoing its action."""
    from triage.actions import ActionError, ActionService
    from triage.adapters.outbox import cancel, get_item

    store = ctx.store()
    item = get_item(store, outbox_id)
    if item is None:
        raise ActionError(f"no outbox {outbox_id}")
    if item.action_id is not None:
        undone = ActionService(store, ctx.settings).undo(item.action_id)
    else:
        undone = cancel(store, outbox_id, now=time.time())
    if not undone:
        raise ActionError(f"outbox {outbox_id} cannot be cancelled: it is {item.status}")
    click.echo(f"outbox {outbox_id} cancelled; the action is undone")


COMMANDS: list[click.Command] = [act_command, undo_command, templates_group, outbox_group]
"""Commands this module adds to the CLI."""
