"""Render stage: a notice (with the plan and attachments it carries) → a GB/T 9704-2012 公文 PDF.

The document is built as a list of typed blocks, laid out by WeasyPrint from
``templates/gongwen/``. A first layout pass finds where the 版记 falls; the
second places it at the foot of the 版心 on the last, even page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import markdown
import markupsafe
import tinyhtml5

from generator.cn import cn_date, cn_month_day, cn_number
from generator.fonts import FontSet
from generator.gongwen.compose import Line, Measure, Run, compose
from generator.gongwen.tablefit import Layout, TableFit, fit_table
from generator.gongwen.titles import break_title, text_width

if TYPE_CHECKING:  # annotations only: render workers import this module without the content model
    from generator.content.models import CampaignPlan, Notice, ReceptionRoster
    from generator.site.model import Site

LEVELS = (
    ("h1", re.compile(r"^[一二三四五六七八九十]+、")),
    ("h2", re.compile(r"^（[一二三四五六七八九十]+）")),
    ("h3", re.compile(r"^\d+[.．]")),
    ("h4", re.compile(r"^（\d+）")),
)


@dataclass(frozen=True)
class Block:
    """One paragraph of the 主体: ``runin`` is a heading set in its level's face, ``text`` follows."""

    kind: str
    text: str = ""
    runin: str = ""
    lines: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    header: tuple[str, ...] = ()
    break_before: bool = False
    figure: str = ""
    """A chart's SVG markup, drawn for print (kind ``chart``; ``text`` is its file, ``runin`` its description)."""


@dataclass(frozen=True)
class Attachment:
    """An 附件 page: its number, title and a table (a roster, or a blank form)."""

    number: int
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    blank: bool
    layout: Layout = "自动"


@dataclass(frozen=True)
class Seal:
    """The 印章 image pressed on 署名 and 日期 (§7.3.5.1); ``sha256`` makes a changed image a new PDF."""

    uri: str
    sha256: str
    size_mm: float = 42.0  # a 乡(镇) seal is 4.2 cm across (国发〔1999〕25号)


@dataclass(frozen=True)
class Gongwen:
    """Everything on the pages of one 公文, in reading order."""

    mark: str
    doc_number: str | None
    title_lines: tuple[str, ...]
    addressee: str
    body: tuple[Block, ...]
    signer: str
    date_text: str
    signer_gap: float
    date_gap: float
    attachments: tuple[Attachment, ...] = ()
    seal: Seal | None = None
    note: str = ""
    cc: str = ""
    printer: str = ""
    print_date_text: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    example: bool = False
    """An example site's notice: every page carries a light 示例 mark, and the metadata says so."""

    @property
    def seal_axis(self) -> float:
        """Distance in 字 from the 版心's right edge to the centre line of 日期, 署名 and seal."""
        return self.date_gap + text_width(self.date_text) / 2

    def text_of(self, role: str) -> str:
        """All text set in one type role (for checking the face's coverage)."""
        runins = {"heiti": ("h1",), "kaiti": ("h2",)}
        if role in runins:
            text = EXAMPLE_MARK if self.example and role == "heiti" else ""
            text += "".join(b.runin for b in self.body if b.kind in runins[role])
            text += "".join("".join(b.header) for b in self.body if b.kind == "table" and role == "heiti")
            return text + (
                "".join(f"附件{a.number}" + "".join(a.header) for a in self.attachments) if role == "heiti" else ""
            )
        parts = [
            self.doc_number or "",
            self.addressee,
            self.signer,
            self.date_text,
            self.cc,
            self.printer,
            self.print_date_text,
        ]
        parts += [b.text + ("" if b.kind in ("h1", "h2") else b.runin) + "".join(b.lines) for b in self.body]
        parts += ["".join("".join(r) for r in b.rows) for b in self.body]
        parts += ["".join("".join(r) for r in a.rows) for a in self.attachments]
        return "".join(parts)


