"""Render stage: the lists of a disclosure site — columns, the 信息公开目录, year archives — 20 items a page.

Every list is cut into pages of ``PER_PAGE``; a list page links only to its
neighbours and a few page numbers, so the cost of a page does not grow with the
size of the site. URLs: ``{column}/``, ``{column}/2/`` …; ``xxgk/ml/`` (every
item); ``xxgk/2024/`` (the items published in 2024).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from generator.content.models import Column
from generator.site.model import Item, Site

PER_PAGE = 20
XXGK = "政府信息公开"


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str  # relative to the site root; "" is the home page


@dataclass(frozen=True)
class Pager:
    """Where a list page sits among its siblings: page ``number`` of ``count``."""

    url: str  # the first page's URL; page n > 1 is at url + "n/"
    number: int
    count: int
    total: int

    def page_url(self, number: int) -> str:
        return self.url if number == 1 else f"{self.url}{number}/"

    @property
    def window(self) -> list[int | None]:
        """Page numbers to show: the first, the last and two either side of this one (None is a gap)."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out: list[int | None] = []
        for n in shown:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


@dataclass(frozen=True)
class ListPage:
    """One page of a list, ready for the ``list.html`` template."""

    src_uri: str
    title: str
    items: tuple[Item, ...]
    pager: Pager
    crumbs: tuple[Crumb, ...]
    column: Column | None = None
    description: str = ""
    catalogue: bool = False
    """The 信息公开目录: its pages offer filters by 体裁, 主题分类 and 年份 (over catalogue_records)."""


def listed(site: Site) -> tuple[Item, ...]:
    """The items a list shows: documents with metadata, newest first (plans and rosters inside a notice are not)."""
    return tuple(i for i in site.items if i.part_of is None and i.meta is not None)


def paginate(
    items: Sequence[Item], url: str, title: str, crumbs: tuple[Crumb, ...], **extra: Any
) -> Iterator[ListPage]:
    """The pages of one list; a list with no items still has its first page (saying so)."""
    count = max(1, -(-len(items) // PER_PAGE))
    for number in range(1, count + 1):
        pager = Pager(url, number, count, len(items))
        page_url = pager.page_url(number)
        shown = tuple(items[(number - 1) * PER_PAGE : number * PER_PAGE])
        heading = title if number == 1 else f"{title}（第{number}页）"
        yield ListPage(f"{page_url}index.md", heading, shown, pager, crumbs, **extra)


def column_url(column: Column) -> str:
    return f"{column.id}/"


def crumbs_of(site: Site, column_id: str | None) -> tuple[Crumb, ...]:
    """首页 › (政府信息公开 ›) column: the trail above an item or a list of that column."""
    trail = [Crumb("首页", "")]
    column = columns_by_id(site).get(column_id or "")
    if column is None:
        return tuple(trail)
    if column.parent == "xxgk":
        trail.append(Crumb(XXGK, "xxgk/"))
    trail.append(Crumb(column.name, column_url(column)))
    return tuple(trail)


def in_columns(site: Site) -> tuple[Item, ...]:
    """The items the column lists show: every document with metadata and a column, newest first."""
    return tuple(i for i in site.items if i.meta is not None and i.column)


def column_items(site: Site) -> list[tuple[Column, list[Item]]]:
    """Each column the site shows with its items, newest first (an empty 栏目 is left out)."""
    grouped: dict[str, list[Item]] = {c.id: [] for c in site.settings.columns}
    for item in in_columns(site):
        grouped[item.column or ""].append(item)
    return [(c, grouped[c.id]) for c in site.settings.columns if grouped[c.id]]


def shown_columns(site: Site) -> list[Column]:
    """The columns the site shows: those with at least one published item."""
    return [column for column, _ in column_items(site)]


def columns_by_id(site: Site) -> dict[str, Column]:
    return {c.id: c for c in site.settings.columns}


def list_pages(site: Site) -> list[ListPage]:
    """Every column's pages, the 信息公开目录 and one archive per year of publication."""
    documents = listed(site)
    by_year: dict[int, list[Item]] = {}
    for item in documents:
        assert item.meta is not None
        by_year.setdefault(item.meta.date_published.year, []).append(item)
    pages: list[ListPage] = []
    for column, items in column_items(site):
        trail = crumbs_of(site, column.id)[:-1]
        pages += paginate(items, column_url(column), column.name, trail, column=column, description=column.description)
    home = (Crumb("首页", ""), Crumb(XXGK, "xxgk/"))
    pages += [
        dataclasses.replace(page, catalogue=True)
        for page in paginate(
            documents, "xxgk/ml/", "信息公开目录", home, description="本站公开的全部信息，按发布日期排列，最新的在前。"
        )
    ]
    for year, items in sorted(by_year.items(), reverse=True):
        pages += paginate(items, f"xxgk/{year}/", f"{year}年公开的信息", home)
    return pages


def years(site: Site) -> list[int]:
    """The years in which something was published, newest first (for the archive links)."""
    return sorted({i.meta.date_published.year for i in listed(site) if i.meta}, reverse=True)


CATALOGUE_RECORDS = "xxgk/ml/catalogue.json"
"""Every listed item with what the 目录's filters choose by: the page's script filters across all its pages."""


def catalogue_records(site: Site) -> dict[str, bytes]:
    """The 信息公开目录 as JSON records (title, url, 索引号, 发布日期, 体裁, 主题分类, 年份), newest first."""
    records = [
        {
            "title": item.title,
            "url": item.url,
            "suoyinhao": item.meta.suoyinhao,
            "date": item.meta.date_published.isoformat(),
            "genre": item.meta.genre,
            "subject": item.meta.subject,
            "year": item.meta.date_published.year,
        }
        for item in listed(site)
        if item.meta is not None
    ]
    return {CATALOGUE_RECORDS: (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}


def catalogue_choices(site: Site) -> dict[str, list[str] | list[int]]:
    """The values each filter of the 目录 offers, in the order a reader expects (years newest first)."""
    metas = [item.meta for item in listed(site) if item.meta is not None]
    return {
        "genre": sorted({str(m.genre) for m in metas}),
        "subject": sorted({m.subject for m in metas if m.subject}),
        "year": sorted({m.date_published.year for m in metas}, reverse=True),
    }
