"""Model stage: the publication gate — what goes on the site, what does not, and why (发布清单).

An item is published only when its 公开属性 is 主动公开, its 审核 (reviewer and date) is
filled in and its 发布日期 is not after the as-of date. A plan or roster printed with a
notice follows the notice. Free pages (联系我们 …) carry no disclosure metadata and are
always published. The site model and ``gongkai check`` both ask :func:`withheld_because`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.content import kinds
from generator.content.documents import Content, Document
from generator.content.models import DisclosureFields


def withheld_because(meta: DisclosureFields | None, today: dt.date) -> str | None:
    """Why an item with this metadata is not published, or None when it is."""
    if meta is None:
        return "没有公开元数据"
    if meta.disclosure != "主动公开":
        return f"公开属性为“{meta.disclosure}”，只有主动公开的信息才发布"
    if meta.review is None:
        return "未审核：没有填写审核人和审核日期"
    if meta.date_published > today:
        return f"发布日期 {meta.date_published.isoformat()} 还没到（构建日期 {today.isoformat()}）"
    return None


@dataclass(frozen=True)
class Decision:
    """One line of the 发布清单."""

    path: str
    kind: str
    id: str
    title: str
    reason: str | None  # None: published

    @property
    def published(self) -> bool:
        return self.reason is None


def own_meta(doc: Document[Any]) -> DisclosureFields | None:
    """A document's own disclosure metadata, where its kind keeps it (None for a plan printed with a notice)."""
    where = kinds.kind(doc.source.kind).meta
    if where is None:
        return None
    found: object = doc.model
    for key in where:
        found = getattr(found, str(key), None)
    return found if isinstance(found, DisclosureFields) else None


def publication_plan(content: Content, today: dt.date) -> list[Decision]:
    """Every document with the gate's decision, in the order of the content folders."""
    notices = {n.model.id: n for n in content.notices}
    lines: list[Decision] = []
    for kind in kinds.KINDS:
        for doc in content.of(kind.name):
            if kind.meta is None:  # free pages: always published
                lines.append(Decision(doc.source.path, kind.name, doc.model.id, doc.model.title, None))
            else:
                lines.append(_decide(doc, kind.name, notices, today))
    return lines


def _decide(doc: Document[Any], kind: str, notices: dict[str, Document[Any]], today: dt.date) -> Decision:
    parent = getattr(doc.model, "published_with", None)
    meta = own_meta(notices[parent]) if parent in notices else None if parent else own_meta(doc)
    title = getattr(doc.model, "title", None) or (meta.title if meta else doc.model.id)
    reason = withheld_because(meta, today)
    if parent and parent not in notices:
        reason = f"随通知“{parent}”印发，但没有这个通知"
    elif parent and reason:
        reason = f"随通知“{parent}”印发，该通知不发布：{reason}"
    return Decision(doc.source.path, kind, doc.model.id, str(title), reason)


def plan_text(lines: list[Decision], today: dt.date) -> Iterator[str]:
    """The 发布清单 as lines for a terminal."""
    yield f"发布清单（构建日期 {today.isoformat()}）："
    for line in lines:
        mark = "发布  " if line.published else "不发布"
        why = "" if line.published else f"——{line.reason}"
        yield f"  {mark} {line.path}  {line.title}{why}"
    published = sum(1 for line in lines if line.published)
    yield f"共 {published} 项发布，{len(lines) - published} 项不发布。"
