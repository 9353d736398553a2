"""Wall and CPU time of a piece of work, the CPU time of the processes it waited for included."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Timing:
    """Seconds on the clock and of CPU (this process and its finished children), and peak memory (bytes, if sampled)."""

    wall: float = 0.0
    cpu: float = 0.0
    peak: int = 0
    output: str = ""
    """What a timed command printed."""

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


def cpu_seconds() -> float:
    """CPU seconds used so far by this process, by every child it has waited for, and by its children still
    running (the Pagefind service lives from build to build in one process, as in ``gongkai serve``)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + _running_children()


def _running_children() -> float:
    """CPU seconds of this process's children that are still running (from ``/proc``; 0 where there is none).
    A child that ends and is waited for moves from here to ``RUSAGE_CHILDREN`` with all its time, so a
    difference of two readings counts each second once."""
    total, me, tick = 0, os.getpid(), os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as file:
                fields = file.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:  # its parent is this process: running, or ended and not yet waited for
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


@contextmanager
def measured() -> Iterator[Timing]:
    """Times the block: ``with measured() as t: …`` then ``t.wall``, ``t.cpu``."""
    timing, wall, cpu = Timing(), time.perf_counter(), cpu_seconds()
    try:
        yield timing
    finally:
        timing.wall, timing.cpu = time.perf_counter() - wall, cpu_seconds() - cpu
