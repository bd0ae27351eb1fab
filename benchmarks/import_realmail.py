"""Import every file of ../shared/realmail into a fresh store; print counts, notes and speed.

    .venv/bin/python benchmarks/import_realmail.py [REALMAIL_DIR]

Checks the foundation's promise: every real message (MIME torture tests included) imports
without an exception, and says how many were stored with a parse note.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from triage.adapters.mailfiles import read_mail
from triage.adapters.store import Store
from triage.ingest import import_mail

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "realmail"


def main() -> int:
    """Run the import and print the figures."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not root.is_dir():
        print(f"skipped: {root} not found")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        started = time.perf_counter()
        cpu_started = time.process_time()
        report = import_mail(store, read_mail(root))
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        notes: Counter[str] = Counter()
        for (text,) in store.db.execute("SELECT notes FROM messages WHERE notes != ''"):
            for note in text.split("\n"):
                notes[note.split(":")[0].split("'")[0].strip()] += 1
        stored = store.count()
        store.close()
    print(f"folder:            {root}")
    print(f"files read:        {report.read}")
    print("exceptions:        none (an exception would have stopped the import above)")
    print(
        f"messages imported: {report.added} ({report.duplicates} skipped: same Message-ID "
        "or bytes as a file already imported)"
    )
    print(f"stored in store:   {stored}")
    print(f"with a parse note: {report.with_notes}")
    print(f"time:              {elapsed:.2f} s ({report.read / elapsed:.0f} messages/s)")
    print(f"CPU time:          {cpu:.2f} s ({report.read / cpu:.0f} messages per CPU second)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory:       {peak:.0f} MB (whole process)")
    print("most common notes:")
    for note, count in notes.most_common(8):
        print(f"  {count:5d}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
