"""Weekly statistics, pure: ISO weeks in a time zone, outcome counts, the introducer ledger.

Weeks are ISO weeks (Monday 00:00 to the next Monday 00:00) on the owner's wall clock, so
a week can be 167 or 169 hours long across a DST change, and ISO years may have 53 weeks
(2026-W53 runs from Monday 2026-12-28 to Sunday 2027-01-03).

The "relationship bank account" of an introducer is kept as simply as possible: every
opt-in request (asking the owner first) deposits `OPT_IN_CREDIT`, every blind intro (an
intro nobody asked the owner about) withdraws `BLIND_INTRO_DEBIT`. The balance is the sum
over the weeks reported; a negative balance means the introducer is overdrawn. How the owner
answered does not change the balance: it is the introducer's behaviour being scored.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, tzinfo
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from dateutil import tz
from dateutil.relativedelta import MO, relativedelta

from triage.core.categories import Category

OPT_IN_CREDIT = 1
"""What one opt-in request adds to its introducer's balance."""
BLIND_INTRO_DEBIT = 1
"""What one blind intro takes from its introducer's balance."""
UNCLASSIFIED = "unclassified"
"""The `received` key of messages with no verdict yet."""
RECEIVED_KEYS: tuple[str, ...] = (*(c.value for c in Category), UNCLASSIFIED)
"""The keys of `WeekStats.received`, in display order."""
DAY_SECONDS = 86400
"""Seconds in a (nominal) day, for `ignore_after_days`."""

_WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")


class Outcome(StrEnum):
    """How an ask ended up, following the current state of its actions."""

    IGNORED = "ignored"
    """The owner pressed ignore, or nothing live was done within `ignore_after_days`."""
    DECLINED = "declined"
    ACCEPTED = "accepted"
    ASKED = "asked"
    """The owner asked for context."""
    PENDING = "pending"
    """No live action yet, and younger than `ignore_after_days`."""


ACTION_OUTCOMES: Mapping[str, Outcome] = MappingProxyType(
    {
        "ignore": Outcome.IGNORED,
        "decline": Outcome.DECLINED,
        "accept": Outcome.ACCEPTED,
        "ask": Outcome.ASKED,
    }
)
"""The outcome each stored action (`actions.action`) stands for."""


def outcome_of(
    last_action: str | None, arrived_ts: float, now_ts: float, ignore_after_days: int
) -> Outcome | None:
    """The outcome of one ask: its latest live action, else ignored or pending by age.

    Args:
        last_action: The latest action not undone (`actions.action`), or None.
        arrived_ts: When the message arrived (its Date, else when it was stored).
        now_ts: The moment the figures are for.
        ignore_after_days: Age from which an ask with no live action counts as ignored.

    Returns:
        The outcome, or None for an action name triage does not know.
    """
    if last_action is not None:
        return ACTION_OUTCOMES.get(last_action)
    if now_ts - arrived_ts >= ignore_after_days * DAY_SECONDS:
        return Outcome.IGNORED
    return Outcome.PENDING


# --- zones and weeks ----------------------------------------------------------------------


def resolve_zone(name: str) -> tzinfo:
    """The time zone called `name` (IANA, e.g. "Europe/Berlin"), or the system's for "".

    Raises:
        ValueError: `name` is not a known time zone.
    """
    if not name.strip():
        return tz.tzlocal()
    zone = tz.gettz(name.strip())
    if zone is None:
        raise ValueError(f"unknown time zone {name!r}")
    return zone


