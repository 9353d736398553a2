"""Model stage: a counts table as people read it — units down, channels across, with 合计 — for its page.

The published table has a row per period × unit × channel (× level): right for open data,
unreadable on a page. The page shows the latest period as a cross table per measure
(批次, 人次). Each cell is summed from the *published* rows, so it tells nothing the
open data does not: a cell with a hidden row in it is hidden too (“<5” when the cell
itself is small, “*” otherwise), and the 合计 row and column are the totals by unit and by
channel, which the suppression rule already treats as published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.cache import memoized
from generator.cn import cn_date, cn_month_day
from generator.content.documents import Document
from generator.content.models import StatTableSpec
from generator.stats.frames import MEASURES, categories, counts_frame, latest_periods
from generator.stats.index import board, board_size, ranking
from generator.stats.suppression import COMPLEMENT, hidden_cells, is_small, published_table, small_marker

TOTAL = "合计"


@dataclass(frozen=True)
class CrossTable:
    """One measure of the latest period: a row per unit, a column per channel, then 合计."""

    caption: str
    corner: str  # the first column's heading (the units' title: 单位, 社区 …)
    columns: tuple[str, ...]  # the channels, then 合计
    rows: tuple[tuple[str, ...], ...]  # the unit, its cells, its 合计; the last row is 合计
    numeric: tuple[bool, ...] = ()  # per column after the first: right-aligned numbers (all, when empty)


@memoized
def cross_tables(table: Document[StatTableSpec], published: Sequence[Sequence[str]] | None = None) -> list[CrossTable]:
    """The latest period of a counts table with ``unit`` and ``channel`` columns, one table per measure;
    of an index table, its ranking. ``published`` is the table as published, when the caller has it already."""
    if table.model.role == "index":
        return _ranking_table(table)
    if table.model.role != "counts":
        return []
    frame = counts_frame(table)
    if frame.empty or "unit" not in frame or "channel" not in frame:
        return []
    current = latest_periods(frame).current
    first, last = current["period_start"].min(), current["period_end"].max()
    header, *body = published if published is not None else published_table(table)
    at = {name: i for i, name in enumerate(header)}
    now = [r for r in body if (r[at["period_start"]], r[at["period_end"]]) == (first.isoformat(), last.isoformat())]
    units = [str(u) for u in categories(table, frame, "unit") if u in set(current["unit"])]
    channels = [str(c) for c in categories(table, frame, "channel") if c in set(current["channel"])]
    titles = {f.name: f.title for f in table.model.table_schema.fields}
    threshold = table.model.suppress_below
    period = _span(first, last)
    tables = []
    for column, name in MEASURES.items():
        if column not in current:
            continue
        sums = current.groupby(["unit", "channel"])[column].sum()
        by_unit = _totals([int(current.loc[current["unit"] == u, column].sum()) for u in units], threshold)
        by_channel = _totals([int(current.loc[current["channel"] == c, column].sum()) for c in channels], threshold)
        rows = []
        for unit, unit_total in zip(units, by_unit, strict=True):
            line = [unit]
            for channel in channels:
                shown = [r[at[column]] for r in now if (r[at["unit"]], r[at["channel"]]) == (unit, channel)]
                line.append(_cell(shown, int(sums.get((unit, channel), 0)), threshold))
            rows.append((*line, unit_total))
        grand = int(current[column].sum())
        rows.append((TOTAL, *by_channel, small_marker(threshold) if is_small(grand, threshold) else str(grand)))
        tables.append(
            CrossTable(
                caption=f"{period}信访{name}（按{titles['unit']}、{titles['channel']}）",
                corner=titles["unit"],
                columns=(*channels, TOTAL),
                rows=tuple(rows),
            )
        )
    return tables


def _ranking_table(table: Document[StatTableSpec]) -> list[CrossTable]:
    """排名, 单位, the index and the board (红榜 / 黑榜) of each unit, best first."""
    spec, places = table.model.index, ranking(table)
    if spec is None or not places:
        return []
    current = latest_periods(counts_frame(table)).current
    first, last = current["period_start"].min(), current["period_end"].max()
    period = cn_date(first) if first == last else _span(first, last)
    podium = board_size(spec.podium, len(places))
    rows = tuple(
        (str(place), unit, str(value), board(i, len(places), podium)) for i, (unit, value, place) in enumerate(places)
    )
    titles = {f.name: f.title for f in table.model.table_schema.fields}
    return [
        CrossTable(
            caption=f"{period}{spec.name}排名",
            corner="排名",
            columns=(titles.get("unit", "单位"), spec.name, "榜单"),
            rows=rows,
            numeric=(False, True, False),
        )
    ]


def _span(first: dt.date, last: dt.date) -> str:
    return f"{cn_date(first)}至{cn_month_day(last)}"


def _totals(counts: list[int], threshold: int) -> list[str]:
    """Totals by unit (or by channel) beside a published grand total: a small one reads “<5”, and a lone one
    takes the next smallest with it (“*”), as in the published rows."""
    small, hidden = hidden_cells(counts, [range(len(counts))], threshold)
    return [
        (small_marker(threshold) if i in small else COMPLEMENT) if i in hidden else str(n) for i, n in enumerate(counts)
    ]


def _cell(shown: list[str], total: int, threshold: int) -> str:
    """A unit × channel cell from its published rows: their sum, or hidden when any of them is."""
    if all(value.isdigit() or value == "" for value in shown):
        return str(sum(int(value) for value in shown if value))
    return small_marker(threshold) if is_small(total, threshold) else COMPLEMENT
