"""Render stage: the public reception schedule — today and upcoming, weeks, months, daily 接访公告, open data.

All views read the public rows of the published rosters (``Site.receptions``, see ``site/receptions.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.cn import cn_date, cn_weekday
from generator.opendata.receptions import open_data
from generator.site.model import Site
from generator.site.receptions import SCHEDULE, Link, Row, group, period_title, periods
from generator.web.listing import Crumb

HOME = (Crumb("首页", ""),)
UNDER_HUB = (*HOME, Crumb("领导接访安排", f"{SCHEDULE}/"))
"""The breadcrumbs of the hub, and of every week, month and day page under it."""


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


@dataclass(frozen=True)
class Day:
    date: str
    title: str
    rows: tuple[Row, ...]


HORIZON_DAYS = 14
"""How far ahead 近期接访 looks: the build's date in the static list, the reader's date in the browser (gongkai.js)."""


def upcoming_days(site: Site) -> list[Day]:
    """The days with receptions from the build's date to two weeks on: the list shown before the browser's own."""
    today, horizon = site.today.isoformat(), (site.today + dt.timedelta(days=HORIZON_DAYS)).isoformat()
    days = sorted(group(list(site.receptions), "day").items())
    return [Day(d, period_title("day", d), tuple(r)) for d, r in days if today <= d <= horizon]


def schedule_views(site: Site) -> tuple[list[tuple[str, str, str, dict[str, object]]], dict[str, bytes]]:
    """Pages (src, title, template, context) and files of the public schedule."""
    rows = list(site.receptions)
    if not rows:
        return [], {}
    pages: list[tuple[str, str, str, dict[str, object]]] = []
    files = open_data(rows)
    weeks = periods(rows, "week")
    months = periods(rows, "month")
    for kind, unit, spans in (("week", "周", weeks), ("month", "月", months)):
        for index, (link, items) in enumerate(spans):
            context: dict[str, object] = {
                "rows": items,
                "unit": unit,
                "prev": spans[index - 1][0] if index else None,
                "next": spans[index + 1][0] if index + 1 < len(spans) else None,
                "poster": kind == "week",
                "crumbs": UNDER_HUB,
            }
            pages.append((link.url.rstrip("/") + ".md", f"领导接访安排（{link.title}）", "schedule.html", context))
    for day, items in sorted(group(rows, "day").items()):
        # the 公众号 text, for staff to paste: a file beside the day page, shown and linked on no public page
        files[f"{SCHEDULE}/day/{day}/gonggao.txt"] = announcement_text(site, day, items).encode("utf-8")
        day_context: dict[str, object] = {"rows": items, "crumbs": UNDER_HUB}
        pages.append(
            (f"{SCHEDULE}/day/{day}.md", f"接访公告：{period_title('day', day)}", "announcement.html", day_context)
        )
    upcoming = upcoming_days(site)
    calendars = [Link("calendar/all.ics", "全部接访（all.ics）")]
    used = {row.place_id for row in rows}
    calendars += [
        Link(f"calendar/place-{pid}.ics", f"{site.places[pid].name}（place-{pid}.ics）") for pid in sorted(used)
    ]
    hub = {
        "upcoming": upcoming,
        "weeks": [w for w, _ in weeks],
        "months": [m for m, _ in months],
        "calendars": calendars,
        "crumbs": HOME,
    }
    pages.append((f"{SCHEDULE}.md", "领导接访安排", "schedule_index.html", hub))
    return pages, files
