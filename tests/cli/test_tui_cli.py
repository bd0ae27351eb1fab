"""`triage` without an account says what to do; `triage demo` opens the demo inbox."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.ui.conftest import settle
from triage.cli import cli
from triage.demo import prepare_demo
from triage.ui.app import make_app
from triage.ui.widgets.category_tabs import CategoryTabs


def test_bare_triage_without_an_account_prints_a_hint() -> None:
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 1
    assert "triage demo" in result.output
    assert "triage config example" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_demo_command_is_registered() -> None:
    result = CliRunner().invoke(cli, ["demo", "--help"])
    assert result.exit_code == 0
    assert "demo inbox" in result.output


async def test_the_demo_opens_with_its_messages_counted(tmp_path: Path) -> None:
    settings = prepare_demo(tmp_path)
    app = make_app(settings, sync=False, outbox=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        counts = app.inbox.query_one(CategoryTabs).counts
        assert counts is not None
        assert sum(counts.per_category.values()) >= 40
