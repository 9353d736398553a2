"""Model stage: tallies of work (role: tally) — 交办单, 督办单, 屋场恳谈场次, 积案 … — as named figures.

Each ``item`` of the latest period becomes ``stats.交办单.数量`` with its 同比 and 环比
(the same wording and periods as the petition counts); with a ``unit`` column each
unit also gets ``stats.东区社区.交办单``. Tallies count documents and meetings, not
people, so they are published without small-cell suppression.
"""

from __future__ import annotations

from .figures import change_wording, counts_frame, latest_periods
from .models import StatTableSpec
from .validate import Document


def tally_figures(table: Document[StatTableSpec]) -> dict[str, dict[str, object]]:
    frame = counts_frame(table)
    if frame.empty:
        return {}
    periods = latest_periods(frame)
    stats: dict[str, dict[str, object]] = {}
    for item in sorted(frame["item"].dropna().unique()):
        rows = periods.where("item", item)
        now, year_before, before = (int(part["count"].sum()) for part in (rows.current, rows.year_before, rows.before))
        stats[str(item)] = {
            "数量": now,
            "数量上年同期": year_before,
            "数量同比": change_wording(now, year_before) if not rows.year_before.empty else "无上年同期数据",
            "数量环比": change_wording(now, before, "上期") if not rows.before.empty else "无上期数据",
        }
        if "unit" in frame:
            for unit in sorted(frame["unit"].dropna().unique()):
                count = int(rows.current.loc[rows.current["unit"] == unit, "count"].sum())
                stats.setdefault(str(unit), {})[str(item)] = count
    return stats
