"""Time the weekly stats query on a 100,000-message store against the 200 ms target.

    .venv/bin/python benchmarks/stats.py [N] [--keep PATH]     (default N = 100000)

Builds a fresh store of N generated messages over two years (verdicts for 95%, roughly a
quarter blind intros from 400 introducers, actions on two thirds of the asks, some undone),
then runs `statsquery.stats_report` for the default 8 weeks, 52 weeks and every week, each
several times, and prints the median wall and CPU time, the wall time's ratio to 200 ms,
and the load average (on a shared machine, CPU time is the steadier figure).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from triage.adapters.statsquery import stats_report  # noqa: E402
from triage.adapters.store import Store  # noqa: E402
from triage.config import parse_settings  # noqa: E402

TARGET = 0.200
"""Seconds: the query must answer under this for 100,000 messages."""
RUNS = 7
NOW = datetime(2027, 1, 13, 20, 0, tzinfo=UTC)
SPAN_DAYS = 730
CATEGORIES = (
    ("blind_intro", 0.25),
    ("sales_pitch", 0.20),
    ("opt_in", 0.10),
    ("other", 0.40),
    (None, 0.05),
)
ACTIONS = ("decline", "accept", "ask", "ignore")


def build(path: Path, count: int, seed: int = 7) -> None:
    """Write `count` generated messages, verdicts and actions into a new store at `path`."""
    rng = random.Random(seed)
    store = Store.open(path)
    start = NOW.timestamp() - SPAN_DAYS * 86400
    names = [c for c, _ in CATEGORIES]
    weights = [w for _, w in CATEGORIES]
    people = [(f"person{i}@intro{i % 37}.example", f"Person {i}") for i in range(400)]
    messages: list[tuple[object, ...]] = []
    verdicts: list[tuple[object, ...]] = []
    actions: list[tuple[int, str, float, float | None]] = []
    for pk in range(1, count + 1):
        ts = start + rng.random() * SPAN_DAYS * 86400
        has_date = rng.random() > 0.02
        messages.append(
            (
                pk,
                "work",
                "INBOX",
                1,
                pk,
                f"<{pk}@bench.example>",
                f"<{pk}@bench.example>",
                ts if has_date else None,
                ts + rng.random() * 600,
                f"sender{pk % 5000}@example.com",
                f"message {pk}",
                int(rng.random() < 0.03),
                int(rng.random() < 0.05),
            )
        )
        category = rng.choices(names, weights)[0]
        if category is None:
            continue
        who = rng.choice(people) if category in ("blind_intro", "opt_in") else ("", "")
        verdicts.append((pk, category, 0.8, ts + 5, who[0], who[1]))
        if category != "other" and rng.random() < 0.66:
            when = ts + rng.expovariate(1 / 86400)
            if rng.random() < 0.1:
                actions.append((pk, rng.choice(ACTIONS), when, when + 5))
            actions.append((pk, rng.choice(ACTIONS), when + 10, None))
    with store.db.atomic():
        store.db.conn.executemany(
            "INSERT INTO messages (id, account, folder, uidvalidity, uid, fingerprint, "
            "message_id, date_ts, received_ts, from_addr, subject, is_sent, expunged) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            messages,
        )
        store.db.conn.executemany(
            "INSERT INTO verdicts (message_pk, category, confidence, classified_ts, "
            "introducer_addr, introducer_name) VALUES (?, ?, ?, ?, ?, ?)",
            verdicts,
        )
        store.db.conn.executemany(
            "INSERT INTO actions (message_pk, action, created_ts, undone_ts) VALUES (?, ?, ?, ?)",
            actions,
        )
    store.db.execute("ANALYZE")
    store.close()


def timed(path: Path, **options: object) -> tuple[float, float, int]:
    """Median wall and CPU seconds of `RUNS` fresh-connection reports, and the weeks."""
    settings = parse_settings({"owner": {"timezone": "America/Los_Angeles"}})
    wall: list[float] = []
    cpu: list[float] = []
    weeks = 0
    for _ in range(RUNS):
        store = Store.open(path)
        try:
            began, began_cpu = time.perf_counter(), time.process_time()
            report = stats_report(store, settings, now=NOW, **options)  # type: ignore[arg-type]
            wall.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
            weeks = len(report.weeks)
        finally:
            store.close()
    return statistics.median(wall), statistics.median(cpu), weeks


def main(argv: list[str]) -> None:
    """Build the store, time the three reports, print the figures."""
    count = int(argv[0]) if argv and argv[0].isdigit() else 100_000
    keep = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else None
    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "bench.db"
        if not path.exists():
            began = time.perf_counter()
            build(path, count)
            print(f"built {count:,} messages in {time.perf_counter() - began:.1f} s")
        since = (NOW - timedelta(days=SPAN_DAYS + 7)).date()
        for label, options in (
            ("8 weeks (default)", {}),
            ("52 weeks", {"weeks": 52}),
            ("every week (~105)", {"since": since}),
        ):
            seconds, cpu, weeks = timed(path, **options)
            print(
                f"stats {label:<18} {weeks:>3} weeks: {seconds * 1000:6.1f} ms wall, "
                f"{cpu * 1000:6.1f} ms CPU (medians of {RUNS}); "
                f"{seconds / TARGET:.2f}x the 200 ms target"
            )
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main(sys.argv[1:])
