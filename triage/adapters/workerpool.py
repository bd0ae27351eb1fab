"""A pool of worker processes that run module-level functions, talking over two pipes each.

Each worker is a fresh interpreter (`python -c`) that imports only the modules it is told to,
reads pickled calls from its stdin and writes pickled answers to its stdout, each in a
length-prefixed frame. Compared with
`concurrent.futures.ProcessPoolExecutor` there is no fork server and no resource-tracker
process (about 40 MB of resident memory on a sync), nothing is forked from a process that runs
threads, and a worker needs no watchdog: when the process that made it dies, kill -9
included, its stdin reaches end of file and it exits (after at most the call it is running,
whose answer can no longer be written).

One call is in flight per worker; a thread per worker hands it the next call. The futures
behave as an `Executor`'s: a failure raised by the function is raised by `result()`, and a
worker that dies breaks the pool (every pending future fails with `BrokenWorkerPool`).
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from contextlib import suppress
from typing import IO, Any, ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")

_ENTRY = "from triage.adapters.workerpool import serve; serve()"
_PROTOCOL = pickle.HIGHEST_PROTOCOL

_Call = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]
_Task = tuple["Future[Any]", _Call]


class BrokenWorkerPool(RuntimeError):
    """A worker died or could not start: the pool runs nothing more."""


class WorkerPool(Executor):
    """`workers` worker processes, each importing `preload` and then running `initializer`.

    The functions submitted, their arguments and results must pickle (functions by their
    module and name, so the worker imports them).
    """

    def __init__(
        self,
        workers: int,
        *,
        preload: Sequence[str] = (),
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        self._tasks: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._broken: str | None = None
        self._start: _Call | None = (initializer, initargs, {}) if initializer else None
        self._threads: list[threading.Thread] = []
        for number in range(1, workers + 1):
            # What a dying worker said, for the error; the feeder thread closes it.
            errors = tempfile.TemporaryFile()  # noqa: SIM115
            proc = subprocess.Popen(
                [sys.executable, "-c", _ENTRY, *preload],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
            thread = threading.Thread(
                target=self._feed, args=(proc, errors), daemon=True, name=f"worker-{number}"
            )
            thread.start()
            self._threads.append(thread)

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        """Queue `fn(*args, **kwargs)` for the next free worker."""
        with self._lock:
            if self._broken is not None:
                raise BrokenWorkerPool(self._broken)
            if self._closed:
                raise RuntimeError("cannot schedule new futures after shutdown")
            future: Future[_T] = Future()
            self._tasks.put((future, (fn, args, kwargs)))
            return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """No more calls; with `wait`, return once every worker has finished and exited."""
        with self._lock:
            if not self._closed:
                self._closed = True
                if cancel_futures:
                    for future in self._drain():
                        future.cancel()
                for _ in self._threads:
                    self._tasks.put(None)
        if wait:
            for thread in self._threads:
                thread.join()

    def _drain(self) -> list[Future[Any]]:
        """Take every queued call off the queue (under the lock), keeping the stop marks."""
        futures: list[Future[Any]] = []
        stops = 0
        while True:
            try:
                task = self._tasks.get_nowait()
            except queue.Empty:
                break
            if task is None:
                stops += 1
            else:
                futures.append(task[0])
        for _ in range(stops):
            self._tasks.put(None)
        return futures

    def _break(self, why: str) -> None:
        with self._lock:
            if self._broken is None:
                self._broken = why
            for future in self._drain():
                if future.set_running_or_notify_cancel():
                    future.set_exception(BrokenWorkerPool(why))
            for _ in self._threads:  # the other feeders stop too
                self._tasks.put(None)

    def _feed(self, proc: subprocess.Popen[bytes], errors: IO[bytes]) -> None:
        """One worker's thread: hand it calls one at a time and settle their futures."""
        assert proc.stdin is not None
        assert proc.stdout is not None
        calls, answers = proc.stdin, proc.stdout
        future: Future[Any] | None = None
        try:
            if self._start is not None:
                try:
                    start = pickle.dumps(self._start, _PROTOCOL)
                except Exception as exc:  # noqa: BLE001 - the caller's initializer
                    self._break(f"a worker's initializer does not pickle: {exc}")
                    return
                ok, value = _exchange(calls, answers, start)
                if not ok:
                    self._break(f"a worker could not start: {type(value).__name__}: {value}")
                    return
            while (task := self._tasks.get()) is not None:
                future, call = task
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    data = pickle.dumps(call, _PROTOCOL)
                except Exception as exc:  # noqa: BLE001 - the caller's bad argument, not ours
                    future.set_exception(exc)
                    continue
                ok, value = _exchange(calls, answers, data)
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
                future = None
        except Exception as exc:  # noqa: BLE001 - a dead worker or an answer that won't load
            _close(calls)
            why = _death(proc, errors, exc)
            if future is not None:
                future.set_exception(BrokenWorkerPool(why))
            self._break(why)
        finally:
            _close(calls)  # end of file: the worker exits after its current call
            proc.wait()
            answers.close()
            errors.close()