def paragraph_block(text: str) -> Block:
    """A body paragraph; a leading 一、/（一）/1./（1） makes it a heading of that level."""
    for kind, pattern in LEVELS:
        match = pattern.match(text)
        if match:
            sentence = re.match(r"^[^。：]*[。：]", text)
            if kind == "h1" or sentence is None:
                return (
                    Block(kind, runin=text)
                    if kind == "h1"
                    else Block(kind, text=text[match.end() :], runin=match.group())
                )
            return Block(kind, text=text[sentence.end() :], runin=sentence.group())
    return Block("p", text=text)


def body_blocks(markdown_body: str) -> list[Block]:
    """The notice body as blocks: paragraphs, list items and tables, as Markdown reads them.

    A paragraph or list item that starts 一、/（一）/1./（1） is a heading of that level;
    an ordered list item gets its number back ("1.") so that it reads as one. Inline
    Markdown (emphasis, links, code) keeps its text only.
    """
    html = markdown.markdown(markdown_body, extensions=["tables", "attr_list"])
    body = tinyhtml5.parse(html).find(f"{XHTML}body")
    return list(_blocks(body)) if body is not None else []


XHTML = "{http://www.w3.org/1999/xhtml}"
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’]"


def _itertext(element: Any) -> Iterator[str]:
    """The text of an element and its children, leaving out HTML comments."""
    if not isinstance(element.tag, str):
        return
    yield element.text or ""
    for child in element:
        yield from _itertext(child)
        yield child.tail or ""


def _text(element: Any) -> str:
    """An element's text with line breaks undone: no space is left between two Chinese characters."""
    text = " ".join("".join(_itertext(element)).split())
    return re.sub(rf"(?<={_CJK}) (?={_CJK})", "", text)


def _blocks(parent: Any) -> Iterator[Block]:
    for element in parent:
        if not isinstance(element.tag, str):  # an HTML comment
            continue
        tag = element.tag.removeprefix(XHTML)
        if tag == "table":
            yield _table_block(element)
        elif tag in ("ol", "ul"):
            first = element.get("start") or "1"
            start = (int(first) if first.isdigit() else 1) if tag == "ol" else None
            for i, item in enumerate(element.findall(f"{XHTML}li")):
                nested = [
                    c for c in item if isinstance(c.tag, str) and c.tag.removeprefix(XHTML) in ("ol", "ul", "table")
                ]
                for child in nested:
                    item.remove(child)
                text = _text(item)
                if text:
                    number = f"{start + i}." if start is not None and not LEVELS[2][1].match(text) else ""
                    yield paragraph_block(number + text)
                for child in nested:
                    yield from _blocks([child])
        elif tag in ("div", "blockquote", "section"):
            yield from _blocks(element)
        elif tag == "p" and (image := _only_image(element)) is not None:
            yield Block("chart", text=image.get("src") or "", runin=image.get("alt") or "")
        elif tag == "p" and "gk-caption" in (element.get("class") or "").split() and (text := _text(element)):
            yield Block("caption", text=text)
        elif tag != "hr" and (text := _text(element)):
            yield paragraph_block(text)


def _only_image(paragraph: Any) -> Any | None:
    """The image a paragraph consists of (a chart the body asks for), if that is all it holds."""
    children = [c for c in paragraph if isinstance(c.tag, str)]
    if len(children) == 1 and children[0].tag.removeprefix(XHTML) == "img" and not _text(paragraph):
        return children[0]
    return None


def _table_block(table: Any) -> Block:
    rows = [
        tuple(_text(cell) for cell in row if isinstance(cell.tag, str) and cell.tag.removeprefix(XHTML) in ("th", "td"))
        for row in table.iter(f"{XHTML}tr")
    ]
    header, *body = rows or [()]
    return Block("table", header=header, rows=tuple(body))


def sealed_gaps(signer: str, date_text: str) -> tuple[float, float]:
    """With a seal (§7.3.5.1): 日期 右空四字, 署名 centred over the 日期."""
    return 4 + (text_width(date_text) - text_width(signer)) / 2, 4.0


def signature_gaps(signer: str, date_text: str) -> tuple[float, float]:
    """Right gaps (in 字) of 署名 and 日期 without a seal, per §7.3.5.2."""
    signer_width, date_width = text_width(signer), text_width(date_text)
    if date_width + 2 > signer_width:
        return 2 + (date_width + 2 - signer_width), 2.0
    return 2.0, 2 + (signer_width - 2 - date_width)


