"""Render stage: reception calendars (RFC 5545) — all receptions, per place and per level.

Times are local to Asia/Shanghai with a VTIMEZONE; UIDs are stable across
builds (they name the roster, day, slot, place and the person first scheduled),
SEQUENCE rises when a reception was adjusted, DTSTAMP is the build date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from generator.cache import digest_of
from generator.site.model import Site
from generator.site.receptions import SCHEDULE, Row

SHANGHAI = ZoneInfo("Asia/Shanghai")
LEVEL_SLUGS = {"市级": "city", "县级": "county", "乡镇级": "township", "村级": "village"}


def _uid(row: Row, domain: str) -> str:
    return f"{hashlib.sha256(row.identity.encode('utf-8')).hexdigest()[:24]}@{domain}"


def _event(row: Row, stamp: dt.datetime, domain: str, base: str) -> Event:
    start, end = row.time.split("-")
    event = Event()
    event.add("uid", _uid(row, domain))
    event.add("url", f"{base}{SCHEDULE}/day/{row.date.isoformat()}/")  # the day's 接访公告 page
    event.add("dtstamp", stamp)
    event.add("dtstart", dt.datetime.combine(row.date, dt.time.fromisoformat(start), SHANGHAI))
    event.add("dtend", dt.datetime.combine(row.date, dt.time.fromisoformat(end), SHANGHAI))
    event.add("summary", f"{row.name}（{row.post}）{row.type}")
    event.add("location", f"{row.place}，{row.address}" if row.address else row.place)
    lines = [f"接访领导：{row.name}", f"职务：{row.post}"]
    lines += [f"分管工作：{row.duties}"] if row.duties else []
    lines += [f"接访方式：{row.type}"]
    lines += [f"备注：{row.note}"] if row.note else []
    event.add("description", "\n".join(lines))
    event.add("sequence", 1 if row.adjusted else 0)
    event.add("status", "CANCELLED" if row.cancelled else "CONFIRMED")
    return event


def calendar_bytes(site: Site, name: str, rows: Iterable[Row]) -> bytes:
    """One .ics file of the receptions ``rows`` (made once per process for the same receptions: ``gongkai serve``)."""
    rows = tuple(rows)
    key = digest_of(site.settings.base_url, site.settings.title, site.today, name, rows)
    if key not in _MADE:
        if len(_MADE) > 64:  # a long preview session: only the latest matter
            _MADE.clear()
        _MADE[key] = _calendar_bytes(site, name, rows)
    return _MADE[key]


_MADE: dict[str, bytes] = {}


def _calendar_bytes(site: Site, name: str, rows: Iterable[Row]) -> bytes:
    domain = site.settings.base_url.split("/")[2]
    stamp = dt.datetime.combine(site.today, dt.time(), SHANGHAI).astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//gongkai//信访接访安排//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{site.settings.title}：{name}")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for row in rows:
        calendar.add_component(_event(row, stamp, domain, site.settings.base_url))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def reception_calendars(site: Site) -> dict[str, bytes]:
    """calendar/all.ics, calendar/place-ID.ics and calendar/level-LEVEL.ics of the published receptions."""
    rows = [row for rid in sorted(site.rows) for row in site.rows[rid]]
    if not rows:
        return {}
    files = {"calendar/all.ics": calendar_bytes(site, "全部接访", rows)}
    for place_id, place in sorted(site.places.items()):
        chosen = [row for row in rows if row.place_id == place_id]
        if chosen:
            files[f"calendar/place-{place_id}.ics"] = calendar_bytes(site, place.name, chosen)
    for level, slug in LEVEL_SLUGS.items():
        chosen = [row for row in rows if row.level == level]
        if chosen:
            files[f"calendar/level-{slug}.ics"] = calendar_bytes(site, f"{level}领导接访", chosen)
    return files
