"""Model stage: rates tables (role: rates) → each metric's rate against its target, and each unit's rate.

A rate is Σ numerator / Σ denominator over the latest period, published with two
decimals (half up); whether it reaches its target is decided on the exact fraction.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from generator.content.documents import Document
from generator.content.models import StatTableSpec
from generator.content.models.stats import RateTarget
from generator.stats.frames import Rounding, categories, counts_frame, percent


def rate_figures(table: Document[StatTableSpec]) -> dict[str, dict[str, object]]:
    """A rates table's latest period: each metric's 比率, 目标, 达标 and 未达标单位; each unit's rate by metric name.

    A rate is Σ numerator / Σ denominator (two decimals, half up); “达标” means within the target (at least,
    at most, or between).
    """
    frame = counts_frame(table)
    if frame.empty:
        return {}
    end = frame["period_end"].max()
    current = frame[
        (frame["period_end"] == end)
        & (frame["period_start"] == frame.loc[frame["period_end"] == end, "period_start"].min())
    ]
    stats: dict[str, dict[str, object]] = {}
    units, rounding = categories(table, frame, "unit"), Rounding.of(table)
    for metric in categories(table, frame, "metric"):
        rows = current[current["metric"] == metric]
        if rows.empty:
            continue
        name, target = str(metric), table.model.targets.get(str(metric))
        values: dict[str, object] = {"比率": _rate(rows, rounding)}
        if target is not None:
            values["目标"] = target.wording
            judged = int(rows["denominator"].sum()) > 0
            values["达标"] = ("达标" if _meets(rows, target) else "未达标") if judged else "无数据"
            if "unit" in rows:
                parts = [(u, rows[rows["unit"] == u]) for u in units]
                below = [str(u) for u, part in parts if int(part["denominator"].sum()) > 0 and not _meets(part, target)]
                values["未达标单位"] = "、".join(below) or "无"
        stats[name] = values
        if "unit" in rows:
            for unit in units:
                part = rows[rows["unit"] == unit]
                if part.empty:
                    continue
                few = 0 < int(part["denominator"].sum()) < table.model.suppress_below
                stats.setdefault(str(unit), {})[name] = (
                    "—" if few else _rate(part, rounding)
                )  # as the published table hides it
    return stats


def _rate(rows: pd.DataFrame, rounding: Rounding) -> str:
    denominator = int(rows["denominator"].sum())
    return percent(int(rows["numerator"].sum()), denominator, rounding) if denominator else "无数据"


def _meets(rows: pd.DataFrame, target: RateTarget) -> bool:
    """Exactly: at least and/or at most the target %, numerator / denominator compared without rounding."""
    numerator, denominator = Decimal(int(rows["numerator"].sum())), Decimal(int(rows["denominator"].sum()))
    if denominator == 0:  # nothing to judge: not 达标
        return False
    floor = target.at_least is None or numerator * 100 >= Decimal(str(target.at_least)) * denominator
    ceiling = target.at_most is None or numerator * 100 <= Decimal(str(target.at_most)) * denominator
    return floor and ceiling
