"""Old against new parser on every real and corpus message: which Message fields differ.

    .venv/bin/python benchmarks/parse_equivalence.py [--old REV] [--show N] [SHARED_DIR]

Parses every file of ../shared/realmail and ../shared/corpus with triage/core/parse.py as of
git revision REV (default: the last one before the fast header path) and with the current one,
both as parse_message (whole file) and as parse_fetched (header block + first text part, as
sync fetches it), and compares message_id, subject, date, from_/to/cc/bcc/reply_to,
in_reply_to, references, list_id, list_unsubscribe, headers, text and attachments (body_format
and notes are counted apart). Prints counts per folder and every difference, old then new.
Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.parse import DEFAULT, OLD_REVISION, fetched, load_old, mail_files  # noqa: E402
from triage.core import parse as new_parse  # noqa: E402

FIELDS = (
    "message_id",
    "subject",
    "date",
    "from_",
    "to",
    "cc",
    "bcc",
    "reply_to",
    "in_reply_to",
    "references",
    "list_id",
    "list_unsubscribe",
    "headers",
    "text",
    "attachments",
)
ASIDE = ("body_format", "notes")


def _value(message: Any, name: str) -> Any:
    value = getattr(message, name)
    return dict(value) if name == "headers" else value


def differences(old: Any, new: Any, names: tuple[str, ...] = FIELDS) -> list[str]:
    """The names of the fields in which two parsed messages differ."""
    return [n for n in names if _value(old, n) != _value(new, n)]


def _short(value: Any, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main() -> int:
    """Compare both parsers on every file and print the counts and the differences."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--old", default=OLD_REVISION, help="git revision of the old parse.py")
    options.add_argument("--show", type=int, default=1000, help="differences printed at most")
    options.add_argument("shared", nargs="?", type=Path, default=DEFAULT)
    args = options.parse_args()
    if not (args.shared / "realmail").is_dir():
        print(f"skipped: {args.shared / 'realmail'} not found")
        return 0
    old = load_old(args.old)
    totals: Counter[str] = Counter()
    differing: Counter[str] = Counter()
    aside: Counter[str] = Counter()
    shown = 0
    for path in mail_files(args.shared):
        raw = path.read_bytes()
        group = path.relative_to(args.shared).parts[0]
        item = fetched(raw)
        for kind, before, after in (
            ("parse_message", old.parse_message(raw), new_parse.parse_message(raw)),
            ("parse_fetched", item.parse(old), item.parse(new_parse)),
        ):
            key = f"{group} {kind}"
            totals[key] += 1
            for name in differences(before, after, ASIDE):
                aside[f"{key} {name}"] += 1
            fields = differences(before, after)
            if not fields:
                continue
            differing[key] += 1
            if shown < args.show:
                shown += 1
                print(f"DIFF {kind} {path.relative_to(args.shared)}")
                for name in fields:
                    print(f"    {name}: old {_short(_value(before, name))}")
                    print(f"    {name}: new {_short(_value(after, name))}")
    print(f"old = {args.old[:12]}, new = working tree")
    for key in sorted(totals):
        same = totals[key] - differing[key]
        share = 100 * same / totals[key]
        print(f"{key:28s} {same:5d} / {totals[key]:5d} identical ({share:.2f}%)")
    for key, count in sorted(aside.items()):
        print(f"  (not compared: {key} differs on {count})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
