"""Validate stage: the table of document kinds — each kind's folder, model, label, URL, 栏目 and scaffold.

Every stage that handles documents by kind iterates this table: the loader reads the folders,
validation picks the model, the gate and the site model find the disclosure metadata, the 栏目
and the URL, ``gongkai new`` writes the scaffold. Adding a kind is one entry here plus its
model; a kind with its own page (more than its Markdown body) adds a renderer in
``web/render.py``. The settings files (site, people, places, calendar) are not documents:
they are single files the loader knows by path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from generator.content.models import (
    AnnualReport,
    Article,
    CalendarFile,
    CampaignPlan,
    Model,
    Notice,
    Page,
    PeopleFile,
    PlacesFile,
    ReceptionRoster,
    SiteSettings,
    StatTableSpec,
)
from generator.source.yamldoc import Loc


@dataclass(frozen=True)
class Kind:
    """One kind of document editors write."""

    name: str
    """The kind's identifier: ``Item.id`` is ``{name}/{id}``, ``gongkai new {name}``."""
    label: str
    """What editors call it, in messages (``方案标识“…”重复``)."""
    folder: str
    """Where its sources live, relative to the project root."""
    suffix: Literal[".md", ".yaml"]
    """``.md``: front matter and a Markdown body; ``.yaml``: one YAML document."""
    model: type[Model]
    url: str
    """The URL folder of its pages: ``{url}/{id}/``."""
    column: str | None
    """The 栏目 that lists it; None when each document names its own (``column``) or it is not listed."""
    meta: Loc | None
    """Where its disclosure fields are: ``()`` at the top, ``("meta",)`` under ``meta``; None: it has none (always published)."""
    scaffold: tuple[str, ...]
    """The commented templates ``gongkai new`` copies (``cli/scaffolds/``), the first being the source itself."""
    template: str
    """The theme template of its page (``web/theme/``)."""


KINDS: tuple[Kind, ...] = (
    Kind("notice", "通知", "content/notices", ".md", Notice, "notices", "tzgg", (), ("notice.md",), "notice.html"),
    Kind("article", "信息", "content/articles", ".md", Article, "articles", None, (), ("article.md",), "article.html"),
    Kind(
        "campaign", "方案", "content/campaigns", ".yaml", CampaignPlan, "plans", "tzgg", ("meta",), ("campaign.yaml",),
        "campaign.html",
    ),
    Kind(
        "roster", "接访安排", "content/rosters", ".yaml", ReceptionRoster, "rosters", "jfap", ("meta",),
        ("roster.yaml",), "roster.html",
    ),
    Kind(
        "table", "数据表", "data", ".yaml", StatTableSpec, "data", "tjsj", ("meta",), ("table.yaml", "table.csv"),
        "table.html",
    ),
    Kind(
        "report", "年报", "content/reports", ".yaml", AnnualReport, "reports", None, ("meta",), ("report.yaml",),
        "article.html",
    ),
    Kind("page", "页面", "content/pages", ".md", Page, "pages", None, None, ("page.md",), "page.html"),
)  # fmt: skip
"""Every kind, in the order of the 发布清单."""

SETTINGS_MODELS: dict[str, type[Model]] = {
    "site": SiteSettings,
    "people": PeopleFile,
    "places": PlacesFile,
    "calendar": CalendarFile,
}
"""The model of each settings file (the loader knows their paths)."""


def kind(name: str) -> Kind:
    """The kind called ``name``."""
    return next(k for k in KINDS if k.name == name)


def document_models() -> dict[str, type[Model]]:
    """The model that validates each source kind: settings files and documents."""
    return {**SETTINGS_MODELS, **{k.name: k.model for k in KINDS}}


def folders() -> dict[str, tuple[str, str]]:
    """Folder → (kind, suffix) of the kinds whose sources are text files under content/ (the loader's map).

    Statistics tables (``data/``) come with their CSV or workbook and are read by the loader's table reader.
    """
    return {k.folder: (k.name, k.suffix) for k in KINDS if k.folder.startswith("content/")}


def listed_columns() -> Iterable[str]:
    """The 栏目 the kinds are listed in: they cannot be removed from site.yaml's columns."""
    return dict.fromkeys(k.column for k in KINDS if k.column)


def url_folders() -> frozenset[str]:
    """The top-level URL folders the kinds' pages take."""
    return frozenset(k.url for k in KINDS)
