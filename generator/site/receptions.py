"""Model stage: the public view of each published reception (``Row``), and its weeks, months and days.

``public_rows`` makes the rows once, in the model stage (``Site.rows``); every output of the
schedule — pages, roster tables, open data, calendars, posters, 接访公告, the 公文's 安排表 —
reads these rows and nothing else of a reception, so what is public is decided here only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.cn import cn_date, cn_month_day, cn_weekday
from generator.content.models import Person, Place
from generator.rosters.rules import Scheduled

SCHEDULE = "jiefang"
"""URL folder of the schedule pages: jiefang/, jiefang/week/YYYY-Www/, jiefang/month/YYYY-MM/, jiefang/day/YYYY-MM-DD/."""


@dataclass(frozen=True)
class Row:
    """One reception as the public reads it (only 姓名, 职务, 分管工作 of the leader).

    The fields of ``FIELDS`` are the published columns; the last four say where the row comes
    from, for the outputs that group or identify receptions (calendars by place, stable UIDs).
    """

    date: dt.date
    weekday: str
    time: str
    name: str
    post: str
    duties: str
    place: str
    address: str
    type: str
    level: str
    status: str
    note: str
    """The reception's own public note, then any 调整 (with its date and reason) and the B岗."""
    backup: str
    """The B岗's name (also in the note, for readers), "" without one or when the reception is cancelled."""
    roster: str = ""
    place_id: str = ""
    identity: str = ""
    """Roster, day, slot, place and the person first scheduled: the same across adjustments."""
    adjusted: bool = False

    @property
    def cancelled(self) -> bool:
        return self.status == "已取消"

    def cells(self) -> tuple[str, ...]:
        """The published columns (``FIELDS``) as text, the date as YYYY-MM-DD."""
        return tuple(self.date.isoformat() if name == "date" else str(getattr(self, name)) for name, _, _ in FIELDS)


FIELDS = (
    ("date", "date", "日期"),
    ("weekday", "string", "星期"),
    ("time", "string", "时间"),
    ("name", "string", "接访领导"),
    ("post", "string", "职务"),
    ("duties", "string", "分管工作"),
    ("place", "string", "接访地点"),
    ("address", "string", "地址"),
    ("type", "string", "接访方式"),
    ("level", "string", "层级"),
    ("status", "string", "状态"),
    ("note", "string", "备注"),
    ("backup", "string", "B岗（备岗）"),
)


def public_row(people: Mapping[str, Person], places: Mapping[str, Place], roster: str, s: Scheduled) -> Row:
    """A reception as published: who (姓名, 职务, 分管工作 only), where, when, its note, any 调整 and the B岗."""
    person, place = people[s.person], places[s.place]
    notes = [s.note] if s.note else []
    if s.adjusted_on:
        change = "取消" if s.cancelled else f"由{person.name}代替{people[s.replaces].name}" if s.replaces else "增加"
        notes.append(f"{cn_month_day(s.adjusted_on)}调整：{change}" + (f"（{s.reason}）" if s.reason else ""))
    if s.backup and not s.cancelled:
        notes.append(f"B岗：{people[s.backup].name}")
    identity = f"{roster}|{s.date.isoformat()}|{s.time}|{s.place}|{s.replaces or s.person}"
    return Row(
        s.date, cn_weekday(s.date), s.time, person.name, person.post, person.duties,
        place.name, place.address, s.type, person.level, "已取消" if s.cancelled else "有效", "；".join(notes),
        people[s.backup].name if s.backup and not s.cancelled else "", roster, s.place, identity,
        s.adjusted_on is not None,
    )  # fmt: skip


def public_rows(
    people: Mapping[str, Person],
    places: Mapping[str, Place],
    schedules: Mapping[str, tuple[Scheduled, ...]],
    rosters: Iterable[str],
) -> dict[str, tuple[Row, ...]]:
    """Roster id → its rows, in schedule order, for the published ``rosters``."""
    return {rid: tuple(public_row(people, places, rid, s) for s in schedules.get(rid, ())) for rid in rosters}


def in_order(rows: Iterable[Row]) -> list[Row]:
    """Rows in date and time order (then by name): the order of every schedule page and file."""
    return sorted(rows, key=lambda r: (r.date, r.time, r.name))


def week_key(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_span(key: str) -> tuple[dt.date, dt.date]:
    monday = dt.date.fromisocalendar(int(key[:4]), int(key[6:]), 1)
    return monday, monday + dt.timedelta(days=6)


def group(rows: Iterable[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        day = row.date.isoformat()
        name = week_key(row.date) if key == "week" else day[:7] if key == "month" else day
        grouped.setdefault(name, []).append(row)
    return grouped


def period_title(kind: str, key: str) -> str:
    if kind == "week":
        first, last = week_span(key)
        return f"{cn_date(first)}—{last.month}月{last.day}日"
    if kind == "month":
        return f"{int(key[:4])}年{int(key[5:])}月"
    day = dt.date.fromisoformat(key)
    return f"{cn_date(day)}（{cn_weekday(day)}）"


@dataclass(frozen=True)
class Link:
    url: str
    title: str


def periods(rows: list[Row], kind: str) -> list[tuple[Link, list[Row]]]:
    return [
        (Link(f"{SCHEDULE}/{kind}/{key}/", period_title(kind, key)), items)
        for key, items in sorted(group(rows, kind).items())
    ]


def schedule_weeks(rows: Iterable[Row]) -> list[tuple[str, list[Row]]]:
    """(URL of the week page, its receptions) for every week with receptions: each gets a poster."""
    active = [row for row in in_order(rows) if not row.cancelled]
    return [(link.url, items) for link, items in periods(active, "week")]
