"""Model stage: reception rosters → the receptions they schedule, on the working calendar, checked.

Rules are expanded day by day, explicit receptions added, then adjustments
(add, cancel, swap) applied; every reception keeps the location of what made it
so that a check can point at the rule or line responsible.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

from generator import codes
from generator.content.documents import Document
from generator.content.models import ReceptionRoster
from generator.content.models.roster import AppointmentRule, DailyRotation, HolidayPolicy, MonthDaysRule, WeekdayRule
from generator.problems import Problem
from generator.rosters.workdays import WorkingCalendar, days_between
from generator.source.yamldoc import Loc

WEEKDAY_NAMES = "一二三四五六日"


@dataclass(frozen=True)
class Scheduled:
    """One reception as published: who, where, when, how; and what made it (``origin``)."""

    date: dt.date
    person: str
    place: str
    time: str
    type: str
    origin: Loc
    backup: str | None = None
    on_holiday: bool = False
    rule_based: bool = False
    adjusted_on: dt.date | None = None
    replaces: str | None = None
    reason: str = ""
    note: str = ""
    """The editor's public note of an explicit reception (备注（对外公开）)."""
    cancelled: bool = False
    """Cancelled receptions stay in the schedule, published as 调整 (and STATUS:CANCELLED in calendars)."""

    def overlaps(self, other: Scheduled) -> bool:
        return self.date == other.date and self.time[:5] < other.time[6:] and other.time[:5] < self.time[6:]


def _apply_policy(day: dt.date, policy: HolidayPolicy, calendar: WorkingCalendar) -> dt.date | None:
    if calendar.is_working_day(day):
        return day
    if policy == "previous":
        return calendar.previous_working_day(day)
    if policy == "next":
        return calendar.next_working_day(day)
    if policy == "next_week":
        later = day + dt.timedelta(days=7)
        return later if calendar.is_working_day(later) else calendar.next_working_day(later)
    return None


def _rule_days(rule: object, start: dt.date, end: dt.date, calendar: WorkingCalendar) -> list[dt.date]:
    """The dates a rule schedules, in order (holiday policies applied)."""
    days = days_between(start, end)
    if isinstance(rule, DailyRotation):
        return [d for d in days if calendar.is_working_day(d) and d.isoweekday() not in rule.except_weekdays]
    if isinstance(rule, AppointmentRule):
        return [d for d in days if not calendar.is_working_day(d) and d.isoweekday() in rule.weekdays]
    if isinstance(rule, WeekdayRule):
        wanted = [d for d in days if d.isoweekday() == rule.weekday]
        policy = rule.holiday_policy
    else:
        assert isinstance(rule, MonthDaysRule)
        wanted = [d for d in days if d.day in rule.days]
        policy = rule.holiday_policy
    moved = [_apply_policy(d, policy, calendar) for d in wanted]
    return sorted({d for d in moved if d is not None and start <= d <= end})


def expand_rules(roster: ReceptionRoster, calendar: WorkingCalendar) -> list[Scheduled]:
    """Every reception the standing rules make, in date order."""
    scheduled = []
    for index, rule in enumerate(roster.rules):
        start = max(rule.start or roster.start or dt.date.min, roster.start or dt.date.min)
        end = min(rule.end or roster.end or dt.date.max, roster.end or dt.date.max)
        rotate = getattr(rule, "rotate", True)
        for turn, day in enumerate(_rule_days(rule, start, end, calendar)):
            people = [rule.people[turn % len(rule.people)]] if rotate else list(rule.people)
            backup = rule.backups[turn % len(rule.backups)] if rule.backups else None
            for person in people:
                scheduled.append(
                    Scheduled(day, person, rule.place, rule.time, rule.type, ("rules", index), backup, rule_based=True)
                )
    return scheduled


def explicit_receptions(roster: ReceptionRoster) -> list[Scheduled]:
    return [
        Scheduled(r.date, r.person, r.place, r.time, r.type, ("receptions", i), r.backup, r.on_holiday, note=r.note)
        for i, r in enumerate(roster.receptions)
    ]


