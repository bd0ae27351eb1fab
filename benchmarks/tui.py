"""Time the triage screen on a 100,000-message store: start, keys, search, memory.

    .venv/bin/python benchmarks/tui.py [N]        (default N = 100000)

Builds (once, cached in benchmarks/out/) a store of N generated, classified messages
(tests/ui/inboxgen.py: realistic senders, subjects, bodies, quotes, a quarter of the asks
already answered). Then, with the app driven headless through Textual's Pilot at 120x40:

- start: a fresh interpreter from launch to the first full paint (tabs with counts, a full
  list page, the reading pane showing the first message), and that process's peak RSS;
- keys: j, k, page down, G and 0-4 (category switch), each timed from the key press to the
  first paint after the list (and, separately, the reading pane) shows the new row;
- search: from Enter in the search box to the painted results;
- the in-process peak RSS after all of it.

Targets (issue 6): start <= 1.0 s, key -> repaint <= 30 ms median, search < 200 ms,
peak RSS < 250 MB.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "benchmarks" / "out"
SIZE = (120, 40)


def _store_for(count: int) -> Path:
    path = OUT / f"tui-{count}.db"
    if path.exists():
        import sqlite3

        conn = sqlite3.connect(path)
        try:
            n = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
            fts = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts'"
            ).fetchone()[0]
        finally:
            conn.close()
        if n == count and fts:
            return path
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print(f"building {path.name} ({count:,} messages) ...", flush=True)
    # In a child process, so building does not count towards the measured peak RSS.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
            "from tests.ui.inboxgen import build; build(Path(sys.argv[2]), int(sys.argv[3]))",
            str(ROOT),
            str(path),
            str(count),
        ],
        check=True,
    )
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return path


_START_CHILD = r"""
import asyncio, json, os, resource, sys, time
launched = float(os.environ["TRIAGE_BENCH_LAUNCHED"])
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import triage.cli  # what the `triage` command loads first
from triage.config import Settings
from triage.ui.app import make_app
from triage.ui.widgets.message_list import MessageList
from triage.ui.widgets.reading_pane import ReadingPane

async def main():
    app = make_app(Settings(), Path(sys.argv[2]), sync=False, outbox=False)
    painted = []
    display = app._display
    def record(*args, **kwargs):
        display(*args, **kwargs)
        painted.append(time.time())
    app._display = record
    async with app.run_test(size=(120, 40)) as pilot:
        listing = app.inbox.query_one(MessageList)
        pane = app.inbox.query_one(ReadingPane)
        while True:
            await asyncio.sleep(0.002)
            full = listing.window.total and listing.window.get(listing.size.height - 1)
            if full and pane.message_pk is not None and app.inbox.counts is not None:
                mark = len(painted)
                while len(painted) == mark:
                    await asyncio.sleep(0.001)
                break
        first_paint = painted[-1] - launched
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"start": first_paint, "rss": peak}))

