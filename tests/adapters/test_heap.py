"""adapters.heap: one malloc arena for every thread, on glibc, in a real interpreter."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc settings")

ARENAS = """
import ctypes, sys, threading
from triage.adapters.heap import one_arena
took = one_arena() if sys.argv[1] == "one" else None
def churn():
    blocks = [bytearray(2000) for _ in range(2000)]
    del blocks
threads = [threading.Thread(target=churn) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fclose.argtypes = [ctypes.c_void_p]
out = libc.fopen(sys.argv[2].encode(), b"w")
libc.malloc_info(0, out)
libc.fclose(out)
print(took)
"""


def _arenas(tmp_path: Path, mode: str, env: dict[str, str]) -> tuple[str, int]:
    info = tmp_path / f"{mode}.xml"
    done = subprocess.run(
        [sys.executable, "-c", ARENAS, mode, str(info)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return done.stdout.strip(), info.read_text().count("<heap nr=")


def test_threads_share_one_arena(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    took, shared = _arenas(tmp_path, "one", env)
    assert took == "True"
    assert shared == 1
    _, separate = _arenas(tmp_path, "default", env)
    assert separate > 1  # glibc's default: the threads got arenas of their own


def test_the_environment_setting_wins(tmp_path: Path) -> None:
    took, arenas = _arenas(tmp_path, "one", {**os.environ, "MALLOC_ARENA_MAX": "2"})
    assert took == "False"
    assert arenas <= 2
