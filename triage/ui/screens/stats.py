"""The stats screen: the weekly figures, a chart of ignored blind intros, the introducers.

The TUI pushes it on key `s`:

    self.push_screen(StatsScreen(settings.store_path, settings))

It reads the store in a thread worker with its own `Store` (a connection belongs to its
thread) and shows the same figures as `triage stats`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual_plotext import PlotextPlot

from triage.adapters.statsquery import stats_report
from triage.adapters.store import Store
from triage.config import Settings
from triage.core.stats import (
    BLIND_INTRO_DEBIT,
    INTRODUCER_HEADERS,
    OPT_IN_CREDIT,
    WEEK_HEADERS,
    WEEK_LEGEND,
    StatsReport,
    ignored_chart,
    introducer_rows,
    week_row,
    week_rows,
)
from triage.errors import TriageError

WEEKS = 12
"""How many weeks the screen shows, back from the current one."""


class StatsScreen(Screen[None]):
    """Weekly figures on blind intros and who sends them (Escape or q closes it)."""

    DEFAULT_CSS = """
    StatsScreen {
        layout: vertical;
    }
    StatsScreen #stats-title {
        padding: 0 1;
        background: $boost;
        text-style: bold;
    }
    StatsScreen #stats-body {
        height: 1fr;
        padding: 0 1;
    }
    StatsScreen DataTable {
        height: auto;
        max-height: 18;
        margin-bottom: 1;
    }
    StatsScreen #stats-chart {
        height: 14;
        margin-bottom: 1;
    }
    StatsScreen .stats-note {
        color: $text-muted;
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self, store_path: Path, settings: Settings, *, now: float | None = None) -> None:
        """Create the screen; the figures load once it is mounted.

        Args:
            store_path: The store file; the worker opens its own connection to it.
            settings: Owner time zone and `stats.ignore_after_days` come from here.
            now: The moment of the figures in seconds since the epoch (default: the clock
                at each load); fixed in tests and snapshots.
        """
        super().__init__()
        self.store_path = store_path
        self.settings = settings
        self.now = now
        self.report: StatsReport | None = None
        """The figures shown, once loaded."""

    def compose(self) -> ComposeResult:
        """Title, the two tables and the chart in a scrolling column, and the key footer."""
        yield Static("Stats: loading…", id="stats-title")
        with VerticalScroll(id="stats-body"):
            yield DataTable(id="stats-weeks", cursor_type="none", zebra_stripes=True)
            yield Static(WEEK_LEGEND, classes="stats-note")
            yield PlotextPlot(id="stats-chart")
            yield Static("", id="stats-ledger-note", classes="stats-note")
            yield DataTable(id="stats-introducers", cursor_type="none", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Set up the table columns and start loading."""
        weeks = self.query_one("#stats-weeks", DataTable)
        weeks.add_columns(*WEEK_HEADERS)
        people = self.query_one("#stats-introducers", DataTable)
        people.add_columns(*INTRODUCER_HEADERS)
        self.load()

    def action_close(self) -> None:
        """Back to where the screen was opened from."""
        self.dismiss()

    def action_reload(self) -> None:
        """Read the figures again."""
        self.load()

    @work(thread=True, exclusive=True, group="stats")
    def load(self) -> None:
        """Compute the report in a thread with its own store, then show it."""
        moment = datetime.fromtimestamp(self.now, UTC) if self.now is not None else None
        try:
            store = Store.open(self.store_path)
            try:
                report = stats_report(store, self.settings, now=moment, weeks=WEEKS)
            finally:
                store.close()
        except (TriageError, ValueError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show, report)

    def _failed(self, message: str) -> None:
        self.query_one("#stats-title", Static).update(f"Stats: {message}")
        self.notify(message, title="Stats", severity="error")

    def _show(self, report: StatsReport) -> None:
        self.report = report
        first, last = report.weeks[0].week, report.weeks[-1].week
        self.query_one("#stats-title", Static).update(
            f"Stats: {first.key} to {last.key}, {report.zone}. Ignored: no answer after "
            f"{report.ignore_after_days} days"
        )
        weeks = self.query_one("#stats-weeks", DataTable)
        weeks.clear()
        for row in week_rows(report):
            weeks.add_row(*_cells(row), key=row[0])
        total = week_row(report.totals())
        total[0] = "Total"
        weeks.add_row(*_cells(total), key="total")

        chart = self.query_one("#stats-chart", PlotextPlot)
        ignored_chart(report).plot(chart.plt, chart.size.width or 80)
        chart.refresh()

        self.query_one("#stats-ledger-note", Static).update(
            f"Top introducers. Balance: +{OPT_IN_CREDIT} per opt-in request, "
            f"-{BLIND_INTRO_DEBIT} per blind intro; the other columns are the answers to both."
        )
        people = self.query_one("#stats-introducers", DataTable)
        people.clear()
        for person, row in zip(report.introducers, introducer_rows(report), strict=True):
            people.add_row(*_cells(row), key=person.key)
        if not report.introducers:
            people.add_row("No introducers in these weeks.", *[""] * (len(INTRODUCER_HEADERS) - 1))


def _cells(row: list[str]) -> list[str | Text]:
    """A table row with the figures (every column but the first) aligned right."""
    return [row[0], *(Text(cell, justify="right") for cell in row[1:])]
