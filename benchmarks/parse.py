"""Parsing speed, old against new in one run: µs per message for parse_message and parse_fetched.

    .venv/bin/python benchmarks/parse.py [--old REV] [SHARED_DIR]

parse_message runs over every file of ../shared/realmail and ../shared/corpus; parse_fetched
over the same messages cut the way `triage sync` fetches them: the header block and the first
inline text/plain part (else text/html), still transfer-encoded, capped at sync's 64 KB; and
over as many of the generated messages benchmarks/sync.py fills its Dovecot with. The
"old" implementation is triage/core/parse.py as of git revision REV (default: the last one
before the fast header path), loaded into a temporary module. Figures are CPU time of this
process (`time.process_time`), best of several rounds, so a shared machine distorts them less.
Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message as RawMessage
from email.policy import compat32
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from triage.core import parse as new_parse  # noqa: E402
from triage.core.sync import TEXT_LIMIT  # noqa: E402

DEFAULT = ROOT.parent / "shared"
OLD_REVISION = "911dce34739b457ca097109f71bcf052df831c46"
"""The last revision of triage/core/parse.py before the fast header path."""
ROUNDS = 3


@dataclass(frozen=True, slots=True)
class Fetched:
    """One message as sync fetches it: header block, first text part and what describes it."""

    header: bytes
    body: bytes
    content_type: str
    charset: str | None
    transfer_encoding: str | None
    size: int
    truncated: bool

    def parse(self, module: Any) -> Any:
        """Run `module.parse_fetched` on this item."""
        return module.parse_fetched(
            self.header,
            self.body,
            content_type=self.content_type,
            charset=self.charset,
            transfer_encoding=self.transfer_encoding,
            size=self.size,
            truncated=self.truncated,
        )


def mail_files(shared: Path) -> list[Path]:
    """Every message file under realmail/ and corpus/ (not their README/SOURCES notes)."""
    found: list[Path] = []
    for folder in ("realmail", "corpus"):
        found.extend(
            p for p in sorted((shared / folder).rglob("*")) if p.is_file() and p.suffix != ".md"
        )
    return found


def load_old(revision: str = OLD_REVISION) -> ModuleType:
    """triage/core/parse.py as of `revision`, imported as a module of its own."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:triage/core/parse.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="triage-old-parse-"))
    path = folder / "old_parse.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("old_parse", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_parse"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def header_block(raw: bytes) -> bytes:
    """The bytes up to and including the blank line that ends the header (BODY[HEADER])."""
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    if not ends:
        return raw
    end = min(ends)
    return raw[: end + (4 if raw[end : end + 4] == b"\r\n\r\n" else 2)]


def _leaves(part: RawMessage) -> Iterator[RawMessage]:
    if part.is_multipart():
        payload = part.get_payload()
        for child in payload if isinstance(payload, list) else []:
            if isinstance(child, RawMessage):
                yield from _leaves(child)
    else:
        yield part


def fetched(raw: bytes) -> Fetched:
    """`raw` cut the way sync fetches it (first inline plain part, else first inline HTML)."""
    chosen: dict[str, RawMessage] = {}
    try:
        for leaf in _leaves(message_from_bytes(raw, policy=compat32)):
            ctype = leaf.get_content_type()
            inline = (leaf.get_content_disposition() or "inline") != "attachment"
            if ctype in ("text/plain", "text/html") and inline:
                chosen.setdefault(ctype, leaf)
    except Exception:  # noqa: BLE001 - torture tests: no text part then
        chosen = {}
    part = chosen.get("text/plain") or chosen.get("text/html")
    if part is None:
        return Fetched(header_block(raw), b"", "text/plain", None, None, len(raw), False)
    payload = part.get_payload()
    body = payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""
    try:
        charset = part.get_param("charset")
    except Exception:  # noqa: BLE001
        charset = None
    return Fetched(
        header=header_block(raw),
        body=body[:TEXT_LIMIT],
        content_type=part.get_content_type(),
        charset=charset if isinstance(charset, str) else None,
        transfer_encoding=str(part.get("content-transfer-encoding", "7bit")).strip().lower(),
        size=len(raw),
        truncated=len(body) > TEXT_LIMIT,
    )


def cold() -> None:
    """Forget the new parser's parsed headers, so no round reuses the previous round's."""
    new_parse._cached_header.cache_clear()


def best_cpu(run: Callable[[], object], rounds: int = ROUNDS) -> float:
    """The smallest CPU time of `rounds` runs of `run`, each starting with a cold cache."""
    best = float("inf")
    for _ in range(rounds):
        cold()
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    """Time both implementations and print µs per message."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--old", default=OLD_REVISION, help="git revision of the old parse.py")
    options.add_argument("shared", nargs="?", type=Path, default=DEFAULT)
    args = options.parse_args()
    if not (args.shared / "realmail").is_dir():
        print(f"skipped: {args.shared / 'realmail'} not found")
        return 0
    from benchmarks.sync import generate  # the messages `benchmarks/sync.py` fills Dovecot with

    old = load_old(args.old)
    raws = [p.read_bytes() for p in mail_files(args.shared)]
    items = [fetched(raw) for raw in raws]
    rng = random.Random(7)
    generated = [fetched(generate(n, rng)) for n in range(len(raws))]
    print(f"{len(raws)} messages from {args.shared}/realmail and corpus; old = {args.old[:12]}")
    print(f"CPU µs per message, best of {ROUNDS} rounds:")
    rows: list[tuple[str, Callable[[Any], object]]] = [
        ("parse_message (whole file)", lambda m: [m.parse_message(r) for r in raws]),
        ("parse_fetched (sync-shaped)", lambda m: [i.parse(m) for i in items]),
        ("  header block only", lambda m: [m.parse_fetched(i.header, b"") for i in items]),
        ("parse_fetched (sync.py's mail)", lambda m: [i.parse(m) for i in generated]),
    ]
    for label, work in rows:
        before = best_cpu(partial(work, old)) / len(raws) * 1e6
        after = best_cpu(partial(work, new_parse)) / len(raws) * 1e6
        print(f"  {label:30s} old {before:8,.0f}   new {after:8,.0f}   x{before / after:5.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
