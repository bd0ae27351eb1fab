"""How much real, ordinary mail the classifier calls an ask (it should be none).

    .venv/bin/python benchmarks/eval_realmail.py [REALMAIL_DIR]

Classifies realmail/easy_ham (400), hard_ham (100) and enron (300) and lists every message
called an ask, with its reasons; the target is at most 1% (8 of 800). Then classifies every
file in every realmail folder (spam, MIME torture tests and the Enron asks included) and
reports any exception. The mailbox owner of these messages is not known: the classifier
takes the Delivered-To/X-Original-To address, else the first To address, as the owner.
Skips cleanly when the folder is absent.
"""

from __future__ import annotations

import sys
import traceback
from collections import Counter
from pathlib import Path

from triage.core.classify import ClassifyContext, classify
from triage.core.parse import parse_message

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "realmail"
ORDINARY = ("easy_ham", "hard_ham", "enron")
LIMIT = 0.01


def main() -> int:
    """Run both checks and print the figures."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not root.is_dir():
        print(f"skipped: {root} not found")
        return 0
    context = ClassifyContext()
    flagged: list[str] = []
    total = 0
    for folder in ORDINARY:
        for path in sorted((root / folder).glob("*.eml")):
            total += 1
            verdict = classify(parse_message(path.read_bytes()), context)
            if verdict.category.is_ask:
                reasons = ", ".join(
                    f"{r.signal} {r.weight:+.1f} {r.evidence!r}" for r in verdict.reasons[:5]
                )
                flagged.append(
                    f"  {folder}/{path.name}: {verdict.category.value} "
                    f"{verdict.confidence:.2f} ({reasons})"
                )
    share = len(flagged) / total if total else 0.0
    print(f"ordinary mail:     {total} messages ({', '.join(ORDINARY)})")
    print(
        f"called an ask:     {len(flagged)} ({share:.1%}; limit {LIMIT:.0%}) "
        + ("ok" if share <= LIMIT else "OVER LIMIT")
    )
    for line in flagged:
        print(line)

    counts: Counter[str] = Counter()
    failures: list[str] = []
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix == ".eml")
    for path in files:
        try:
            verdict = classify(parse_message(path.read_bytes()), context)
            counts[verdict.category.value] += 1
        except Exception:  # noqa: BLE001 - the point is to find any
            failures.append(f"  {path.relative_to(root)}: {traceback.format_exc(limit=2)}")
    print(
        f"every file:        {len(files)} classified, {len(failures)} exceptions "
        f"({', '.join(f'{c} {n}' for c, n in sorted(counts.items()))})"
    )
    for line in failures:
        print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
