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
from .tables import parse_cell
from .validate import Document

MEASURES = {"batches": "批次", "persons": "人次"}
DIMENSIONS = ("channel", "level", "unit")


def change_wording(current: float, previous: float) -> str:
    """同比/环比 in the official idiom: 下降23.92% / 上升5.10% / 持平.

    The percentage is (current − previous) / previous, rounded half up to two decimals.
    With no earlier value there is no comparison: “无上年同期数据”.
    """
    if previous == 0:
        return "持平" if current == 0 else "无上年同期数据"
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

    def where(self, column: str, key: object) -> Periods:
        return Periods(
            *(
                frame[frame[column] == key] if column in frame else frame
                for frame in (self.current, self.year_before, self.before)
            )
        )


def _figures(periods: Periods, totals: Mapping[str, int] | None = None) -> dict[str, object]:
    values: dict[str, object] = {}
    for column, name in MEASURES.items():
        if column not in periods.current:
            continue
        now = int(periods.current[column].sum())
        year_before = int(periods.year_before[column].sum()) if column in periods.year_before else 0
        before = int(periods.before[column].sum()) if column in periods.before else 0
        values[name] = now
        values[f"{name}上年同期"] = year_before
        values[f"{name}同比"] = change_wording(now, year_before) if not periods.year_before.empty else "无上年同期数据"
        values[f"{name}环比"] = change_wording(now, before) if not periods.before.empty else "无上期数据"
        if totals is not None:
            values[f"{name}占比"] = percent(now, totals[name])
    return values


def _periods(frame: pd.DataFrame) -> Periods:
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
    return Periods(rows(start, end), rows(_shift_year(start), _shift_year(end)), rows(previous_start, previous_end))


def compute_figures(tables: Iterable[Document[StatTableSpec]]) -> dict[str, dict[str, object]]:
    """Figure name → measures (批次, 人次, 同比, 环比, 占比 …) over the latest period of every counts table."""
    stats: dict[str, dict[str, object]] = {}
    for table in tables:
        if table.model.role != "counts":
            continue
        frame = counts_frame(table)
        if frame.empty:
            continue
        periods = _periods(frame)
        total = _figures(periods)
        end = periods.current["period_end"].max()
        total["截止日期"] = f"{end.month}月{end.day}日"
        stats["信访总量"] = total
        totals = {
            name: int(value) for name, value in total.items() if name in MEASURES.values() and isinstance(value, int)
        }
        for dimension in DIMENSIONS:
            if dimension not in frame:
                continue
            for key in sorted(periods.current[dimension].dropna().unique()):
                stats[str(key)] = _figures(periods.where(dimension, key), totals)
    return stats


def figure_names(stats: Mapping[str, Mapping[str, object]]) -> list[str]:
    return [f"{group}.{name}" for group, values in stats.items() for name in values]
