"""Model stage: composite indices (role: index) → each unit's index and place, the 红榜 and 黑榜, a ranking table.

An index (衢州's 信访工作指数, 柯城区's 信访工作力指数) weighs several measures of each unit
over the latest period. With ``scale: min-max`` each measure becomes a score from 0 (the worst
unit) to 100 (the best) before weighting, so that a rate and a count per 10,000 people can be
added; with ``scale: none`` the values are scores already. The index is the weighted mean of
the scores, computed exactly and rounded half up. Places go from 1 (the best); equal indices
share a place.
"""

from __future__ import annotations

from decimal import Decimal

from generator.cn import cn_month_day
from generator.content.documents import Document
from generator.content.models import StatTableSpec
from generator.content.models.stats import IndexSpec
from generator.stats.frames import Rounding, categories, counts_frame, latest_periods

Ranking = list[tuple[str, Decimal, int]]
"""(unit, index, place), best first."""


def ranking(table: Document[StatTableSpec]) -> Ranking:
    """Each unit of the latest period with its index (rounded as the spec says) and place, best first."""
    spec = table.model.index
    frame = counts_frame(table)
    if spec is None or frame.empty:
        return []
    current = latest_periods(frame).current
    units = [str(u) for u in categories(table, frame, "unit") if u in set(current["unit"])]
    sums = current.groupby("unit")[[m.column for m in spec.measures]].sum()
    values = {m.column: {u: Decimal(str(sums.loc[u, m.column])) for u in units} for m in spec.measures}
    total = sum((Decimal(str(m.weight)) for m in spec.measures), Decimal(0))
    index = {
        unit: sum(
            (Decimal(str(m.weight)) * _score(values[m.column], unit, m.better, spec) for m in spec.measures), Decimal(0)
        )
        / total
        for unit in units
    }
    descending = spec.scale == "min-max" or spec.measures[0].better == "higher"
    ordered = sorted(units, key=lambda u: -index[u] if descending else index[u])  # stable: the table's order on ties
    rounding = Rounding(decimals=spec.decimals)
    result: Ranking = []
    for position, unit in enumerate(ordered, start=1):
        tied = result and index[result[-1][0]] == index[unit]
        result.append((unit, rounding.round(index[unit]), result[-1][2] if tied else position))
    return result


def _score(values: dict[str, Decimal], unit: str, better: str, spec: IndexSpec) -> Decimal:
    """A unit's score on one measure: its value (``scale: none``) or 0–100 between the worst and the best unit."""
    value = values[unit]
    if spec.scale == "none":
        return value
    low, high = min(values.values()), max(values.values())
    if high == low:
        return Decimal(100)
    share = (value - low) / (high - low) if better == "higher" else (high - value) / (high - low)
    return share * 100


def index_figures(table: Document[StatTableSpec]) -> dict[str, dict[str, object]]:
    """``stats.信访工作指数.红榜`` / ``.黑榜`` / ``.排名表``; each unit's ``stats.柯城区.信访工作指数`` and ``…排名``."""
    spec = table.model.index
    places = ranking(table)
    if spec is None or not places:
        return {}
    end = latest_periods(counts_frame(table)).current["period_end"].max()
    podium = board_size(spec.podium, len(places))
    stats: dict[str, dict[str, object]] = {
        spec.name: {
            "红榜": "、".join(unit for unit, _, _ in places[:podium]) or "无",
            "黑榜": "、".join(unit for unit, _, _ in reversed(places[len(places) - podium :])) or "无",  # worst first
            "单位数": len(places),
            "截止日期": cn_month_day(end),
            "排名表": ranking_table(spec.name, places, podium),
        }
    }
    for unit, value, place in places:
        stats.setdefault(unit, {}).update({spec.name: str(value), f"{spec.name}排名": place})
    return stats


def board_size(podium: int, units: int) -> int:
    """How many units the 红榜 and the 黑榜 each name: as asked, but never a unit on both."""
    return min(podium, units // 2)


def board(position: int, units: int, podium: int) -> str:
    """红榜, 黑榜 or nothing for the unit at ``position`` (0 = the best) of ``units``."""
    return "红榜" if position < podium else "黑榜" if position >= units - podium else ""


def ranking_table(name: str, places: Ranking, podium: int) -> str:
    """The ranking as a Markdown table (排名, 单位, the index, 红榜/黑榜), for the body that quotes it."""
    lines = [f"| 排名 | 单位 | {name} | 榜单 |", "| ---: | --- | ---: | --- |"]
    for position, (unit, value, place) in enumerate(places):
        lines.append(f"| {place} | {unit} | {value} | {board(position, len(places), podium)} |")
    return "\n".join(lines)
