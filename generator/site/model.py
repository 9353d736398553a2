"""Model stage: validated Content → the Site (published items with resolved disclosure metadata)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import codes
from generator.cache import digest_of
from generator.content import kinds
from generator.content.documents import Asset, Content, Document
from generator.content.licences import Licence, licence_of
from generator.content.models import (
    CampaignPlan,
    DisclosureFields,
    Notice,
    Page,
    Person,
    Place,
    ReceptionRoster,
    SiteSettings,
    StatTableSpec,
)
from generator.problems import GongkaiError, Problem
from generator.rosters.rules import Scheduled, apply_adjustments, check_schedule, expand_rules, explicit_receptions
from generator.rosters.workdays import WorkingCalendar, working_calendar
from generator.site.compliance import empty_columns, example_phones, late_publication
from generator.site.gate import own_meta, withheld_because
from generator.site.receptions import Row, in_order, public_rows
from generator.site.reports import report_problems
from generator.source.yamldoc import Loc
from generator.stats.charts import Chart
from generator.stats.figures import compute_figures, counts_twice, dimension_groups
from generator.stats.narrative import render_narratives, threshold_of


@dataclass(frozen=True)
class Item:
    """One published item: what the site lists, the feed announces and the manifest records.

    ``meta`` is the disclosure metadata with every default filled in (索引号,
    发布机构, 主题分类, 信息来源); for a plan or roster printed with a notice it
    is the notice's. Pages carry no metadata.
    """

    id: str
    kind: str
    title: str
    url: str
    meta: DisclosureFields | None
    part_of: str | None
    document: Document[Any]
    column: str | None = None
    """The 栏目 that lists the item (None: a free page, or a plan or roster printed with its notice)."""

    @functools.cached_property
    def digest(self) -> str:
        """A sha256 of everything the item holds (:func:`generator.cache.digest_of`), worked out once."""
        return digest_of(self.id, self.kind, self.title, self.url, self.meta, self.part_of, self.document, self.column)

    def __digest__(self) -> object:
        return self.digest


@dataclass(frozen=True)
class Site:
    """Everything the render stage needs, frozen."""

    settings: SiteSettings
    today: dt.date
    people: Mapping[str, Person]
    places: Mapping[str, Place]
    items: tuple[Item, ...]
    schedules: Mapping[str, tuple[Scheduled, ...]] = field(default_factory=dict)
    """Roster id → the receptions it schedules (rules expanded, adjustments applied), by date."""
    rows: Mapping[str, tuple[Row, ...]] = field(default_factory=dict)
    """Published roster id → the public view of its receptions (``site/receptions.py``), by date."""
    calendar: WorkingCalendar | None = None
    assets: Mapping[str, Asset] = field(default_factory=dict)
    stats: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """Named figures from the counts tables (see figures.py)."""
    bodies: Mapping[str, str] = field(default_factory=dict)
    """Source path → Markdown body with its quoted figures filled in."""
    charts: Mapping[str, tuple[Chart, ...]] = field(default_factory=dict)
    """Source path → the charts its body asks for (``{{ 图表(…) }}``, ``{{ 趋势图(…) }}``), in order."""

    def body(self, document: Document[Any]) -> str:
        return self.bodies.get(document.source.path, document.source.body)

    @functools.cached_property
    def receptions(self) -> tuple[Row, ...]:
        """Every published reception, in date and time order."""
        return tuple(in_order(row for rows in self.rows.values() for row in rows))

    def by_kind(self, kind: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.kind == kind)

    @functools.cached_property
    def _by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def item(self, kind: str, ident: str) -> Item | None:
        return self._by_id.get(f"{kind}/{ident}")

    def updated(self, url: str) -> dt.date:
        """When the page at ``url`` last changed with the content (the sitemap's lastmod).

        An item's page: its 发布日期. A column's list (``tzgg/``, ``tzgg/page/2/``): its newest item's.
        Any other page (home, catalogues, schedules): the newest item of the site.
        """
        by_url, by_column, newest = self._dates
        return by_url.get(url) or by_column.get(url.split("/", 1)[0]) or newest

    @functools.cached_property
    def _dates(self) -> tuple[dict[str, dt.date], dict[str, dt.date], dt.date]:
        """Each item's page → its 发布日期, each column → its newest, and the site's newest (asked once per page)."""
        by_url: dict[str, dt.date] = {}
        by_column: dict[str, dt.date] = {}
        for item in self.items:
            if item.meta is not None:
                day = item.meta.date_published
                by_url[item.url] = day
                if item.column:
                    by_column[item.column] = max(day, by_column.get(item.column, day))
        return by_url, by_column, max(by_url.values(), default=self.today)

    @functools.cached_property
    def licence(self) -> Licence:
        """The open-data licence as its name, title and link (content/licences.py)."""
        return licence_of(self.settings.data_licence, self.settings.data_licence_url)


def meta_loc(kind: str) -> Loc:
    """Where a kind of document keeps its disclosure fields: at the top, or under ``meta``."""
    return kinds.kind(kind).meta or ()


def _resolve(meta: DisclosureFields, settings: SiteSettings) -> DisclosureFields:
    publisher = meta.publisher or settings.publisher.full_name
    return meta.model_copy(
        update={
            "publisher": publisher,
            "subject": meta.subject or settings.default_subject,
            "source": meta.source or publisher,
        }
    )


def _check_meta(doc: Document[Any], meta: DisclosureFields, today: dt.date) -> Iterator[Problem]:
    loc = meta_loc(doc.source.kind)
    if meta.disclosure == "主动公开" and meta.review is None:
        yield doc.problem(
            loc,
            codes.UNREVIEWED,
            "这条主动公开的信息还没有审核，本次不发布。审核后请填写 review 的 reviewer（审核人）和 date（审核日期）。",
        )
    if meta.date_published < meta.date_written:
        yield doc.problem((*loc, "date_published"), codes.PUBLISHED_BEFORE_WRITTEN, "发布日期早于成文日期，请检查。")
    if meta.review and meta.review.date > meta.date_published:
        yield doc.problem(
            (*loc, "review", "date"), codes.REVIEW_AFTER_PUBLICATION, "审核日期晚于发布日期：信息应先审核后发布。"
        )


class SuoyinhaoIssuer:
    """Issues 索引号 from the site template for items that lack one, never reusing a serial.

    The next serial is one more than the highest already written for the same
    prefix (机构代码, 类别, year, month), so adding an item never renumbers others.
    """

    def __init__(self, settings: SiteSettings, existing: list[str]) -> None:
        self.rule = settings.suoyinhao
        self.org = settings.publisher.org_code
        self.existing = set(existing)

    def issue(self, published: dt.date) -> str:
        values = {
            "org": self.org,
            "category": self.rule.category,
            "year": f"{published:%Y}",
            "month": f"{published:%m}",
        }
        regex, parts = "", []
        for literal, name, _, _ in string.Formatter().parse(self.rule.template):
            regex += re.escape(literal)
            parts.append(literal)
            if name == "serial":
                regex += r"(\d+)"
                parts.append("{serial}")
            elif name is not None:
                regex += re.escape(values.get(name, ""))
                parts.append(values.get(name, ""))
        used = [int(m.group(1)) for s in self.existing if (m := re.fullmatch(regex, s))]
        serial = str(max(used, default=0) + 1).zfill(self.rule.serial_width)
        number = "".join(parts).replace("{serial}", serial)
        self.existing.add(number)
        return number


def model_site(content: Content, today: dt.date) -> tuple[Site, list[Problem]]:
    """Assemble the Site: resolve metadata, issue missing 索引号, keep only what may be published."""
    if content.settings is None:
        raise GongkaiError(
            [
                Problem(
                    path="content/site.yaml",
                    code=codes.MISSING_FILE,
                    message="缺少 content/site.yaml，无法构建。",
                )
            ]
        )
    settings = content.settings.model
    problems: list[Problem] = list(example_phones(content))
    problems += [p for doc in content.of("report") for p in report_problems(doc)]
    owners = [(k.name, d) for k in kinds.KINDS if k.meta is not None for d in content.of(k.name)]
    explicit = [m.suoyinhao for _, d in owners if (m := own_meta(d)) and m.suoyinhao]
    issuer = SuoyinhaoIssuer(settings, explicit)
    metas: dict[tuple[str, str], DisclosureFields] = {}
    seen: dict[str, str] = {}
    dated = [m for _, d in owners if (m := own_meta(d))]
    overrides = content.calendar.model if content.calendar else None
    workdays = working_calendar({d.year for m in dated for d in (m.date_written, m.date_published)}, overrides)
    for kind, doc in sorted(owners, key=lambda o: (_sort_key(o[1]), o[1].source.path)):
        meta = own_meta(doc)
        if meta is None:
            continue
        problems += _check_meta(doc, meta, today)
        problems += late_publication(doc, meta, workdays, meta_loc(kind))
        if meta.suoyinhao is None:
            number = issuer.issue(meta.date_published)
            meta = meta.model_copy(update={"suoyinhao": number})
            problems.append(
                doc.problem(
                    meta_loc(kind) or ("title",),
                    codes.SUOYINHAO_GENERATED,
                    f"未填写索引号，已按模板生成“{number}”。请把它写入 suoyinhao 字段，以免今后变化。",
                )
            )
        elif meta.suoyinhao in seen:
            problems.append(
                doc.problem(
                    (*meta_loc(kind), "suoyinhao"),
                    codes.DUPLICATE_SUOYINHAO,
                    f"索引号“{meta.suoyinhao}”已被 {seen[meta.suoyinhao]} 使用。索引号必须唯一。",
                )
            )
        seen.setdefault(meta.suoyinhao or "", doc.source.path)
        metas[(kind, doc.model.id)] = _resolve(meta, settings)
    items = _published_items(content, metas, today)
    if "columns" in content.settings.source.located.data:  # columns the editors set up: say which are empty
        problems += empty_columns(content.settings, (i.column for i in items if i.meta and i.column))
    people = {p.id: p for p in content.people.model.people} if content.people else {}
    places = {p.id: p for p in content.places.model.places} if content.places else {}
    calendar, schedules, found = schedule_rosters(content, {p.id: p.name for p in people.values()}, today)
    problems += found
    public = {item.document.model.id for item in items if item.kind == "table"}
    tables = [t for t in content.tables if t.model.id in public]  # no figure before its table is out
    problems += counts_twice(tables)
    stats = compute_figures(tables)
    withheld = set(compute_figures(t for t in content.tables if t.model.id not in public))
    groups = dimension_groups(tables)
    threshold = threshold_of(tables)
    bodies, charts, found = render_narratives(
        (*content.notices, *content.articles, *content.pages),
        stats,
        withheld - set(stats),
        groups,
        threshold,
        {t.model.id: t for t in tables},
    )
    problems += found
    rows = public_rows(people, places, schedules, (i.document.model.id for i in items if i.kind == "roster"))
    site = Site(
        settings, today, people, places, items, schedules, rows, calendar, content.assets, stats, bodies, charts
    )
    return site, problems


def _campaign_range(content: Content, roster: Document[Any]) -> tuple[dt.date, dt.date] | None:
    """The campaign a roster belongs to: named directly, or the plan of the notice that prints it."""
    plans = {c.model.id: c.model for c in content.campaigns}
    plan_id = roster.model.campaign
    if plan_id is None and roster.model.published_with:
        notice = next((n.model for n in content.notices if n.model.id == roster.model.published_with), None)
        plan_id = notice.plan if notice else None
    plan = plans.get(plan_id) if plan_id else None
    return (plan.start, plan.end) if plan else None


def schedule_rosters(
    content: Content, names: Mapping[str, str], today: dt.date
) -> tuple[WorkingCalendar, dict[str, tuple[Scheduled, ...]], list[Problem]]:
    """Expand every roster on the working calendar and check what it schedules."""
    years = {d.year for r in content.rosters for d in (r.model.start, r.model.end) if d}
    years |= {x.date.year for r in content.rosters for x in r.model.receptions}
    overrides = content.calendar.model if content.calendar else None
    calendar = working_calendar(years or {today.year}, overrides)
    schedules: dict[str, tuple[Scheduled, ...]] = {}
    problems: list[Problem] = []
    for roster in content.rosters:
        scheduled, found = apply_adjustments(
            roster, expand_rules(roster.model, calendar) + explicit_receptions(roster.model)
        )
        problems += found
        problems += check_schedule(roster, scheduled, calendar, names, _campaign_range(content, roster))
        unconfirmed = sorted({s.date.year for s in scheduled} - calendar.confirmed_years)
        if unconfirmed:
            message = f"{'、'.join(map(str, unconfirmed))}年的节假日和调休安排尚未确认（国务院通知发布后请更新 holidays 软件包，或写入 content/calendar.yaml），工作日可能有误。"
            problems.append(
                roster.problem(("end",) if roster.model.end else ("title",), codes.CALENDAR_UNCONFIRMED, message)
            )
        schedules[roster.model.id] = tuple(scheduled)
    return calendar, schedules, problems


def _sort_key(doc: Document[Any]) -> dt.date:
    meta = own_meta(doc)
    return meta.date_published if meta else dt.date.min


PART_GENRE = {"campaign": "方案", "roster": "计划"}
"""The 体裁 of a document published with a notice: a plan is a 方案, a roster of receptions a 计划."""


def _published_items(
    content: Content, metas: Mapping[tuple[str, str], DisclosureFields], today: dt.date
) -> tuple[Item, ...]:
    def public(meta: DisclosureFields | None) -> bool:
        return withheld_because(meta, today) is None

    items: list[Item] = []
    for kind in kinds.KINDS:
        for doc in content.of(kind.name):
            ident, url = f"{kind.name}/{doc.model.id}", f"{kind.url}/{doc.model.id}/"
            if kind.meta is None:  # a free page: no metadata, always published, in no column
                items.append(Item(ident, kind.name, doc.model.title, url, None, None, doc))
                continue
            parent = getattr(doc.model, "published_with", None)
            meta = metas.get(("notice", parent)) if parent else metas.get((kind.name, doc.model.id))
            if meta is not None and public(meta):
                part_of = f"notice/{parent}" if parent else None
                # A roster printed with a notice is still listed under 接访安排; a plan lives inside its notice.
                column = None if parent and kind.name != "roster" else kind.column or getattr(doc.model, "column", None)
                title = getattr(doc.model, "title", meta.title)
                if parent:  # the notice's 索引号, 文号 and dates; its own 名称 and 体裁 (the page's heading)
                    meta = meta.model_copy(update={"title": title, "genre": PART_GENRE.get(kind.name, meta.genre)})
                items.append(Item(ident, kind.name, title, url, meta, part_of, doc, column))
    items.sort(key=lambda i: (i.meta.date_published if i.meta else dt.date.min, i.part_of is None, i.id), reverse=True)
    return tuple(items)


__all__ = ["CampaignPlan", "Item", "Notice", "Page", "ReceptionRoster", "Site", "StatTableSpec", "model_site"]
