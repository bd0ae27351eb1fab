"""`triage stats` as a user runs it: text, --json and --csv over the fixed data set."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.stats_data import ZONE, insert_rows
from triage.adapters.store import Store
from triage.cli import cli
from triage.config import data_dir

NOW = "2027-01-13T12:00:00-08:00"


@pytest.fixture
def filled() -> None:
    """The stats data set in the store the isolated config points at."""
    config = Path(os.environ["TRIAGE_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[owner]\ntimezone = "{ZONE}"\n', encoding="utf-8")
    store = Store.open(data_dir() / "triage.db")
    insert_rows(store)
    store.close()


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, ["stats", "--now", NOW, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.usefixtures("filled")
def test_json_has_weeks_keyed_by_iso_week_and_introducers() -> None:
    data = json.loads(invoke("--json", "--since", "2026-W53"))
    assert set(data) == {
        "zone",
        "ignore_after_days",
        "generated_at",
        "median_triage_seconds",
        "weeks",
        "introducers",
    }
    assert data["zone"] == ZONE
    assert [w["week"] for w in data["weeks"]] == ["2026-W53", "2027-W01", "2027-W02"]
    w01 = data["weeks"][1]
    assert w01["start"] == "2027-01-04T00:00:00-08:00"
    assert w01["received"] == {
        "total": 6,
        "blind_intro": 3,
        "sales_pitch": 1,
        "opt_in": 2,
        "other": 0,
        "unclassified": 0,
    }
    assert w01["blind_intros"] == {
        "ignored": 1,
        "declined": 0,
        "accepted": 0,
        "asked": 1,
        "pending": 1,
    }
    assert w01["opt_in_share"] == 0.4
    assert w01["median_triage_seconds"] == 6300.0
    # In W53..W02: Bob m6, m8, m10 blind + m17 opt-in; Alice m5, m9 + m15; Carol m11.
    people = [
        (p["key"], p["blind_intros"], p["opt_in_requests"], p["balance"])
        for p in data["introducers"]
    ]
    assert people == [
        ("bob@broker.example", 3, 1, -2),
        ("alice@connect.example", 2, 1, -1),
        ("carol@polite.example", 0, 1, 1),
    ]
    assert [e["balance"] for e in data["introducers"][0]["ledger"]] == [-1, -2]


@pytest.mark.usefixtures("filled")
def test_weeks_counts_back_from_now_and_top_limits_introducers() -> None:
    data = json.loads(invoke("--json", "--weeks", "2", "--top", "1"))
    assert [w["week"] for w in data["weeks"]] == ["2027-W01", "2027-W02"]
    assert [p["key"] for p in data["introducers"]] == ["bob@broker.example"]


@pytest.mark.usefixtures("filled")
def test_csv_is_one_row_per_week() -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("--csv", "--since", "2026-10-26"))))
    assert len(rows) == 12
    assert rows[0]["week"] == "2026-W44"
    assert rows[0]["start"] == "2026-10-26"
    assert (rows[0]["received"], rows[0]["blind_intro"], rows[0]["blind_declined"]) == (
        "3",
        "2",
        "1",
    )
    assert rows[0]["median_triage_seconds"] == "60300"
    assert rows[3]["week"] == "2026-W47"
    assert (rows[3]["received"], rows[3]["opt_in_share"], rows[3]["median_triage_seconds"]) == (
        "0",
        "",
        "",
    )
    assert [r["week"] for r in rows[-3:]] == ["2026-W53", "2027-W01", "2027-W02"]
    assert rows[-2]["blind_pending"] == "1"


@pytest.mark.usefixtures("filled")
def test_text_shows_the_table_the_chart_and_the_ledger() -> None:
    out = invoke("--since", "2026-W53")
    assert "Weeks 2026-W53 (from 2026-12-28) to 2027-W02, America/Los_Angeles." in out
    lines = out.splitlines()
    w01 = next(line for line in lines if line.startswith("2027-W01"))
    assert w01.split() == [
        "2027-W01",
        "6",
        "3",
        "1",
        "2",
        "0",
        "0",
        "1",
        "0",
        "0",
        "1",
        "1",
        "40%",
        "1.8h",
    ]
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split()[:3] == ["Total", "11", "5"]
    assert "Ignored blind intros per week" in out
    assert "█" in out
    bob = next(line for line in lines if line.startswith("Bob Broker"))
    assert bob.split()[-1] == "-2"


def test_an_empty_store_still_prints_weeks() -> None:
    out = invoke("--weeks", "2")
    assert "2027-W01" in out
    assert "No introducers in these weeks." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json", "--csv"], "give --json or --csv, not both"),
        (["--since", "soon"], "expected a date like 2026-11-02"),
        (["--since", "2027-03-01"], "in the future"),
        (["--weeks", "0"], "0 is not in the range x>=1"),
    ],
)
def test_bad_options_are_one_clear_error(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["stats", "--now", NOW, *args])
    assert result.exit_code == 2
    assert message in result.output


def test_an_unknown_zone_is_a_config_error() -> None:
    config = Path(os.environ["TRIAGE_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[owner]\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 1
    assert "owner.timezone: unknown time zone 'Mars/Olympus'" in str(result.exception)
