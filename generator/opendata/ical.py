"""Render stage: reception calendars (RFC 5545) — all receptions, per place and per level.

Times are local to Asia/Shanghai with a VTIMEZONE; UIDs are stable across
builds (they name the roster, day, slot and the person originally scheduled),
SEQUENCE rises when a reception was adjusted, DTSTAMP is the build date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from generator.rosters.rules import Scheduled
from generator.site.model import Site

SHANGHAI = ZoneInfo("Asia/Shanghai")
LEVEL_SLUGS = {"市级": "city", "县级": "county", "乡镇级": "township", "村级": "village"}


def _uid(roster_id: str, s: Scheduled, domain: str) -> str:
    key = f"{roster_id}|{s.date.isoformat()}|{s.time}|{s.place}|{s.replaces or s.person}"
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:24]}@{domain}"


def _event(site: Site, roster_id: str, s: Scheduled, stamp: dt.datetime, domain: str) -> Event:
    person, place = site.people[s.person], site.places[s.place]
    start, end = s.time.split("-")
    event = Event()
    event.add("uid", _uid(roster_id, s, domain))
    event.add("dtstamp", stamp)
    event.add("dtstart", dt.datetime.combine(s.date, dt.time.fromisoformat(start), SHANGHAI))
    event.add("dtend", dt.datetime.combine(s.date, dt.time.fromisoformat(end), SHANGHAI))
    event.add("summary", f"{person.name}（{person.post}）{s.type}")
    event.add("location", f"{place.name}，{place.address}" if place.address else place.name)
    lines = [f"接访领导：{person.name}", f"职务：{person.post}"]
    lines += [f"分管工作：{person.duties}"] if person.duties else []
    lines += [f"接访方式：{s.type}"]
    if s.adjusted_on:
        change = "取消" if s.cancelled else "换人" if s.replaces else "增加"
        lines.append(
            f"{s.adjusted_on.month}月{s.adjusted_on.day}日调整：{change}" + (f"（{s.reason}）" if s.reason else "")
        )
    event.add("description", "\n".join(lines))
    event.add("sequence", 1 if s.adjusted_on else 0)
    event.add("status", "CANCELLED" if s.cancelled else "CONFIRMED")
    return event


def calendar_bytes(site: Site, name: str, receptions: Iterable[tuple[str, Scheduled]]) -> bytes:
    """One .ics file for ``receptions`` (roster id, reception) pairs."""
    domain = site.settings.base_url.split("/")[2]
    stamp = dt.datetime.combine(site.today, dt.time(), SHANGHAI).astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//gongkai//信访接访安排//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{site.settings.title}：{name}")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for roster_id, s in receptions:
        calendar.add_component(_event(site, roster_id, s, stamp, domain))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def reception_calendars(site: Site, published_rosters: Iterable[str]) -> dict[str, bytes]:
    """calendar/all.ics, calendar/place-ID.ics and calendar/level-LEVEL.ics for published rosters."""
    pairs = [(rid, s) for rid in sorted(published_rosters) for s in site.schedules.get(rid, ())]
    if not pairs:
        return {}
    files = {"calendar/all.ics": calendar_bytes(site, "全部接访", pairs)}
    for place_id, place in sorted(site.places.items()):
        chosen = [(rid, s) for rid, s in pairs if s.place == place_id]
        if chosen:
            files[f"calendar/place-{place_id}.ics"] = calendar_bytes(site, place.name, chosen)
    for level, slug in LEVEL_SLUGS.items():
        chosen = [(rid, s) for rid, s in pairs if site.people[s.person].level == level]
        if chosen:
            files[f"calendar/level-{slug}.ics"] = calendar_bytes(site, f"{level}领导接访", chosen)
    return files