def plan_blocks(plan: CampaignPlan) -> list[Block]:
    """The 实施方案 as 公文 paragraphs, starting on a new page under its own title."""
    blocks = [Block("title", lines=tuple(break_title(plan.title)), break_before=True)]
    blocks += [Block("p", text=plan.preamble)] if plan.preamble else []
    section = 0
    if plan.goal or plan.targets:
        section += 1
        blocks.append(Block("h1", runin=f"{cn_number(section)}、目标任务"))
        blocks += [Block("p", text=plan.goal)] if plan.goal else []
        blocks += [
            Block("h2", runin=f"（{cn_number(i)}）{t.name}：", text=t.text) for i, t in enumerate(plan.targets, 1)
        ]
    if plan.phases:
        section += 1
        blocks.append(Block("h1", runin=f"{cn_number(section)}、实施步骤"))
        blocks += [Block("p", text=plan.phases_intro)] if plan.phases_intro else []
        for i, phase in enumerate(plan.phases, 1):
            span = f"{phase.start.month}月{phase.start.day}日"
            if phase.end != phase.start:
                span += f"—{phase.end.month}月{phase.end.day}日"
            blocks.append(Block("h2", runin=f"（{cn_number(i)}）{phase.name}（{span}）。", text=phase.text))
            for j, sub in enumerate(phase.sub_campaigns, 1):
                blocks.append(Block("h3", runin=f"{j}.{sub.name}。", text=sub.text))
                blocks += [Block("h4", runin=f"（{k}）{m.title}。", text=m.text) for k, m in enumerate(sub.measures, 1)]
    if plan.requirements:
        section += 1
        blocks.append(Block("h1", runin=f"{cn_number(section)}、工作要求"))
        blocks += [
            Block("h2", runin=f"（{cn_number(i)}）{r.title}。", text=r.text) for i, r in enumerate(plan.requirements, 1)
        ]
    if plan.attachments:
        blocks.append(Block("attachments-note", lines=tuple(f"{a.number}.{a.title}" for a in plan.attachments)))
    return blocks


def roster_table(site: Site, roster: ReceptionRoster) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The 领导接访安排表 columns printed in the 公文 (public fields only); 备注 when a reception has one."""
    shown = [r for r in site.rows.get(roster.id, ()) if not r.cancelled]
    noted = any(r.note for r in shown)  # an empty column would only take width from the 版心
    header = ("日期", "时间", "接访领导", "职务", "分管工作", "地点") + (("备注",) if noted else ())
    rows = []
    for r in shown:
        day = f"{cn_month_day(r.date)}（{r.weekday[-1]}）"
        rows.append((day, r.time.replace("-", "—"), r.name, r.post, r.duties, r.place) + ((r.note,) if noted else ()))
    return header, tuple(rows)


def plan_attachments(site: Site, plan: CampaignPlan) -> list[Attachment]:
    attachments = []
    for a in plan.attachments:
        if a.roster:
            item = site.item("roster", a.roster)
            if item is None:
                continue
            header, rows = roster_table(site, item.document.model)
            attachments.append(Attachment(a.number, a.title, header, rows, blank=False, layout=a.layout))
        else:
            blank_rows = tuple(("",) * len(a.columns) for _ in range(8))
            attachments.append(Attachment(a.number, a.title, a.columns, blank_rows, blank=True, layout=a.layout))
    return attachments


EXAMPLE_MARK = "示例"
EXAMPLE_NOTE = "示例文件（演示用，不是真实公文）。"


def build_gongwen(site: Site, notice: Notice, body: str, plan: CampaignPlan | None) -> Gongwen:
    """Assemble the pages of a notice from the site model."""
    publisher = site.settings.publisher
    date_text = cn_date(notice.date_written)
    asset = site.assets.get(notice.seal) if notice.seal else None
    seal = Seal(Path(asset.path).as_uri(), asset.sha256) if asset else None
    signer_gap, date_gap = (sealed_gaps if seal else signature_gaps)(notice.signer, date_text)
    blocks = body_blocks(body) + (plan_blocks(plan) if plan else [])
    example = site.settings.example
    meta = {
        "title": notice.title,
        "author": publisher.full_name,
        "description": (EXAMPLE_NOTE if example else "") + (notice.summary or ""),
        "keywords": ", ".join((EXAMPLE_MARK,) * example + tuple(notice.keywords)),
        "created": notice.date_written.isoformat(),
        "modified": notice.date_published.isoformat(),
    }
    return Gongwen(
        mark=publisher.mark or publisher.full_name,
        doc_number=notice.doc_number,
        title_lines=tuple(break_title(notice.title)),
        addressee=notice.addressee,
        body=tuple(blocks),
        signer=notice.signer,
        date_text=date_text,
        signer_gap=signer_gap,
        date_gap=date_gap,
        attachments=tuple(plan_attachments(site, plan) if plan else ()),
        seal=seal,
        note=notice.note.strip("（）()"),
        cc=notice.cc,
        printer=notice.printer,
        print_date_text=cn_date(notice.print_date) + "印发" if notice.print_date else "",
        meta=meta,
        example=example,
    )


def gongwen_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.gongwen", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["b64"] = lambda text: base64.b64encode(text.encode("utf-8")).decode("ascii")
    return env


LEAD_IN_ROLE = {"h1": "heiti", "h2": "kaiti"}
"""The face of a heading's lead-in by level; 1. and （1） stay in 仿宋."""


