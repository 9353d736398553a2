"""Render stage: Site → pages (Markdown + theme template + context for MkDocs) and extra files."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator.cn import cn_date, cn_month_day, cn_number, cn_weekday
from generator.content import kinds
from generator.content.models import CampaignPlan, ReceptionRoster
from generator.content.models.report import APPLICANTS, REVIEW_OUTCOMES
from generator.fonts import Face, choose_fonts, font_cache
from generator.opendata.csvout import csv_bytes
from generator.opendata.ical import reception_calendars
from generator.opendata.xlsx import table_xlsx
from generator.problems import Problem
from generator.site.application import APPLICATION_FORM, APPLICATION_PAGE
from generator.site.model import Item, Site
from generator.site.receptions import SCHEDULE
from generator.site.reports import matrix
from generator.stats.charts import cached_chart_svg, chart_face, chart_of, monthly_trend
from generator.stats.crosstab import cross_tables
from generator.stats.suppression import legend, published_table
from generator.web.assets import published_assets
from generator.web.listing import Crumb, catalogue_records, column_items, columns_by_id, crumbs_of, shown_columns

MARKDOWN_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+!])")
"""The characters Markdown gives a meaning inside a line (Python-Markdown escapes exactly these; < > & are
escaped as HTML by the template)."""


def markdown_text(value: object) -> str:
    """A text field as text inside Markdown: shown as typed, never rendered (an ![image](…) stays words), on one line."""
    return MARKDOWN_ACTIVE.sub(r"\\\1", " ".join(str(value).split()))


def markdown_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: as :func:`markdown_text`, pipes escaped too."""
    return markdown_text(value).replace("|", "\\|")


def heading_cell(value: object) -> Markup:
    """A table heading that may take two lines on a phone only between its halves: 网上<wbr>投诉, never 网上投/诉.

    With ``word-break: keep-all`` (the stylesheet) a run of Chinese characters breaks only where a
    ``<wbr>`` allows; headings of four Chinese characters or more get one in the middle.
    """
    cell = markdown_cell(value)
    if len(cell) < 4 or not all("\u4e00" <= c <= "\u9fff" for c in cell):
        return escape(cell)
    middle = len(cell) // 2
    return escape(cell[:middle]) + Markup("<wbr>") + escape(cell[middle:])


PHONE_NUMBER = re.compile(r"(?<![\w-])(?:\+?\d[\d -]{3,}\d)(?![\w-])")


def tel_links(value: object) -> Markup:
    """A telephone field with each number in it a ``tel:`` link, so that a phone rings it with one tap."""
    text, parts, last = str(value), [], 0
    for match in PHONE_NUMBER.finditer(text):
        number = match.group()
        parts += [
            escape(text[last : match.start()]),
            Markup('<a href="tel:{}">{}</a>').format(number.replace(" ", ""), number),
        ]
        last = match.end()
    return Markup("").join([*parts, escape(text[last:])])


@dataclass(frozen=True)
class RenderedPage:
    """A page for MkDocs: its source URI, Markdown, theme template and extra template context."""

    src_uri: str
    title: str
    markdown: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedSite:
    """Everything MkDocs is handed: pages, plus files that are not pages (path → bytes)."""

    site: Site
    pages: tuple[RenderedPage, ...]
    files: Mapping[str, bytes]
    problems: tuple[Problem, ...] = ()
    nav: tuple[Any, ...] = ()
    """The main navigation links (title, url), the same on every page."""
    pdfs_rendered: int = 0
    cache_dir: Path | None = None
    """The build cache (renderings, fonts, PDF texts), when there is one."""
    """How many PDFs were laid out in this build (the rest came from the cache)."""