def apply_adjustments(
    roster: Document[ReceptionRoster], scheduled: list[Scheduled]
) -> tuple[list[Scheduled], list[Problem]]:
    """Additions, cancellations and swaps, each marked with the date it was announced."""
    result = list(scheduled)
    problems = []
    for i, change in enumerate(roster.model.adjustments):
        origin = ("adjustments", i)
        if change.action == "add":
            assert change.place and change.time
            result.append(
                Scheduled(change.date, change.person, change.place, change.time, change.type, origin,
                          on_holiday=change.on_holiday, adjusted_on=change.announced, reason=change.reason)
            )  # fmt: skip
            continue
        match = next(
            (
                n
                for n, s in enumerate(result)
                if s.date == change.date and s.person == change.person and not s.cancelled
            ),
            None,
        )
        if match is None:
            message = f"{change.date.month}月{change.date.day}日没有“{change.person}”的接访安排，无法{'取消' if change.action == 'cancel' else '换人'}。请核对日期和人员。"
            problems.append(roster.problem((*origin, "date"), codes.ADJUSTMENT_NO_MATCH, message))
            continue
        if change.action == "cancel":
            result[match] = replace(result[match], cancelled=True, adjusted_on=change.announced, reason=change.reason)
        else:
            old = result[match]
            result[match] = replace(old, person=change.substitute or old.person, origin=origin, adjusted_on=change.announced,
                                    replaces=old.person, reason=change.reason)  # fmt: skip
    return sorted(result, key=lambda s: (s.date, s.time, s.person)), problems


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _span(first: dt.date, last: dt.date) -> str:
    return f"{first.month}月{first.day}日—{last.month}月{last.day}日"


def check_schedule(
    roster: Document[ReceptionRoster],
    scheduled: list[Scheduled],
    calendar: WorkingCalendar,
    people: Mapping[str, str],
    campaign: tuple[dt.date, dt.date] | None,
) -> Iterator[Problem]:
    """Double bookings, uncovered working days, unmet frequencies, holidays, dates outside the campaign."""
    model = roster.model
    scheduled = [s for s in scheduled if not s.cancelled]
    by_person: dict[tuple[str, dt.date], list[Scheduled]] = defaultdict(list)
    for s in scheduled:
        by_person[(s.person, s.date)].append(s)
    for (person, day), same_day in sorted(by_person.items()):
        for first, second in combinations(same_day, 2):
            if first.overlaps(second):
                message = f"{people.get(person, person)}在{day.month}月{day.day}日同一时间被安排了两处接访（{first.time}，{second.time}），请调整其中一处。"
                blamed = second if first.rule_based or not second.rule_based else first  # point at the hand-made entry
                yield roster.problem(blamed.origin, codes.ROSTER_DOUBLE_BOOKED, message)
    for s in scheduled:
        if not s.rule_based and not s.on_holiday and not calendar.is_working_day(s.date) and s.type != "约访":
            name = calendar.holiday_name(s.date) or f"星期{WEEKDAY_NAMES[s.date.weekday()]}"
            message = (
                f"{s.date.month}月{s.date.day}日是休息日（{name}），确需接访请加 on_holiday: true，否则请改到工作日。"
            )
            yield roster.problem(s.origin, codes.ROSTER_ON_HOLIDAY, message)

    seen_ab: set[tuple[object, str]] = set()
    for s in scheduled:  # the B岗 stands in for the A岗: one person cannot be both, whatever a swap did
        if s.backup and s.backup == s.person and (s.origin, s.person) not in seen_ab:
            seen_ab.add((s.origin, s.person))
            name = people.get(s.person, s.person)
            how = "换人后" if s.replaces else ""
            message = (
                f"{s.date.month}月{s.date.day}日{how}的接访，A岗和B岗都是“{name}”：B岗要在A岗不能接访时顶上，"
                "不能是同一人。请另选B岗，或换另一人接访。"
            )
            yield roster.problem(s.origin, codes.ROSTER_AB_SAME, message)
    if campaign:
        yield from _outside_campaign(roster, scheduled, campaign)
    yield from _uncovered_days(roster, scheduled, calendar)
    for i, constraint in enumerate(model.constraints):
        yield from _frequency(
            roster, i, constraint.people, constraint.times, constraint.per, scheduled, calendar, people
        )


