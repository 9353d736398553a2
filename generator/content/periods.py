"""Content stage: the period a named figure asks for, and the table rows that make it up exactly.

A statistics table may hold rows of several lengths side by side: months, a half-year, a
running total since 2020. A figure asks for one period — the latest, a named one (一季度,
上半年 … of the latest year), or from a start date (累计) — and is the sum of rows whose
periods follow one another without gap or overlap from its first day to its last. Where no
such run of rows exists the figure has no value, and saying so is the caller's job: never a
sum of whatever rows happen to fall inside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from generator.content.models.stats import PeriodRange

Period = tuple[dt.date, dt.date]

NAMED: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "一季度": ((1, 1), (3, 31)),
    "二季度": ((4, 1), (6, 30)),
    "三季度": ((7, 1), (9, 30)),
    "四季度": ((10, 1), (12, 31)),
    "上半年": ((1, 1), (6, 30)),
    "下半年": ((7, 1), (12, 31)),
    "全年": ((1, 1), (12, 31)),
}
"""Named periods, in the latest period's year (its last day's year)."""

SINCE_NEW_YEAR = "年初至今"
"""From 1 January of the latest period's year to its last day."""


def named(name: str, latest: Period) -> Period:
    """The dates of a named period (一季度 …, 年初至今) in the year the latest period ends."""
    year = latest[1].year
    if name == SINCE_NEW_YEAR:
        return dt.date(year, 1, 1), latest[1]
    (m1, d1), (m2, d2) = NAMED[name]
    return dt.date(year, m1, d1), dt.date(year, m2, d2)


def latest(available: Iterable[Period]) -> Period:
    """The latest period: it ends last, and of those ending then it is the longest."""
    end = max(b for _, b in available)
    return min(a for a, b in available if b == end), end


def resolve(period: str | PeriodRange, latest_period: Period) -> Period:
    """A figure's ``period`` (latest, a name, or a start and maybe an end) as dates."""
    if isinstance(period, PeriodRange):
        return period.start, period.end or latest_period[1]
    return latest_period if period == "latest" else named(period, latest_period)


def tiling(available: Iterable[Period], first: dt.date, last: dt.date) -> tuple[Period, ...] | None:
    """The fewest periods from ``available`` that follow one another exactly from ``first`` to ``last``, or None.

    Breadth-first over start days, so a single row covering the whole span wins over its
    months, and months over days; ties go to the longer period first (deterministic).
    """
    by_start: dict[dt.date, list[Period]] = {}
    for start, end in sorted(set(available), key=lambda p: (p[0], -(p[1] - p[0]).days)):
        if first <= start and end <= last and start <= end:
            by_start.setdefault(start, []).append((start, end))
    chains: dict[dt.date, tuple[Period, ...]] = {first: ()}
    frontier = [first]
    while frontier:
        following: list[dt.date] = []
        for day in frontier:
            for period in by_start.get(day, ()):
                if period[1] == last:
                    return (*chains[day], period)
                after = period[1] + dt.timedelta(days=1)
                if after not in chains:
                    chains[after] = (*chains[day], period)
                    following.append(after)
        frontier = following
    return None


def describe(periods: Iterable[Period]) -> str:
    """Periods as an editor reads them: 2023-01-01至2023-06-27、…"""
    return "、".join(f"{a.isoformat()}至{b.isoformat()}" for a, b in sorted(set(periods))) or "无"
