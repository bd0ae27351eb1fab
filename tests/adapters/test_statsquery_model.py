"""The SQL figures against the definitions, on generated stores (hypothesis).

Each example writes random messages, verdicts and actions into a real SQLite file, then
changes some of them (re-labels, undos, new actions, deletions) so the facts triggers are
exercised; the report must equal what the rules compute row by row in plain Python
(`core.stats.outcome_of`, `week_of`, the ledger), in zones with odd DST rules.
"""

from __future__ import annotations

import statistics
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from triage.adapters.statsquery import stats_report
from triage.adapters.store import Location, Store
from triage.config import parse_settings
from triage.core.message import Address, Message
from triage.core.stats import (
    RECEIVED_KEYS,
    Outcome,
    ledger_change,
    outcome_of,
    resolve_zone,
    week_key,
    week_of,
    weeks_from,
)

START = datetime(2026, 10, 19, tzinfo=UTC).timestamp()
SPAN = 100 * 86400  # to late January 2027: a DST change and the end of ISO 2026-W53
NOW = datetime(2027, 1, 20, 12, tzinfo=UTC)
SINCE = date(2026, 10, 19)
ZONES = ["America/Los_Angeles", "UTC", "Australia/Lord_Howe", "Asia/Kathmandu", "Europe/Dublin"]
PEOPLE = [("ann@a.example", "Ann"), ("ben@b.example", "Ben"), ("", "Cleo Dee"), ("", "")]
CATEGORIES = [None, "blind_intro", "sales_pitch", "opt_in", "other"]
ACTIONS = ["decline", "accept", "ask", "ignore"]


WEEK_EDGES = [
    week.start_ts + delta
    for name in ZONES
    for week in weeks_from(SINCE, NOW.date(), resolve_zone(name))
    for delta in (-1, 0, 1)
]
"""Instants around every week start in every zone, where off-by-ones show."""
AGE_EDGES = [NOW.timestamp() - days * 86400 for days in (1, 7, 30)]
"""The "ignored after N days" cut-offs (one second either side is as likely as not)."""


@dataclass
class Gen:
    arrival: float
    has_date: bool
    is_sent: bool
    category: str | None
    person: int
    actions: list[tuple[str, float, bool]]


actions_st = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.floats(0, 20 * 86400), st.booleans()), max_size=3
)
message_st = st.builds(
    Gen,
    arrival=st.floats(START, START + SPAN)
    | st.sampled_from(WEEK_EDGES)
    | st.sampled_from(AGE_EDGES).flatmap(lambda t: st.sampled_from([t, t, t - 1, t + 1])),
    has_date=st.booleans(),
    is_sent=st.sampled_from([False, False, False, True]),
    category=st.sampled_from(CATEGORIES),
    person=st.integers(0, len(PEOPLE) - 1),
    actions=actions_st,
)
changes_st = st.lists(
    st.tuples(st.sampled_from(["relabel", "undo", "act", "delete"]), st.integers(0, 10**6)),
    max_size=6,
)


def write(store: Store, gens: list[Gen]) -> list[int]:
    ids = []
    for n, g in enumerate(gens):
        when = datetime.fromtimestamp(g.arrival, UTC)
        message = Message(
            message_id=f"<{n}@model.test>",
            date=when if g.has_date else None,
            from_=(Address("", f"s{n}@x.example"),),
        )
        pk = store.add_message(message, Location("w", "INBOX", 1, n + 1), is_sent=g.is_sent)
        assert pk is not None
        ids.append(pk)
        received = g.arrival if not g.has_date else g.arrival + 30
        store.db.execute("UPDATE messages SET received_ts = ? WHERE id = ?", [received, pk])
        if g.category is not None:
            addr, name = PEOPLE[g.person]
            store.db.execute(
                "INSERT INTO verdicts (message_pk, category, confidence, classified_ts, "
                "introducer_addr, introducer_name) VALUES (?, ?, 0.5, 0, ?, ?)",
                [pk, g.category, addr, name],
            )
        for action, after, undone in g.actions:
            store.db.execute(
                "INSERT INTO actions (message_pk, action, created_ts, undone_ts) "
                "VALUES (?, ?, ?, ?)",
                [pk, action, g.arrival + after, g.arrival + after + 1 if undone else None],
            )
    return ids


def change(store: Store, ids: list[int], changes: list[tuple[str, int]]) -> None:
    for kind, pick in changes:
        pk = ids[pick % len(ids)]
        if not store.db.execute("SELECT 1 FROM messages WHERE id = ?", [pk]).fetchone():
            continue  # deleted by an earlier change
        if kind == "relabel":
            category = CATEGORIES[1 + pick % 4]
            store.db.execute(
                "INSERT INTO verdicts (message_pk, category, confidence, classified_ts, labelled) "
                "VALUES (?, ?, 1, 0, 1) ON CONFLICT(message_pk) DO UPDATE SET "
                "category = excluded.category, labelled = 1",
                [pk, category],
            )
        elif kind == "undo":
            store.db.execute(
                "UPDATE actions SET undone_ts = 5 WHERE message_pk = ? AND undone_ts IS NULL", [pk]
            )
        elif kind == "act":
            store.db.execute(
                "INSERT INTO actions (message_pk, action, created_ts) VALUES (?, ?, ?)",
                [pk, ACTIONS[pick % 4], NOW.timestamp() - pick % 86400],
            )
        else:
            store.db.execute("DELETE FROM messages WHERE id = ?", [pk])
    store.db.conn.commit()


