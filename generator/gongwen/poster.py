"""Render stage: a week's receptions as one printable A4 poster (接访公示) for the notice board."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import jinja2
from weasyprint import HTML

from generator.cn import cn_month_day
from generator.fonts import FontSet
from generator.gongwen.notice import pdf_identifier
from generator.gongwen.pdf import write_pdf

if TYPE_CHECKING:
    from generator.site.receptions import Row

POSTER = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="author" content="{{ publisher }}"><meta name="dcterms.created" content="{{ created }}">
<style>
@page { size: A4; margin: 15mm 14mm 16mm; @bottom-center { content: "{{ publisher }}　{{ contact }}"; font-size: 10pt;
  font-family: "{{ fonts.heiti.family }}"; } }
body { margin: 0; font-family: "{{ fonts.heiti.family }}"; color: #000; }
h1 { font-size: 26pt; text-align: center; margin: 0 0 2mm; color: #b31b1b; font-family: "{{ fonts.xiaobiaosong.family }}";
  font-weight: {{ fonts.xiaobiaosong.weight }}; }
p.sub { text-align: center; font-size: 15pt; margin: 0 0 5mm; }
table { width: 100%; border-collapse: collapse; font-size: {{ size }}pt; line-height: 1.3; }
th { background: #eee; font-weight: bold; }
th, td { border: 0.8pt solid #000; padding: {{ pad }}mm 1.5mm; text-align: center; }
td.name, td.day { white-space: nowrap; }
td.place span { display: block; font-size: {{ size - 3 }}pt; text-align: left; }
td.duties { text-align: left; font-size: {{ size - 2 }}pt; }
tr { break-inside: avoid; }
p.note { font-size: 12pt; margin-top: 4mm; }
</style></head><body>
<h1>{{ heading }}</h1>
<p class="sub">{{ span }}</p>
<table><colgroup><col style="width: 15%"><col style="width: 12%"><col style="width: 11%"><col style="width: 20%"><col style="width: 21%"><col style="width: 21%"></colgroup><thead><tr><th>日期</th><th>时间</th><th>接访领导</th><th>职务</th><th>分管工作</th><th>地点</th></tr></thead>
<tbody>{% for r in rows %}<tr><td class="day">{{ r.date | month_day }}<br>{{ r.weekday }}</td><td>{{ r.time.replace('-', '—') }}</td>
<td class="name">{{ r.name }}</td><td>{{ r.post }}</td><td class="duties">{{ r.duties }}</td><td class="place">{{ r.place }}{% if r.note %}<span>{{ r.note }}</span>{% endif %}</td></tr>{% endfor %}</tbody></table>
<p class="note">欢迎有诉求的群众在上述时间到接访地点依法有序反映问题。{{ remark }}</p>
</body></html>
"""


SIZES = ((15, 2.2), (13, 1.4), (12, 1.0), (11, 0.7), (10, 0.5), (9, 0.3))
"""Type size (pt) and cell padding (mm), largest first: a poster uses the largest that fits one page."""


@dataclass(frozen=True)
class PosterJob:
    """One week's poster at each candidate size, ready to render in any process."""

    variants: tuple[str, ...]

    def source(self) -> str:
        return "".join(self.variants)

    def weight(self) -> int:
        return 20 * len(self.variants)

    def render(self) -> bytes:
        """The first variant that fits one A4 page (the smallest if none does)."""
        for html in self.variants:
            document = HTML(string=html).render()
            if len(document.pages) == 1 or html is self.variants[-1]:
                return write_pdf(document, pdf_identifier=pdf_identifier(html), pdf_tags=True)
        raise AssertionError("a poster has at least one variant")


def poster_job(publisher: str, contact: str, heading: str, span: str, rows: list[Row], fonts: FontSet) -> PosterJob:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["month_day"] = cn_month_day
    template = env.from_string(POSTER)
    remark = "如遇调整以网站和公众号公告为准。"
    start = 0 if len(rows) <= 12 else 1 if len(rows) <= 18 else 2
    variants = tuple(
        template.render(
            title=f"{heading}（{span}）",
            heading=heading,
            span=span,
            rows=rows,
            fonts=fonts.faces,
            size=size,
            pad=pad,
            publisher=publisher,
            contact=contact,
            created=rows[0].date if rows else "",
            remark=remark,
        )
        for size, pad in SIZES[start:]
    )
    return PosterJob(variants)
