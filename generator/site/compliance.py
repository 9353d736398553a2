"""Model stage: compliance checks of the disclosure rules (warnings; errors under ``--strict``).

- 条例 第二十六条: proactively disclosed information is published within 20 working days of
  being formed (成文日期 → 发布日期, counted on the Chinese working calendar).
- A column with nothing in it counts against a site in the assessment (空栏目).
- An issued 索引号 never changes: the previous build's ``manifest.json`` is compared.
- Freshness (``gongkai check`` only: a build of old content is not wrong): inspectors flag a home
  page with nothing new for two weeks and a column with nothing new for six months (a 年报
  column a year); a free page no other page links to is found by search and sitemap only.
- An example site (``example: true``) gives no real telephone number: every number it
  declares is marked fictional (示例), so that no reader rings a real office or person.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import codes
from generator.content.documents import Content, Document
from generator.content.models import DisclosureFields, SiteSettings
from generator.problems import Problem
from generator.rosters.workdays import WorkingCalendar

if TYPE_CHECKING:
    from generator.site.model import Site
from generator.source.yamldoc import Loc

DEADLINE_WORKING_DAYS = 20


def late_publication(
    doc: Document[Any], meta: DisclosureFields, calendar: WorkingCalendar, loc: Loc
) -> Iterator[Problem]:
    """发布日期 more than 20 working days after 成文日期."""
    if meta.date_published <= meta.date_written:
        return
    days = len(calendar.working_days(meta.date_written, meta.date_published)) - calendar.is_working_day(
        meta.date_written
    )
    if days > DEADLINE_WORKING_DAYS:
        message = (
            f"发布日期比成文日期晚 {days} 个工作日。《政府信息公开条例》第二十六条要求自信息形成之日起"
            f" {DEADLINE_WORKING_DAYS} 个工作日内公开；请及时发布，或核对这两个日期。"
        )
        yield doc.problem((*loc, "date_published"), codes.LATE_PUBLICATION, message)


def empty_columns(settings: Document[SiteSettings], listed_columns: Iterable[str | None]) -> Iterator[Problem]:
    """Columns that no published item is listed in."""
    used = set(listed_columns)
    for index, column in enumerate(settings.model.columns):
        if column.id not in used:
            message = f"栏目“{column.name}”（{column.id}）没有任何已发布的信息。空栏目在政府网站检查中扣分：请发布内容，或从 columns 中删除它。"
            loc = ("columns", index, "id") if "columns" in settings.source.located.data else ()
            yield settings.problem(loc, codes.EMPTY_COLUMN, message)


def changed_suoyinhao(out: Path, issued: Mapping[str, tuple[str | None, Document[Any], Loc]]) -> Iterator[Problem]:
    """Items whose 索引号 differs from the one the last published ``manifest.json`` recorded."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        before = {i["id"]: i.get("suoyinhao") for i in manifest.get("items", []) if isinstance(i, dict)}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return
    for ident, (number, doc, loc) in sorted(issued.items()):
        old = before.get(ident)
        if old and number and old != number:
            message = f"索引号从已发布的“{old}”改成了“{number}”。索引号一经发布不得更改：请改回“{old}”。"
            yield doc.problem((*loc, "suoyinhao"), codes.SUOYINHAO_CHANGED, message)


FICTIONAL_MARKS = ("示例", "虚构")


def example_phones(content: Content) -> Iterator[Problem]:
    """In an example site, each declared telephone number not marked as fictional (an error)."""
    if content.settings is None or not content.settings.model.example:
        return
    declared: list[tuple[Document[Any], Loc, str]] = [
        (content.settings, ("contact", "phone"), content.settings.model.contact.phone)
    ]
    if content.places is not None:
        places = content.places
        declared += [(places, ("places", i, "phone"), p.phone) for i, p in enumerate(places.model.places) if p.phone]
    for doc in content.of("campaign"):
        contact = doc.model.contact
        declared += [(doc, ("contact", "phone"), contact.phone)] if contact else []
    for doc, loc, phone in declared:
        if not any(mark in phone for mark in FICTIONAL_MARKS):
            message = (
                f"这是示例网站（site.yaml 中 example: true），电话“{phone}”却没有注明是虚构的。"
                "示例里的电话一律用虚构号码，并写上“（示例号码）”，以免读者照着拨打真实的号码。"
            )
            yield doc.problem(loc, codes.EXAMPLE_REAL_PHONE, message)


UPDATE_LIMITS: dict[str, int | None] = {"nianbao": 366, "zhinan": None, "zhidu": None, "fdzdgknr": None}
"""Default update limits (days) by column id where the inspectors' six months do not apply; None: never stale.
A 年报 comes once a year; the 指南, the 制度 and the 法定主动公开内容 (职能, standing rules) change when they change."""
COLUMN_LIMIT = 183


def stale_columns(site: Site) -> Iterator[Problem]:
    """Warnings for the home page and each column whose newest item is older than its update limit."""
    settings, today = site.settings, site.today
    dated = [i for i in site.items if i.meta is not None]
    newest = max(dated, key=lambda i: i.meta.date_published if i.meta else dt.date.min, default=None)
    if newest is not None and newest.meta is not None:
        days = (today - newest.meta.date_published).days
        if days > settings.home_update_limit_days:
            message = (
                f"首页已 {days} 天没有新信息（最新一条是 {newest.document.source.path}，{newest.meta.date_published.isoformat()} 发布），"
                f"超过 {settings.home_update_limit_days} 天的更新期限：政府网站检查把两周不更新的首页记为问题。请发布新信息。"
            )
            yield Problem(path="content/site.yaml", code=codes.STALE_HOME, message=message)
    for column in settings.columns:
        limit = column.update_limit_days or UPDATE_LIMITS.get(column.id, COLUMN_LIMIT)
        listed = [i for i in dated if i.column == column.id and i.meta is not None]
        if limit is None or not listed:  # an empty column is reported on its own (empty-column)
            continue
        last = max(listed, key=lambda i: i.meta.date_published if i.meta else dt.date.min)
        assert last.meta is not None
        days = (today - last.meta.date_published).days
        if days > limit:
            message = (
                f"栏目“{column.name}”（{column.id}）已 {days} 天没有新信息（最新一条 {last.meta.date_published.isoformat()}），"
                f"超过 {limit} 天的更新期限。长期不更新的栏目在政府网站检查中扣分：请发布新信息；"
                "确实不需要经常更新的栏目，可在 columns 中给它设 update_limit_days。"
            )
            yield Problem(path="content/site.yaml", code=codes.STALE_COLUMN, message=message)


def orphan_pages(site: Site) -> Iterator[Problem]:
    """Free pages (content/pages/) that no other page links to: only search and the sitemap find them."""
    bodies = {item.id: site.body(item.document) for item in site.items}
    for item in site.by_kind("page"):
        if item.document.model.id == "contact":  # every page's footer links 联系我们
            continue
        folder = item.url.rstrip("/")
        if not any(folder in body for other, body in bodies.items() if other != item.id):
            message = (
                f"页面“{item.title}”（{item.url}）没有任何页面链接到它，读者只能通过搜索或网站地图找到。"
                f"请在相关的通知、文章或页面中加上链接，例如 [{item.title}](../../{item.url})。"
            )
            yield Problem(path=item.document.source.path, line=1, code=codes.ORPHAN_PAGE, message=message)
