"""Model stage: statistics tables → the named figures narrative text may quote (numbers typed once).

A counts table (``role: counts`` in its data/NAME.yaml) has one row per period × unit ×
channel (× level) with 批次 and 人次 columns. The current period is the latest one;
同比 compares it with the same dates a year earlier. Every figure has a stable
Chinese name: ``stats.信访总量.批次``, ``stats.网上投诉.人次同比``, ``stats.某镇.批次`` …
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from generator import codes
from generator.cache import memoized
from generator.cn import cn_month_day
from generator.content.documents import Document
from generator.content.models import StatTableSpec
from generator.problems import Problem
from generator.stats.frames import (
    DIMENSIONS,
    HALF_UP_TWO,
    MEASURES,
    NoData,
    Periods,
    Rounding,
    categories,
    change_wording,
    counts_frame,
    dates_of,
    figures_of,
    latest_periods,
    months_without,
    selected_rows,
    shift_year,
)
from generator.stats.index import index_figures
from generator.stats.rates import rate_figures
from generator.stats.tally import tally_figures

if TYPE_CHECKING:  # pandas is imported where a table is computed: a site without one does not pay for it
    import pandas as pd


def counts_twice(tables: Iterable[Document[StatTableSpec]]) -> list[Problem]:
    """An error for each published counts table after the first: they would share ``stats.信访总量``.

    Each counts table fills the total and the groups of its units and channels; a second one
    would silently replace the first's figures in every text that quotes them.
    """
    counts = [t for t in tables if t.model.role == "counts"]
    return [
        table.problem(
            ("role",),
            codes.COUNTS_TWICE,
            f"{counts[0].source.path} 已经是提供正文引用数字（stats.信访总量 等）的统计表（role: counts），"
            "两张表的数字会互相覆盖。请把这一张的 role 改为 table（照常发布表格，只是不提供引用数字）。",
        )
        for table in counts[1:]
    ]


def compute_figures(tables: Iterable[Document[StatTableSpec]]) -> dict[str, dict[str, object]]:
    """Figure name → measures (批次, 人次, 同比, 环比, 占比, 排名 …) over the latest period of every counts table.

    Computed again only when a table changed (``gongkai serve`` builds after every save); each call gets
    its own dictionaries, so a caller's change never reaches the next build."""
    return {group: dict(values) for group, values in _figures(tuple(tables)).items()}


@memoized
def _figures(tables: tuple[Document[StatTableSpec], ...]) -> dict[str, dict[str, object]]:
    stats: dict[str, dict[str, object]] = {}
    for table in tables:
        if table.model.role in ("rates", "tally", "index"):
            derive = {"rates": rate_figures, "tally": tally_figures, "index": index_figures}[table.model.role]
            for group, values in derive(table).items():
                stats.setdefault(group, {}).update(values)
            continue
        if table.model.role != "counts":
            continue
        frame = counts_frame(table)
        if frame.empty:
            continue
        periods = latest_periods(frame)
        rounding = Rounding.of(table)
        total = figures_of(periods, rounding=rounding) | _history(frame, periods, None, None, rounding)
        end = periods.current["period_end"].max()
        total["截止日期"] = cn_month_day(end)
        stats["信访总量"] = total
        totals = {
            name: int(value) for name, value in total.items() if name in MEASURES.values() and isinstance(value, int)
        }
        for dimension in DIMENSIONS:
            if dimension not in frame:
                continue
            keys = categories(table, frame, dimension)  # a key with no rows this period counts 0
            for key in keys:  # update, not replace: a rates or tally table may have filled the same group
                stats.setdefault(str(key), {}).update(
                    figures_of(periods.where(dimension, key), totals=totals, rounding=rounding)
                    | _history(frame, periods, dimension, key, rounding)
                )
        for name, selection in table.model.figures.items():
            chosen = periods.selecting(frame, selection)
            if chosen is None or chosen.current.empty:  # no row selected: an error where it is quoted
                latest = (periods.current["period_start"].min(), end)
                stats[name] = {m: NoData(f"{name}.{m}", latest, ()) for c, m in MEASURES.items() if c in frame}
                continue
            if selection.period != "latest":  # a period of its own: its sums, 同比 and dates, no 占比 of this period
                stats[name] = figures_of(chosen, rounding=rounding) | dates_of(chosen)
                continue
            stats[name] = figures_of(chosen, totals=totals, rounding=rounding) | _history(
                frame, periods, None, None, rounding, selected_rows(frame, selection)
            )
        if "unit" in frame:
            total |= _rankings(stats, [str(key) for key in categories(table, frame, "unit")])
    return stats


