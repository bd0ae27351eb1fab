"""The weekly figures from SQL over the store, bucketed by week in the owner's time zone.

Week boundaries are computed in Python (core.stats, dateutil) as epoch ranges in the owner's
zone, and each week is counted with range scans, so bucketing is right for any zone, across
DST changes and ISO week 53. A message arrives at its Date (`date_ts`), else when it was
stored (`received_ts`); mail from the owner's Sent folder is left out, mail since removed
from the server (`expunged`) is kept: it did arrive that week.

Figures follow the current state: a message's category is its verdict now (after any
re-label), its outcome is its latest action not undone, else "ignored" once it is
`ignore_after_days` old, else "pending"; time to triage runs to its first action not undone
(an action a later one replaced counts: the owner did triage the message then).

The rows come from `stats_facts` (migration 0007_stats_facts, its facts redone by
0008_polish_actions_replaced): per received message its arrival, current category,
introducer (`who`: address, else the name they were dropped by), first action not undone
and latest live action, kept current by triggers on messages, verdicts and actions. Each
query below walks a covering index in order without a sort (but for a week's few medians),
which keeps a report over 100,000 messages fast.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from triage.adapters.store import Store, utc_now
from triage.config import Settings
from triage.core.categories import Category
from triage.core.stats import (
    DAY_SECONDS,
    RECEIVED_KEYS,
    IntroducerStats,
    Outcome,
    Outcomes,
    StatsReport,
    Week,
    WeekStats,
    ledger,
    merge_named,
    outcome_of,
    rank_introducers,
    resolve_zone,
    select_weeks,
)
from triage.errors import ConfigError

TOP_INTRODUCERS = 10
"""How many introducers a report lists by default."""

_OUTCOME_NAMES = [o.value for o in Outcome]
_CATEGORIES = ", ".join(f"'{c}'" for c in RECEIVED_KEYS)

_OUTCOME_SUMS = """
    sum(last_action = 'ignore' OR (last_action IS NULL AND arrival_ts <= :cutoff)),
    sum(last_action = 'decline'), sum(last_action = 'accept'), sum(last_action = 'ask'),
    sum(last_action IS NULL AND arrival_ts > :cutoff)"""
"""Counts per `Outcome`, in its order; `cutoff` is now minus `ignore_after_days`."""

_CATEGORY_SQL = f"""
SELECT category, count(*), sum(first_ts IS NOT NULL)
FROM stats_facts INDEXED BY stats_facts_category
WHERE category IN ({_CATEGORIES}) AND arrival_ts >= :start AND arrival_ts < :end
GROUP BY category
"""

_BLIND_SQL = f"""
SELECT {_OUTCOME_SUMS}
FROM stats_facts INDEXED BY stats_facts_category
WHERE category = 'blind_intro' AND arrival_ts >= :start AND arrival_ts < :end
"""

_WEEK_MEDIAN_SQL = f"""
SELECT avg(delay) FROM (
    SELECT max(first_ts - arrival_ts, 0) AS delay
    FROM stats_facts INDEXED BY stats_facts_category
    WHERE category IN ({_CATEGORIES}) AND arrival_ts >= :start AND arrival_ts < :end
        AND first_ts IS NOT NULL
    ORDER BY delay LIMIT :take OFFSET :skip
)
"""

_PERIOD_MEDIAN_SQL = """
SELECT avg(delay) FROM (
    SELECT max(first_ts - arrival_ts, 0) AS delay
    FROM stats_facts INDEXED BY stats_facts_delay
    WHERE first_ts IS NOT NULL AND arrival_ts >= :start AND arrival_ts < :end
    ORDER BY max(first_ts - arrival_ts, 0) LIMIT :take OFFSET :skip
)
"""

_WHO_SQL = """
SELECT who, max(who_name), max(who_addr), sum(category = 'blind_intro'),
    sum(category = 'opt_in')