def gongwen_html(env: jinja2.Environment, doc: Gongwen, fonts: FontSet, banji: BanjiPlacement) -> str:
    g: Any = env.globals["g"]  # the pdf.Grid (gongwen cannot import pdf, which imports it)
    measure = Measure(g.size, g.tracking, 28 * g.cell, g.indent)

    composed: dict[int, tuple[Line, ...]] = {}
    for index, block in enumerate(() if banji.page_break else doc.body):  # the 版记's own pages carry no body
        runs = ([Run(block.runin, True)] if block.runin else []) + ([Run(block.text)] if block.text else [])
        faces = (fonts.faces["fangsong"], fonts.faces[LEAD_IN_ROLE.get(block.kind, "fangsong")])
        composed[index] = compose(tuple(runs), faces, measure) if runs else ()
    spreads = sorted({line.spacing for lines in composed.values() for line in lines} - {g.tracking})
    return env.get_template("notice.html").render(
        doc=doc,
        fonts=fonts.faces,
        banji=banji,
        composed=composed,
        spreads={s: i for i, s in enumerate(spreads)},
        fits={key: fit or UNFIT for key, fit in table_fits(doc, fonts).items()},
        example_note=EXAMPLE_NOTE.rstrip("。"),
        heiti_family=markupsafe.Markup(fonts.css_family("heiti")),
    )


UNFIT = TableFit(landscape=True, size=9.0)
"""What a table that fits nowhere is drawn in when rendered anyway (a build stops before: see table_problems)."""


def table_fits(doc: Gongwen, fonts: FontSet) -> dict[str, TableFit | None]:
    """How each table is set — ``body-N`` for the N-th block, ``attachment-N`` for 附件N — None where none fits."""
    faces = (fonts.faces["heiti"], fonts.faces["fangsong"])
    fits: dict[str, TableFit | None] = {}
    for index, block in enumerate(doc.body):
        if block.kind == "table":
            fits[f"body-{index}"] = fit_table(block.header, block.rows, faces)
    for a in doc.attachments:
        fits[f"attachment-{a.number}"] = fit_table(a.header, a.rows, faces, a.layout)
    return fits


@dataclass(frozen=True)
class BanjiPlacement:
    """Where the 版记 goes: pushed down by ``spacer`` points, or onto pages of its own.

    With ``page_break`` the first layout keeps its first ``kept_pages`` pages and the
    版记 is laid out alone (after a blank page when ``blank_page``) as a short tail
    document whose pages are appended: the body is never laid out twice.
    """

    page_break: bool = False
    blank_page: bool = False
    spacer: float = 0.0
    kept_pages: int = 0


def pdf_identifier(html: str) -> bytes:
    """A stable /ID from the document's own content, so equal input gives equal bytes."""
    return hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")
