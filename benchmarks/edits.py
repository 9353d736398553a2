"""``python -m benchmarks.edits ROOT FILE COUNT``: what an editor waits for after each save in ``gongkai serve``.

One process builds the project at ROOT, then COUNT times adds a sentence to FILE (a Markdown
source) and builds again, as ``gongkai serve`` does in its one long-lived process. Prints, as
JSON, the median wall and CPU seconds of those rebuilds (Pagefind and PDF workers included).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
from pathlib import Path

from benchmarks.clock import Timing, measured
from generator.build import build

TODAY = dt.date(2024, 11, 22)


def rebuilds(root: Path, source: str, count: int) -> list[Timing]:
    """The timings of ``count`` rebuilds, each after one edit of ``source``."""
    build(root, root / "site", TODAY)  # the editor's first build: imports and caches warm
    file, timings = root / source, []
    for number in range(count):
        file.write_text(
            file.read_text(encoding="utf-8") + f"\n\n第{number + 1}次修改补充的一句话。\n", encoding="utf-8"
        )
        with measured() as timing:
            build(root, root / "site", TODAY)
        timings.append(timing)
    return timings


def main(argv: list[str]) -> int:
    root, source, count = Path(argv[0]), argv[1], int(argv[2])
    timings = rebuilds(root, source, count)
    wall, cpu = statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    sys.stdout.write(json.dumps({"wall": wall, "cpu": cpu, "runs": count}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