def week_key(day: date) -> str:
    """The ISO week of `day`, as "2026-W47" (the ISO year, which may differ from day.year)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(key: str) -> date:
    """The Monday starting the ISO week `key` ("2026-W47").

    Raises:
        ValueError: `key` is not of that form or names a week that does not exist.
    """
    match = _WEEK_KEY.match(key.strip())
    if not match:
        raise ValueError(f"not an ISO week like 2026-W47: {key!r}")
    return date.fromisocalendar(int(match[1]), int(match[2]), 1)


def _local_midnight(day: date, zone: tzinfo) -> datetime:
    # resolve_imaginary: in a zone whose clocks jump at midnight the week starts when the
    # day's wall clock begins (e.g. 01:00), not at a time that never existed.
    return tz.resolve_imaginary(datetime.combine(day, time(0), tzinfo=zone))


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week on the owner's wall clock: [start, end), both local midnights."""

    key: str
    """The ISO week, "2026-W47"."""
    start: datetime
    """Monday 00:00 local, aware."""
    end: datetime
    """The next Monday 00:00 local, aware."""
    start_ts: float = field(init=False, compare=False)
    """`start` as seconds since the epoch."""
    end_ts: float = field(init=False, compare=False)
    """`end` as seconds since the epoch (exclusive)."""

    def __post_init__(self) -> None:
        # Computed once: a dateutil zone's timestamp() is slow and reports ask per query.
        object.__setattr__(self, "start_ts", self.start.timestamp())
        object.__setattr__(self, "end_ts", self.end.timestamp())

    @property
    def label(self) -> str:
        """A short label for charts: "W47" (the chart's title gives the years)."""
        return self.key[5:]

    def contains(self, ts: float) -> bool:
        """True when the moment `ts` falls in this week."""
        return self.start_ts <= ts < self.end_ts


def week_starting(monday: date, zone: tzinfo) -> Week:
    """The week that starts on `monday` (any day is moved back to its Monday)."""
    monday = monday + relativedelta(weekday=MO(-1))
    following = monday + relativedelta(weeks=1)
    return Week(week_key(monday), _local_midnight(monday, zone), _local_midnight(following, zone))


def week_of(moment: datetime | float, zone: tzinfo) -> Week:
    """The week (in `zone`) that a moment falls in; a float is seconds since the epoch."""
    when = (
        datetime.fromtimestamp(moment, zone)
        if isinstance(moment, int | float)
        else moment.astimezone(zone)
    )
    return week_starting(when.date(), zone)


def weeks_from(first: date, last: date, zone: tzinfo) -> list[Week]:
    """Every week from the one holding `first` to the one holding `last`, oldest first."""
    weeks: list[Week] = []
    monday = first + relativedelta(weekday=MO(-1))
    while monday <= last:
        weeks.append(week_starting(monday, zone))
        monday = monday + relativedelta(weeks=1)
    return weeks


def select_weeks(
    now: datetime, zone: tzinfo, *, weeks: int | None = None, since: date | None = None
) -> list[Week]:
    """The weeks a report covers, oldest first.

    Args:
        now: The current moment (aware); its week, in `zone`, is the last one by default.
        zone: The owner's time zone.
        weeks: How many weeks: back from the current one, or forward from `since`.
        since: The first day to cover (its whole week is included).

    Returns:
        The weeks; never later than the current week.

    Raises:
        ValueError: `weeks` is below 1, or `since` is after `now`.
    """
    if weeks is not None and weeks < 1:
        raise ValueError(f"--weeks must be at least 1 (got {weeks})")
    today = now.astimezone(zone).date()
    if since is None:
        count = 8 if weeks is None else weeks
        first = today - relativedelta(weeks=count - 1)
        return weeks_from(first, today, zone)
    if since > today:
        raise ValueError(f"--since {since.isoformat()} is in the future")
    last = today if weeks is None else min(today, since + relativedelta(weeks=weeks - 1))
    return weeks_from(since, last, zone)


def parse_since(text: str) -> date:
    """A --since value: a date "2026-11-02" or an ISO week "2026-W45" (its Monday).

    Raises:
        ValueError: neither form, with the reason.
    """
    value = text.strip()
    if _WEEK_KEY.match(value):
        return week_monday(value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"expected a date like 2026-11-02 or a week like 2026-W45: {text!r}"
        ) from None


# --- figures ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcomes:
    """How many asks ended up each way."""

    ignored: int = 0
    declined: int = 0
    accepted: int = 0
    asked: int = 0
    pending: int = 0

    @property
    def total(self) -> int:
        """All of them."""
        return self.ignored + self.declined + self.accepted + self.asked + self.pending

    def plus(self, outcome: Outcome, count: int = 1) -> Outcomes:
        """A copy with `count` more of `outcome`."""
        name = outcome.value
        return replace(self, **{name: getattr(self, name) + count})

    def as_json(self) -> dict[str, int]:
        """A JSON-ready dict, keyed by outcome."""
        return {o.value: getattr(self, o.value) for o in Outcome}


