"""Validate stage: Sources → typed documents (frozen models) and every problem found, located."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator import codes
from generator.content import kinds
from generator.content.documents import Asset, Content, Document
from generator.content.models import CampaignPlan, Notice, ReceptionRoster, SiteSettings
from generator.content.models.site import RESERVED
from generator.content.schema_errors import error_to_problem
from generator.content.tables import check_table
from generator.problems import Problem
from generator.source.loader import Source, load_content
from generator.source.yamldoc import Loc


def load_sources(root: Path) -> tuple[list[Source], list[Problem]]:
    """The load stage over the kinds' folders: every source under ``root`` and the problems reading them."""
    return load_content(root, kinds.folders())


def read_content(root: Path) -> tuple[Content, list[Problem]]:
    """Load and validate: the Content under ``root`` and every problem found on the way."""
    sources, problems = load_sources(root)
    content, found = validate_content(sources)
    return content, problems + found


def validate_source(source: Source) -> tuple[Document[Any] | None, list[Problem]]:
    """Validate one source against the model of its kind."""
    model_cls = kinds.document_models()[source.kind]
    data = source.located.data
    if not isinstance(data, dict):
        return None, [
            Problem(
                path=source.path,
                line=1,
                column=1,
                code=codes.NOT_A_MAPPING,
                message="文件内容应为若干“键: 值”字段，现在是空的或不是字段。",
            )
        ]
    try:
        model = model_cls.model_validate(data)
    except ValidationError as error:
        return None, [error_to_problem(source.path, source.located, model_cls, e) for e in error.errors()]
    return Document(model, source), []


def validate_content(sources: Sequence[Source]) -> tuple[Content, list[Problem]]:
    """Validate every source, then the references between documents."""
    problems: list[Problem] = []
    by_kind: dict[str, list[Document[Any]]] = {kind: [] for kind in kinds.document_models()}
    assets = {
        s.path.removeprefix("content/assets/"): Asset(s.data_path, s.located.data["sha256"])
        for s in sources
        if s.kind == "asset"
    }
    for source in (s for s in sources if s.kind != "asset"):
        document, found = validate_source(source)
        problems += found
        if document is not None:
            by_kind[source.kind].append(document)
            if source.kind == "table":
                problems += check_table(document)
    content = Content(
        settings=next(iter(by_kind["site"]), None),
        people=next(iter(by_kind["people"]), None),
        places=next(iter(by_kind["places"]), None),
        calendar=next(iter(by_kind["calendar"]), None),
        documents={kind.name: tuple(by_kind[kind.name]) for kind in kinds.KINDS},
        assets=assets,
    )
    problems += check_references(content, declared_ids(sources))
    return content, problems


def _unknown(kind: str, value: str, known: dict[str, str], where: str) -> str:
    """Message for a reference to nothing, suggesting an id by id or by name."""
    by_name = {name: ident for ident, name in known.items()}
    if value in by_name:
        return f"{kind}“{value}”要写成它的标识“{by_name[value]}”（见 {where}）。"
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.5)
    hint = f"是不是“{close[0]}”（{known[close[0]]}）？" if close else f"请先在 {where} 中登记。"
    return f"{kind}“{value}”未在 {where} 中登记。{hint}"


def _duplicate_ids(documents: Iterable[Document[Any]], label: str) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for doc in documents:
        ident = doc.model.id
        if ident in seen:
            yield doc.problem(
                ("id",), codes.DUPLICATE_ID, f"{label}标识“{ident}”与 {seen[ident]} 重复，请改用不同的标识。"
            )
        seen.setdefault(ident, doc.source.path)


def _raw_ids(source: Source, list_key: str | None = None) -> dict[str, str]:
    """id → name (or title) as written, even when the document did not validate."""
    data = source.located.data if isinstance(source.located.data, dict) else {}
    entries = data.get(list_key) if list_key else [data]
    found = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            found[entry["id"]] = str(entry.get("name") or entry.get("title") or "")
    return found


def declared_ids(sources: Iterable[Source]) -> dict[str, dict[str, str] | None]:
    """Every id declared per kind, read from the raw sources.

    References are checked against these, so one invalid document does not
    make every reference to it an error too. People and places are ``None``
    when their file could not be read at all: that file's own problem is enough.
    """
    declared: dict[str, dict[str, str] | None] = {kind: {} for kind in kinds.document_models()}
    loaded = {source.kind for source in sources}
    for kind in ("people", "places"):
        if kind not in loaded:
            declared[kind] = None
    for source in sources:
        list_key = {"people": "people", "places": "places"}.get(source.kind)
        known = declared.get(source.kind)
        if known is not None:
            known.update(_raw_ids(source, list_key))
    return declared


