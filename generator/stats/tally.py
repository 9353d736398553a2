"""Model stage: tallies of work (role: tally) — 交办单, 督办单, 屋场恳谈场次, 积案 … — as named figures.

Each ``item`` of the latest period becomes ``stats.交办单.数量`` with its 同比 and 环比
(the same wording and periods as the petition counts); with a ``unit`` column each
unit also gets ``stats.东区社区.交办单``. Tallies count documents and meetings, not
people, so they are published without small-cell suppression.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.content.documents import Document
from generator.content.models import StatTableSpec
from generator.stats.frames import (
    NoData,
    Rounding,
    categories,
    counts_frame,
    dates_of,
    figures_of,
    latest_periods,
    months_without,
)

if TYPE_CHECKING:  # pandas is imported where a table is computed: a site without one does not pay for it
    import pandas as pd


def tally_figures(table: Document[StatTableSpec]) -> dict[str, dict[str, object]]:
    """Each item's figures over the latest period; an item (or a unit's item) with no row then is :class:`NoData`."""
    frame = counts_frame(table)
    if frame.empty:
        return {}
    periods = latest_periods(frame, shortest=True)
    latest = (periods.current["period_start"].min(), periods.current["period_end"].max())
    stats: dict[str, dict[str, object]] = {}
    for item in categories(table, frame, "item"):
        rows = periods.where("item", item)
        if rows.current.empty:  # its rows are for other periods (a running total since 2020 …): not a 0
            found = _periods(frame[frame["item"] == item])
            names = figures_of(rows, {"count": "数量"})  # the names the item would have, each without data
            stats[str(item)] = {name: NoData(f"{item}.{name}", latest, found) for name in names}
        else:
            stats[str(item)] = figures_of(rows, {"count": "数量"}, rounding=Rounding.of(table))
        if "unit" in frame:
            for unit in categories(table, frame, "unit"):
                mine = rows.current[rows.current["unit"] == unit]
                if mine.empty:
                    found = _periods(frame[(frame["item"] == item) & (frame["unit"] == unit)])
                    stats.setdefault(str(unit), {})[str(item)] = NoData(f"{unit}.{item}", latest, found)
                else:
                    stats.setdefault(str(unit), {})[str(item)] = int(mine["count"].sum())
    for name, selection in table.model.figures.items():
        chosen = periods.selecting(frame, selection)
        if chosen is None or chosen.current.empty:  # reported at the table (figure-period, figure-selection)
            stats[name] = {"数量": NoData(f"{name}.数量", latest, _periods(frame))}
            continue
        stats[name] = figures_of(chosen, {"count": "数量"}, rounding=Rounding.of(table))
        if selection.period != "latest":
            stats[name] |= dates_of(chosen)
    end = latest[1]
    for item in categories(table, frame, "item"):
        stats[str(item)]["数量连续为零月数"] = months_without(frame, frame[frame["item"] == item], "count", end)
    return stats


def _periods(rows: pd.DataFrame) -> tuple[tuple[dt.date, dt.date], ...]:
    pairs = {(start, end) for start, end in zip(rows["period_start"], rows["period_end"], strict=True)}
    return tuple(sorted(pairs))