@dataclass(frozen=True, slots=True)
class WeekStats:
    """The figures of one week: what arrived, what became of the blind intros."""

    week: Week
    received: Mapping[str, int] = field(default_factory=dict)
    """Messages that arrived, by current category (and `UNCLASSIFIED`)."""
    blind: Outcomes = Outcomes()
    """What became of that week's blind intros."""
    median_triage_seconds: float | None = None
    """Median time from arrival to the first action not undone (live, or replaced by a later
    one), over the week's messages with a live action."""

    @property
    def total(self) -> int:
        """Every message that arrived this week."""
        return sum(self.received.values())

    @property
    def opt_in_share(self) -> float | None:
        """Opt-in requests among all intros (opt-in + blind); None with no intros."""
        opt_in = self.received.get(Category.OPT_IN.value, 0)
        intros = opt_in + self.received.get(Category.BLIND_INTRO.value, 0)
        return opt_in / intros if intros else None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict keyed by `week` ("2026-W47")."""
        return {
            "week": self.week.key,
            "start": self.week.start.isoformat(),
            "end": self.week.end.isoformat(),
            "received": {
                "total": self.total,
                **{k: self.received.get(k, 0) for k in RECEIVED_KEYS},
            },
            "blind_intros": self.blind.as_json(),
            "opt_in_share": self.opt_in_share,
            "median_triage_seconds": self.median_triage_seconds,
        }


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One week of an introducer's ledger."""

    week: str
    opt_in: int
    blind: int
    change: int
    """`opt_in * OPT_IN_CREDIT - blind * BLIND_INTRO_DEBIT`."""
    balance: int
    """The running balance after this week."""

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "week": self.week,
            "opt_in_requests": self.opt_in,
            "blind_intros": self.blind,
            "change": self.change,
            "balance": self.balance,
        }


def ledger_change(opt_in: int, blind: int) -> int:
    """What `opt_in` requests and `blind` intros do to a balance."""
    return opt_in * OPT_IN_CREDIT - blind * BLIND_INTRO_DEBIT


def ledger(per_week: Iterable[tuple[str, int, int]]) -> tuple[LedgerEntry, ...]:
    """A running ledger from (week key, opt-in requests, blind intros), in week order."""
    entries: list[LedgerEntry] = []
    balance = 0
    for week, opt_in, blind in sorted(per_week):
        change = ledger_change(opt_in, blind)
        balance += change
        entries.append(LedgerEntry(week, opt_in, blind, change, balance))
    return tuple(entries)


@dataclass(frozen=True, slots=True)
class IntroducerStats:
    """One introducer: what they sent the owner, how the owner answered, their balance."""

    key: str
    """The address, lower-cased; for an introducer only named in the text, the name."""
    name: str
    address: str
    """"" when the introducer was only named."""
    blind_sent: int
    opt_in_sent: int
    answers: Outcomes
    """How the owner answered their blind intros and opt-in requests together."""
    ledger: tuple[LedgerEntry, ...] = ()
    """Week by week, in order (weeks with nothing from them left out)."""
    aliases: tuple[str, ...] = ()
    """Keys folded into this one: the same name, dropped without an address."""

    @property
    def balance(self) -> int:
        """The balance over the period: `ledger_change(opt_in_sent, blind_sent)`."""
        return ledger_change(self.opt_in_sent, self.blind_sent)

    @property
    def display(self) -> str:
        """Name and address for a table."""
        if self.name and self.address and self.name.lower() != self.address:
            return f"{self.name} <{self.address}>"
        return self.address or self.name or self.key

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "key": self.key,
            "name": self.name,
            "address": self.address,
            "blind_intros": self.blind_sent,
            "opt_in_requests": self.opt_in_sent,
            "answers": self.answers.as_json(),
            "balance": self.balance,
            "ledger": [e.as_json() for e in self.ledger],
            "aliases": list(self.aliases),
        }