def check_references(content: Content, declared: dict[str, dict[str, str] | None]) -> list[Problem]:
    """Problems in references between documents: people, places, plans, rosters, notices, ids."""
    people, places = declared["people"], declared["places"]
    notices, plans, rosters = declared["notice"] or {}, declared["campaign"] or {}, declared["roster"] or {}
    problems: list[Problem] = []
    if content.people:
        problems += _duplicate_ids((Document(p, content.people.source) for p in content.people.model.people), "人员")
    for kind in kinds.KINDS:
        problems += _duplicate_ids(content.of(kind.name), kind.label)
    types = content.settings.model.reception_types if content.settings else None
    for roster in content.rosters:
        problems += _check_roster(roster, people, places, types)
    parts: tuple[Document[CampaignPlan] | Document[ReceptionRoster], ...] = (*content.campaigns, *content.rosters)
    for part in parts:
        if part.model.published_with and part.model.published_with not in notices:
            message = _unknown("通知", part.model.published_with, notices, "content/notices/")
            problems.append(part.problem(("published_with",), codes.UNKNOWN_NOTICE, message))
    for plan in content.campaigns:
        problems += _check_plan(plan, rosters)
    if content.settings:
        problems += check_columns(content.settings)
    columns = {c.id: c.name for c in content.settings.model.columns} if content.settings else {}
    emblem = content.settings.model.publisher.emblem if content.settings else None
    if content.settings and emblem and emblem not in content.assets:
        message = f"找不到页眉徽标图片“{emblem}”：请把图片放在 content/assets/ 下，emblem 写文件名，例如 emblem.svg。"
        problems.append(content.settings.problem(("publisher", "emblem"), codes.UNKNOWN_ASSET, message))
    for article in (*content.articles, *content.of("report")):  # the kinds that name their own 栏目
        if columns and article.model.column not in columns:
            message = _unknown("栏目", article.model.column, columns, "content/site.yaml 的 columns")
            problems.append(article.problem(("column",), codes.UNKNOWN_COLUMN, message))
    for notice in content.notices:
        if notice.model.plan and notice.model.plan not in plans:
            message = _unknown("实施方案", notice.model.plan, plans, "content/campaigns/")
            problems.append(notice.problem(("plan",), codes.UNKNOWN_PLAN, message))
        problems += check_notice(notice)
        if notice.model.seal and notice.model.seal not in content.assets:
            message = (
                f"找不到印章图片“{notice.model.seal}”：请把图片放在 content/assets/ 下，seal 写文件名，例如 seal.png。"
            )
            problems.append(notice.problem(("seal",), codes.UNKNOWN_ASSET, message))
    return problems


def check_columns(settings: Document[SiteSettings]) -> Iterator[Problem]:
    """The 栏目 the kinds are listed in must exist; a column cannot take a folder the site already uses."""
    ids = [c.id for c in settings.model.columns]
    taken = [i for i in ids if i in RESERVED | kinds.url_folders()]
    if taken:
        message = f"栏目标识 {'、'.join(taken)} 已被网站的其他部分使用，请换一个。"
        yield settings.problem(("columns",), codes.COLUMN_RESERVED, message)
    missing = [i for i in kinds.listed_columns() if i not in ids]
    if missing:
        lists = "；".join(f"{i} 列出{'、'.join(k.label for k in kinds.KINDS if k.column == i)}" for i in missing)
        message = f"栏目中缺少 {'、'.join(missing)}（{lists}）：这些栏目不能删除，可以改名称。"
        yield settings.problem(("columns",), codes.COLUMN_MISSING, message)


TITLE_MAX = 60
"""Three lines of 2号 characters in the 版心: longer titles cannot be set as GB/T 9704 asks."""


