"""One thread that owns one Store; the UI awaits calls into it instead of blocking on SQLite."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from triage.adapters.store import Store

P = ParamSpec("P")
T = TypeVar("T")


class StoreThread:
    """A single worker thread holding its own `Store` (a sqlite3 connection is per thread).

    Calls run one at a time, in order; `call` is awaited from the event loop, so the UI
    keeps drawing and reading keys while SQLite works.
    """

    def __init__(self, store_path: Path, name: str) -> None:
        self.store_path = store_path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"store-{name}")
        self._local = threading.local()

    def _store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.store_path)
            self._local.store = store
        return store

    async def call(
        self, fn: Callable[Concatenate[Store, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run `fn(store, *args, **kwargs)` in the store's thread and return its result.

        Raises:
            Whatever `fn` raises (TriageError for what the user can act on).
        """
        future = self._executor.submit(lambda: fn(self._store(), *args, **kwargs))
        return await asyncio.wrap_future(future)

    def run_sync(
        self, fn: Callable[Concatenate[Store, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run `fn` in the store's thread and wait for it (from a non-UI thread, or tests)."""
        return self._executor.submit(lambda: fn(self._store(), *args, **kwargs)).result()

    def close(self) -> None:
        """Close the store in its own thread and stop the thread."""

        def _close() -> None:
            store: Store | None = getattr(self._local, "store", None)
            if store is not None:
                store.close()
                self._local.store = None

        with suppress(RuntimeError, TimeoutError):  # already shut down, or stuck in a query
            self._executor.submit(_close).result(timeout=2)
        self._executor.shutdown(wait=False, cancel_futures=True)
