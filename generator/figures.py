"""Model stage: statistics tables → the named figures narrative text may quote (numbers typed once).

A counts table (``role: counts`` in its data/NAME.yaml) has one row per period × unit ×
channel (× level) with 批次 and 人次 columns. The current period is the latest one;
同比 compares it with the same dates a year earlier. Every figure has a stable
Chinese name: ``stats.信访总量.批次``, ``stats.网上投诉.人次同比``, ``stats.某镇.批次`` …
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .models import StatTableSpec
from .problems import Problem
from .tables import parse_cell
from .validate import Document

MEASURES = {"batches": "批次", "persons": "人次"}
DIMENSIONS = ("channel", "level", "unit")


def change_wording(current: float, previous: float, base: str = "上年同期") -> str:
    """同比/环比 in the official idiom: 下降23.92% / 上升5.10% / 持平.

    The percentage is (current − previous) / previous, rounded half up to two decimals.
    From an earlier value of 0 no percentage exists: “上年同期为0” (``base`` names the
    comparison: 上年同期, 上期, 近三年平均). A period with no rows at all says “无…数据”
    instead, at the caller.
    """
    if previous == 0:
        return "持平" if current == 0 else f"{base}为0"
    percent = (Decimal(str(current)) - Decimal(str(previous))) / Decimal(str(previous)) * 100
    rounded = percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded == 0:
        return "持平"
    return f"{'上升' if rounded > 0 else '下降'}{abs(rounded)}%"


def counts_frame(table: Document[StatTableSpec]) -> pd.DataFrame:
    """A counts table as a typed DataFrame (cells already validated against the schema)."""
    fields = {f.name: f for f in table.model.table_schema.fields}
    header, *rows = table.source.rows
    records = [
        {name: parse_cell(fields[name], cell) if cell else None for name, cell in zip(header, row, strict=True)}
        for row in rows
    ]
    return pd.DataFrame.from_records(records, columns=list(header))


def _shift_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def percent(part: float, whole: float) -> str:
    """A share as published: two decimals, half up, e.g. 53.10%."""
    if whole == 0:
        return "0.00%"
    value = (Decimal(str(part)) / Decimal(str(whole)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value}%"


@dataclass(frozen=True)
class Periods:
    """The rows of the current period, the same dates a year earlier (同比) and the period just before (环比)."""

    current: pd.DataFrame
    year_before: pd.DataFrame
    before: pd.DataFrame
    known: tuple[bool, bool]
    """Whether the table has any row a year before and any the period before: a unit with no
    row there then counts 0 (上年同期为0), not 无上年同期数据."""

    def where(self, column: str, key: object) -> Periods:
        def only(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame[column] == key] if column in frame else frame

        return Periods(only(self.current), only(self.year_before), only(self.before), self.known)


def figures_of(
    periods: Periods, measures: Mapping[str, str] = MEASURES, totals: Mapping[str, int] | None = None
) -> dict[str, object]:
    """Each measure (column → Chinese name) now, a year before, its 同比 and 环比, and 占比 of ``totals``."""
    values: dict[str, object] = {}
    for column, name in measures.items():
        if column not in periods.current:
            continue
        now = int(periods.current[column].sum())
        year_before = int(periods.year_before[column].sum()) if column in periods.year_before else 0
        before = int(periods.before[column].sum()) if column in periods.before else 0
        known_year_before, known_before = periods.known
        values[name] = now
        values[f"{name}上年同期"] = year_before
        values[f"{name}上期"] = before
        values[f"{name}同比"] = change_wording(now, year_before) if known_year_before else "无上年同期数据"
        values[f"{name}环比"] = change_wording(now, before, "上期") if known_before else "无上期数据"
        if totals is not None:
            values[f"{name}占比"] = percent(now, totals[name])
    return values


def latest_periods(frame: pd.DataFrame) -> Periods:
    """The latest period's rows, the same dates a year before, and the period just before."""
    end = frame["period_end"].max()
    start = frame.loc[frame["period_end"] == end, "period_start"].min()
    length = end - start
    previous_end = start - dt.timedelta(days=1)

    def rows(first: dt.date, last: dt.date) -> pd.DataFrame:
        return frame[(frame["period_start"] == first) & (frame["period_end"] == last)]

    # 环比: the period that ends the day before this one starts, of the most similar length (months differ in days).
    starts = list(frame.loc[frame["period_end"] == previous_end, "period_start"])
    target = previous_end - length
    previous_start = min(starts, key=lambda d: (abs((d - target).days), d)) if starts else target
    year_before, before = rows(_shift_year(start), _shift_year(end)), rows(previous_start, previous_end)
    return Periods(rows(start, end), year_before, before, (not year_before.empty, not before.empty))


