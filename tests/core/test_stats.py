"""Pure stats: ISO week keys and ranges in a zone (week 53, DST), selection, ledger, rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from triage.core.stats import (
    IntroducerStats,
    Outcome,
    Outcomes,
    StatsReport,
    Week,
    WeekStats,
    format_duration,
    ignored_chart,
    ledger,
    merge_named,
    outcome_of,
    parse_since,
    rank_introducers,
    resolve_zone,
    select_weeks,
    week_key,
    week_monday,
    week_of,
    week_starting,
    weeks_from,
)

LA = resolve_zone("America/Los_Angeles")
HOUR = 3600


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2026, 1, 1), "2026-W01"),  # a Thursday: 2026 has 53 ISO weeks
        (date(2025, 12, 29), "2026-W01"),  # Monday of 2026-W01, still in 2025
        (date(2026, 12, 28), "2026-W53"),
        (date(2027, 1, 3), "2026-W53"),  # Sunday, ISO year 2026
        (date(2027, 1, 4), "2027-W01"),
        (date(2026, 11, 16), "2026-W47"),
        (date(2027, 12, 31), "2027-W52"),  # 2027 has 52
    ],
)
def test_week_key_uses_the_iso_year(day: date, key: str) -> None:
    assert week_key(day) == key


def test_week_monday_round_trips_and_rejects_week_54() -> None:
    assert week_monday("2026-W53") == date(2026, 12, 28)
    assert week_monday("2027-W01") == date(2027, 1, 4)
    with pytest.raises(ValueError, match="2026-W47"):
        week_monday("2026-47")
    with pytest.raises(ValueError, match="week"):
        week_monday("2027-W53")  # 2027 has only 52 ISO weeks


def test_week_ending_with_the_fall_back_change_is_169_hours() -> None:
    week = week_starting(date(2026, 10, 26), LA)
    assert week.key == "2026-W44"
    assert week.start.isoformat() == "2026-10-26T00:00:00-07:00"
    assert week.end.isoformat() == "2026-11-02T00:00:00-08:00"
    assert week.end_ts - week.start_ts == 169 * HOUR
    assert week_starting(date(2026, 11, 2), LA).end_ts - week.end_ts == 168 * HOUR


def test_week_with_the_spring_forward_change_is_167_hours() -> None:
    week = week_starting(date(2026, 3, 2), LA)  # DST starts Sunday 2026-03-08
    assert week.end_ts - week.start_ts == 167 * HOUR


def test_a_moment_falls_in_its_local_week_not_its_utc_week() -> None:
    # Sunday 23:30 PST is Monday 07:30 UTC.
    moment = datetime.fromisoformat("2026-11-01T23:30:00-08:00").timestamp()
    assert week_of(moment, LA).key == "2026-W44"
    assert week_of(moment, UTC).key == "2026-W45"
    # Sunday 2027-01-03 20:00 PST is 2027-W01 in UTC but the last week of 2026 here.
    late = datetime.fromisoformat("2027-01-03T20:00:00-08:00")
    assert week_of(late, LA).key == "2026-W53"
    assert week_of(late, UTC).key == "2027-W01"


def test_week_start_is_inclusive_and_end_exclusive() -> None:
    week = week_starting(date(2026, 11, 2), LA)
    assert week.contains(datetime.fromisoformat("2026-11-02T00:00:00-08:00").timestamp())
    assert not week.contains(datetime.fromisoformat("2026-11-09T00:00:00-08:00").timestamp())
    assert not week.contains(datetime.fromisoformat("2026-11-01T23:59:59-08:00").timestamp())


def test_a_week_starting_at_a_midnight_that_never_was_starts_at_one() -> None:
    # Tehran's clocks jumped from 00:00 to 01:00 on Monday 2010-03-22.
    tehran = resolve_zone("Asia/Tehran")
    week = week_starting(date(2010, 3, 22), tehran)
    assert week.key == "2010-W12"
    assert week.start.isoformat() == "2010-03-22T01:00:00+04:30"
    assert week.end_ts - week.start_ts == 167 * HOUR
    previous = week_starting(date(2010, 3, 15), tehran)
    assert previous.end_ts == week.start_ts  # no gap between the weeks


def test_weeks_from_crosses_the_year_end_through_week_53() -> None:
    keys = [w.key for w in weeks_from(date(2026, 12, 20), date(2027, 1, 12), LA)]
    assert keys == ["2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"]


def test_select_weeks_counts_back_from_the_current_week() -> None:
    now = datetime.fromisoformat("2027-01-13T12:00:00-08:00")
    keys = [w.key for w in select_weeks(now, LA, weeks=3)]
    assert keys == ["2026-W53", "2027-W01", "2027-W02"]
    assert len(select_weeks(now, LA)) == 8


def test_select_weeks_since_a_day_runs_to_now_or_for_n_weeks() -> None:
    now = datetime.fromisoformat("2027-01-13T12:00:00-08:00")
    since = date(2026, 12, 31)  # a Thursday: its whole week is included
    assert [w.key for w in select_weeks(now, LA, since=since)] == [
        "2026-W53",
        "2027-W01",
        "2027-W02",
    ]
    assert [w.key for w in select_weeks(now, LA, since=since, weeks=2)] == [
        "2026-W53",
        "2027-W01",
    ]
    with pytest.raises(ValueError, match="future"):
        select_weeks(now, LA, since=date(2027, 2, 1))
    with pytest.raises(ValueError, match="at least 1"):
        select_weeks(now, LA, weeks=0)


def test_the_current_week_is_the_owner_zone_week() -> None:
    # Monday 2027-01-11 05:00 UTC is still Sunday evening in Los Angeles.
    now = datetime(2027, 1, 11, 5, 0, tzinfo=UTC)
    assert select_weeks(now, LA, weeks=1)[0].key == "2027-W01"
    assert select_weeks(now, UTC, weeks=1)[0].key == "2027-W02"


def test_parse_since_takes_a_date_or_a_week() -> None:
    assert parse_since("2026-11-02") == date(2026, 11, 2)
    assert parse_since("2026-W53") == date(2026, 12, 28)
    with pytest.raises(ValueError, match="expected a date"):
        parse_since("last tuesday")


def test_unknown_zone_is_an_error_and_empty_means_local() -> None:
    with pytest.raises(ValueError, match="Mars/Olympus"):
        resolve_zone("Mars/Olympus")
    assert resolve_zone("") is not None


def test_outcome_follows_the_latest_live_action_else_age() -> None:
    day = 86400
    assert outcome_of("accept", 0, 8 * day, 7) is Outcome.ACCEPTED
    assert outcome_of(None, 0, 7 * day, 7) is Outcome.IGNORED  # exactly 7 days: not younger
    assert outcome_of(None, 0, 7 * day - 1, 7) is Outcome.PENDING
    assert outcome_of("ignore", 0, 1, 7) is Outcome.IGNORED
    assert outcome_of("frobnicate", 0, 1, 7) is None


def test_ledger_runs_in_week_order() -> None:
    entries = ledger([("2027-W01", 1, 2), ("2026-W44", 0, 1), ("2026-W53", 2, 0)])
    assert [(e.week, e.change, e.balance) for e in entries] == [
        ("2026-W44", -1, -1),
        ("2026-W53", 2, 1),
        ("2027-W01", -1, 0),
    ]


def _person(key: str, blind: int, opt_in: int) -> IntroducerStats:
    return IntroducerStats(key, "", key, blind, opt_in, Outcomes())


def test_introducers_rank_by_blind_intros_then_overdraft() -> None:
    ranked = rank_introducers(
        [_person("a", 2, 5), _person("b", 2, 0), _person("c", 5, 9), _person("d", 0, 1)], top=3
    )
    assert [p.key for p in ranked] == ["c", "b", "a"]
    assert [p.balance for p in ranked] == [4, -2, 3]


def test_outcomes_add_up() -> None:
    o = Outcomes().plus(Outcome.IGNORED, 2).plus(Outcome.ASKED)
    assert (o.ignored, o.asked, o.total) == (2, 1, 3)
    assert o.as_json() == {"ignored": 2, "declined": 0, "accepted": 0, "asked": 1, "pending": 0}


def test_opt_in_share_and_formatting() -> None:
    week = week_starting(date(2027, 1, 4), LA)
    stats = WeekStats(week, {"blind_intro": 3, "opt_in": 1, "other": 7}, Outcomes(), 6300.0)
    assert stats.opt_in_share == 0.25
    assert stats.total == 11
    assert WeekStats(week, {"other": 2}).opt_in_share is None
    assert format_duration(6300.0) == "1.8h"
    assert format_duration(1800.0) == "30m"
    assert format_duration(694800.0) == "8.0d"
    assert format_duration(None) == "-"


def test_chart_title_gives_the_years_and_ticks_are_whole() -> None:
    weeks = weeks_from(date(2026, 12, 21), date(2027, 1, 4), LA)
    report = StatsReport(
        tuple(WeekStats(w, {}, Outcomes(ignored=n)) for w, n in zip(weeks, (0, 7, 2), strict=True)),
        (),
        "America/Los_Angeles",
        7,
        datetime(2027, 1, 5, tzinfo=UTC),
    )
    chart = ignored_chart(report)
    assert chart.title == "Ignored blind intros per week, 2026-W52 to 2027-W01"
    assert chart.labels == ("W52", "W53", "W01")
    assert chart.values == (0, 7, 2)
    assert chart.ticks() == [0, 2, 4, 6, 8]
    assert isinstance(report.weeks[0].week, Week)


def test_a_name_dropped_introducer_joins_the_one_with_that_name_and_an_address() -> None:
    ben = IntroducerStats("ben@w.example", "Ben Whitaker", "ben@w.example", 1, 0, Outcomes())
    dropped = IntroducerStats("ben whitaker", "Ben Whitaker", "", 2, 0, Outcomes())
    sam_a = IntroducerStats("sam@a.example", "Sam", "sam@a.example", 1, 0, Outcomes())
    sam_b = IntroducerStats("sam@b.example", "Sam", "sam@b.example", 0, 1, Outcomes())
    sam = IntroducerStats("sam", "Sam", "", 1, 0, Outcomes())
    merged = {p.key: p for p in merge_named([dropped, ben, sam_a, sam_b, sam])}
    assert set(merged) == {"ben@w.example", "sam@a.example", "sam@b.example", "sam"}
    assert (merged["ben@w.example"].blind_sent, merged["ben@w.example"].balance) == (3, -3)
    assert merged["ben@w.example"].aliases == ("ben whitaker",)
    assert merged["sam"].aliases == ()  # two Sams with addresses: no telling which


def test_a_first_name_or_a_differently_written_name_joins_its_one_match() -> None:
    marta = IntroducerStats(
        "marta@h.example", "Marta Kowalczyk", "marta@h.example", 1, 0, Outcomes()
    )
    first = IntroducerStats("marta", "Marta", "", 1, 0, Outcomes())
    emile = IntroducerStats("emile@d.example", "Émile Durand", "emile@d.example", 0, 1, Outcomes())
    shouted = IntroducerStats("Émile  durand", "ÉMILE  Durand", "", 1, 0, Outcomes())
    sam_a = IntroducerStats("sam@a.example", "Sam Lee", "sam@a.example", 1, 0, Outcomes())
    sam_b = IntroducerStats("sam@b.example", "Sam Ode", "sam@b.example", 1, 0, Outcomes())
    sam = IntroducerStats("sam", "Sam", "", 1, 0, Outcomes())
    merged = {p.key: p for p in merge_named([first, marta, emile, shouted, sam_a, sam_b, sam])}
    assert set(merged) == {"marta@h.example", "emile@d.example", "sam@a.example", "sam@b.example",
                           "sam"}  # fmt: skip
    assert merged["marta@h.example"].blind_sent == 2
    assert merged["marta@h.example"].aliases == ("marta",)
    assert merged["emile@d.example"].aliases == ("Émile  durand",)
    assert merged["sam"].aliases == ()  # two addressed Sams: no telling which
