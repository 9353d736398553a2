"""Model stage: rates tables (role: rates) → each metric's rate against its target, and each unit's rate.

A rate is Σ numerator / Σ denominator over the latest period, published with two
decimals (half up); whether it reaches its target is decided on the exact fraction.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from generator.content.documents import Document
from generator.content.models import StatTableSpec
from generator.content.models.stats import RateTarget
from generator.stats.frames import (
    Periods,
    Rounding,
    categories,
    change_wording,
    counts_frame,
    dates_of,
    latest_periods,
    percent,
)

if TYPE_CHECKING:  # pandas is imported where a table is computed: a site without one does not pay for it
    import pandas as pd


def rate_figures(table: Document[StatTableSpec]) -> dict[str, dict[str, object]]:
    """A rates table's latest period: each metric's 比率 (with 分子, 分母 and 同比), 目标, 达标 and 未达标单位;
    each unit's rate by metric name; and each named figure (a metric over some units or another period).

    A rate is Σ numerator / Σ denominator (two decimals, half up, unless the table's precision says otherwise);
    “达标” means within the target (at least, at most, or between), decided on the exact fraction.
    """
    frame = counts_frame(table)
    if frame.empty:
        return {}
    periods = latest_periods(frame)
    current = periods.current
    stats: dict[str, dict[str, object]] = {}
    units, rounding = categories(table, frame, "unit"), Rounding.of(table)
    for metric in categories(table, frame, "metric"):
        rows = periods.where("metric", metric)
        if rows.current.empty:
            continue
        name, target = str(metric), table.model.targets.get(str(metric))
        values = _measures(rows, rounding)
        if target is not None:
            values["目标"], values["目标值"] = target.wording, target.value
            judged = int(rows.current["denominator"].sum()) > 0
            values["达标"] = ("达标" if _meets(rows.current, target) else "未达标") if judged else "无数据"
            if "unit" in current:
                parts = [(u, rows.current[rows.current["unit"] == u]) for u in units]
                below = [str(u) for u, part in parts if int(part["denominator"].sum()) > 0 and not _meets(part, target)]
                values["未达标单位"] = "、".join(below) or "无"
        stats[name] = values
        if "unit" in current:
            for unit in units:
                part = rows.current[rows.current["unit"] == unit]
                if part.empty:
                    continue
                few = 0 < int(part["denominator"].sum()) < table.model.suppress_below
                stats.setdefault(str(unit), {})[name] = (
                    "—" if few else _rate(part, rounding)
                )  # as the published table hides it
    for name, selection in table.model.figures.items():
        chosen = periods.selecting(frame, selection)
        if chosen is None or chosen.current.empty:  # reported at the table (figure-period, figure-selection)
            continue
        stats[name] = _measures(chosen, rounding) | (dates_of(chosen) if selection.period != "latest" else {})
    return stats


def _measures(periods: Periods, rounding: Rounding) -> dict[str, object]:
    """比率, 分子 and 分母 now; the rate a year before, its 同比 (relative: 上升24%) and 变化 (上升12个百分点)."""
    now = periods.current
    values: dict[str, object] = {
        "比率": _rate(now, rounding),
        "分子": int(now["numerator"].sum()),
        "分母": int(now["denominator"].sum()),
    }
    before = periods.year_before
    if not periods.known[0] or before.empty or int(before["denominator"].sum()) == 0:
        values["比率同比"] = values["比率变化"] = "无上年同期数据"
        return values
    values["比率上年同期"] = _rate(before, rounding)
    if values["分母"] == 0:
        values["比率同比"] = values["比率变化"] = "无数据"
        return values
    rate_now = Decimal(int(now["numerator"].sum())) / Decimal(int(now["denominator"].sum()))
    rate_then = Decimal(int(before["numerator"].sum())) / Decimal(int(before["denominator"].sum()))
    values["比率同比"] = change_wording(rate_now, rate_then, rounding=rounding)
    points = rounding.round((rate_now - rate_then) * 100)
    values["比率变化"] = (
        "持平" if points == 0 else f"{'上升' if points > 0 else '下降'}{rounding.text(abs(points))}个百分点"
    )
    return values


def _rate(rows: pd.DataFrame, rounding: Rounding) -> str:
    return rate_text(int(rows["numerator"].sum()), int(rows["denominator"].sum()), rounding)


def rate_text(numerator: int, denominator: int, rounding: Rounding) -> str:
    """A rate as published: the table's precision, or 无数据 over no case."""
    return percent(numerator, denominator, rounding) if denominator else "无数据"


def _meets(rows: pd.DataFrame, target: RateTarget) -> bool:
    """Exactly: at least and/or at most the target %, numerator / denominator compared without rounding."""
    numerator, denominator = Decimal(int(rows["numerator"].sum())), Decimal(int(rows["denominator"].sum()))
    if denominator == 0:  # nothing to judge: not 达标
        return False
    floor = target.at_least is None or numerator * 100 >= Decimal(str(target.at_least)) * denominator
    ceiling = target.at_most is None or numerator * 100 <= Decimal(str(target.at_most)) * denominator
    return floor and ceiling