asyncio.run(main())
"""


def measure_start(path: Path, runs: int = 3) -> tuple[list[float], float]:
    """Seconds from launching a fresh interpreter to the first full paint; peak RSS (MB)."""
    times: list[float] = []
    peak = 0.0
    for _ in range(runs):
        env = dict(os.environ, TRIAGE_BENCH_LAUNCHED=repr(time.time()))
        out = subprocess.run(
            [sys.executable, "-c", _START_CHILD, str(ROOT), str(path)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        times.append(result["start"])
        peak = max(peak, result["rss"])
    return times, peak


async def measure_keys(path: Path) -> dict[str, list[float]]:
    """Key -> repaint times (seconds) for cursor keys, category switches and search."""
    from textual.pilot import Pilot

    import triage.ui.screens.inbox as inbox_screen
    from triage.config import Settings
    from triage.ui.app import TriageApp, make_app
    from triage.ui.widgets.message_list import MessageList
    from triage.ui.widgets.reading_pane import ReadingPane

    # Only Enter searches here, so the timing starts at a known moment.
    inbox_screen.SEARCH_DELAY = 3600.0
    app: TriageApp = make_app(Settings(), path, sync=False, outbox=False)
    results: dict[str, list[float]] = {}

    async with app.run_test(size=SIZE) as pilot:
        listing = app.inbox.query_one(MessageList)
        pane = app.inbox.query_one(ReadingPane)
        # Each paint, with what it showed: (when, view, cursor, row id at the cursor, pane id).
        paints: list[tuple[float, object, int, int | None, int | None]] = []
        display = app._display

        def record(*args: object, **kwargs: object) -> None:
            display(*args, **kwargs)  # type: ignore[arg-type]
            row = listing.window.get(listing.cursor)
            paints.append(
                (
                    time.perf_counter(),
                    listing.window.view,
                    listing.cursor,
                    row.id if row else None,
                    pane.message_pk,
                )
            )

        app._display = record  # type: ignore[method-assign]

        async def until(
            ready: Callable[[tuple[float, object, int, int | None, int | None]], bool],
            started: float,
            timeout: float = 10.0,
        ) -> float:
            """Time from `started` to the first paint after it that shows what `ready` wants."""
            deadline = time.perf_counter() + timeout
            seen = 0
            while time.perf_counter() < deadline:
                for entry in paints[seen:]:
                    if entry[0] >= started and ready(entry):
                        return entry[0] - started
                seen = len(paints)
                await asyncio.sleep(0.0005)
            raise RuntimeError("the screen never showed it")

        def row_drawn(entry: tuple[float, object, int, int | None, int | None]) -> bool:
            return entry[3] is not None and entry[2] == listing.cursor

        def pane_shows(entry: tuple[float, object, int, int | None, int | None]) -> bool:
            return entry[3] is not None and entry[4] == entry[3] and entry[2] == listing.cursor

        async def settle(p: Pilot[None]) -> None:
            await p.pause(0.2)

        await settle(pilot)

        async def timed(name: str, keys: list[str]) -> None:
            for key in keys:
                started = time.perf_counter()
                await pilot.press(key)
                results.setdefault(name, []).append(await until(row_drawn, started))
                results.setdefault(name + " (pane)", []).append(await until(pane_shows, started))
                await pilot.pause(0.02)

        await pilot.press("4")  # the biggest view
        await settle(pilot)
        await timed("j", ["j"] * 60)
        await timed("k", ["k"] * 30)
        await timed("page down", ["pagedown"] * 60)
        await timed("G / g", ["G", "g"] * 5)
        await timed("category switch", ["1", "2", "3", "4", "0"] * 6)

        for words in ["pipeline", "priya", "pick your brain", "okafor seed", "zzzz"]:
            await pilot.press("slash", *words)
            await pilot.pause(0.05)
            started = time.perf_counter()
            await pilot.press("enter")

            def shown(
                entry: tuple[float, object, int, int | None, int | None], words: str = words
            ) -> bool:
                view = entry[1]
                return (
                    getattr(view, "kind", "") == "search"
                    and getattr(view, "query", "") == words
                    and (listing.window.total == 0 or entry[3] is not None)
                )

            results.setdefault("search", []).append(await until(shown, started))
            await pilot.press("escape")
            await settle(pilot)
    return results


def main() -> None:
    """Build or reuse the store, measure, print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    path = _store_for(count)
    print(f"store: {path} ({path.stat().st_size / 1e6:.0f} MB, {count:,} messages)")
    starts, start_rss = measure_start(path)
    print(
        f"start to first full paint: median {statistics.median(starts):.3f} s "
        f"(runs: {', '.join(f'{s:.3f}' for s in starts)}; target <= 1.0 s)"
    )
    print(f"  peak RSS of that process: {start_rss:.0f} MB")
    results = asyncio.run(measure_keys(path))
    for name, values in results.items():
        ms = sorted(v * 1000 for v in values)
        target = (
            ""
            if "(pane)" in name
            else (" (target < 200 ms)" if name == "search" else " (target <= 30 ms median)")
        )
        print(
            f"{name:>24}: median {statistics.median(ms):6.1f} ms, p90 "
            f"{ms[int(len(ms) * 0.9) - 1 if len(ms) > 1 else 0]:6.1f} ms, max {ms[-1]:6.1f} ms "
            f"over {len(ms)}{target}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (keys and search process): {peak:.0f} MB (target < 250 MB)")


if __name__ == "__main__":
    main()
