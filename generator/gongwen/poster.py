"""Render stage: a week's receptions as one printable A4 poster (接访公示) for the notice board."""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jinja2
import segno

from generator.cn import cn_month_day, cn_weekday
from generator.fonts import FontSet
from generator.gongwen.notice import pdf_identifier
from generator.gongwen.pdf import weasyprint_html, write_pdf

if TYPE_CHECKING:
    from generator.rosters.workdays import WorkingCalendar
    from generator.site.receptions import Row

POSTER = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="author" content="{{ publisher }}"><meta name="dcterms.created" content="{{ created }}">
<style>
@page { size: A4; margin: 11mm 14mm 14mm; {% if example %}@top-center { content: "示例（演示用，不是真实的接访安排）"; font-size: 9pt;
  color: #666; font-family: "{{ fonts.heiti.family }}"; }{% endif %} @bottom-center { content: "{{ publisher }}　{{ contact }}"; font-size: 10pt;
  font-family: "{{ fonts.heiti.family }}"; } }
body { margin: 0; font-family: "{{ fonts.heiti.family }}"; color: #000; }
h1 { font-size: 26pt; text-align: center; margin: 0 0 2mm; color: #b31b1b; font-family: "{{ fonts.xiaobiaosong.family }}";
  font-weight: {{ fonts.xiaobiaosong.weight }}; }
p.sub { text-align: center; font-size: 16pt; margin: 0 0 3mm; }
p.days { text-align: center; font-size: 14pt; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; font-size: {{ size }}pt; line-height: 1.3; }
th { background: #eee; font-weight: bold; }
th, td { border: 0.8pt solid #000; padding: {{ pad }}mm 1.5mm; text-align: center; }
tbody td { height: {{ row_height }}mm; }
th { white-space: nowrap; }
td.name, td.day { white-space: nowrap; }
td.place span { display: block; font-size: {{ [size - 3, 12] | max }}pt; text-align: left; }
td.duties { text-align: left; font-size: {{ [size - 2, 12] | max }}pt; }
tr { break-inside: avoid; }
p.note { font-size: 14pt; margin-top: 4mm; }
div.example-mark { position: fixed; top: 95mm; left: 0; width: 182mm; text-align: center; z-index: -1;
  font-size: 120pt; line-height: 1; color: #000; opacity: 0.12; transform: rotate(-30deg); }
div.qr { float: right; width: 24mm; margin: 2mm 0 0 4mm; text-align: center; font-size: 8pt; line-height: 1.1; }
div.qr img { width: 20mm; height: 20mm; display: block; margin: 0 auto 0.5mm; }
</style></head><body>
{% if example %}<div class="example-mark" aria-hidden="true">示例</div>{% endif %}
<h1>{{ heading }}</h1>
<p class="sub">{{ span }}</p>
{% if days %}<p class="days">{{ days }}</p>{% endif %}
<table><colgroup><col style="width: 15%"><col style="width: 12%"><col style="width: 11%"><col style="width: 20%"><col style="width: 21%"><col style="width: 21%"></colgroup><thead><tr><th>日期</th><th>时间</th><th>接访领导</th><th>职务</th><th>分管工作</th><th>地点</th></tr></thead>
<tbody>{% for r in rows %}<tr><td class="day">{{ r.date | month_day }}<br>{{ r.weekday }}</td><td>{{ r.time.replace('-', '—') }}</td>
<td class="name">{{ r.name }}</td><td>{{ r.post }}</td><td class="duties">{{ r.duties }}</td><td class="place">{{ r.place }}{% if r.note %}<span>{{ r.note }}</span>{% endif %}</td></tr>{% endfor %}</tbody></table>
{% if qr %}<div class="qr"><img src="{{ qr }}" alt="接访安排网页的二维码">扫码看最新安排</div>{% endif %}
<p class="note">欢迎有诉求的群众在上述时间到接访地点依法有序反映问题。{{ remark }}</p>
</body></html>
"""


SIZES = ((22, 3.0), (20, 2.6), (18, 2.2), (16, 1.8), (15, 1.4), (14, 1.0), (14, 0.6), (14, 0.3), (12, 0.3), (10, 0.3))
"""Type size (pt) and cell padding (mm), largest first: a poster uses the largest that fits one page — 14 pt
at least, for a notice board read from a step away, unless a week holds more than one page can at 14 pt."""

TABLE_HEIGHT_MM = 165
"""What the table may fill of the A4 page (297 mm less the margins, headings, the day line and the closing note)."""


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
            document = weasyprint_html()(string=html).render()
            if len(document.pages) == 1 or html is self.variants[-1]:
                return write_pdf(document, pdf_identifier=pdf_identifier(html), pdf_tags=True)
        raise AssertionError("a poster has at least one variant")


def poster_job(
    publisher: str,
    contact: str,
    heading: str,
    span: str,
    rows: list[Row],
    fonts: FontSet,
    days: str = "",
    hub_url: str = "",
    example: bool = False,
) -> PosterJob:
    """The week's poster; ``days`` says what is unusual about the week's days (holidays, 调休 working days), and
    ``hub_url`` is the reception hub's address, printed as a QR code so a passer-by finds the latest schedule."""
    qr = _qr(hub_url) if hub_url else ""
    template = _poster_template()
    remark = "如遇调整以网站和公众号公告为准。"
    count = max(len(rows), 1)
    row_height = min(40.0, TABLE_HEIGHT_MM / count)  # few receptions: tall rows, so the poster fills the page
    fits = next(  # the largest size whose estimated table fits; one size larger is tried first, as the estimate
        (i for i, (size, pad) in enumerate(SIZES) if _table_height(rows, size, pad, row_height) <= AVAILABLE_MM),
        len(SIZES) - 1,
    )  # errs on the safe side: two layouts at most, most often, instead of one per size
    start = max(0, fits - 1)
    variants = tuple(
        template.render(
            title=f"{heading}（{span}）",
            heading=heading,
            span=span,
            days=days,
            rows=rows,
            fonts=fonts.faces,
            size=size,
            pad=pad,
            row_height=f"{row_height if size >= 16 else 0:.1f}",  # from 15 pt down, rows as tall as their text
            publisher=publisher,
            contact=contact,
            created=rows[0].date if rows else "",
            remark=remark,
            qr=qr,
            example=example,
        )
        for size, pad in SIZES[start:]
    )
    return PosterJob(variants)


COLUMNS_MM = (27.3, 21.8, 20.0, 36.4, 38.2, 38.2)
"""The table's columns on A4 less the margins (182 mm): 日期, 时间, 接访领导, 职务, 分管工作, 地点."""
AVAILABLE_MM = 200
"""What the table may take of the page after the headings, the day line, the note and the QR code."""


def _table_height(rows: list[Row], size: int, pad: float, row_height: float) -> float:
    """The table's height in mm at ``size`` pt, estimated from how many lines each cell's text takes.

    An estimate only (a Chinese character is about ``size`` pt wide; a line is 1.3 of that high):
    the layout itself decides, and a poster that still runs over takes the next size.
    """
    line = size * 0.3528 * 1.3

    def lines(text: str, column: int, scale: float = 1.0) -> int:
        width = COLUMNS_MM[column] - 3
        per_line = max(1.0, width // (size * scale * 0.3528))  # Chinese characters a line holds
        units = sum(1.0 if ord(c) > 0x2E7F else 0.55 for c in text)  # digits and Latin letters: about half as wide
        return max(1, math.ceil(units / per_line))

    total = line + 2 * pad  # the header row
    for r in rows:
        small = max(size - 2, 12) / size
        cells = (2, lines(r.time.replace("-", "—"), 1), lines(r.name, 2), lines(r.post, 3),
                 lines(r.duties, 4, small), lines(r.place, 5) + (lines(r.note, 5, small) if r.note else 0))  # fmt: skip
        total += max(max(cells) * line + 2 * pad, row_height if size >= 16 else 0)
    return total


def week_days_line(first: dt.date, calendar: WorkingCalendar) -> str:
    """What a reader of the notice board must know about the week's days: 本周10月1日—10月6日国庆节放假。 or
    本周10月7日调休放假；10月12日（星期六）调休上班。 (nothing for a plain week)."""
    days = [first + dt.timedelta(days=n) for n in range(7)]
    parts: list[str] = []
    spell: list[dt.date] = []
    for day in [*days, None]:  # runs of days off that hold a named holiday or 调休 rest day
        if day is not None and not calendar.is_working_day(day):
            spell.append(day)
            continue
        names = [n for d in spell if (n := calendar.holiday_name(d))]
        if names:
            real = next((n for n in names if not n.startswith("休息日")), "调休")
            when = cn_month_day(spell[0]) if len(spell) == 1 else f"{cn_month_day(spell[0])}—{cn_month_day(spell[-1])}"
            parts.append(f"{when}{real}放假")
        spell = []
    parts += [
        f"{cn_month_day(d)}（{cn_weekday(d)}）调休上班" for d in days if d.weekday() >= 5 and calendar.is_working_day(d)
    ]
    return "本周" + "；".join(parts) + "。" if parts else ""


@functools.cache
def _qr(url: str) -> str:
    """The QR code of an address as an SVG data URI (the same for every week's poster)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


@functools.cache
def _poster_template() -> jinja2.Template:
    """The poster's template, compiled once per process."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["month_day"] = cn_month_day
    return env.from_string(POSTER)