def check_notice(notice: Document[Notice]) -> Iterator[Problem]:
    """What GB/T 9704 asks of a notice that its model alone cannot say."""
    model = notice.model
    if len(model.title) > TITLE_MAX:
        message = f"标题有 {len(model.title)} 个字，公文标题排版不宜超过三行（{TITLE_MAX} 字），请精简。"
        yield notice.problem(("title",), codes.TITLE_TOO_LONG, message)
    if model.doc_number:
        year = int(model.doc_number.split("〔")[1][:4])
        if year != model.date_written.year:
            message = f"文号中的年份 {year} 与成文日期的年份 {model.date_written.year} 不一致，请检查。"
            yield notice.problem(("doc_number",), codes.DOC_NUMBER_YEAR, message)
    if model.print_date and model.print_date < model.date_written:
        message = "印发日期早于成文日期：公文应先成文后印发，请检查。"
        yield notice.problem(("print_date",), codes.PRINT_BEFORE_WRITTEN, message)
    if not notice.source.body.strip():
        yield notice.problem(("title",), codes.EMPTY_BODY, "通知没有正文：公文首页必须有正文，请在信息头下面写正文。")


def _check_roster(
    roster: Document[ReceptionRoster],
    people: dict[str, str] | None,
    places: dict[str, str] | None,
    types: tuple[str, ...] | None = None,
) -> Iterator[Problem]:
    """Every person, place and reception type a roster names — in rules, receptions and adjustments — must be
    registered (people.yaml, places.yaml, site.yaml's ``reception_types``)."""
    model = roster.model
    named: list[tuple[Loc, str, str]] = []
    named += [(("rules", i, "type"), "type", rule.type) for i, rule in enumerate(model.rules)]
    named += [(("receptions", i, "type"), "type", r.type) for i, r in enumerate(model.receptions)]
    named += [
        (("adjustments", i, "type"), "type", a.type) for i, a in enumerate(model.adjustments) if a.action == "add"
    ]
    for i, rule in enumerate(model.rules):
        named.append((("rules", i, "place"), "place", rule.place))
        named += [(("rules", i, "people", j), "person", p) for j, p in enumerate(rule.people)]
        named += [(("rules", i, "backups", j), "person", p) for j, p in enumerate(rule.backups)]
    for i, reception in enumerate(model.receptions):
        named += [
            (("receptions", i, "person"), "person", reception.person),
            (("receptions", i, "place"), "place", reception.place),
        ]
        if reception.backup:
            named.append((("receptions", i, "backup"), "person", reception.backup))
    for i, change in enumerate(model.adjustments):
        named.append((("adjustments", i, "person"), "person", change.person))
        if change.substitute:
            named.append((("adjustments", i, "substitute"), "person", change.substitute))
        if change.place:
            named.append((("adjustments", i, "place"), "place", change.place))
    for i, constraint in enumerate(model.constraints):
        named += [(("constraints", i, "people", j), "person", p) for j, p in enumerate(constraint.people)]
    named += [(("cases", i, "person"), "person", case.person) for i, case in enumerate(model.cases)]
    for loc, kind, value in named:
        if kind == "person" and people is not None and value not in people:
            yield roster.problem(loc, codes.UNKNOWN_PERSON, _unknown("接访人员", value, people, "content/people.yaml"))
        elif kind == "place" and places is not None and value not in places:
            yield roster.problem(loc, codes.UNKNOWN_PLACE, _unknown("接访地点", value, places, "content/places.yaml"))
        elif kind == "type" and types is not None and value not in types:
            message = f"接访方式“{value}”不在本站的接访方式之中（{'、'.join(types)}）。请改用其中之一，或在 content/site.yaml 的 reception_types 中加上它。"
            yield roster.problem(loc, codes.UNKNOWN_RECEPTION_TYPE, message)


def _check_plan(plan: Document[CampaignPlan], rosters: dict[str, str]) -> Iterator[Problem]:
    model = plan.model
    if model.start > model.end:
        yield plan.problem(("end",), codes.DATE_ORDER, "活动结束日期早于开始日期，请检查。")
    for i, phase in enumerate(model.phases):
        if phase.start > phase.end:
            yield plan.problem(
                ("phases", i, "end"), codes.DATE_ORDER, f"阶段“{phase.name}”的结束日期早于开始日期，请检查。"
            )
    for i, attachment in enumerate(model.attachments):
        if attachment.number != i + 1:
            yield plan.problem(
                ("attachments", i, "number"),
                codes.ATTACHMENT_NUMBER,
                f"附件序号应为 {i + 1}，附件要按 1、2、3……顺序编号。",
            )
        if attachment.roster and attachment.roster not in rosters:
            yield plan.problem(
                ("attachments", i, "roster"),
                codes.UNKNOWN_ROSTER,
                _unknown("接访安排", attachment.roster, rosters, "content/rosters/"),
            )