def _close(stream: IO[bytes]) -> None:
    with suppress(OSError):  # a worker already gone: its pipe could not be flushed
        stream.close()


def _exchange(calls: IO[bytes], answers: IO[bytes], data: bytes) -> tuple[bool, Any]:
    """Send one pickled call and read its (ok, result or exception) answer.

    OSError and EOFError mean the worker is gone; an answer that does not load here is
    that call's failure alone (the frames keep the stream in step).
    """
    _send(calls, data)
    frame = _receive(answers)
    try:
        ok, value = pickle.loads(frame)
    except Exception as exc:  # noqa: BLE001 - e.g. an exception class that will not rebuild
        return False, RuntimeError(f"{type(exc).__name__} reading a worker's answer: {exc}")
    return bool(ok), value


def _send(stream: IO[bytes], data: bytes) -> None:
    """One frame: the length in 8 bytes, then the pickle."""
    stream.write(len(data).to_bytes(8, "big"))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> bytes:
    """The next frame's pickle; EOFError when the other side has closed the pipe."""
    size = stream.read(8)
    if len(size) < 8:
        raise EOFError("the pipe was closed")
    length = int.from_bytes(size, "big")
    data = stream.read(length)
    if len(data) < length:
        raise EOFError("the pipe was closed mid-frame")
    return data


def _death(proc: subprocess.Popen[bytes], errors: IO[bytes], exc: BaseException) -> str:
    """One line on why a worker stopped answering: its exit status and its last words."""
    try:
        code = proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
    try:
        errors.seek(0)
        said = [line for line in errors.read().decode("utf-8", "replace").splitlines() if line]
    except (OSError, ValueError):
        said = []
    last = f": {said[-1].strip()}" if said else f" ({type(exc).__name__})"
    return f"a worker process {how}{last}"


def serve() -> None:
    """A worker's main loop: import `sys.argv[1:]`, then answer calls until end of file."""
    import importlib
    import signal

    # Ctrl-C in a terminal reaches the whole process group: the process that made this
    # worker decides what happens, and closing the pipe is how it says stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The pipes are the protocol's alone: stray prints go to stderr, stray reads find nothing.
    calls = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    os.close(devnull)
    for module in sys.argv[1:]:
        importlib.import_module(module)
    while True:
        try:
            frame = _receive(calls)
        except EOFError:
            return
        answer: tuple[bool, Any]
        try:
            fn, args, kwargs = pickle.loads(frame)
            answer = (True, fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
            answer = (False, exc)
        try:
            data = pickle.dumps(answer, _PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - an answer that does not pickle
            failure = RuntimeError(f"{type(exc).__name__} sending a worker's answer: {exc}")
            data = pickle.dumps((False, failure), _PROTOCOL)
        try:
            _send(answers, data)
        except BrokenPipeError:
            return
