"""`triage stats`: weekly figures on blind intros and who sends them (headless, no Textual)."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from triage.adapters.statsquery import TOP_INTRODUCERS, stats_report
from triage.commands.common import Context
from triage.core.stats import (
    BLIND_INTRO_DEBIT,
    CSV_HEADERS,
    INTRODUCER_HEADERS,
    OPT_IN_CREDIT,
    WEEK_HEADERS,
    WEEK_LEGEND,
    StatsReport,
    csv_rows,
    ignored_chart,
    introducer_rows,
    parse_since,
    week_row,
    week_rows,
)

pass_context = click.make_pass_decorator(Context)

CHART_HEIGHT = 12
"""Rows of the terminal bar chart."""


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_since(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 date and time: {value!r}") from None
    if moment.tzinfo is None:
        raise click.BadParameter("give a UTC offset, e.g. 2027-01-13T12:00:00-08:00")
    return moment


@click.command("stats")
@click.option(
    "--weeks",
    type=click.IntRange(min=1),
    default=None,
    help="How many weeks: back from this one (default 8), or from --since on.",
)
@click.option(
    "--since",
    metavar="DATE",
    callback=_since,
    default=None,
    help="Start with the week of this day (2026-11-02) or this ISO week (2026-W45).",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=TOP_INTRODUCERS,
    show_default=True,
    help="How many introducers to list.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object: weeks and introducers.")
@click.option("--csv", "as_csv", is_flag=True, help="The weekly table as CSV.")
@click.option("--now", callback=_now, default=None, hidden=True, help="Figures as of this time.")
@pass_context
def stats_command(
    ctx: Context,
    weeks: int | None,
    since: date | None,
    top: int,
    as_json: bool,
    as_csv: bool,
    now: datetime | None,
) -> None:
    """Weekly figures: blind intros ignored, declined, accepted, asked; who sends them.

    Weeks are ISO weeks in the owner's time zone (`owner.timezone`). A blind intro with no
    answer after `stats.ignore_after_days` counts as ignored; younger, as pending. Each
    introducer's balance: +1 per opt-in request, -1 per blind intro.
    """
    if as_json and as_csv:
        raise click.UsageError("give --json or --csv, not both")
    try:
        report = stats_report(ctx.store(), ctx.settings, now=now, weeks=weeks, since=since, top=top)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADERS)
        writer.writerows(csv_rows(report))
    else:
        print_report(report)


def print_report(report: StatsReport, console: Console | None = None) -> None:
    """The weekly table, the chart of ignored blind intros and the introducers, as text."""
    out = console or Console(highlight=False)
    first, last = report.weeks[0].week, report.weeks[-1].week
    out.print(
        f"Weeks {first.key} (from {first.start.date()}) to {last.key}, {report.zone}. "
        f"A blind intro with no answer after {report.ignore_after_days} days counts as "
        "ignored; younger, as pending."
    )
    weeks = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=0, show_footer=True)
    totals = week_row(report.totals())
    totals[0] = "Total"
    for n, (header, footer) in enumerate(zip(WEEK_HEADERS, totals, strict=True)):
        weeks.add_column(header, footer=footer, justify="left" if n == 0 else "right", no_wrap=True)
    for row in week_rows(report):
        weeks.add_row(*row)
    out.print(weeks)
    out.print(WEEK_LEGEND)
    out.print()
    out.print(_chart(report, min(out.width, 100), color=out.is_terminal))
    out.print()
    if not report.introducers:
        out.print("No introducers in these weeks.")
        return
    people = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=0,
        title=(
            f"Top introducers (balance: +{OPT_IN_CREDIT} per opt-in request, "
            f"-{BLIND_INTRO_DEBIT} per blind intro)"
        ),
        title_justify="left",
    )
    for n, header in enumerate(INTRODUCER_HEADERS):
        if n == 0:
            people.add_column(header, overflow="ellipsis", no_wrap=True, max_width=34)
        else:
            people.add_column(header, justify="right", no_wrap=True)
    for row in introducer_rows(report):
        people.add_row(*row)
    out.print(people)


def _chart(report: StatsReport, width: int, *, color: bool) -> Text:
    """The bar chart of ignored blind intros per week, as plotext draws it."""
    # plotext is imported here: only the text output needs it.
    import plotext

    chart = ignored_chart(report)
    plotext.clear_figure()
    chart.plot(plotext, width)
    plotext.plotsize(width, CHART_HEIGHT)
    if not color:
        plotext.theme("clear")
    text: str = plotext.build()
    plotext.clear_figure()
    return Text.from_ansi(text) if color else Text(plotext.uncolorize(text))
