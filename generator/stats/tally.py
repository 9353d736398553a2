"""Model stage: tallies of work (role: tally) — 交办单, 督办单, 屋场恳谈场次, 积案 … — as named figures.

Each ``item`` of the latest period becomes ``stats.交办单.数量`` with its 同比 and 环比
(the same wording and periods as the petition counts); with a ``unit`` column each
unit also gets ``stats.东区社区.交办单``. Tallies count documents and meetings, not
people, so they are published without small-cell suppression.
"""

from __future__ import annotations

from generator.content.documents import Document
from generator.content.models import StatTableSpec
from generator.stats.frames import counts_frame, figures_of, latest_periods


def tally_figures(table: Document[StatTableSpec]) -> dict[str, dict[str, object]]:
    frame = counts_frame(table)
    if frame.empty:
        return {}
    periods = latest_periods(frame)
    stats: dict[str, dict[str, object]] = {}
    for item in sorted(frame["item"].dropna().unique()):
        rows = periods.where("item", item)
        stats[str(item)] = figures_of(rows, {"count": "数量"})
        if "unit" in frame:
            for unit in sorted(frame["unit"].dropna().unique()):
                count = int(rows.current.loc[rows.current["unit"] == unit, "count"].sum())
                stats.setdefault(str(unit), {})[str(item)] = count
    return stats
