"""Render stage: the 政府信息公开申请表 as a printable A4 PDF (the same fields as its web page)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jinja2

from generator.fonts import FontSet
from generator.gongwen.notice import pdf_identifier
from generator.gongwen.pdf import weasyprint_html, write_pdf

FORM = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>政府信息公开申请表</title>
<meta name="author" content="{{ publisher }}">
<style>
@page { size: A4; margin: 18mm 20mm 15mm; {% if example %}@top-center { content: "示例（演示用）"; font-size: 9pt; color: #666;
  font-family: "{{ fonts.heiti.family }}"; }{% endif %} }
body { margin: 0; font-family: "{{ fonts.fangsong.family }}"; font-size: 14pt; color: #000; }
h1 { text-align: center; font-family: "{{ fonts.xiaobiaosong.family }}"; font-weight: {{ fonts.xiaobiaosong.weight }};
  font-size: 22pt; margin: 0 0 2mm; }
p.to { text-align: center; margin: 0 0 5mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.8pt solid #000; padding: 1.2mm 2mm; vertical-align: middle; }
th { font-family: "{{ fonts.heiti.family }}"; font-weight: normal; text-align: left; }
th.group { width: 22mm; text-align: center; }
th.field { width: 58mm; font-size: 12pt; }
td { height: 7.5mm; }
tr.wide td { height: 18mm; }
p.note { font-size: 11pt; margin-top: 4mm; line-height: 1.5; }
</style></head><body>
<h1>政府信息公开申请表</h1>
<p class="to">受理机构：{{ office }}</p>
<table><tbody>
{% for group, fields in form %}{% for field in fields %}
<tr{% if "特征描述" in field %} class="wide"{% endif %}>{% if loop.first %}<th class="group" rowspan="{{ fields | length }}">{{ group }}</th>{% endif %}<th class="field">{{ field }}</th><td></td></tr>
{% endfor %}{% endfor %}
</tbody></table>
<p class="note">说明：依据《中华人民共和国政府信息公开条例》第二十九条填写。申请内容不明确的，将在7个工作日内一次性告知补正；
不能当场答复的，自收到申请之日起20个工作日内答复。受理地址：{{ address }}；电话：{{ phone }}。</p>
</body></html>
"""


@dataclass(frozen=True)
class ApplicationFormJob:
    """The blank application form, ready to render in any process."""

    html: str

    def source(self) -> str:
        return self.html

    def render(self) -> bytes:
        document = weasyprint_html()(string=self.html).render()
        return write_pdf(document, pdf_identifier=pdf_identifier(self.html), pdf_tags=True)

    def weight(self) -> int:
        return 5


def application_form_job(
    form: tuple[tuple[str, tuple[str, ...]], ...],
    fonts: FontSet,
    publisher: str,
    office: str,
    address: str,
    phone: str,
    example: bool,
) -> ApplicationFormJob:
    html = _form_template().render(
        form=form, fonts=fonts.faces, publisher=publisher, office=office, address=address, phone=phone, example=example
    )
    return ApplicationFormJob(html)


@functools.cache
def _form_template() -> jinja2.Template:
    """The form's template, compiled once per process."""
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(FORM)