def _outside_campaign(
    roster: Document[ReceptionRoster], scheduled: list[Scheduled], campaign: tuple[dt.date, dt.date]
) -> Iterator[Problem]:
    """One problem per rule or entry that schedules receptions outside the campaign's dates."""
    outside: dict[Loc, list[dt.date]] = defaultdict(list)
    for s in scheduled:
        if not campaign[0] <= s.date <= campaign[1]:
            outside[s.origin].append(s.date)
    for origin, days in outside.items():
        listed = "、".join(f"{d.month}月{d.day}日" for d in days[:3]) + (f"等 {len(days)} 天" if len(days) > 3 else "")
        message = f"{listed}的接访不在专项活动期间（{_span(*campaign)}）之内。"
        yield roster.problem(origin, codes.ROSTER_OUTSIDE_CAMPAIGN, message)


def _uncovered_days(
    roster: Document[ReceptionRoster], scheduled: list[Scheduled], calendar: WorkingCalendar
) -> Iterator[Problem]:
    model = roster.model
    for index, rule in enumerate(model.rules):
        if not isinstance(rule, DailyRotation):
            continue
        covered = {s.date for s in scheduled if s.place == rule.place}
        start = max(rule.start or model.start or dt.date.min, model.start or dt.date.min)
        end = min(rule.end or model.end or dt.date.max, model.end or dt.date.max)
        missing = [d for d in calendar.working_days(start, end) if d not in covered]
        if missing:
            days = "、".join(f"{d.month}月{d.day}日" for d in missing[:5]) + ("等" if len(missing) > 5 else "")
            message = f"这些工作日没有人接访：{days}。取消接访后请用 swap 换人，或用 add 补上。"
            yield roster.problem(("rules", index), codes.ROSTER_UNCOVERED_DAY, message)


def _frequency(
    roster: Document[ReceptionRoster],
    index: int,
    persons: tuple[str, ...],
    times: int,
    per: str,
    scheduled: list[Scheduled],
    calendar: WorkingCalendar,
    people: Mapping[str, str],
) -> Iterator[Problem]:
    model = roster.model
    if model.start is None or model.end is None:
        return
    periods: dict[tuple[dt.date, dt.date], None] = {}
    for day in calendar.working_days(model.start, model.end):
        first, last = (
            _week(day)
            if per == "week"
            else (
                day.replace(day=1),
                (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1),
            )
        )
        periods[(first, last)] = None
    unit = "周" if per == "week" else "月"
    for first, last in periods:
        # Prorated: a week or month the roster covers only in part, or with holidays in it, asks for its share
        # of the working days a plain one has (Monday to Friday), rounded half up.
        plain = sum(1 for d in days_between(first, last) if d.isoweekday() <= 5)
        inside = len(calendar.working_days(max(first, model.start), min(last, model.end)))
        required = min(times, int((Decimal(times * inside) / plain).quantize(Decimal(1), ROUND_HALF_UP)))
        if required == 0:
            continue
        share = (
            ""
            if required == times and inside >= plain
            else f"这一{unit}在接访安排期间只有 {inside} 个工作日（平常 {plain} 个），按比例至少 {required} 次"
        )
        for person in persons:
            count = sum(1 for s in scheduled if s.person == person and first <= s.date <= last)
            if count < required:
                message = (
                    f"{people.get(person, person)}在{_span(first, last)}这一{unit}只安排了 {count} 次接访，"
                    f"要求每{unit}不少于 {times} 次" + (f"；{share}" if share else "") + "。"
                )
                yield roster.problem(("constraints", index), codes.ROSTER_FREQUENCY, message)