def counts_twice(tables: Iterable[Document[StatTableSpec]]) -> list[Problem]:
    """An error for each published counts table after the first: they would share ``stats.信访总量``.

    Each counts table fills the total and the groups of its units and channels; a second one
    would silently replace the first's figures in every text that quotes them.
    """
    counts = [t for t in tables if t.model.role == "counts"]
    return [
        table.problem(
            ("role",),
            "counts-twice",
            f"{counts[0].source.path} 已经是提供正文引用数字（stats.信访总量 等）的统计表（role: counts），"
            "两张表的数字会互相覆盖。请把这一张的 role 改为 table（照常发布表格，只是不提供引用数字）。",
        )
        for table in counts[1:]
    ]


def compute_figures(tables: Iterable[Document[StatTableSpec]]) -> dict[str, dict[str, object]]:
    """Figure name → measures (批次, 人次, 同比, 环比, 占比, 排名 …) over the latest period of every counts table."""
    stats: dict[str, dict[str, object]] = {}
    for table in tables:
        if table.model.role in ("rates", "tally"):
            from .rates import rate_figures
            from .tally import tally_figures

            derive = rate_figures if table.model.role == "rates" else tally_figures
            for group, values in derive(table).items():
                stats.setdefault(group, {}).update(values)
            continue
        if table.model.role != "counts":
            continue
        frame = counts_frame(table)
        if frame.empty:
            continue
        periods = latest_periods(frame)
        total = figures_of(periods) | _history(frame, periods, None, None)
        end = periods.current["period_end"].max()
        total["截止日期"] = f"{end.month}月{end.day}日"
        stats["信访总量"] = total
        totals = {
            name: int(value) for name, value in total.items() if name in MEASURES.values() and isinstance(value, int)
        }
        for dimension in DIMENSIONS:
            if dimension not in frame:
                continue
            keys = sorted(frame[dimension].dropna().unique())  # a key with no rows this period counts 0
            for key in keys:  # update, not replace: a rates or tally table may have filled the same group
                stats.setdefault(str(key), {}).update(
                    figures_of(periods.where(dimension, key), totals=totals) | _history(frame, periods, dimension, key)
                )
        if "unit" in frame:
            total |= _rankings(stats, [str(key) for key in sorted(frame["unit"].dropna().unique())])
    return stats


BASELINE_YEARS = 3
"""“较近三年平均值”: the same dates in each of the three years before."""
PODIUM = 3
"""How many units the 红榜 and 黑榜 name."""


def _history(frame: pd.DataFrame, periods: Periods, column: str | None, key: object) -> dict[str, object]:
    """Figures that look further back: the three-year baseline and the run of months with none."""
    rows = frame if column is None else frame[frame[column] == key]
    start, end = periods.current["period_start"].min(), periods.current["period_end"].max()
    values: dict[str, object] = {}
    for measure, name in MEASURES.items():
        if measure not in rows:
            continue
        now = int(rows[(rows["period_start"] == start) & (rows["period_end"] == end)][measure].sum())
        earlier, first, last = [], start, end
        for _ in range(BASELINE_YEARS):
            first, last = _shift_year(first), _shift_year(last)
            same = (frame["period_start"] == first) & (frame["period_end"] == last)
            if not same.any():
                break
            earlier.append(int(rows[(rows["period_start"] == first) & (rows["period_end"] == last)][measure].sum()))
        if len(earlier) == BASELINE_YEARS:
            average = Decimal(sum(earlier)) / BASELINE_YEARS
            values[f"{name}近三年平均"] = str(average.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
            values[f"{name}较近三年平均"] = change_wording(now, float(average), "近三年平均")
        else:
            values[f"{name}较近三年平均"] = "无近三年同期数据"
        values[f"{name}连续为零月数"] = _months_without(frame, rows, measure, end)
    return values


def _months_without(frame: pd.DataFrame, rows: pd.DataFrame, measure: str, end: dt.date) -> int:
    """How many calendar months in a row, up to the one ending ``end``, had a zero count (连续N个月零进京).

    Months are the table's monthly periods (the 1st to the month's last day); a month the
    table does not cover ends the run, since nothing is known about it.
    """
    monthly = frame[
        frame["period_start"].map(lambda d: d.day == 1)
        & (frame["period_end"] == frame["period_start"].map(_month_end))
        & (frame["period_end"] <= end)
    ]
    covered = set(monthly["period_start"])
    count, month = 0, (end.replace(day=1) if end == _month_end(end) else None)
    while month is not None and month in covered:
        rows_of_month = rows[(rows["period_start"] == month) & (rows["period_end"] == _month_end(month))]
        if int(rows_of_month[measure].sum()) != 0:
            break
        count += 1
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return count


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _rankings(stats: dict[str, dict[str, object]], units: list[str]) -> dict[str, object]:
    """Each unit's 排名 by 批次 (1 = most; ties share a place) and the 红榜/黑榜 by change on a year before."""
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
                groups[titles[dimension]] = tuple(str(k) for k in sorted(frame[dimension].dropna().unique()))
    return groups
