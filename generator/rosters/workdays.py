"""Model stage: the Chinese working calendar — public holidays and 调休 working weekends.

Holidays and 调休 days come from the ``holidays`` package (``China``, zh_CN);
content/calendar.yaml adds or replaces a year the package does not confirm yet
(the State Council publishes each year's arrangement in November or December).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import holidays

from generator.content.models.calendar import CalendarFile


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days, and the name of every rest day that is not a plain weekend."""

    rest_days: Mapping[dt.date, str]
    workdays: frozenset[dt.date]
    confirmed_years: frozenset[int]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day not in self.rest_days and day.weekday() < 5

    def holiday_name(self, day: dt.date) -> str | None:
        return self.rest_days.get(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        day -= dt.timedelta(days=1)
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def working_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        return [d for d in days_between(start, end) if self.is_working_day(d)]


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def working_calendar(years: Iterable[int], overrides: CalendarFile | None = None) -> WorkingCalendar:
    """The calendar for ``years`` (and the years around them, for policies that cross a year end)."""
    wanted = sorted({y + d for y in years for d in (-1, 0, 1)})
    package = holidays.country_holidays("CN", years=wanted, language="zh_CN")
    given = {y.year: y for y in overrides.years} if overrides else {}
    rest: dict[dt.date, str] = {}
    workdays: set[dt.date] = set()
    confirmed: set[int] = set()
    for year in wanted:
        entry = given.get(year)
        if entry is None or not entry.replace:
            rest.update({d: str(name) for d, name in package.items() if d.year == year})
            workdays.update(d for d in package.weekend_workdays if d.year == year)
            if any(d.year == year for d in package.weekend_workdays):
                confirmed.add(year)
        if entry is not None:
            rest.update({h.date: h.name for h in entry.holidays})
            workdays.update(entry.workdays)
            confirmed.add(year)
    return WorkingCalendar(rest, frozenset(workdays), frozenset(confirmed))
