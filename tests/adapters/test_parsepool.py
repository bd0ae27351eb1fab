"""The parse workers: what they import, and that classifying the parsed message is the same
as classifying its stored row."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FIXTURES
from triage.adapters.parsepool import WORKER_MODULES, Built, classify_rows, parse_pool
from triage.adapters.rows import Location, message_row
from triage.adapters.store import Store
from triage.adapters.verdicts import classify_ids, load_context
from triage.config import Settings
from triage.core.classify import ClassifyContext
from triage.core.message import Message
from triage.core.parse import parse_message


def test_parse_workers_load_no_store_library() -> None:
    code = f"import sys, {', '.join(WORKER_MODULES)}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert {"triage.adapters.parsepool", "triage.adapters.rows"} <= loaded
    unused = ("sqlite_utils", "sqlite3", "click", "pydantic", "triage.adapters.store")
    assert sorted(m for m in loaded for u in unused if m == u or m.startswith(u + ".")) == []


def test_classifying_the_parsed_message_equals_reclassifying_the_stored_row(store: Store) -> None:
    # The workers classify the message they parsed, not one rebuilt from its row: every
    # field survives the row (and the store) unchanged, so the verdicts are the same.
    settings = Settings.model_validate(
        {"owner": {"addresses": ["jordan@averyworks.example"], "name": "Jordan Avery"}}
    )
    files = sorted(FIXTURES.rglob("*.eml"))
    assert len(files) > 100
    parsed: dict[int, Message] = {
        uid: parse_message(path.read_bytes()) for uid, path in enumerate(files, start=1)
    }
    rows = [
        tuple(message_row(message, Location("work", "INBOX", 7, uid)).values())
        for uid, message in parsed.items()
    ]
    context = load_context(store, settings)  # read before the batch is stored, as a pool's
    built = classify_rows(Built(rows=rows, messages={}, fetched_bytes=0), parsed, context)
    with store.db.atomic():
        added = store.add_imap_rows(rows)
    assert len(added) == len(parsed)
    for uid, pk in added.items():
        stored = store.get(pk)
        assert stored is not None
        assert stored.message == parsed[uid]

    assert classify_ids(store, load_context(store, settings), list(added.values())) == len(rows)
    by_pk = {
        row[0]: row[1:]
        for row in store.db.execute(
            "SELECT message_pk, category, confidence, reasons_json, model_version, labelled, "
            "introducer_addr, introducer_name FROM verdicts"
        )
    }
    pooled = built.verdicts or {}
    assert len(pooled) == len(rows)
    for uid, pk in added.items():
        category, confidence, reasons, version, _ts, labelled, addr, name = pooled[uid]
        assert (category, confidence, reasons, version, labelled, addr, name) == by_pk[pk]
    assert len({values[0] for values in pooled.values()}) >= 3  # several categories seen


def test_a_classifying_worker_reads_the_word_model_before_its_first_task() -> None:
    context = ClassifyContext.for_owner(["jordan@averyworks.example"], name="Jordan Avery")
    pool = parse_pool(1, context)
    # The expression runs in the worker (CacheInfo itself does not pickle).
    asked = "tuple(__import__('triage.core.textmodel').core.textmodel.default_model.cache_info())"
    try:
        hits, _misses, _most, size = pool.submit(eval, asked).result(timeout=60)
    finally:
        pool.shutdown()
    assert size == 1
    assert hits == 0  # read once at start, before any task classified