def expected(store: Store, zone_name: str, days: int) -> dict[str, Any]:
    """The figures computed row by row from the base tables, by the written rules."""
    zone = resolve_zone(zone_name)
    first_key, last_key = week_key(SINCE), week_of(NOW, zone).key
    received: dict[str, Counter[str]] = defaultdict(Counter)
    blind: dict[str, Counter[str]] = defaultdict(Counter)
    delays: dict[str, list[float]] = defaultdict(list)
    people: dict[str, dict[str, Any]] = {}
    rows = store.db.execute(
        "SELECT m.id, coalesce(m.date_ts, m.received_ts), v.category, v.introducer_addr, "
        "v.introducer_name FROM messages m LEFT JOIN verdicts v ON v.message_pk = m.id "
        "WHERE m.is_sent = 0"
    ).fetchall()
    for pk, arrival, category, addr, name in rows:
        week = week_of(arrival, zone).key
        if not first_key <= week <= last_key:  # "2026-W44" keys sort like weeks
            continue
        live = store.db.execute(
            "SELECT action, created_ts, id FROM actions WHERE message_pk = ? AND undone_ts IS NULL",
            [pk],
        ).fetchall()
        last = max(live, key=lambda a: (a[1], a[2]))[0] if live else None
        if live:
            delays[week].append(max(min(a[1] for a in live) - arrival, 0))
        outcome = outcome_of(last, arrival, NOW.timestamp(), days)
        assert outcome is not None
        category = category or "unclassified"
        received[week][category] += 1
        if category == "blind_intro":
            blind[week][outcome.value] += 1
        who = (
            (addr or (name or "").strip().lower()) if category in ("blind_intro", "opt_in") else ""
        )
        if who:
            person = people.setdefault(who, {"blind": 0, "opt_in": 0, "answers": Counter()})
            person["blind" if category == "blind_intro" else "opt_in"] += 1
            person["answers"][outcome.value] += 1
    return {
        "received": {w: dict(c) for w, c in received.items()},
        "blind": {w: dict(c) for w, c in blind.items()},
        "medians": {w: statistics.median(d) for w, d in delays.items()},
        "all_delays": [d for ds in delays.values() for d in ds],
        "people": people,
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@example(
    # Exactly 7 days old at the time of the figures (ignored, not pending), and the first
    # and the last second of a Los Angeles week.
    gens=[
        Gen(NOW.timestamp() - 7 * 86400, True, False, "blind_intro", 0, []),
        Gen(datetime(2026, 11, 2, 8, tzinfo=UTC).timestamp(), True, False, "opt_in", 1, []),
        Gen(datetime(2026, 11, 2, 7, 59, 59, tzinfo=UTC).timestamp(), False, False, None, 2, []),
    ],
    changes=[],
    zone="America/Los_Angeles",
    days=7,
)
@given(
    gens=st.lists(message_st, min_size=1, max_size=25),
    changes=changes_st,
    zone=st.sampled_from(ZONES),
    days=st.sampled_from([1, 7, 30]),
)
def test_report_matches_the_rules(
    gens: list[Gen], changes: list[tuple[str, int]], zone: str, days: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "model.db")
        try:
            ids = write(store, gens)
            change(store, ids, changes)
            want = expected(store, zone, days)
            cfg = parse_settings(
                {"owner": {"timezone": zone}, "stats": {"ignore_after_days": days}}
            )
            report = stats_report(store, cfg, now=NOW, since=SINCE, top=None)
        finally:
            store.close()
    for week in report.weeks:
        key = week.week.key
        assert {k: v for k, v in week.received.items() if v} == want["received"].get(key, {})
        got_blind = {o.value: getattr(week.blind, o.value) for o in Outcome}
        assert {k: v for k, v in got_blind.items() if v} == want["blind"].get(key, {})
        if key in want["medians"]:
            assert week.median_triage_seconds == pytest.approx(want["medians"][key])
        else:
            assert week.median_triage_seconds is None
    assert set(RECEIVED_KEYS) >= {k for w in want["received"].values() for k in w}
    if want["all_delays"]:
        assert report.median_triage_seconds == pytest.approx(statistics.median(want["all_delays"]))
    else:
        assert report.median_triage_seconds is None
    got_people = {p.key: p for p in report.introducers}
    assert set(got_people) == set(want["people"])
    for key, person in want["people"].items():
        got = got_people[key]
        assert (got.blind_sent, got.opt_in_sent) == (person["blind"], person["opt_in"])
        assert {k: v for k, v in got.answers.as_json().items() if v} == dict(person["answers"])
        assert got.balance == ledger_change(person["opt_in"], person["blind"])
        assert got.ledger[-1].balance == got.balance
        assert sum(e.blind for e in got.ledger) == person["blind"]
