"""Import ../shared/corpus with the real CLI and check `triage list --json` against the files.

    .venv/bin/python benchmarks/import_corpus.py [CORPUS_DIR]

The foundation's "done when": `triage import corpus/*/` then `triage list --json` prints
every message (120) with the date as written (ISO 8601, the sender's own UTC offset) and the
From/To/Cc addresses as written; importing the same files again adds nothing. The headers
are read here with the stdlib's `compat32` policy, independently of triage's parser.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def triage(env: dict[str, str], *args: str) -> str:
    """Run the installed `triage` CLI (this interpreter's) and return its stdout."""
    result = subprocess.run(
        [sys.executable, "-m", "triage", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"triage {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def decoded(value: str) -> str:
    """An RFC 2047 header value decoded to text."""
    return " ".join(str(make_header(decode_header(value))).split())


def expected_addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    """(name, address) pairs of a header, decoded, with the address lower-cased."""
    raw = [decoded(v) for v in msg.get_all(name, [])]
    return [(n, a.lower()) for n, a in getaddresses(raw) if "@" in a]


def listed_addresses(values: list[str]) -> list[tuple[str, str]]:
    """(name, address) pairs of the strings `triage list --json` printed."""
    return [(n, a.lower()) for n, a in getaddresses(values) if "@" in a]


def check(row: dict[str, Any], path: Path) -> list[str]:
    """What differs between a listed row and the file it came from."""
    msg = message_from_bytes(path.read_bytes(), policy=compat32)
    problems = []
    date = parsedate_to_datetime(msg["Date"]).isoformat()
    if row["date"] != date:
        problems.append(f"date {row['date']} != {date}")
    for key, header in (("from", "From"), ("to", "To"), ("cc", "Cc")):
        listed = listed_addresses([row[key]] if key == "from" else row[key])
        wanted = expected_addresses(msg, header)
        if listed != wanted:
            problems.append(f"{key} {listed} != {wanted}")
    if row["subject"] != decoded(msg.get("Subject", "")):
        problems.append(f"subject {row['subject']!r}")
    return problems


def main() -> int:
    """Import twice, list, compare; print the figures."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not root.is_dir():
        print(f"skipped: {root} not found")
        return 0
    folders = sorted(str(p) for p in root.iterdir() if p.is_dir())
    files = {
        message_from_bytes(p.read_bytes(), policy=compat32)["Message-ID"].strip(): p
        for p in root.glob("*/*.eml")
    }
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TRIAGE_DATA_DIR=tmp, TRIAGE_CONFIG=str(Path(tmp) / "none.toml"))
        started = time.perf_counter()
        first = triage(env, "import", *folders).strip()
        elapsed = time.perf_counter() - started
        second = triage(env, "import", *folders).strip()
        rows = [json.loads(line) for line in triage(env, "list", "--json").splitlines()]
    problems = {}
    for row in rows:
        found = check(row, files[row["message_id"]])
        if found:
            problems[row["message_id"]] = found
    offsets = {row["date"][-6:] for row in rows}
    # The folders are the labels; import classifies, so the listing says how it did.
    agree = sum(row["category"] == row["folder"] for row in rows)
    print(f"corpus:           {root} ({len(files)} files in {len(folders)} folders)")
    print(f"first import:     {first} in {elapsed:.2f} s")
    print(f"second import:    {second}")
    print(f"listed:           {len(rows)} messages, {len(offsets)} distinct UTC offsets")
    print(f"mismatches:       {len(problems)} (date, From, To, Cc, Subject against the files)")
    print(f"category = folder: {agree} of {len(rows)} (the classifier at import)")
    for message_id, found in list(problems.items())[:10]:
        print(f"  {message_id}: {'; '.join(found)}")
    ok = len(rows) == len(files) and not problems and second.startswith("imported 0 new")
    print("result:           " + ("ok" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
