"""Worker processes parsing fetched mail for big syncs; they die with the process that made them."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor

WATCH_EVERY = 0.5
"""Seconds between a worker's checks that the syncing process is still alive."""


def parse_pool(workers: int) -> Executor:
    """A process pool for `triage.core.sync.parse_parts`.

    forkserver, because forking a process that runs threads (the TUI, the fetch thread) is
    unsafe; each worker exits by itself when the syncing process is killed (kill -9 included),
    which a ProcessPoolExecutor worker would otherwise not notice.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["triage.core.sync", "triage.adapters.parsepool"])
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=watch_parent,
        initargs=(os.getpid(),),
    )


def watch_parent(pid: int) -> None:
    """Start a thread that ends this process once process `pid` is gone."""

    def watch() -> None:
        while True:
            time.sleep(WATCH_EVERY)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # pid reused by another user's process: ours is gone
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="watch-parent").start()
