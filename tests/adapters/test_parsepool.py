"""The parse workers: what they import."""

from __future__ import annotations

import subprocess
import sys

WORKER_MODULES = ["triage.adapters.parsepool", "triage.core.classify"]
"""What a parse worker's fork server preloads (`parsepool.parse_pool`)."""


def test_parse_workers_load_no_store_library() -> None:
    code = f"import sys, {', '.join(WORKER_MODULES)}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert {"triage.adapters.parsepool", "triage.adapters.rows"} <= loaded
    unused = ("sqlite_utils", "sqlite3", "click", "pydantic", "triage.adapters.store")
    assert sorted(m for m in loaded for u in unused if m == u or m.startswith(u + ".")) == []