def name_key(name: str) -> str:
    """A name compared loosely: case, accents, spacing and a trailing dot ignored.

    SQLite's lower() folds ASCII only, so the store's key for a named introducer is not
    enough: "ÉMILE Durand" and "Émile  Durand" are one person.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().replace(".", " ").split())


def merge_named(people: Iterable[IntroducerStats]) -> list[IntroducerStats]:
    """Fold introducers known only by name into the one with an address and that name.

    "Ben suggested I reach out" names Ben Whitaker without his address; when exactly one
    introducer with an address is called Ben Whitaker, that is him. A first name alone
    ("Ben") joins the one introducer with an address whose first name it is. Two with the
    name: left apart, as there is no telling which. Names compare by `name_key`.
    """
    people = list(people)
    by_name: dict[str, list[IntroducerStats]] = {}
    by_first: dict[str, list[IntroducerStats]] = {}
    for person in people:
        key = name_key(person.name)
        if person.address and key:
            by_name.setdefault(key, []).append(person)
            by_first.setdefault(key.split()[0], []).append(person)
    kept: list[IntroducerStats] = []
    folded: dict[str, list[IntroducerStats]] = {}
    for person in people:
        matches: list[IntroducerStats] = []
        if not person.address:
            key = name_key(person.name or person.key)
            matches = by_name.get(key, [])
            if not matches and len(key.split()) == 1:
                matches = by_first.get(key, [])
        if len(matches) == 1:
            folded.setdefault(matches[0].key, []).append(person)
        else:
            kept.append(person)
    return [
        replace(
            p,
            blind_sent=p.blind_sent + sum(f.blind_sent for f in folded.get(p.key, [])),
            opt_in_sent=p.opt_in_sent + sum(f.opt_in_sent for f in folded.get(p.key, [])),
            aliases=p.aliases + tuple(f.key for f in folded.get(p.key, [])),
        )
        for p in kept
    ]


def rank_introducers(
    introducers: Iterable[IntroducerStats], top: int | None = None
) -> tuple[IntroducerStats, ...]:
    """Who sends the most blind intros first; then the most overdrawn; then by key."""
    ranked = sorted(introducers, key=lambda i: (-i.blind_sent, i.balance, i.key))
    return tuple(ranked if top is None else ranked[:top])


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values."""
    return float(statistics.median(values)) if values else None


@dataclass(frozen=True, slots=True)
class StatsReport:
    """Everything `triage stats` and the stats screen show."""

    weeks: tuple[WeekStats, ...]
    introducers: tuple[IntroducerStats, ...]
    zone: str
    """The time zone the weeks are in, as named in the settings (or "local")."""
    ignore_after_days: int
    now: datetime
    median_triage_seconds: float | None = None
    """The median time to triage over every week reported."""

    def totals(self) -> WeekStats:
        """All weeks added up, as one pseudo-week keyed "total"."""
        received: dict[str, int] = dict.fromkeys(RECEIVED_KEYS, 0)
        blind = Outcomes()
        for week in self.weeks:
            for key, count in week.received.items():
                received[key] = received.get(key, 0) + count
            for outcome in Outcome:
                blind = blind.plus(outcome, getattr(week.blind, outcome.value))
        first, last = self.weeks[0].week, self.weeks[-1].week
        return WeekStats(
            Week("total", first.start, last.end), received, blind, self.median_triage_seconds
        )

    def as_json(self) -> dict[str, Any]:
        """One JSON object: settings in force, `weeks` (oldest first) and `introducers`."""
        return {
            "zone": self.zone,
            "ignore_after_days": self.ignore_after_days,
            "generated_at": self.now.isoformat(),
            "median_triage_seconds": self.median_triage_seconds,
            "weeks": [w.as_json() for w in self.weeks],
            "introducers": [i.as_json() for i in self.introducers],
        }


# --- tables and charts --------------------------------------------------------------------

WEEK_HEADERS: tuple[str, ...] = (
    "Week",
    "All",
    "Blind",
    "Pitch",
    "OptIn",
    "Other",
    "New",
    "Ign",
    "Decl",
    "Acc",
    "Ask",
    "Pend",
    "OptIn%",
    "Median",
)
"""Column headers of the weekly table: received (all, by category, "New": not classified
yet), then what became of the blind intros, the opt-in share and the median time to triage."""

WEEK_LEGEND = (
    "All/Blind/Pitch/OptIn/Other/New: received, by category (New: not classified yet). "
    "Ign/Decl/Acc/Ask/Pend: the blind intros ignored, declined, accepted, asked for context, "
    "pending. OptIn%: opt-in requests among all intros. Median: arrival to first answer."
)
"""What the short headers of the weekly table mean."""

CSV_HEADERS: tuple[str, ...] = (
    "week",
    "start",
    "received",
    *RECEIVED_KEYS,
    *(f"blind_{o.value}" for o in Outcome),
    "opt_in_share",
    "median_triage_seconds",
)
"""Column headers of `triage stats --csv`."""