def template_bytecode(cache_dir: Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the build cache (checked against each template's source): a build does not
    compile them again."""
    if cache_dir is None:
        return None
    folder = cache_dir / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def template_environment(cache_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment for Markdown templates (autoescape on, undefined is an error)."""
    env = jinja2.Environment(
        bytecode_cache=template_bytecode(cache_dir),
        loader=jinja2.PackageLoader("generator.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        cell=markdown_cell,
        heading=heading_cell,
        text=markdown_text,
        cn_number=cn_number,
        cn_date=cn_date,
        cn_month_day=cn_month_day,
        cn_weekday=cn_weekday,
        tel=tel_links,
    )
    return env


def _front(title: str, template: str) -> str:
    """Front matter for a generated page; JSON strings are valid YAML, so any title is safe."""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ntemplate: {template}\n---\n"


def render_site(site: Site, cache_dir: Path | None = None, workers: int | None = None) -> RenderedSite:
    """Render every published item, the schedule, the catalogues and the open data; PDFs through the cache."""
    from generator.gongwen.jobs import site_pdfs
    from generator.opendata.datapackage import datapackage, dcat_catalogue
    from generator.web.feeds import site_feeds

    env = template_environment(cache_dir)
    files, problems, pdfs_rendered = site_pdfs(site, cache_dir, workers)
    assets, refused = published_assets(site.assets)
    files.update(assets)
    problems += refused
    pages = _schedule_pages(env, site, files) + _item_pages(env, site, files, cache_dir)
    files.update(reception_calendars(site))
    files.update(datapackage(site))
    files.update(site_feeds(site))
    files.update(catalogue_records(site))
    if catalogue := catalogue_entries(site):
        files.update(dcat_catalogue(site, catalogue))
    pages += _catalogue_pages(site)
    return RenderedSite(site, tuple(pages), files, tuple(problems), site_nav(site), pdfs_rendered, cache_dir)


def _page(src: str, title: str, template: str, context: Mapping[str, Any], body: str = "") -> RenderedPage:
    return RenderedPage(src, title, _front(title, template) + body, template, context)


def _schedule_pages(env: jinja2.Environment, site: Site, files: dict[str, bytes]) -> list[RenderedPage]:
    from generator.web.schedule import schedule_views

    views, view_files = schedule_views(site)
    files.update(view_files)
    bodies = {"schedule.html": env.get_template("schedule.md"), "announcement.html": env.get_template("day.md")}
    return [
        _page(src, title, tpl, ctx, bodies[tpl].render(rows=ctx["rows"]) if tpl in bodies else "")
        for src, title, tpl, ctx in views
    ]


class _ItemPages:
    """What the renderers of item pages share in one build: templates, the site, downloads, the chart face."""

    def __init__(self, env: jinja2.Environment, site: Site, files: dict[str, bytes], cache_dir: Path | None) -> None:
        self.env, self.site, self.files, self.cache_dir = env, site, files, cache_dir

    @functools.cached_property
    def face(self) -> Face | None:
        """The chart lettering, copied out of its collection only when a chart is drawn."""
        return chart_face(dict(choose_fonts(self.site.settings.fonts.model_dump()).faces), font_cache(self.cache_dir))

    @functools.cached_property
    def columns(self) -> Mapping[str, Any]:
        return columns_by_id(self.site)

    def page(self, item: Item) -> RenderedPage:
        """The page of one item: its kind's renderer (or its Markdown body) in its kind's theme template."""
        column = self.columns.get(item.column or "")
        context: dict[str, Any] = {
            "item": item,
            "crumbs": crumbs_of(self.site, item.column),
            "column_name": column.name if column else "",
        }
        markdown = ITEM_MARKDOWN.get(item.kind, _body_markdown)(self, item, context)
        for number, chart in enumerate(self.site.charts.get(item.document.source.path, ()), start=1):
            if self.face:  # the body's {{ 图表(…) }} and {{ 趋势图(…) }}, next to the page
                self.files[item.url + f"figure-{number}-chart.svg"] = cached_chart_svg(chart, self.face, self.cache_dir)
        src = item.url.rstrip("/") + ".md"
        return _page(src, item.title, kinds.kind(item.kind).template, context, markdown)


def _item_pages(
    env: jinja2.Environment, site: Site, files: dict[str, bytes], cache_dir: Path | None = None
) -> list[RenderedPage]:
    """A page per published item, with the item's own downloads (roster and table data)."""
    pages = _ItemPages(env, site, files, cache_dir)
    return [pages.page(item) for item in site.items]


def _body_markdown(pages: _ItemPages, item: Item, context: dict[str, Any]) -> str:
    return str(pages.site.body(item.document))


def _notice_markdown(pages: _ItemPages, item: Item, context: dict[str, Any]) -> str:
    model = item.document.model
    plan = pages.site.item("campaign", model.plan) if model.plan else None
    plan_md = plan_markdown(pages.env, pages.site, plan.document.model, depth=1) if plan else ""
    body = pages.site.body(item.document)
    return pages.env.get_template("notice.md").render(notice=model, body=body, plan=plan, plan_md=plan_md)


def _campaign_markdown(pages: _ItemPages, item: Item, context: dict[str, Any]) -> str:
    return plan_markdown(pages.env, pages.site, item.document.model)


def _roster_markdown(pages: _ItemPages, item: Item, context: dict[str, Any]) -> str:
    model = item.document.model
    pages.files[item.url + "receptions.csv"] = roster_csv(pages.site, model)
    rows = pages.site.rows.get(model.id, ())
    cases = case_rows(pages.site, model)
    if cases:
        pages.files[item.url + "cases.csv"] = csv_bytes(CASE_COLUMNS, cases)
    return pages.env.get_template("roster.md").render(roster=model, rows=rows, cases=cases)


CASE_COLUMNS = ("姓名", "职务", "包案件数", "已化解件数")


def case_rows(site: Site, roster: ReceptionRoster) -> list[tuple[str, ...]]:
    """领导包案 as published: each leader's name and post with the two counts (no case, no petitioner)."""
    return [
        (site.people[c.person].name, site.people[c.person].post, str(c.taken), str(c.resolved)) for c in roster.cases
    ]  # every person was checked against people.yaml (unknown-person)


def _table_markdown(pages: _ItemPages, item: Item, context: dict[str, Any]) -> str:
    """The table as published, its downloads (CSV, JSON, XLSX) and its chart."""
    spec = item.document.model
    context["dataset"] = dataset_entry(pages.site, item)
    published = published_table(item.document)
    pages.files[item.url + f"{spec.id}.csv"] = table_csv(published)
    pages.files[item.url + f"{spec.id}.json"] = table_json(
        published, {f.name: f.type for f in spec.table_schema.fields}
    )
    pages.files[item.url + f"{spec.id}.xlsx"] = table_xlsx(
        published, spec.table_schema.fields, item.title, spec.meta.date_published
    )
    charts = []
    for name, drawn in (
        (f"{spec.id}-chart.svg", chart_of(item.document)),
        (f"{spec.id}-trend.svg", monthly_trend(item.document)),
    ):
        if drawn and pages.face:
            charts.append((name, drawn))
            pages.files[item.url + name] = cached_chart_svg(drawn, pages.face, pages.cache_dir)
    return pages.env.get_template("table.md").render(
        spec=spec,
        rows=published[1:],
        charts=charts,
        legend=legend(spec),
        crosstabs=cross_tables(item.document, published),
    )


def _report_markdown(pages: _ItemPages, item: Item, context: dict[str, Any]) -> str:
    """A 年报 in the format's six sections; the tables from its data, this site's own publications counted."""
    from generator.web.listing import listed

    report = item.document.model
    that_year = [i for i in listed(pages.site) if i.meta is not None and i.meta.date_published.year == report.year]
    columns = columns_by_id(pages.site)
    by_column: dict[str, int] = {}
    for published in that_year:
        name = columns[published.column].name if published.column in columns else "其他"
        by_column[name] = by_column.get(name, 0) + 1
    reviews = report.reviews
    review_rows = [
        ("行政复议", reviews.reconsideration),
        ("未经复议直接起诉", reviews.lawsuit),
        ("复议后起诉", reviews.lawsuit_after_reconsideration),
    ]
    return pages.env.get_template("report.md").render(
        report=report,
        site_count=len(that_year),
        by_column=sorted(by_column.items(), key=lambda entry: -entry[1]),
        matrix_md=markdown_table(
            ("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", *APPLICANTS, "总计"),
            [
                ("　" * indent + label, *(str(n) for n in counts)) if counts else (label,)
                for label, counts, indent in matrix(report)
            ],
        ),
        reviews_md=markdown_table(
            ("类别", *REVIEW_OUTCOMES, "总计"),
            [(label, *(str(n) for n in counts), str(sum(counts))) for label, counts in review_rows],
        ),
    )


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> Markup:
    """A Markdown table: text cells escaped, numbers right-aligned, short rows padded with empty cells."""
    width = len(header)
    lines = ["| " + " | ".join(heading_cell(h) for h in header) + " |", "| --- |" + " ---: |" * (width - 1)]
    for row in rows:
        cells = [markdown_cell(c) for c in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
    return Markup("\n".join(lines))


ITEM_MARKDOWN: dict[str, Callable[[_ItemPages, Item, dict[str, Any]], str]] = {
    "notice": _notice_markdown,
    "campaign": _campaign_markdown,
    "roster": _roster_markdown,
    "table": _table_markdown,
    "report": _report_markdown,
}
"""The kinds (``content/kinds.py``) whose page is more than their Markdown body, and how each is rendered."""


SITE_MAP = "wzdt"
"""The 网站地图 page's folder (every column, page, catalogue and feed on one page; the footer links it)."""


def _catalogue_pages(site: Site) -> list[RenderedPage]:
    """Home page, the 政府信息公开 hub, every list page (columns, 目录, years), search and the data catalogue."""
    from generator.web.listing import catalogue_choices, list_pages, listed, years
    from generator.web.schedule import upcoming_days

    documents = listed(site)
    blocks = _column_blocks(site)
    top = [b for b in blocks if b["column"].parent is None]
    under = [b for b in blocks if b["column"].parent == "xxgk"]
    hub = {"blocks": under, "total": len(documents), "years": years(site), "crumbs": (Crumb("首页", ""),)}
    pages = [
        _page(
            "index.md",
            site.settings.title,
            "home.html",
            {
                "latest": documents[:10],
                "blocks": top,
                "upcoming": upcoming_days(site),
                "has_receptions": bool(site.receptions),
            },
        ),
        _page("xxgk.md", "政府信息公开", "xxgk.html", hub),
        _page("search.md", "站内搜索", "search.html", {"crumbs": (Crumb("首页", ""),)}),
        _page(
            APPLICATION_PAGE.rstrip("/") + ".md",
            "依申请公开",
            "ysqgk.html",
            {
                "crumbs": (Crumb("首页", ""), Crumb("政府信息公开", "xxgk/")),
                "form": APPLICATION_FORM,
                "application_url": None,
            },
        ),
        _page(
            f"{SITE_MAP}.md",
            "网站地图",
            "sitemap.html",
            {
                "crumbs": (Crumb("首页", ""),),
                "top": [b["column"] for b in top],
                "under": [b["column"] for b in under],
                "years": years(site),
                "free_pages": site.by_kind("page"),
                "has_receptions": bool(site.receptions),
                "has_data": bool(site.by_kind("table")),
            },
        ),
    ]
    choices = catalogue_choices(site)
    for listing in list_pages(site):
        context = {
            "items": listing.items,
            "pager": listing.pager,
            "crumbs": listing.crumbs,
            "column": listing.column,
            "description": listing.description,
            "filters": choices if listing.catalogue else None,
        }
        pages.append(_page(listing.src_uri, listing.title, "list.html", context))
    datasets = catalogue_entries(site)
    if datasets:
        pages.append(_page("data.md", "开放数据目录", "datasets.html", {"datasets": datasets}))
    return pages


def _column_blocks(site: Site, size: int = 5) -> list[dict[str, Any]]:
    """Each column with its newest items, for the home page and the 政府信息公开 hub."""
    return [{"column": c, "shown": items[:size], "more": len(items) > size} for c, items in column_items(site)]


def site_nav(site: Site) -> tuple[Crumb, ...]:
    """The main navigation after 首页: 今日接访 (the reception hub, when there are receptions), top-level columns,
    开放数据 (when there are tables), 政府信息公开."""
    columns = [c for c in shown_columns(site) if c.parent is None]
    links = [Crumb(c.name, f"{c.id}/") for c in columns]
    if any(site.rows.values()):  # what most readers come for: who receives the public, when and where
        links.insert(0, Crumb("今日接访", f"{SCHEDULE}/"))
    if site.by_kind("table"):
        after = next((i + 1 for i, c in enumerate(columns) if c.id == "tjsj"), len(links))
        links.insert(min(after, len(links)), Crumb("开放数据", "data/"))
    return (*links, Crumb("政府信息公开", "xxgk/"))


def plan_markdown(env: jinja2.Environment, site: Site, plan: CampaignPlan, depth: int = 0) -> str:
    """A plan as Markdown; ``depth`` pushes its headings down when it sits inside a notice."""
    rosters = {a.roster: site.item("roster", a.roster) for a in plan.attachments if a.roster}
    return env.get_template("plan.md").render(plan=plan, rosters=rosters, h="#" * (depth + 1))


ROSTER_COLUMNS = ("日期", "星期", "时间", "姓名", "职务", "分管工作", "接访地点", "接访方式", "备注")


def roster_rows(site: Site, roster: ReceptionRoster) -> list[tuple[str, ...]]:
    """The public columns of a roster's receptions, in date order: only 姓名, 职务, 分管工作 of each person."""
    rows = site.rows.get(roster.id, ())
    return [(r.date.isoformat(), r.weekday, r.time, r.name, r.post, r.duties, r.place, r.type, r.note) for r in rows]


def roster_csv(site: Site, roster: ReceptionRoster) -> bytes:
    """The roster as open data."""
    return csv_bytes(ROSTER_COLUMNS, roster_rows(site, roster))


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dataset_entry(site: Site, item: Item) -> dict[str, Any]:
    """A table's catalogue entry, also its schema.org ``Dataset`` (JSON-LD) description."""
    spec, meta = item.document.model, item.meta
    assert meta is not None
    base = site.settings.base_url + item.url
    licence = site.licence
    return {
        "url": item.url,
        "title": meta.title,
        "publisher": meta.publisher,
        "published": meta.date_published.isoformat(),
        "frequency": spec.update_frequency,
        "formats": ["CSV", "JSON", "XLSX"],
        "licence": licence.title,
        "licence_url": licence.path,
        "jsonld": {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": meta.title,
            "description": meta.summary or meta.title,
            "url": base,
            "identifier": meta.suoyinhao,
            "keywords": list(meta.keywords),
            "datePublished": meta.date_published.isoformat(),
            "license": licence.path or licence.title,
            "publisher": {"@type": "GovernmentOrganization", "name": meta.publisher},
            "distribution": [
                {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": f"{base}{spec.id}.csv"},
                {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": f"{base}{spec.id}.json"},
                {"@type": "DataDownload", "encodingFormat": XLSX_TYPE, "contentUrl": f"{base}{spec.id}.xlsx"},
            ],
        },
    }


def receptions_entry(site: Site) -> dict[str, Any]:
    """The reception schedule's catalogue entry: CSV and JSON under data/, the calendar for every reception."""
    base = site.settings.base_url
    rosters = [item for item in site.by_kind("roster") if item.meta is not None]
    published = (
        max(item.meta.date_published for item in rosters if item.meta).isoformat()
        if rosters
        else site.today.isoformat()
    )
    licence, publisher = site.licence, site.settings.publisher.full_name
    title = f"{site.settings.publisher.short_name}领导接访安排"
    return {
        "url": f"{SCHEDULE}/",
        "title": title,
        "publisher": publisher,
        "published": published,
        "frequency": "不定期",
        "formats": ["CSV", "JSON", "iCalendar"],
        "licence": licence.title,
        "licence_url": licence.path,
        "jsonld": {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": title,
            "description": "已公开的每一次领导接访：日期、时间、接访领导及其职务和分管工作、地点、接访方式（不含任何来访群众的信息）。",
            "url": f"{base}{SCHEDULE}/",
            "identifier": f"{site.settings.publisher.org_code}-receptions",
            "keywords": ["领导接访", "接访安排", "信访"],
            "datePublished": published,
            "license": licence.path or licence.title,
            "publisher": {"@type": "GovernmentOrganization", "name": publisher},
            "distribution": [
                {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": f"{base}data/receptions.csv"},
                {
                    "@type": "DataDownload",
                    "encodingFormat": "application/json",
                    "contentUrl": f"{base}data/receptions.json",
                },
                {"@type": "DataDownload", "encodingFormat": "text/calendar", "contentUrl": f"{base}calendar/all.ics"},
            ],
        },
    }


def catalogue_entries(site: Site) -> list[dict[str, Any]]:
    """Every published dataset: the statistics tables, and the reception schedule when there is one."""
    entries = [dataset_entry(site, item) for item in site.by_kind("table")]
    return entries + ([receptions_entry(site)] if site.receptions else [])


def table_csv(rows: list[tuple[str, ...]]) -> bytes:
    """A statistics table as published open data."""
    return csv_bytes(rows[0], rows[1:]) if rows else b""


def table_json(rows: list[tuple[str, ...]], types: Mapping[str, str] | None = None) -> bytes:
    """The same table as a JSON list of records: counts and rates as numbers, a suppressed cell as its marker."""
    types = types or {}

    def value(name: str, cell: str) -> object:
        kind = types.get(name)
        if kind == "integer" and re.fullmatch(r"-?\d+", cell):
            return int(cell)
        if kind == "number" and re.fullmatch(r"-?\d+(\.\d+)?", cell):
            return float(cell)
        return cell  # text, a date, or a marker the legend explains (“<5”, “*”)

    records = [{n: value(n, c) for n, c in zip(rows[0], row, strict=True)} for row in rows[1:]] if rows else []
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
