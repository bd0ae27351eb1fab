"""Time `triage sync` against mbsync and a bare imapclient loop on one local Dovecot.

    .venv/bin/python benchmarks/sync.py [N]        (default N = 10000)

Fills a fresh Dovecot (started like the test fixture) with N generated messages, about 10%
carrying a 0.1-2 MB attachment, then measures on the same server: `triage sync` into an
empty store (a subprocess, so start-up counts, like mbsync's), mbsync pulling the folder into
a Maildir, a bare imapclient loop fetching the items triage fetches, a re-sync with nothing
new (in process), IDLE push latency, and peak RSS. Prints seconds, messages/s and ratios.
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
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # type: ignore[import-untyped]  # noqa: E402
from imapclient import IMAPClient  # noqa: E402

from tests.support.dovecot import Dovecot, make_certificate, start_dovecot  # noqa: E402
from triage.adapters.imap import BATCH, SyncWorker, sync_once  # noqa: E402
from triage.adapters.store import Store  # noqa: E402
from triage.core.sync import TEXT_LIMIT, pick_text_part  # noqa: E402

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


def generate(n: int, rng: random.Random) -> bytes:
    """One realistic message: plain, HTML alternative, sometimes a 0.1-2 MB attachment."""
    msg = EmailMessage()
    msg["From"] = f"Sender {n} <sender{n % 997}@example{n % 31}.org>"
    msg["To"] = "Jordan Avery <jordan@averyworks.example>"
    msg["Subject"] = " ".join(rng.choices(WORDS, k=6))
    msg["Date"] = format_datetime(datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
    msg["Message-ID"] = make_msgid(f"b{n}", "example.org")
    text = "\n".join(" ".join(rng.choices(WORDS, k=12)) for _ in range(rng.randint(5, 60)))
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


def rss_of(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run a command; return (seconds, peak RSS in MB of it and its children, output tail).

    RSS is sampled every 20 ms with psutil over the process tree (the parse workers count);
    rusage from wait4 would report the forking Python's size instead.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        peak = 0
        watched = psutil.Process(process.pid)
        while process.poll() is None:
            with contextlib.suppress(psutil.Error):
                total = 0
                for proc in [watched, *watched.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += proc.memory_info().rss
                peak = max(peak, total)
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read().decode(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{output[-2000:]}")
    return seconds, peak / 1e6, output.strip()[-200:]


def bare_loop(server: Dovecot) -> float:
    """Fetch exactly what triage fetches, with no parsing or storing."""
    started = time.perf_counter()
    imap = IMAPClient(server.host, server.port, ssl=False)
    imap.login(server.user, server.password)
    imap.enable("CONDSTORE")
    imap.select_folder("INBOX", readonly=True)
    uids = imap.search("ALL")
    for i in range(0, len(uids), BATCH):
        batch = uids[i : i + BATCH]
        fetched = imap.fetch(
            batch, ["RFC822.SIZE", "FLAGS", "BODY.PEEK[HEADER]", "MODSEQ", "BODYSTRUCTURE"]
        )
        sections: dict[str, list[int]] = defaultdict(list)
        for uid, data in fetched.items():
            part = pick_text_part(data[b"BODYSTRUCTURE"])
            if part.section:
                sections[part.section].append(uid)
        for section, members in sections.items():
            imap.fetch(members, [f"BODY.PEEK[{section}]<0.{TEXT_LIMIT}>"])
    imap.logout()
    return time.perf_counter() - started


def mbsync(server: Dovecot, work: Path) -> tuple[float, float]:
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
    seconds, rss, _ = rss_of(["mbsync", "-q", "-c", str(config), "bench"], dict(os.environ))
    return seconds, rss


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


def main() -> int:
    """Run every measurement and print the figures."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
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
        triage_s, triage_rss, tail = rss_of(command, env)
        print(
            f"triage sync:  {triage_s:7.2f} s  {n / triage_s:8,.0f} msg/s  "
            f"peak RSS {triage_rss:6.1f} MB   ({tail.splitlines()[-1]})"
        )
        mbsync_s, mbsync_rss = mbsync(server, work)
        print(
            f"mbsync:       {mbsync_s:7.2f} s  {n / mbsync_s:8,.0f} msg/s  "
            f"peak RSS {mbsync_rss:6.1f} MB"
        )
        bare_s = bare_loop(server)
        print(f"bare loop:    {bare_s:7.2f} s  {n / bare_s:8,.0f} msg/s  (in process)")

        os.environ["TRIAGE_TEST_IMAP_PASSWORD"] = server.password
        account = server.account_config()
        store = Store.open(db)
        resync = []
        for _ in range(3):
            started = time.perf_counter()
            events = list(sync_once("bench", account, store))
            resync.append(time.perf_counter() - started)
            assert not [e for e in events if e.kind == "stored"]
        store.close()
        resync_cli, _, _ = rss_of(command, env)
        print(
            f"re-sync (nothing new): {min(resync):.3f} s in process "
            f"(best of 3), {resync_cli:.2f} s as `triage sync` with interpreter start-up"
        )
        latencies = idle_latency(server, db)
        print(
            f"IDLE push stored after: median {statistics.median(latencies):.3f} s, "
            f"max {max(latencies):.3f} s ({len(latencies)} deliveries)"
        )
        print(
            f"ratios: triage/mbsync = {triage_s / mbsync_s:.2f} (target <= 0.5), "
            f"triage/bare = {triage_s / bare_s:.2f} (target <= 1.25)"
        )
        print(f"peak RSS triage = {triage_rss:.1f} MB (target < 150)")
    finally:
        server.stop()
        shutil.rmtree(server.base, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
