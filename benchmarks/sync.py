"""Time `triage sync` against mbsync and a bare imapclient loop on one local Dovecot.

    .venv/bin/python benchmarks/sync.py [N] [--real-text]        (default N = 10000)

Fills a fresh Dovecot (started like the test fixture) with N generated messages, about 10%
carrying a 0.1-2 MB attachment, then measures on the same server: `triage sync` into an
empty store, a bare imapclient loop fetching the items triage fetches (benchmarks/sync_bare.py)
and mbsync pulling the folder into a Maildir, each as its own process (start-up counts); then
the same two syncs in process, a re-sync with nothing new, IDLE push latency. Prints seconds,
messages/s, CPU seconds and peak RSS of each process tree, and the ratios. The machine may be
shared: compare the ratios of one run, and the CPU seconds, which load does not inflate much.

The generated texts are lines of words drawn from a list that is mostly the classifier's own
anchors ("intro", "quick call", "pick your brain"), a worst case for it (about 3x the CPU of
real mail). With `--real-text` each message's subject and text are instead those of an
ordinary real message from ../shared/realmail (easy_ham, hard_ham, enron; in turn), inside the
same MIME.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # type: ignore[import-untyped]  # noqa: E402
from imapclient import IMAPClient  # noqa: E402

from benchmarks.sync_bare import bare_loop  # noqa: E402
from tests.support.dovecot import Dovecot, make_certificate, start_dovecot  # noqa: E402
from triage.adapters.imap import BATCH, SyncWorker, sync_once  # noqa: E402
from triage.adapters.store import Store  # noqa: E402

WORDS = [
    "intro",
    "quick",
    "call",
    "coffee",
    "founder",
    "raise",
    "seed",
    "round",
    "partnership",
    "pipeline",
    "demo",
    "product",
    "team",
    "growth",
    "pick",
    "your",
    "brain",
    "advice",
    "newsletter",
    "webinar",
    "offer",
    "discount",
    "meeting",
    "next",
    "week",
]


REAL_TEXTS: list[tuple[str, str]] = []
"""(subject, text) of real ordinary mail the messages carry with `--real-text` (empty:
generated)."""


def load_real_texts(shared: Path) -> list[tuple[str, str]]:
    """The subjects and texts of ../shared/realmail's ordinary mail, texts cut at 20,000
    characters."""
    from triage.core.parse import parse_message

    texts = []
    for folder in ("easy_ham", "hard_ham", "enron"):
        for path in sorted((shared / "realmail" / folder).glob("*.eml")):
            message = parse_message(path.read_bytes())
            text = message.text.strip()
            if text:
                texts.append((message.subject or "(no subject)", text[:20_000]))
    return texts


def generate(n: int, rng: random.Random) -> bytes:
    """One realistic message: plain, HTML alternative, sometimes a 0.1-2 MB attachment."""
    msg = EmailMessage()
    msg["From"] = f"Sender {n} <sender{n % 997}@example{n % 31}.org>"
    msg["To"] = "Jordan Avery <jordan@averyworks.example>"
    subject = " ".join(rng.choices(WORDS, k=6))
    text = "\n".join(" ".join(rng.choices(WORDS, k=12)) for _ in range(rng.randint(5, 60)))
    if REAL_TEXTS:
        subject, text = REAL_TEXTS[n % len(REAL_TEXTS)]
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
    msg["Message-ID"] = make_msgid(f"b{n}", "example.org")
    msg.set_content(f"Hi Jordan,\n\n{text}\n\nBest,\nSender {n}\n")
    msg.add_alternative(
        f"<html><body><p>{text.replace(chr(10), '<br>')}</p></body></html>", subtype="html"
    )
    if rng.random() < 0.10:
        size = rng.randint(100_000, 2_000_000)
        msg.add_attachment(
            rng.randbytes(size), maintype="application", subtype="pdf", filename=f"deck{n}.pdf"
        )
    return msg.as_bytes(policy=SMTP)


def fill(server: Dovecot, n: int) -> int:
    """Write N messages straight into the Maildir (much faster than APPEND); returns bytes."""
    rng = random.Random(1234)
    cur = server.maildir / "cur"
    server.client().select_folder("INBOX")  # Dovecot creates the Maildir
    total = 0
    owner = (server.maildir.stat().st_uid, server.maildir.stat().st_gid)
    now = int(time.time())
    for i in range(n):
        raw = generate(i, rng)
        total += len(raw)
        path = cur / f"{now}.M{i}P1.bench,S={len(raw)},W={len(raw)}:2,"
        path.write_bytes(raw)
        if os.geteuid() == 0:
            os.chown(path, *owner)
    return total


@dataclass
class Run:
    """What one measured command took."""

    seconds: float
    rss_mb: float
    """Peak of the summed RSS of the process and its children (shared pages counted twice)."""
    pss_mb: float
    """Peak of the summed PSS (shared pages split between the processes sharing them)."""
    cpu: float
    """CPU seconds (user + system) of the process tree, sampled: the load-independent cost."""
    output: str
    peaks_mb: tuple[float, ...] = ()
    """Peak RSS of each process of the tree, the command's own first."""