BASELINE_YEARS = 3


"""“较近三年平均值”: the same dates in each of the three years before."""


PODIUM = 3


"""How many units the 红榜 and 黑榜 name."""


def _history(
    frame: pd.DataFrame,
    periods: Periods,
    column: str | None,
    key: object,
    rounding: Rounding = HALF_UP_TWO,
    selected: pd.DataFrame | None = None,
) -> dict[str, object]:
    """Figures that look further back: the three-year baseline and the run of months with none.

    The rows are the whole table's, one category's (``column`` = ``key``), or ``selected`` (a named figure's).
    """
    rows = selected if selected is not None else frame if column is None else frame[frame[column] == key]
    start, end = periods.current["period_start"].min(), periods.current["period_end"].max()
    values: dict[str, object] = {}
    for measure, name in MEASURES.items():
        if measure not in rows:
            continue
        now = int(rows[(rows["period_start"] == start) & (rows["period_end"] == end)][measure].sum())
        earlier, first, last = [], start, end
        for _ in range(BASELINE_YEARS):
            first, last = shift_year(first), shift_year(last)
            same = (frame["period_start"] == first) & (frame["period_end"] == last)
            if not same.any():
                break
            earlier.append(int(rows[(rows["period_start"] == first) & (rows["period_end"] == last)][measure].sum()))
        if len(earlier) == BASELINE_YEARS:
            average = Decimal(sum(earlier)) / BASELINE_YEARS
            values[f"{name}近三年平均"] = str(
                rounding.round(average, rounding.average_decimals)
            )  # 件次: whole unless asked
            values[f"{name}较近三年平均"] = change_wording(now, float(average), "近三年平均", rounding)
        else:
            values[f"{name}较近三年平均"] = "无近三年同期数据"
        values[f"{name}连续为零月数"] = months_without(frame, rows, measure, end)
    return values


def _rankings(stats: dict[str, dict[str, object]], units: list[str]) -> dict[str, object]:
    """Each unit's 排名 by 批次 (1 = most; ties share a place) and the 红榜/黑榜 by change on a year before."""
    import pandas as pd

    counts = pd.Series({unit: stats[unit].get("批次", 0) for unit in units}, dtype="int64")
    for unit, place in counts.rank(method="min", ascending=False).items():
        stats[str(unit)]["批次排名"] = int(place)
    change = pd.Series(
        {
            unit: (int(stats[unit]["批次"]) - int(stats[unit]["批次上年同期"])) / int(stats[unit]["批次上年同期"])  # type: ignore[call-overload]
            for unit in units
            if int(stats[unit].get("批次上年同期", 0)) > 0  # type: ignore[call-overload]
        },
        dtype="float64",
    )
    falls = change[change < 0].sort_values(kind="stable")
    rises = change[change > 0].sort_values(ascending=False, kind="stable")
    return {
        "单位数": len(units),
        "红榜": "、".join(map(str, falls.index[:PODIUM])) or "无",
        "黑榜": "、".join(map(str, rises.index[:PODIUM])) or "无",
    }


def figure_lines(stats: Mapping[str, Mapping[str, object]]) -> Iterator[str]:
    """Every figure as a body quotes it, with its current value: ``{{ stats.信访总量.批次 }} = 1180``."""
    for group, values in stats.items():
        for name, value in values.items():
            if isinstance(value, NoData):
                found = "、".join(f"{a.isoformat()}至{b.isoformat()}" for a, b in value.found) or "无"
                shown = f"（最新一期没有数据，不能引用；数据表中的期间：{found}）"
            else:
                shown = str(value)
            yield f"{{{{ stats.{group}.{name} }}}} = {shown}"


def figure_names(stats: Mapping[str, Mapping[str, object]]) -> list[str]:
    return [f"{group}.{name}" for group, values in stats.items() for name in values]


def dimension_groups(tables: Iterable[Document[StatTableSpec]]) -> dict[str, tuple[str, ...]]:
    """Column title → the figure groups of that dimension, e.g. 渠道 → (来信, 来访, 网上投诉, 电话)."""
    groups: dict[str, tuple[str, ...]] = {}
    for table in tables:
        if table.model.role != "counts":
            continue
        frame = counts_frame(table)
        titles = {f.name: f.title for f in table.model.table_schema.fields}
        for dimension in DIMENSIONS:
            if dimension in frame and not frame.empty:
                groups[titles[dimension]] = tuple(str(k) for k in categories(table, frame, dimension))
    return groups
