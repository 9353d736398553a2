"""Forked worker processes, as every stage that shares out work starts them (PDFs, pages, sources).

A worker starts as a fork of the build's process, with everything imported and the model
made, so it costs a few milliseconds and sends nothing but its task and its result. Forking
is safe only while the process runs one thread (:func:`start_method`); the callers run
their work in the process itself otherwise.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
GC_THRESHOLD = 10_000
"""Allocations between the collector's youngest passes in a worker (Python's default: 700)."""


def settle_worker(scratch: str) -> None:
    """Give a worker the pool's temporary directory, and set its garbage collector.

    WeasyPrint copies the font files into a temporary directory that only the collection
    of its font configuration removes, and a worker ends by ``os._exit``: ``scratch``,
    made by the process that runs the pool and removed by it once the pool has ended,
    is where every worker's temporary files go (a worker that crashes leaves nothing).

    The collector: 4–10 % less CPU per PDF (measured, notices of the bench).

    A forked worker starts with every object of the process it came from; they are frozen
    (never scanned again: a cold site build forks from hundreds of megabytes of them).
    WeasyPrint makes and drops boxes by the hundred thousand, so the youngest pass runs
    every ``GC_THRESHOLD`` allocations rather than 700; cycles are still collected.
    """
    tempfile.tempdir = scratch
    for name in ("SIGTERM", "SIGHUP"):  # a forked worker ends when told to, not as the build does (cli._stop)
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 10, 10)


def start_method() -> str:
    """ "fork" while this process runs a single thread (workers start with everything imported), else "spawn".

    Forking a multi-threaded process can deadlock the child on a lock another thread
    held; the operating system's thread count (not only Python's) is what matters.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        threads = int(status.split("Threads:", 1)[1].split()[0])
    except (OSError, IndexError, ValueError):
        return "spawn"
    return "fork" if threads == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"


def processes(workers: int | None) -> int:
    """How many processes ``--jobs`` asks for: ``workers``, or one per core when it is not given."""
    return workers or os.cpu_count() or 1


def shares(count: int, size: int) -> list[range]:
    """Items ``0 … count-1`` in tasks of ``size`` (the last one shorter)."""
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def can_fork() -> bool:
    """Whether workers can start as forks of this process now."""
    return start_method() == "fork"


@contextmanager
def worker_pool(
    workers: int, prefix: str, method: str | None = None, settle: Callable[[], None] | None = None
) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes (forked, unless ``method`` says otherwise), each settled by
    :func:`settle_worker` and then ``settle``; their temporary files go to a folder named ``prefix``…, removed once
    the pool has ended. A build told to stop waits for the tasks begun, not for the rest."""
    context = multiprocessing.get_context(method or "fork")
    with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_settle, initargs=(scratch, settle))
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _settle(scratch: str, settle: Callable[[], None] | None) -> None:
    settle_worker(scratch)
    if settle is not None:
        settle()


_TASKS: list[tuple[Callable[[Any], Any], Sequence[Any]]] = []


def forked_map(function: Callable[[T], R], items: Sequence[T], workers: int, prefix: str, share: int = 100) -> list[R]:
    """``[function(item) for item in items]``, by ``workers`` forked processes, ``share`` items to a task. The
    function and the items are inherited, not sent (a closure will do); only the results are. Call it only when
    :func:`can_fork`."""
    _TASKS[:] = [(function, items)]
    try:
        with worker_pool(workers, prefix) as pool:
            return [result for results in pool.map(_run_share, shares(len(items), share)) for result in results]
    finally:
        _TASKS.clear()


def _run_share(indices: range) -> list[Any]:
    function, items = _TASKS[0]
    return [function(items[index]) for index in indices]
