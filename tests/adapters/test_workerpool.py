"""The worker processes behind a big sync: answers, failures, dead workers, a dead parent.

Real processes throughout; the calls are standard-library functions, which a worker can
import whatever its working directory.
"""

from __future__ import annotations

import importlib
import operator
import os
import pickle
import signal
import subprocess
import sys
import time
from concurrent.futures import CancelledError
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest

from triage.adapters.workerpool import BrokenWorkerPool, WorkerPool


def test_calls_run_in_other_processes_and_answer_in_order() -> None:
    pool = WorkerPool(2)
    try:
        futures = [pool.submit(operator.mul, n, n) for n in range(50)]
        assert [f.result(timeout=30) for f in futures] == [n * n for n in range(50)]
        pids = {pool.submit(os.getpid).result(timeout=30) for _ in range(20)}
        assert os.getpid() not in pids
        assert 1 <= len(pids) <= 2
    finally:
        pool.shutdown()


def test_a_failing_call_raises_its_own_error_and_the_pool_goes_on() -> None:
    with WorkerPool(1) as pool:
        with pytest.raises(ZeroDivisionError):
            pool.submit(operator.truediv, 1, 0).result(timeout=30)
        empty: dict[str, int] = {}
        with pytest.raises(KeyError, match="missing"):
            pool.submit(operator.getitem, empty, "missing").result(timeout=30)
        assert pool.submit(operator.add, 2, 3).result(timeout=30) == 5


def test_what_a_call_prints_does_not_break_the_answers() -> None:
    # The pipe is the protocol's: a stray print goes to the worker's stderr.
    with WorkerPool(1) as pool:
        assert pool.submit(print, "noise on stdout").result(timeout=30) is None
        assert pool.submit(operator.add, "a", "b").result(timeout=30) == "ab"


def test_an_argument_that_does_not_pickle_fails_only_its_call() -> None:
    with WorkerPool(1) as pool:
        with pytest.raises((AttributeError, TypeError, pickle.PicklingError), match="pickle"):
            pool.submit(operator.not_, lambda: None).result(timeout=30)
        assert pool.submit(operator.neg, 4).result(timeout=30) == -4


def test_the_initializer_runs_in_each_worker_before_any_call() -> None:
    with WorkerPool(2, initializer=os.chdir, initargs=("/",)) as pool:
        got = [pool.submit(os.getcwd).result(timeout=30) for _ in range(6)]
    assert got == ["/"] * 6
    assert os.getcwd() != "/"


def test_a_failing_initializer_breaks_the_pool_with_its_reason() -> None:
    pool = WorkerPool(1, initializer=operator.truediv, initargs=(1, 0))
    future = pool.submit(operator.add, 1, 1)
    with pytest.raises(BrokenWorkerPool, match="could not start: ZeroDivisionError"):
        future.result(timeout=30)
    with pytest.raises(BrokenWorkerPool):
        pool.submit(operator.add, 1, 1)
    pool.shutdown()


def test_a_worker_that_dies_fails_its_call_and_what_was_queued() -> None:
    pool = WorkerPool(1)
    pid = pool.submit(os.getpid).result(timeout=30)
    dying = pool.submit(time.sleep, 30)
    queued = pool.submit(operator.add, 1, 1)
    time.sleep(0.3)
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(BrokenWorkerPool, match="killed by signal 9"):
        dying.result(timeout=30)
    with pytest.raises(BrokenWorkerPool, match="killed by signal 9"):
        queued.result(timeout=30)
    with pytest.raises(BrokenWorkerPool):
        pool.submit(operator.add, 1, 1)
    pool.shutdown()
    assert not psutil.pid_exists(pid)


def test_a_call_the_worker_cannot_load_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A function of a module the worker cannot import: its call fails, the worker stays.
    (tmp_path / "tests_only_here.py").write_text("def double(n):\n    return 2 * n\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    only_here = importlib.import_module("tests_only_here")
    assert only_here.double(2) == 4
    with WorkerPool(1) as pool:
        pid = pool.submit(os.getpid).result(timeout=30)
        with pytest.raises(ModuleNotFoundError, match="tests_only_here"):
            pool.submit(only_here.double, 1).result(timeout=30)
        assert pool.submit(os.getpid).result(timeout=30) == pid


def test_a_worker_that_exits_says_so() -> None:
    pool = WorkerPool(1)
    with pytest.raises(BrokenWorkerPool, match="exited with status 3"):
        pool.submit(os._exit, 3).result(timeout=30)
    pool.shutdown()


def test_shutdown_with_cancel_drops_what_is_queued_and_the_workers_exit() -> None:
    pool = WorkerPool(1)
    pid = pool.submit(os.getpid).result(timeout=30)
    running = pool.submit(time.sleep, 0.5)
    queued = [pool.submit(operator.add, n, 1) for n in range(5)]
    time.sleep(0.1)
    pool.shutdown(wait=True, cancel_futures=True)
    assert running.result(timeout=0) is None  # the call in flight finishes
    for future in queued:
        with pytest.raises(CancelledError):
            future.result(timeout=0)
    assert not psutil.pid_exists(pid)
    with pytest.raises(RuntimeError, match="after shutdown"):
        pool.submit(operator.add, 1, 1)


def test_workers_exit_when_the_process_that_made_them_is_killed() -> None:
    code = (
        "import os, sys, time\n"
        "from triage.adapters.workerpool import WorkerPool\n"
        "pool = WorkerPool(2)\n"
        "pool.submit(os.getpid).result()\n"
        "pool.submit(time.sleep, 2)\n"  # one busy, one idle, when the kill comes
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline().strip() == "ready"
        workers = psutil.Process(parent.pid).children()
        assert len(workers) == 2
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        # The idle one sees end of file at once; the busy one once its call is done, when
        # its answer cannot be written.
        gone, alive = psutil.wait_procs(workers, timeout=15)
        assert (len(gone), alive) == (2, [])
    finally:
        parent.kill()
        parent.wait()
