"""SVG snapshots of the main screens at 80x24 and 120x40 (fixed clock, fixed data, no blink).

Update after looking at the report: `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.conftest import AppFactory, settle

SnapCompare = Callable[..., bool]
SIZES = [(80, 24), (120, 40)]


def _before(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        for search in pilot.app.query(Input):
            search.cursor_blink = False
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.1)

    return run


def _snap(snap_compare: SnapCompare, app: Any, size: tuple[int, int], *keys: str) -> bool:
    return snap_compare(app, terminal_size=size, run_before=_before(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_to_triage(
    snap_compare: SnapCompare, app_factory: AppFactory, size: tuple[int, int]
) -> None:
    assert _snap(snap_compare, app_factory(), size)


@pytest.mark.parametrize("size", SIZES)
def test_blind_intros_light(
    snap_compare: SnapCompare, app_factory: AppFactory, size: tuple[int, int]
) -> None:
    assert _snap(snap_compare, app_factory(theme="textual-light"), size, "1", "j")


@pytest.mark.parametrize("size", SIZES)
def test_reply_preview(
    snap_compare: SnapCompare, app_factory: AppFactory, size: tuple[int, int]
) -> None:
    assert _snap(snap_compare, app_factory(), size, "d")


@pytest.mark.parametrize("size", SIZES)
def test_after_decline_with_countdown(
    snap_compare: SnapCompare, app_factory: AppFactory, size: tuple[int, int]
) -> None:
    assert _snap(snap_compare, app_factory(), size, "d", "s")


@pytest.mark.parametrize("size", SIZES)
def test_label_picker(
    snap_compare: SnapCompare, app_factory: AppFactory, size: tuple[int, int]
) -> None:
    assert _snap(snap_compare, app_factory(), size, "l")


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: SnapCompare, app_factory: AppFactory, size: tuple[int, int]) -> None:
    assert _snap(snap_compare, app_factory(), size, "question_mark")


def test_search_results(snap_compare: SnapCompare, app_factory: AppFactory) -> None:
    assert _snap(snap_compare, app_factory(), (120, 40), "slash", *"pick your", "enter")
