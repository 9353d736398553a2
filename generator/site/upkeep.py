"""Model stage: the site's upkeep as an inspector finds it on the day (``gongkai check`` only).

Inspectors flag a home page with nothing new for two weeks and a column with nothing new for
six months (a 年报 column a year); a free page no other page links to is found by search and
the sitemap only. A build of old content does not repeat these: old content is not wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator import codes
from generator.problems import Problem
from generator.site.model import Site

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
