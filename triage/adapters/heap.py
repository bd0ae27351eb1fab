"""The process's heap, where glibc runs it: fewer malloc arenas, freed pages handed back.

Elsewhere (musl, macOS) these do nothing: the settings are glibc's own.
"""

from __future__ import annotations

import ctypes
import gc
import os
from typing import Any

M_ARENA_MAX = -8
"""glibc's `mallopt` parameter for the number of arenas (malloc.h)."""


def _libc() -> Any | None:
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt  # noqa: B018 - glibc has it, other C libraries may not
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def one_arena() -> bool:
    """Let every thread allocate from one arena; True when glibc took the setting.

    glibc gives each thread that allocates its own arena (up to eight per core), and each
    keeps the pages its thread freed: a sync's fetch, store and pipe threads left the main
    process about 6 MB larger. The threads hold the GIL while they allocate anyway, so
    sharing one arena costs no speed. `MALLOC_ARENA_MAX` in the environment still wins.
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    libc = _libc()
    return libc is not None and libc.mallopt(M_ARENA_MAX, 1) == 1


def release_free_memory() -> None:
    """Collect garbage and hand the heap's free pages back to the system (`malloc_trim`)."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