INTRODUCER_HEADERS: tuple[str, ...] = (
    "Introducer",
    "Blind",
    "OptIn",
    "Ign",
    "Decl",
    "Acc",
    "Ask",
    "Pend",
    "Balance",
)
"""Column headers of the introducer table."""


def format_duration(seconds: float | None) -> str:
    """A short human duration: "-" for none, "45m", "3.2h", "2.5d"."""
    if seconds is None:
        return "-"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < DAY_SECONDS:
        return f"{seconds / 3600:.1f}h"
    return f"{seconds / DAY_SECONDS:.1f}d"


def format_share(share: float | None) -> str:
    """A share as a whole percentage, "-" for none."""
    return "-" if share is None else f"{round(share * 100)}%"


def format_balance(balance: int) -> str:
    """A signed balance: "+2", "0", "-3"."""
    return f"{balance:+d}" if balance else "0"


def week_row(week: WeekStats) -> list[str]:
    """One row of the weekly table (see `WEEK_HEADERS`)."""
    counts = [str(week.received.get(k, 0)) for k in RECEIVED_KEYS]
    outcomes = [str(getattr(week.blind, o.value)) for o in Outcome]
    return [
        week.week.key,
        str(week.total),
        *counts,
        *outcomes,
        format_share(week.opt_in_share),
        format_duration(week.median_triage_seconds),
    ]


def week_rows(report: StatsReport) -> list[list[str]]:
    """The weekly table, oldest week first."""
    return [week_row(w) for w in report.weeks]


def csv_rows(report: StatsReport) -> list[list[Any]]:
    """The weekly table as raw values for CSV (see `CSV_HEADERS`)."""
    rows: list[list[Any]] = []
    for w in report.weeks:
        rows.append(
            [
                w.week.key,
                w.week.start.date().isoformat(),
                w.total,
                *(w.received.get(k, 0) for k in RECEIVED_KEYS),
                *(getattr(w.blind, o.value) for o in Outcome),
                "" if w.opt_in_share is None else round(w.opt_in_share, 4),
                "" if w.median_triage_seconds is None else round(w.median_triage_seconds),
            ]
        )
    return rows


def introducer_rows(report: StatsReport) -> list[list[str]]:
    """The introducer table, in rank order (see `INTRODUCER_HEADERS`)."""
    return [
        [
            i.display,
            str(i.blind_sent),
            str(i.opt_in_sent),
            *(str(getattr(i.answers, o.value)) for o in Outcome),
            format_balance(i.balance),
        ]
        for i in report.introducers
    ]


@dataclass(frozen=True, slots=True)
class ChartData:
    """A bar chart: one bar per label."""

    title: str
    labels: tuple[str, ...]
    values: tuple[int, ...]

    def ticks(self, most: int = 6) -> list[int]:
        """Whole-number y ticks from 0 to the highest bar, at most about `most` of them."""
        top = max(self.values, default=0)
        step = max(1, -(-top // most))
        return list(range(0, top + step, step)) if top else [0, 1]

    def label_positions(self, width: int) -> tuple[list[int], list[str]]:
        """Which bars get an x label when `width` columns must hold them (positions from 1)."""
        every = max(1, -(-len(self.labels) * 5 // max(width, 1)))
        chosen = [(i + 1, label) for i, label in enumerate(self.labels) if i % every == 0]
        return [p for p, _ in chosen], [label for _, label in chosen]

    def plot(self, plt: Any, width: int) -> None:
        """Draw the bars with plotext's API on `plt` (the plotext module or a PlotextPlot's).

        Nothing is imported here: the caller owns the plotting library and the output.

        Args:
            plt: An object with plotext's functions (`bar`, `xticks`, `yticks`, ...).
            width: Columns the chart will get, to decide how many x labels fit.
        """
        positions = list(range(1, len(self.values) + 1))
        ticks = self.ticks()
        plt.clear_data()
        plt.title(self.title)
        plt.bar(positions, list(self.values), width=0.6)
        plt.xticks(*self.label_positions(width))
        plt.yticks(ticks)
        plt.ylim(0, ticks[-1])


def ignored_chart(report: StatsReport) -> ChartData:
    """Ignored blind intros per week."""
    first, last = report.weeks[0].week.key, report.weeks[-1].week.key
    return ChartData(
        title=f"Ignored blind intros per week, {first} to {last}",
        labels=tuple(w.week.label for w in report.weeks),
        values=tuple(w.blind.ignored for w in report.weeks),
    )
