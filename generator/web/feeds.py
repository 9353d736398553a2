"""Render stage: Atom feeds (feedgen) — ``feed.xml`` for the whole site and ``{column}/feed.xml`` per column.

A feed carries the newest ``FEED_SIZE`` items, newest first. Every date in it comes
from the items (发布日期, midnight Beijing time), never from the clock, so the same
content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from feedgen.feed import FeedGenerator

from generator.cn import CHINA
from generator.site.model import Item, Site
from generator.web.listing import column_items, listed

FEED_SIZE = 50


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=CHINA)


def atom_feed(site: Site, items: Sequence[Item], title: str, path: str, page: str = "") -> bytes:
    """An Atom document for ``items`` (already newest first), served at ``path``; ``page`` is the list it follows."""
    base = site.settings.base_url
    feed = FeedGenerator()
    feed.id(base + path)
    feed.title(title)
    feed.author({"name": site.settings.publisher.full_name})
    feed.link(href=base + path, rel="self")
    feed.link(href=base + page, rel="alternate")  # the column's own list, or the home page
    feed.language("zh-CN")
    feed.generator("gongkai")
    shown = [i for i in items if i.meta is not None][:FEED_SIZE]
    newest = max((i.meta.date_published for i in shown if i.meta), default=site.today)
    feed.updated(_moment(newest))
    for item in shown:
        assert item.meta is not None
        entry = feed.add_entry(order="append")
        entry.id(base + item.url)
        entry.title(item.title)
        entry.link(href=base + item.url, rel="alternate")
        entry.published(_moment(item.meta.date_published))
        entry.updated(_moment(item.meta.date_published))
        entry.summary(item.meta.summary or item.title)
        entry.author({"name": item.meta.publisher or site.settings.publisher.full_name})
    return bytes(feed.atom_str(pretty=True))


def site_feeds(site: Site) -> dict[str, bytes]:
    """``feed.xml`` and one feed per column, by path under ``site/``."""
    documents = listed(site)
    feeds = {"feed.xml": atom_feed(site, documents, site.settings.title, "feed.xml")}
    for column, items in column_items(site):
        path = f"{column.id}/feed.xml"
        feeds[path] = atom_feed(site, items, f"{column.name} - {site.settings.title}", path, f"{column.id}/")
    return feeds
