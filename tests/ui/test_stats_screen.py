"""The stats screen driven for real: figures loaded by its worker, chart drawn, closed by keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from tests.support.stats_data import NOW, ZONE, insert_rows
from triage.adapters.store import Store
from triage.config import Settings, parse_settings
from triage.ui.screens.stats import StatsScreen

NOW_TS = NOW.timestamp()


class Host(App[None]):
    """A bare app that opens the stats screen over a plain base screen."""

    def __init__(self, store_path: Path, settings: Settings) -> None:
        super().__init__()
        self.store_path = store_path
        self.settings = settings

    def compose(self) -> ComposeResult:
        yield Static("base screen", id="base")

    def on_mount(self) -> None:
        self.push_screen(StatsScreen(self.store_path, self.settings, now=NOW_TS))


@pytest.fixture
def host(tmp_path: Path) -> Host:
    path = tmp_path / "stats.db"
    store = Store.open(path)
    insert_rows(store)
    store.close()
    return Host(path, parse_settings({"owner": {"timezone": ZONE}}))


async def loaded(pilot: Pilot[Any]) -> None:
    """Wait for the worker's figures to be on screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_screen_loads_the_figures_in_a_worker(host: Host) -> None:
    async with host.run_test(size=(100, 60)) as pilot:
        await loaded(pilot)
        screen = host.screen
        assert isinstance(screen, StatsScreen)
        assert screen.report is not None
        weeks = screen.query_one("#stats-weeks", DataTable)
        # 12 weeks back from 2027-W02 (2026-W44 .. 2027-W02) and the total row.
        assert weeks.row_count == 13
        assert [str(c) for c in weeks.get_row("2027-W01")] == [
            "2027-W01", "6", "3", "1", "2", "0", "0", "1", "0", "0", "1", "1", "40%", "1.8h",
        ]  # fmt: skip
        assert [str(c) for c in weeks.get_row("total")[:3]] == ["Total", "17", "8"]
        people = screen.query_one("#stats-introducers", DataTable)
        assert [str(k.value) for k in people.rows] == [
            "bob@broker.example",
            "alice@connect.example",
            "priya shah",
            "carol@polite.example",
        ]
        assert str(people.get_row("carol@polite.example")[-1]) == "+2"
        chart = screen.query_one("#stats-chart", PlotextPlot)
        assert "Ignored blind intros per week" in str(chart.render())
        title = str(screen.query_one("#stats-title", Static).render())
        assert "2026-W44 to 2027-W02, America/Los_Angeles. Ignored: no answer after 7 days" in title


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_or_q_closes_the_screen(host: Host, key: str) -> None:
    async with host.run_test() as pilot:
        await loaded(pilot)
        stats = host.screen
        assert isinstance(stats, StatsScreen)
        await pilot.press(key)
        await pilot.pause()
        assert stats not in host.screen_stack
        assert host.screen.query_one("#base", Static)


async def test_reload_picks_up_new_actions(host: Host) -> None:
    async with host.run_test(size=(100, 60)) as pilot:
        await loaded(pilot)
        store = Store.open(host.store_path)
        m10 = store.db.execute(
            "SELECT id FROM messages WHERE message_id = '<m10@stats.test>'"
        ).fetchone()[0]
        store.db.execute(
            "INSERT INTO actions (message_pk, action, created_ts) VALUES (?, 'decline', ?)",
            [m10, NOW_TS],
        )
        store.db.conn.commit()
        store.close()
        await pilot.press("r")
        await loaded(pilot)
        weeks = host.screen.query_one("#stats-weeks", DataTable)
        # m10 (pending) is declined now.
        assert [str(c) for c in weeks.get_row("2027-W01")[7:12]] == ["1", "1", "0", "1", "0"]


async def test_a_bad_time_zone_is_shown_not_raised(tmp_path: Path) -> None:
    app = Host(tmp_path / "empty.db", parse_settings({"owner": {"timezone": "Mars/Olympus"}}))
    async with app.run_test() as pilot:
        await loaded(pilot)
        title = str(app.screen.query_one("#stats-title", Static).render())
        assert "unknown time zone 'Mars/Olympus'" in title


def test_snapshot(host: Host, snap_compare: Any) -> None:
    assert snap_compare(host, terminal_size=(100, 60), run_before=loaded)
