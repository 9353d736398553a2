"""Render stage: the public reception schedule — today and upcoming, weeks, months, daily 接访公告, open data.

All views read the same expanded receptions (``Site.schedules``) of the published rosters.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .cn import cn_date, cn_weekday
from .csvout import csv_bytes
from .rosters import Scheduled
from .site import Site

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


def announcement_text(site: Site, day: str, rows: list[Row]) -> str:
    """The day's 接访公告 as plain text, ready to paste into a WeChat post."""
    date = dt.date.fromisoformat(day)
    lines = [f"【{site.settings.publisher.short_name}领导接访公告】", f"{cn_date(date)}（{cn_weekday(date)}）"]
    for row in rows:
        duties = f"；{row.duties}" if row.duties else ""
        cancelled = "（已取消）" if row.cancelled else ""
        lines.append(f"{row.time.replace('-', '—')}  {row.name}（{row.post}{duties}）  {row.type}{cancelled}")
        lines.append(f"地点：{row.place}" + (f"（{row.address}）" if row.address else ""))
        lines += [f"（{row.note}）"] if row.note else []
    contact = site.settings.contact
    lines.append(f"欢迎有诉求的群众依法有序反映问题。咨询电话：{contact.phone}")
    return "\n".join(lines) + "\n"


def open_data(rows: list[Row]) -> dict[str, bytes]:
    """The schedule as CSV and JSON with a Frictionless Table Schema."""
    table = csv_bytes([name for name, _, _ in FIELDS], ([getattr(row, name) for name, _, _ in FIELDS] for row in rows))
    schema = {
        "fields": [{"name": name, "type": kind, "title": title} for name, kind, title in FIELDS],
        "missingValues": [""],
    }
    as_json = [asdict(row) for row in rows]
    return {
        "data/receptions.csv": table,
        "data/receptions.json": (json.dumps(as_json, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        "data/receptions.schema.json": (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }


@dataclass(frozen=True)
class Link:
    url: str
    title: str


@dataclass(frozen=True)
class Day:
    date: str
    title: str
    rows: tuple[Row, ...]


def _periods(rows: list[Row], kind: str) -> list[tuple[Link, list[Row]]]:
    return [
        (Link(f"{SCHEDULE}/{kind}/{key}/", period_title(kind, key)), items)
        for key, items in sorted(group(rows, kind).items())
    ]


def schedule_weeks(site: Site) -> list[tuple[str, list[Row]]]:
    """(URL of the week page, its receptions) for every week with receptions: each gets a poster."""
    active = [row for row in published_rows(site) if not row.cancelled]
    return [(link.url, items) for link, items in _periods(active, "week")]


def schedule_views(site: Site) -> tuple[list[tuple[str, str, str, dict[str, object]]], dict[str, bytes]]:
    """Pages (src, title, template, context) and files of the public schedule."""
    rows = published_rows(site)
    if not rows:
        return [], {}
    pages: list[tuple[str, str, str, dict[str, object]]] = []
    files = open_data(rows)
    weeks = _periods(rows, "week")
    months = _periods(rows, "month")
    for kind, unit, periods in (("week", "周", weeks), ("month", "月", months)):
        for index, (link, items) in enumerate(periods):
            context: dict[str, object] = {
                "rows": items,
                "unit": unit,
                "prev": periods[index - 1][0] if index else None,
                "next": periods[index + 1][0] if index + 1 < len(periods) else None,
                "poster": kind == "week",
            }
            pages.append((link.url.rstrip("/") + ".md", f"领导接访安排（{link.title}）", "schedule.html", context))
    for day, items in sorted(group(rows, "day").items()):
        text = announcement_text(site, day, items)
        files[f"{SCHEDULE}/day/{day}/gonggao.txt"] = text.encode("utf-8")
        day_context: dict[str, object] = {"rows": items, "text": text}
        pages.append(
            (f"{SCHEDULE}/day/{day}.md", f"接访公告：{period_title('day', day)}", "announcement.html", day_context)
        )
    today = site.today.isoformat()
    horizon = (site.today + dt.timedelta(days=14)).isoformat()
    upcoming = [
        Day(d, period_title("day", d), tuple(r)) for d, r in sorted(group(rows, "day").items()) if today <= d <= horizon
    ]
    calendars = [Link("calendar/all.ics", "全部接访（all.ics）")]
    used = {s.place for item in site.by_kind("roster") for s in site.schedules.get(item.document.model.id, ())}
    calendars += [
        Link(f"calendar/place-{pid}.ics", f"{site.places[pid].name}（place-{pid}.ics）") for pid in sorted(used)
    ]
    hub = {
        "upcoming": upcoming,
        "weeks": [w for w, _ in weeks],
        "months": [m for m, _ in months],
        "calendars": calendars,
    }
    pages.append((f"{SCHEDULE}.md", "领导接访安排", "schedule_index.html", hub))
    return pages, files
