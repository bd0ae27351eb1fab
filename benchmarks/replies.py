"""Time composing replies and draining the outbox.

    .venv/bin/python benchmarks/replies.py [N]        (default N = 300)

1. Compose: every ask in the labelled corpus (`../shared/corpus` beside the repository;
   skipped when absent) drafted with decline, accept and ask: ms per draft, and how many
   drafts fell back (a role with no address) or could not be addressed.
2. Real mail: every message of `../shared/realmail` answered three ways (owner: its first
   To address): drafts, one-line errors by kind, and crashes (must be 0).
3. Outbox: N replies queued, then one `run_due()` sending them to an aiosmtpd server in this
   process (stage commits included), and the same to the local folder transport: replies/s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.smtp import start_smtp  # noqa: E402
from triage.actions import ActionService, OutboxRunner, draft_for  # noqa: E402
from triage.adapters.store import Location, Store  # noqa: E402
from triage.adapters.templates import TemplateLibrary, samples_dir  # noqa: E402
from triage.config import Settings, parse_settings  # noqa: E402
from triage.core.actions import Action  # noqa: E402
from triage.core.categories import Category  # noqa: E402
from triage.core.parse import parse_message  # noqa: E402
from triage.errors import TriageError  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
REALMAIL = ROOT.parent / "shared" / "realmail"
OWNER = {"name": "Jordan Avery", "addresses": ["jordan@averyworks.example"]}
REPLIES = (Action.DECLINE, Action.ACCEPT, Action.ASK)


def compose() -> None:
    """Draft every corpus ask three ways."""
    if not CORPUS.is_dir():
        print(f"compose: skipped ({CORPUS} not found)")
        return
    settings = parse_settings({"owner": OWNER})
    library = TemplateLibrary(None)
    timings: list[float] = []
    fell_back = unaddressable = 0
    for category in (Category.BLIND_INTRO, Category.SALES_PITCH, Category.OPT_IN):
        for path in sorted((CORPUS / category.value).glob("*.eml")):
            message = parse_message(path.read_bytes())
            for action in REPLIES:
                started = time.perf_counter()
                try:
                    draft = draft_for(
                        message,
                        category=category,
                        action=action,
                        settings=settings,
                        library=library,
                    )
                except TriageError:
                    unaddressable += 1
                    continue
                timings.append(time.perf_counter() - started)
                fell_back += bool(draft.notes)
    print(
        f"compose: {len(timings)} drafts, median {statistics.median(timings) * 1000:.2f} ms, "
        f"p95 {sorted(timings)[int(len(timings) * 0.95)] * 1000:.2f} ms; "
        f"{fell_back} with a note (role without address), {unaddressable} unaddressable"
    )


def realmail() -> None:
    """Draft replies to real messages: every failure must be a one-line TriageError."""
    if not REALMAIL.is_dir():
        print(f"realmail: skipped ({REALMAIL} not found)")
        return
    library = TemplateLibrary(None)
    files = sorted(p for p in REALMAIL.rglob("*") if p.is_file() and p.suffix != ".md")
    drafts = 0
    errors: dict[str, int] = {}
    crashes: list[str] = []
    started = time.perf_counter()
    for path in files:
        message = parse_message(path.read_bytes())
        owner = message.to[0].email if message.to else "owner@example.com"
        settings = parse_settings({"owner": {"name": "Owner", "addresses": [owner]}})
        for category, action in (
            (Category.BLIND_INTRO, Action.DECLINE),
            (Category.OPT_IN, Action.ACCEPT),
            (Category.SALES_PITCH, Action.ASK),
        ):
            try:
                draft_for(
                    message, category=category, action=action, settings=settings, library=library
                )
                drafts += 1
            except TriageError as exc:
                kind = "no recipient" if "no recipient" in exc.message else exc.message[:50]
                errors[kind] = errors.get(kind, 0) + 1
            except Exception as exc:  # noqa: BLE001 - counting what must not happen
                crashes.append(f"{path.name}: {exc!r}"[:120])
    seconds = time.perf_counter() - started
    top = ", ".join(f"{v} {k!r}" for k, v in sorted(errors.items(), key=lambda kv: -kv[1])[:3])
    print(
        f"realmail: {len(files)} messages, {drafts} drafts in {seconds:.1f} s; "
        f"{sum(errors.values())} one-line errors ({top}); {len(crashes)} crashes"
    )
    for crash in crashes[:5]:
        print(f"  crash: {crash}")


def fill(store: Store, settings: Settings, n: int) -> None:
    raw = (samples_dir() / "sales_pitch.eml").read_bytes()
    service = ActionService(store, settings, now=lambda: 0.0)
    for i in range(n):
        data = raw.replace(b"<sample-pitch@", f"<bench-{i}@".encode())
        pk = store.add_message(parse_message(data), Location("local", "INBOX"), raw=data)
        assert pk is not None
        service.perform(pk, Action.DECLINE)


def drain(label: str, settings: Settings, folder: Path, n: int) -> None:
    store = Store.open(folder / f"{label}.db")
    settings = settings.model_copy(
        update={"store": settings.store.model_copy(update={"path": str(folder / f"{label}.db")})}
    )
    started = time.perf_counter()
    fill(store, settings, n)
    queued = time.perf_counter() - started
    runner = OutboxRunner(store.path or folder, settings, now=lambda: 1e9)
    started = time.perf_counter()
    events = runner.run_due()
    seconds = time.perf_counter() - started
    runner.close()
    sent = sum(e.kind == "sent" for e in events)
    print(
        f"outbox {label}: queued {n} in {queued:.2f} s ({n / queued:,.0f}/s); sent {sent} in "
        f"{seconds:.2f} s ({sent / seconds:,.0f} replies/s, follow-ups included)"
    )
    store.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    compose()
    realmail()
    server = start_smtp()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            smtp = parse_settings(
                {"owner": OWNER, "replies": {"local_transport": server.smtp_config()}}
            )
            drain("smtp", smtp, folder, n)
            assert len(server.received) == n, len(server.received)
            files = parse_settings(
                {
                    "owner": OWNER,
                    "replies": {
                        "local_transport": {"transport": "folder", "folder": str(folder / "out")}
                    },
                }
            )
            drain("folder", files, folder, n)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