def measure(command: list[str], env: dict[str, str]) -> Run:
    """Run a command, sampling its process tree every 20 ms with psutil.

    rusage from wait4 would count a parse worker only once it is reaped, and miss its memory.
    """
    started = time.perf_counter()
    cpu: dict[int, float] = {}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        peak = peak_pss = 0
        peaks: dict[int, int] = {}
        watched = psutil.Process(process.pid)
        while process.poll() is None:
            with contextlib.suppress(psutil.Error):
                total = pss = 0
                for proc in [watched, *watched.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error), proc.oneshot():
                        memory = proc.memory_full_info()
                        total += memory.rss
                        peaks[proc.pid] = max(peaks.get(proc.pid, 0), memory.rss)
                        pss += getattr(memory, "pss", memory.rss)
                        times = proc.cpu_times()
                        cpu[proc.pid] = times.user + times.system
                peak = max(peak, total)
                peak_pss = max(peak_pss, pss)
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read().decode(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{output[-2000:]}")
    own = [peaks.pop(process.pid, 0)]
    each = tuple(m / 1e6 for m in own + sorted(peaks.values(), reverse=True))
    return Run(seconds, peak / 1e6, peak_pss / 1e6, sum(cpu.values()), output.strip()[-200:], each)


def mbsync(server: Dovecot, work: Path) -> Run:
    """mbsync pulling INBOX into a fresh Maildir."""
    target = work / "mbsync-maildir"
    target.mkdir()
    config = work / "mbsyncrc"
    config.write_text(
        f"""IMAPAccount bench
Host {server.host}
Port {server.port}
User {server.user}
Pass "{server.password}"
SSLType None
AuthMechs LOGIN PLAIN

IMAPStore bench-remote
Account bench

MaildirStore bench-local
Path {target}/
Inbox {target}/INBOX

Channel bench
Far :bench-remote:
Near :bench-local:
Patterns INBOX
Sync Pull
Create Near
SyncState *
"""
    )
    return measure(["mbsync", "-q", "-c", str(config), "bench"], dict(os.environ))


def idle_latency(server: Dovecot, db: Path, rounds: int = 5) -> list[float]:
    """Seconds from an APPEND completing to the message being stored by the IDLE worker."""
    worker = SyncWorker("bench", server.account_config(), db)
    idle = threading.Event()
    stored: list[float] = []
    got = threading.Event()

    def consume() -> None:
        for event in worker.events():
            if event.kind == "idle":
                idle.set()
            elif event.kind == "stored":
                stored.append(time.perf_counter())
                got.set()

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    helper = server.client()
    rng = random.Random(99)
    latencies = []
    for r in range(rounds):
        idle.wait(60)
        idle.clear()
        got.clear()
        helper.append("INBOX", generate(10_000_000 + r, rng))
        delivered = time.perf_counter()
        got.wait(30)
        latencies.append(stored[-1] - delivered)
    worker.stop()
    thread.join(10)
    return latencies


def bare_idle_latency(server: Dovecot, rounds: int = 5) -> list[float]:
    """Seconds from an APPEND completing to a bare imapclient IDLE seeing EXISTS.

    The floor for triage's figure: Dovecot itself holds IDLE notifications back briefly.
    """
    imap = server.client()
    imap.select_folder("INBOX", readonly=True)
    helper = server.client()
    rng = random.Random(7)
    latencies = []
    for r in range(rounds):
        imap.idle()
        helper.append("INBOX", generate(20_000_000 + r, rng))
        delivered = time.perf_counter()
        while not any(b"EXISTS" in response for response in imap.idle_check(timeout=5)):
            pass
        latencies.append(time.perf_counter() - delivered)
        imap.idle_done()
    return latencies


def breakdown(server: Dovecot, db: Path, sample: int = 1000) -> dict[str, float]:
    """CPU microseconds per message of each step of a first sync, on `sample` messages.

    Run one after the other in this process (no overlap), so they add up to the CPU a sync
    spends per message, wherever it runs (the parse workers do the parsing and, with a
    `StoreClassifier`, the classifying; the storing thread inserts rows and verdicts). The
    classifier is timed on the messages just parsed, as the workers run it, on a fresh store;
    its pure part (`core.classify.classify` alone) is timed again on the same messages.
    """
    from triage.adapters.imap import connect, fetch_raw
    from triage.adapters.parsepool import Built, classify_rows, read_heads, text_sections
    from triage.adapters.rows import Location, message_row
    from triage.adapters.verdicts import make_classifier, write_verdicts
    from triage.config import Settings
    from triage.core.classify import classify
    from triage.core.sync import TEXT_LIMIT, parse_parts

    imap = connect("bench", server.account_config())
    imap.select_folder("INBOX", readonly=True)
    uids = imap.search("ALL")[:sample]
    scratch = Store.open(db.with_name("breakdown.db"))
    classifier = make_classifier(Settings())
    context = classifier.context(scratch)
    pure = 0.0
    items = ["RFC822.SIZE", "FLAGS", "BODY.PEEK[HEADER]", "MODSEQ", "BODYSTRUCTURE"]
    spent: dict[str, float] = {}

    def timed(name: str, started: float) -> None:
        spent[name] = spent.get(name, 0.0) + time.process_time() - started

    for i in range(0, len(uids), BATCH):
        batch = uids[i : i + BATCH]
        started = time.process_time()
        raw = fetch_raw(imap, batch, items)
        timed("fetch (bytes only)", started)
        started = time.process_time()
        heads = read_heads(raw, batch, structure=True)
        timed("IMAP answers + BODYSTRUCTURE", started)
        started = time.process_time()
        texts = {
            uid: data
            for section, members in text_sections(heads).items()
            for uid, data in imap.fetch(members, [f"BODY.PEEK[{section}]<0.{TEXT_LIMIT}>"]).items()
        }
        timed("fetch texts (parsed by imapclient)", started)
        started = time.process_time()
        bodies = [
            next((v for k, v in texts.get(h.uid, {}).items() if k.startswith(b"BODY[")), b"")
            for h in heads
        ]
        parsed = parse_parts(
            [(h.uid, h.header, b, h.part, h.size) for h, b in zip(heads, bodies, strict=True)]
        )
        timed("email parsing (core.parse)", started)
        started = time.process_time()
        rows = [
            tuple(message_row(message, Location("bench", "INBOX", 1, uid)).values())
            for uid, message in parsed
        ]
        timed("store rows (JSON)", started)
        started = time.process_time()
        with scratch.db.atomic():
            added = scratch.add_imap_rows(rows)
        timed("SQLite insert (with FTS and stats triggers)", started)
        started = time.process_time()
        built = classify_rows(Built(rows=rows, messages={}, fetched_bytes=0), dict(parsed), context)
        timed("classifier (in the workers: classify, roles, JSON)", started)
        started = time.process_time()
        verdicts = built.verdicts or {}
        with scratch.db.atomic():
            write_verdicts(scratch, [(added[uid], verdicts[uid]) for uid in sorted(added)])
        timed("verdicts insert (with stats trigger)", started)
        one = time.process_time()
        for _, message in parsed:
            classify(message, context)
        pure += time.process_time() - one
    imap.logout()
    scratch.close()
    costs = {name: seconds / max(len(uids), 1) * 1e6 for name, seconds in spent.items()}
    costs["(of which core.classify.classify alone)"] = pure / max(len(uids), 1) * 1e6
    return costs


def in_process_sync(server: Dovecot, db: Path) -> float:
    """Seconds `sync_once` takes into an empty store, in this process (no start-up)."""
    store = Store.open(db)
    started = time.perf_counter()
    list(sync_once("bench", server.account_config(), store))
    seconds = time.perf_counter() - started
    store.close()
    return seconds


def main() -> int:
    """Run every measurement and print the figures."""
    args = [a for a in sys.argv[1:] if a != "--real-text"]
    n = int(args[0]) if args else 10_000
    if "--real-text" in sys.argv[1:]:
        shared = ROOT.parent / "shared"
        if not (shared / "realmail").is_dir():
            print(f"skipped: {shared / 'realmail'} not found (--real-text)")
            return 0
        REAL_TEXTS.extend(load_real_texts(shared))
        print(f"texts: {len(REAL_TEXTS)} real messages' texts in turn")
    if not Path("/usr/sbin/dovecot").exists() or not shutil.which("mbsync"):
        print("skipped: dovecot or mbsync not installed")
        return 0
    work = Path(tempfile.mkdtemp(prefix="triage-bench-"))
    cert, key = make_certificate(work)
    server = start_dovecot(cert, key)
    try:
        t0 = time.perf_counter()
        size = fill(server, n)
        warm = IMAPClient(server.host, server.port, ssl=False)
        warm.login(server.user, server.password)
        warm.select_folder("INBOX", readonly=True)
        warm.fetch(warm.search("ALL"), ["RFC822.SIZE", "BODYSTRUCTURE"])  # build the index
        warm.logout()
        print(f"filled {n} messages, {size / 1e6:,.0f} MB, in {time.perf_counter() - t0:.1f} s")

        env = {**os.environ, "TRIAGE_TEST_IMAP_PASSWORD": server.password}
        db = work / "triage.db"
        config = work / "config.toml"
        config.write_text(
            f"""[accounts.bench]
host = "{server.host}"
port = {server.port}
security = "none"
username = "{server.user}"
password_env = "TRIAGE_TEST_IMAP_PASSWORD"

[store]
path = "{db}"
"""
        )
        command = [sys.executable, "-m", "triage", "--config", str(config), "sync"]
        bare_command = [
            sys.executable,
            str(Path(__file__).with_name("sync_bare.py")),
            server.host,
            str(server.port),
            server.user,
            str(BATCH),
        ]
        # Each runs as its own process, so each pays interpreter start-up; the bare loop
        # goes right after triage so both see about the same machine load.
        triage = measure(command, env)
        bare = measure(bare_command, env)
        mbsync_run = mbsync(server, work)
        for name, run in (("triage sync", triage), ("bare loop", bare), ("mbsync", mbsync_run)):
            print(
                f"{name + ':':13} {run.seconds:7.2f} s {n / run.seconds:8,.0f} msg/s  "
                f"CPU {run.cpu:6.2f} s  peak RSS {run.rss_mb:6.1f} MB (PSS {run.pss_mb:6.1f} MB)"
            )
        print(f"  (triage said: {triage.output.splitlines()[-1]}; it classifies what it stores)")
        print(
            "  triage's processes at their peaks (MB RSS, main first): "
            + ", ".join(f"{mb:.1f}" for mb in triage.peaks_mb)
        )

        os.environ["TRIAGE_TEST_IMAP_PASSWORD"] = server.password
        triage_in = in_process_sync(server, work / "in-process.db")
        bare_in = bare_loop(server.host, server.port, server.user, server.password, BATCH)
        print(
            f"in process, no start-up, sync only (no classifier): triage {triage_in:.2f} s "
            f"({n / triage_in:,.0f} msg/s), "
            f"bare loop {bare_in:.2f} s ({n / bare_in:,.0f} msg/s)"
        )

        account = server.account_config()
        store = Store.open(db)
        resync = []
        for _ in range(3):
            started = time.perf_counter()
            events = list(sync_once("bench", account, store))
            resync.append(time.perf_counter() - started)
            assert not [e for e in events if e.kind == "stored"]
        store.close()
        resync_cli = measure(command, env)
        print(
            f"re-sync (nothing new): {min(resync):.3f} s in process (best of 3), "
            f"{resync_cli.seconds:.2f} s as `triage sync` with interpreter start-up"
        )
        latencies = idle_latency(server, db)
        floor = bare_idle_latency(server)
        print(
            f"IDLE push stored after: median {statistics.median(latencies):.3f} s, "
            f"max {max(latencies):.3f} s ({len(latencies)} deliveries; a bare imapclient IDLE "
            f"sees EXISTS after median {statistics.median(floor):.3f} s)"
        )
        costs = breakdown(server, db)
        print(
            "CPU per message by step (µs, one process, no overlap): "
            + ", ".join(f"{name} {us:,.0f}" for name, us in costs.items())
        )
        print(
            f"ratios: triage/mbsync = {triage.seconds / mbsync_run.seconds:.2f} (target <= 0.5), "
            f"triage/bare = {triage.seconds / bare.seconds:.2f} (target <= 1.25; in process "
            f"{triage_in / bare_in:.2f}; CPU {triage.cpu / bare.cpu:.2f})"
        )
        print(
            f"peak memory triage = {triage.rss_mb:.1f} MB RSS summed over its processes, "
            f"{triage.pss_mb:.1f} MB PSS (target < 150); load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} CPUs"
        )
    finally:
        server.stop()
        shutil.rmtree(server.base, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
