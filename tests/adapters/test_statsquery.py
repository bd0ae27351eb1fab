"""Weekly stats from a real store: the hand-computed figures of tests/support/stats_data.py.

Expected numbers below were worked out by hand from the rows' comments (not by running the
code). Weeks are in America/Los_Angeles unless a test says UTC.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.support.stats_data import NOW, ZONE, Act, Row, insert_rows
from triage.adapters.statsquery import stats_report
from triage.adapters.store import Store
from triage.config import parse_settings
from triage.core.stats import StatsReport, WeekStats
from triage.errors import ConfigError

SINCE = date(2026, 10, 26)
EMPTY = {"blind_intro": 0, "sales_pitch": 0, "opt_in": 0, "other": 0, "unclassified": 0}
NO_OUTCOMES = {"ignored": 0, "declined": 0, "accepted": 0, "asked": 0, "pending": 0}


def report(store: Store, zone: str = ZONE, **stats: Any) -> StatsReport:
    settings = parse_settings({"owner": {"timezone": zone}, "stats": stats})
    return stats_report(store, settings, now=NOW, since=SINCE, top=None)


def by_key(result: StatsReport) -> dict[str, WeekStats]:
    return {w.week.key: w for w in result.weeks}


@pytest.fixture
def filled(store: Store) -> Store:
    insert_rows(store)
    return store


def test_weeks_run_from_dst_week_through_week_53_to_now(filled: Store) -> None:
    keys = [w.week.key for w in report(filled).weeks]
    assert keys == [
        "2026-W44",
        *(f"2026-W{n}" for n in range(45, 54)),
        "2027-W01",
        "2027-W02",
    ]


def test_dst_week_counts_sunday_night_and_not_the_utc_monday_before(filled: Store) -> None:
    w44 = by_key(report(filled))["2026-W44"]
    # m3 (blind, ignore pressed), m4 (other, the second 01:30), m1 (blind, Sunday 23:30 PST,
    # declined); m3x (Sunday 23:30 PDT the week before) is in W43.
    assert w44.received == {**EMPTY, "blind_intro": 2, "other": 1}
    assert w44.blind.as_json() == {**NO_OUTCOMES, "ignored": 1, "declined": 1}
    assert w44.opt_in_share == 0.0
    # Delays 34,200 s (m1) and 86,400 s (m3): the mean of the two middle ones.
    assert w44.median_triage_seconds == 60300.0


def test_message_at_the_first_instant_of_a_week_belongs_to_it(filled: Store) -> None:
    w45 = by_key(report(filled))["2026-W45"]
    # m2 (opt-in at Mon 00:00 PST, accepted +2 h), m19 (blind from Priya, ignored +2 d),
    # m18 (Mon 00:00 UTC = Sun 16:00 PST).
    assert w45.received == {**EMPTY, "blind_intro": 1, "opt_in": 1, "other": 1}
    assert w45.blind.as_json() == {**NO_OUTCOMES, "ignored": 1}
    assert w45.opt_in_share == 0.5
    assert w45.median_triage_seconds == (7200 + 172800) / 2


def test_empty_weeks_are_reported_with_zeros(filled: Store) -> None:
    weeks = by_key(report(filled))
    for n in range(46, 53):
        week = weeks[f"2026-W{n}"]
        assert week.received == EMPTY
        assert week.blind.total == 0
        assert week.opt_in_share is None
        assert week.median_triage_seconds is None


def test_week_53_counts_late_action_under_it_and_drops_the_relabelled(filled: Store) -> None:
    w53 = by_key(report(filled))["2026-W53"]
    # m6 accepted after 8 d 1 h (accepted, not ignored), m7 re-labelled to other,
    # m5 (Sunday 20:00 PST, no action, 9 d 16 h old: ignored).
    assert w53.received == {**EMPTY, "blind_intro": 2, "other": 1}
    assert w53.blind.as_json() == {**NO_OUTCOMES, "ignored": 1, "accepted": 1}
    assert w53.opt_in_share == 0.0
    assert w53.median_triage_seconds == 8 * 86400 + 3600


def test_first_week_of_2027_undone_actions_and_pending(filled: Store) -> None:
    w01 = by_key(report(filled))["2027-W01"]
    # blind: m8 (decline undone, 8 d 3 h: ignored), m9 (ignore undone, then ask: asked),
    # m10 (3 d 2 h: pending); opt-in: m17, m11; pitch: m12 (expunged, still counted);
    # m14 is the owner's own sent mail.
    assert w01.received == {**EMPTY, "blind_intro": 3, "opt_in": 2, "sales_pitch": 1}
    assert w01.total == 6
    assert w01.blind.as_json() == {**NO_OUTCOMES, "ignored": 1, "asked": 1, "pending": 1}
    assert w01.opt_in_share == 0.4
    # m9's first live action at +3 h (the undone one at +1 h does not count), m12's at 30 min.
    assert w01.median_triage_seconds == (10800 + 1800) / 2


def test_current_week_places_a_dateless_message_by_when_it_was_stored(filled: Store) -> None:
    w02 = by_key(report(filled))["2027-W02"]
    assert w02.received == {**EMPTY, "opt_in": 1, "unclassified": 1}
    assert w02.opt_in_share == 1.0
    assert w02.median_triage_seconds == 86400.0


def test_period_median_and_totals(filled: Store) -> None:
    result = report(filled)
    # Delays, sorted: 1800, 7200, 10800, 34200, 86400, 86400, 172800, 694800.
    assert result.median_triage_seconds == (34200 + 86400) / 2
    totals = result.totals()
    assert totals.total == 17
    assert totals.blind.as_json() == {
        "ignored": 4,
        "declined": 1,
        "accepted": 1,
        "asked": 1,
        "pending": 1,
    }


def test_introducers_their_answers_and_ledger(filled: Store) -> None:
    people = {p.key: p for p in report(filled).introducers}
    assert list(people) == [
        "bob@broker.example",
        "alice@connect.example",
        "priya shah",
        "carol@polite.example",
    ]
    bob = people["bob@broker.example"]
    # m3, m6, m8, m10 blind (m3x is before the period); m17 opt-in.
    assert (bob.blind_sent, bob.opt_in_sent, bob.balance) == (4, 1, -3)
    assert bob.answers.as_json() == {**NO_OUTCOMES, "ignored": 3, "accepted": 1, "pending": 1}
    assert [(e.week, e.change, e.balance) for e in bob.ledger] == [
        ("2026-W44", -1, -1),
        ("2026-W53", -1, -2),
        ("2027-W01", -1, -3),
    ]
    alice = people["alice@connect.example"]
    # m1, m5, m9 blind (m7 re-labelled is not hers any more); m15 opt-in.
    assert (alice.blind_sent, alice.opt_in_sent, alice.balance) == (3, 1, -2)
    assert alice.name == "Alice Connector"
    assert alice.answers.as_json() == {
        "ignored": 1,
        "declined": 1,
        "accepted": 1,
        "asked": 1,
        "pending": 0,
    }
    assert [e.balance for e in alice.ledger] == [-1, -2, -3, -2]
    priya = people["priya shah"]
    assert (priya.name, priya.address, priya.balance) == ("Priya Shah", "", -1)
    carol = people["carol@polite.example"]
    assert (carol.blind_sent, carol.opt_in_sent, carol.balance) == (0, 2, 2)
    assert carol.answers.as_json() == {**NO_OUTCOMES, "accepted": 1, "pending": 1}


def test_in_utc_the_same_mail_falls_in_other_weeks(filled: Store) -> None:
    weeks = by_key(report(filled, "UTC"))
    # m3x (Mon 06:30Z) joins W44 and m1 (Mon 07:30Z) leaves it.
    assert weeks["2026-W44"].received["blind_intro"] == 2
    assert weeks["2026-W44"].total == 3
    assert weeks["2026-W45"].total == 3  # m1, m2, m19
    assert weeks["2026-W46"].total == 1  # m18 at Monday 00:00Z
    assert weeks["2026-W53"].total == 2  # m6, m7; m5 is Monday 04:00Z
    assert weeks["2027-W01"].total == 7
    assert weeks["2027-W01"].received["blind_intro"] == 4


def test_a_longer_ignore_window_turns_ignored_into_pending(filled: Store) -> None:
    weeks = by_key(report(filled, ignore_after_days=10))
    # m5 (9 d 16 h) and m8 (8 d 3 h) are now pending; m3 was ignored by hand.
    assert weeks["2026-W53"].blind.as_json() == {**NO_OUTCOMES, "pending": 1, "accepted": 1}
    assert weeks["2027-W01"].blind.as_json() == {**NO_OUTCOMES, "asked": 1, "pending": 2}
    assert weeks["2026-W44"].blind.ignored == 1


def test_figures_follow_relabels_undos_and_new_actions(filled: Store) -> None:
    ids = {row[1]: row[0] for row in filled.db.execute("SELECT id, message_id FROM messages")}
    m10 = ids["<m10@stats.test>"]
    m9 = ids["<m9@stats.test>"]
    m4 = ids["<m4@stats.test>"]
    filled.db.execute(
        "INSERT INTO actions (message_pk, action, created_ts) VALUES (?, 'decline', ?)",
        [m10, NOW.timestamp()],
    )
    filled.db.execute("UPDATE actions SET undone_ts = ? WHERE message_pk = ?", [1.0, m9])
    filled.db.execute(
        "UPDATE verdicts SET category = 'blind_intro', labelled = 1, "
        "introducer_addr = 'dana@late.example' WHERE message_pk = ?",
        [m4],
    )
    filled.db.conn.commit()
    weeks = by_key(report(filled))
    # m10 declined now; m9 has no live action and is 6 d 22 h old: pending.
    assert weeks["2027-W01"].blind.as_json() == {
        **NO_OUTCOMES,
        "ignored": 1,
        "declined": 1,
        "pending": 1,
    }
    # m4 (1 Nov 01:30 PST, no action, long past 7 days) is a blind intro now: ignored.
    assert weeks["2026-W44"].received == {**EMPTY, "blind_intro": 3}
    assert weeks["2026-W44"].blind.ignored == 2
    filled.db.execute("DELETE FROM verdicts WHERE message_pk = ?", [m4])
    filled.db.execute("DELETE FROM messages WHERE id = ?", [m10])
    filled.db.conn.commit()
    weeks = by_key(report(filled))
    assert weeks["2026-W44"].received == {**EMPTY, "blind_intro": 2, "unclassified": 1}
    assert weeks["2027-W01"].received["blind_intro"] == 2


def test_facts_are_backfilled_for_a_store_made_before_the_migration(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "old.db")
    insert_rows(store)
    before = report(store).as_json()
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_stats_facts'")
    triggers = store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'stats_facts%'"
    ).fetchall()
    assert len(triggers) == 9
    for (name,) in triggers:
        store.db.execute(f"DROP TRIGGER {name}")
    store.db.execute("DROP TABLE stats_facts")
    store.db.conn.commit()
    store.close()
    reopened = Store.open(tmp_path / "old.db")
    try:
        assert report(reopened).as_json() == before
    finally:
        reopened.close()


def test_an_unknown_time_zone_is_a_config_error(filled: Store) -> None:
    with pytest.raises(ConfigError, match="owner.timezone: unknown time zone 'Mars/Olympus'"):
        report(filled, "Mars/Olympus")


def test_an_empty_store_gives_zero_weeks(store: Store) -> None:
    result = report(store)
    assert len(result.weeks) == 12
    assert all(w.total == 0 for w in result.weeks)
    assert result.introducers == ()
    assert result.median_triage_seconds is None


def test_a_name_drop_counts_for_the_introducer_with_that_name(store: Store) -> None:
    rows = (
        Row("a", "2027-01-05T09:00:00-08:00", "blind_intro", ("ben@w.example", "Ben Whitaker")),
        Row(
            "b", "2027-01-06T09:00:00-08:00", "blind_intro", ("", "Ben Whitaker"), (Act("ask", 60),)
        ),
        Row("c", "2027-01-07T09:00:00-08:00", "opt_in", ("", "ben whitaker")),
    )
    insert_rows(store, rows)
    (ben,) = report(store).introducers
    assert (ben.key, ben.name, ben.blind_sent, ben.opt_in_sent) == (
        "ben@w.example",
        "Ben Whitaker",
        2,
        1,
    )
    assert ben.aliases == ("ben whitaker",)
    # a: 8 d 3 h old, no answer (ignored); b: asked; c: 6 d 3 h old (pending).
    assert ben.answers.as_json() == {**NO_OUTCOMES, "ignored": 1, "asked": 1, "pending": 1}
    assert [(e.week, e.blind, e.opt_in, e.balance) for e in ben.ledger] == [("2027-W01", 2, 1, -1)]


def test_verdicts_written_the_sqlite_utils_ways_keep_the_figures_current(filled: Store) -> None:
    ids = {row[1]: row[0] for row in filled.db.execute("SELECT id, message_id FROM messages")}
    m13 = ids["<m13@stats.test>"]  # not classified yet, 2027-W02
    verdict = {"message_pk": m13, "category": "blind_intro", "confidence": 0.7}
    filled.db["verdicts"].insert({**verdict, "classified_ts": 1.0}, replace=True)  # type: ignore[union-attr]
    assert by_key(report(filled))["2027-W02"].received["blind_intro"] == 1
    filled.db["verdicts"].upsert(  # type: ignore[union-attr]
        {**verdict, "category": "sales_pitch", "classified_ts": 2.0}, pk="message_pk"
    )
    weeks = by_key(report(filled))
    assert weeks["2027-W02"].received == {**EMPTY, "opt_in": 1, "sales_pitch": 1}


def test_a_first_name_drop_and_a_non_ascii_case_join_their_introducer(store: Store) -> None:
    rows = (
        Row(
            "a", "2027-01-05T09:00:00-08:00", "blind_intro", ("marta@h.example", "Marta Kowalczyk")
        ),
        Row("b", "2027-01-06T09:00:00-08:00", "blind_intro", ("", "Marta")),
        Row("c", "2027-01-06T10:00:00-08:00", "opt_in", ("emile@d.example", "Émile Durand")),
        Row("d", "2027-01-07T09:00:00-08:00", "blind_intro", ("", "ÉMILE DURAND")),
    )
    insert_rows(store, rows)
    people = {p.key: p for p in report(store).introducers}
    assert set(people) == {"marta@h.example", "emile@d.example"}
    assert (people["marta@h.example"].blind_sent, people["marta@h.example"].aliases) == (
        2,
        ("marta",),
    )
    assert people["emile@d.example"].blind_sent == 1
    assert people["emile@d.example"].opt_in_sent == 1
