"""Model stage: compliance checks of the disclosure rules (warnings; errors under ``--strict``).

- 条例 第二十六条: proactively disclosed information is published within 20 working days of
  being formed (成文日期 → 发布日期, counted on the Chinese working calendar).
- A column with nothing in it counts against a site in the assessment (空栏目).
- An issued 索引号 never changes: the previous build's ``manifest.json`` is compared.
- An example site (``example: true``) gives no real telephone number: every number it
  declares is marked fictional (示例), so that no reader rings a real office or person.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from generator import codes
from generator.content.documents import Content, Document
from generator.content.models import DisclosureFields, SiteSettings
from generator.problems import Problem
from generator.rosters.workdays import WorkingCalendar
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
