"""Wall and CPU time of a piece of work, the CPU time of the processes it waited for included."""

from __future__ import annotations

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
    """CPU seconds used so far by this process and by every child it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def measured() -> Iterator[Timing]:
    """Times the block: ``with measured() as t: …`` then ``t.wall``, ``t.cpu``."""
    timing, wall, cpu = Timing(), time.perf_counter(), cpu_seconds()
    try:
        yield timing
    finally:
        timing.wall, timing.cpu = time.perf_counter() - wall, cpu_seconds() - cpu