FROM stats_facts INDEXED BY stats_facts_who
WHERE who != '' AND arrival_ts >= :start AND arrival_ts < :end
GROUP BY who
"""
"""Per introducer, enough to rank them (max(): a name, where some rows have none). Answers
and ledgers are then read for the top ones only."""

_PERSON_SQL = """
SELECT arrival_ts, category, last_action FROM stats_facts INDEXED BY stats_facts_who
WHERE who != '' AND who = :who AND arrival_ts >= :start AND arrival_ts < :end
"""


def _outcomes(counts: Sequence[int | None]) -> Outcomes:
    return Outcomes(**{name: int(n or 0) for name, n in zip(_OUTCOME_NAMES, counts, strict=True)})


def _median(store: Store, sql: str, start: float, end: float, count: int) -> float | None:
    """The median time to triage of the `count` acted-on messages arriving in [start, end)."""
    if not count:
        return None
    take, skip = 2 - count % 2, (count - 1) // 2
    row = store.db.execute(sql, {"start": start, "end": end, "take": take, "skip": skip}).fetchone()
    return None if row[0] is None else float(row[0])


def query_stats(
    store: Store,
    weeks: Sequence[Week],
    *,
    now: datetime,
    ignore_after_days: int,
    zone_name: str,
    top: int | None = TOP_INTRODUCERS,
) -> StatsReport:
    """The figures for `weeks` (oldest first, consecutive) as they stand at `now`.

    Args:
        store: An open store (used from the calling thread only).
        weeks: Consecutive weeks, from `core.stats.select_weeks`.
        now: The moment of the figures: ages for "ignored" and "pending" run to it.
        ignore_after_days: From this age an ask with no live action counts as ignored.
        zone_name: The zone's name, recorded in the report.
        top: How many introducers to keep (None: all); only they get a weekly ledger.

    Returns:
        The report; weeks with no mail are present, with zeros.
    """
    if not weeks:
        return StatsReport((), (), zone_name, ignore_after_days, now)
    cutoff = {"cutoff": now.timestamp() - ignore_after_days * DAY_SECONDS}
    week_stats: list[WeekStats] = []
    acted_total = 0
    for week in weeks:
        received = dict.fromkeys(RECEIVED_KEYS, 0)
        blind = Outcomes()
        acted = 0
        span = {"start": week.start_ts, "end": week.end_ts}
        for category, count, acted_n in store.db.execute(_CATEGORY_SQL, span):
            received[category] = int(count)
            acted += int(acted_n)
        if received[Category.BLIND_INTRO]:
            blind = _outcomes(store.db.execute(_BLIND_SQL, {**cutoff, **span}).fetchone())
        acted_total += acted
        median = _median(store, _WEEK_MEDIAN_SQL, week.start_ts, week.end_ts, acted)
        week_stats.append(WeekStats(week, received, blind, median))
    span = {"start": weeks[0].start_ts, "end": weeks[-1].end_ts}
    overall = _median(store, _PERIOD_MEDIAN_SQL, span["start"], span["end"], acted_total)

    people = [
        IntroducerStats(
            key=who,
            name=name or "",
            address=address or "",
            blind_sent=int(blind_n),
            opt_in_sent=int(opt_in_n),
            answers=Outcomes(),
        )
        for who, name, address, blind_n, opt_in_n in store.db.execute(_WHO_SQL, span)
    ]
    starts = [w.start_ts for w in weeks]
    introducers = tuple(
        _with_answers(store, person, span, weeks, starts, now.timestamp(), ignore_after_days)
        for person in rank_introducers(merge_named(people), top)
    )
    return StatsReport(tuple(week_stats), introducers, zone_name, ignore_after_days, now, overall)


def _with_answers(
    store: Store,
    person: IntroducerStats,
    span: dict[str, float],
    weeks: Sequence[Week],
    starts: list[float],
    now_ts: float,
    ignore_after_days: int,
) -> IntroducerStats:
    """One introducer with how the owner answered them and their ledger, week by week."""
    per_week: dict[str, list[int]] = {}
    answers: Counter[str] = Counter()
    rows = [
        row
        for who in (person.key, *person.aliases)
        for row in store.db.execute(_PERSON_SQL, {"who": who, **span})
    ]
    for arrival_ts, category, last_action in rows:
        key = weeks[bisect_right(starts, arrival_ts) - 1].key
        counts = per_week.setdefault(key, [0, 0])
        counts[0 if category == Category.OPT_IN else 1] += 1
        outcome = outcome_of(last_action, arrival_ts, now_ts, ignore_after_days)
        if outcome is not None:
            answers[outcome.value] += 1
    return replace(
        person,
        answers=Outcomes(**answers),
        ledger=ledger((key, opt_in, blind) for key, (opt_in, blind) in per_week.items()),
    )


def stats_report(
    store: Store,
    settings: Settings,
    *,
    now: datetime | None = None,
    weeks: int | None = None,
    since: date | None = None,
    top: int | None = TOP_INTRODUCERS,
) -> StatsReport:
    """The report the settings ask for: weeks in the owner's zone, their `ignore_after_days`.

    Args:
        store: An open store.
        settings: Owner time zone and `stats.ignore_after_days` come from here.
        now: The moment of the figures (default: the clock).
        weeks: How many weeks (default 8 back from the current week, or all since `since`).
        since: The first day to cover.
        top: How many introducers to keep (None: all).

    Raises:
        ConfigError: `owner.timezone` names no known time zone.
        ValueError: `weeks` below 1 or `since` in the future (the CLI reports it).
    """
    name = settings.owner.timezone.strip()
    try:
        zone = resolve_zone(name)
    except ValueError as exc:
        where = f"{settings.source}: " if settings.source else ""
        raise ConfigError(f"{where}owner.timezone: {exc}") from None
    moment = now or utc_now()
    chosen = select_weeks(moment, zone, weeks=weeks, since=since)
    return query_stats(
        store,
        chosen,
        now=moment,
        ignore_after_days=settings.stats.ignore_after_days,
        zone_name=name or "local",
        top=top,
    )
