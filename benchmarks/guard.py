"""``make bench`` (guard part): the privacy guard's time over a built 10,000-item site, and its share of the build.

The reference, measured in the same run over the same bytes, is what the write stage does
to every file anyway: read it and take its SHA-256. The guard's time is reported as CPU
and wall seconds, as a ratio to that reference, and as a share of the whole build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path
from typing import TextIO

from generator.build import model_content
from generator.publish.guard import Guard, load_denylist
from generator.publish.verify import tree_files

TODAY = dt.date(2025, 1, 1)


def _timed(work: object) -> tuple[float, float]:
    """Wall and CPU seconds of calling ``work``."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu


def guard_times(project: Path) -> tuple[int, int, tuple[float, float], tuple[float, float]]:
    """Files, bytes, (wall, CPU) of the reference pass and (wall, CPU) of the guard over ``project/site``.

    SHA256SUMS is left out: a build writes it after the guard has run.
    """
    site, _ = model_content(project, TODAY)
    assert site is not None
    files = [(rel, Path(path).read_bytes()) for rel, path in tree_files(project / "site") if rel != "SHA256SUMS"]

    def reference() -> None:
        for _, data in files:
            hashlib.sha256(data).digest()

    def guard() -> None:
        scan = Guard(site, load_denylist(project, site.settings)[0])
        for rel, data in files:
            scan.add(rel, data)
        scan.problems(project)

    return len(files), sum(len(d) for _, d in files), _timed(reference), _timed(guard)


def report_guard(out: TextIO, project: Path, build_cpu: float) -> None:
    """One line: the guard's time over the built site, against the reference and the build's CPU time (in a
    build the guard runs in the page workers, beside the rest: a share of the wall time would say nothing)."""
    count, size, (ref_wall, ref_cpu), (wall, cpu) = guard_times(project)
    out.write(
        f"guard, {count} files ({size / 2**20:.0f} MiB): wall {wall:.2f} s, CPU {cpu:.2f} s; "
        f"reference (SHA-256 of the same bytes) wall {ref_wall:.2f} s, CPU {ref_cpu:.2f} s; "
        f"ratio to reference {cpu / max(ref_cpu, 1e-9):.1f} (CPU); "
        f"share of the build's CPU time {cpu / build_cpu:.1%} (build {build_cpu:.1f} s CPU, all processes)\n"
    )


if __name__ == "__main__":  # python -m benchmarks.guard PROJECT BUILD_CPU_SECONDS: a built project, again
    import sys

    report_guard(sys.stdout, Path(sys.argv[1]), float(sys.argv[2]))
