"""Model stage: the public view of each published reception (``Row``), and its weeks, months and days.

Every output of the schedule (pages, open data, calendars, posters, 接访公告) reads these rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from generator.cn import cn_date, cn_weekday
from generator.rosters.rules import Scheduled
from generator.site.model import Site

SCHEDULE = "jiefang"


"""URL folder of the schedule pages: jiefang/, jiefang/week/YYYY-Www/, jiefang/month/YYYY-MM/, jiefang/day/YYYY-MM-DD/."""


@dataclass(frozen=True)
class Row:
    """One reception as the public reads it (only 姓名, 职务, 分管工作 of the leader)."""

    date: str
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

    @property
    def cancelled(self) -> bool:
        return self.status == "已取消"


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
)


def public_row(site: Site, s: Scheduled) -> Row:
    """A reception as published: who (姓名, 职务, 分管工作 only), where, when, and any 调整 or B岗."""
    person, place = site.people[s.person], site.places[s.place]
    notes = []
    if s.adjusted_on:
        change = (
            "取消" if s.cancelled else f"由{person.name}代替{site.people[s.replaces].name}" if s.replaces else "增加"
        )
        notes.append(
            f"{s.adjusted_on.month}月{s.adjusted_on.day}日调整：{change}" + (f"（{s.reason}）" if s.reason else "")
        )
    if s.backup and not s.cancelled:
        notes.append(f"B岗：{site.people[s.backup].name}")
    return Row(
        s.date.isoformat(), cn_weekday(s.date), s.time, person.name, person.post, person.duties,
        place.name, place.address, s.type, person.level, "已取消" if s.cancelled else "有效", "；".join(notes),
    )  # fmt: skip


def published_rows(site: Site) -> list[Row]:
    """Every reception of every published roster, in date and time order."""
    rows = [
        public_row(site, s) for item in site.by_kind("roster") for s in site.schedules.get(item.document.model.id, ())
    ]
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
        day = dt.date.fromisoformat(row.date)
        name = week_key(day) if key == "week" else row.date[:7] if key == "month" else row.date
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


def schedule_weeks(site: Site) -> list[tuple[str, list[Row]]]:
    """(URL of the week page, its receptions) for every week with receptions: each gets a poster."""
    active = [row for row in published_rows(site) if not row.cancelled]
    return [(link.url, items) for link, items in periods(active, "week")]
