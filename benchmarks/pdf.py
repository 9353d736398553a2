"""``make bench``: PDF throughput against Typst measured in the same run, and the no-change rebuild.

A batch of notices (4–10 pages each) is made from the example: the seed-004 notice
with more or less of its plan and attachments. gongkai renders the batch in its
process pool; Typst (PyPI ``typst``) renders the same text with an equivalent
template, sequentially, twice: with ``typst.compile`` per notice (how the issue's
reference points were measured) and with one warm ``typst.Compiler``. The target is
about the first ratio; the second is printed so that nobody mistakes it for the other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TextIO

from pypdf import PdfReader

from benchmarks.clock import measured
from generator.build import prepare_site
from generator.cache import cache_folder
from generator.content.validate import load_sources, validate_content
from generator.fonts import FontSet, choose_fonts, with_working_faces
from generator.gongwen.jobs import render_all
from generator.gongwen.notice import Gongwen, build_gongwen
from generator.gongwen.pdf import PdfJob
from generator.site.model import model_site

TYPST_PREAMBLE = """
#set page(paper: "a4", margin: (top: 98.08pt, bottom: 92.61pt, left: 28mm, right: 26mm), footer-descent: 6mm,
  footer: context {
    let n = counter(page).get().first()
    set text(font: "{songti}", size: 14pt, tracking: 0pt)
    if calc.odd(n) [#h(1fr)— #n —#h(14pt)] else [#h(14pt)— #n —#h(1fr)]
  })
#set text(font: "{fangsong}", size: 16pt, lang: "zh", region: "cn", tracking: -0.21pt, top-edge: 0.88em, bottom-edge: -0.12em)
#set par(leading: 13.6pt, spacing: 13.6pt, first-line-indent: (amount: 31.58pt, all: true), justify: true)
#let runin(face, head, body) = par[#text(font: face, head)#body]
#let big(lines) = align(center, text(font: "{xiaobiaosong}", weight: "bold", size: 22pt, tracking: 0pt, lines.join(linebreak())))
"""


def _s(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\\\", "\\\\\\\\").replace('"', '\\\\"') + '"'


def typst_source(doc: Gongwen, fonts: FontSet) -> str:
    """The same 公文 as Typst markup: the elements gongkai sets, in an equivalent template."""
    family = {role: face.family if face else "" for role, face in fonts.faces.items()}
    parts = [TYPST_PREAMBLE.replace("{", "{{").replace("}", "}}").replace("{{songti}}", "{songti}").format(**family)]
    parts.append(
        f'#v(99pt)\n#align(center, text(fill: rgb("#e60012"), font: "{family["xiaobiaosong"]}", weight: "bold", size: 36pt, {_s(doc.mark)}))'
    )
    parts.append(
        f'#v(66pt)\n#align(center, {_s(doc.doc_number or "")})\n#v(4.5pt)\n#line(length: 100%, stroke: 1.5pt + rgb("#e60012"))'
    )
    parts.append(f"#v(59.8pt)\n#big(({', '.join(_s(line) for line in doc.title_lines)},))\n#v(29.4pt)")
    parts.append(f"#par(first-line-indent: 0pt, {_s(doc.addressee + '：')})")
    for block in doc.body:
        if block.kind == "title":
            parts.append(f"#pagebreak()\n#big(({', '.join(_s(line) for line in block.lines)},))")
        elif block.kind == "attachments-note":
            parts.append("#par(" + _s("附件：" + "　".join(block.lines)) + ")")
        else:
            face = (
                family["heiti"] if block.kind == "h1" else family["kaiti"] if block.kind == "h2" else family["fangsong"]
            )
            parts.append(f'#runin("{face}", {_s(block.runin)}, {_s(block.text)})')
    parts.append(f"#align(right, [#{_s(doc.signer)}#h({doc.signer_gap}em)\\ #{_s(doc.date_text)}#h({doc.date_gap}em)])")
    for attachment in doc.attachments:
        cells = ", ".join(_s(cell) for row in attachment.rows for cell in row)
        header = ", ".join(_s(h) for h in attachment.header)
        parts.append(
            f'#pagebreak()\n#text(font: "{family["heiti"]}", {_s("附件" + str(attachment.number))})\n#big(({_s(attachment.title)},))\n'
            f"#set text(size: 12pt, tracking: 0pt)\n#table(columns: {len(attachment.header)}, inset: (x: 2pt, y: 3pt), table.header({header}), {cells})"
        )
    parts.append(
        f"#place(bottom, block(width: 100%, {{set text(size: 14pt, tracking: 0pt); line(length: 100%, stroke: 0.99pt); "
        f"pad(x: 14pt, [#{_s(doc.printer)}#h(1fr)#{_s(doc.print_date_text)}]); line(length: 100%, stroke: 0.99pt)}}))"
    )
    return "\n".join(parts) + "\n"


def _example(root: Path) -> tuple[Gongwen, object]:
    sources, _ = load_sources(root)
    content, _ = validate_content(sources)
    site, _ = model_site(content, dt.date(2100, 1, 1))
    notice = site.item("notice", "2024-xinfang-month")
    plan = site.item("campaign", "2024-xinfang-month")
    if notice is None or plan is None:
        raise SystemExit("bench: the example notice (content/notices/2024-xinfang-month.md) is needed")
    return build_gongwen(site, notice.document.model, notice.document.source.body, plan.document.model), site


def batch(doc: Gongwen, size: int) -> list[Gongwen]:
    """``size`` distinct notices of 3–10 pages: the example with part of its plan and attachments.

    Each is set as a real office's notice, without the example site's 示例 marks (a note
    at the head of every page and a light mark across it), which the Typst template does
    not draw either: both sides set the same elements.
    """
    variants = []
    for i in range(size):
        keep_blocks = 8 + (i * 7) % (len(doc.body) - 7)
        keep_attachments = i % 3
        variants.append(
            dataclasses.replace(
                doc,
                example=False,
                doc_number=f"晋政青〔2024〕{100 + i}号",
                title_lines=(*doc.title_lines[:-1], doc.title_lines[-1] + f"（{i + 1}）"),
                body=doc.body[:keep_blocks]
                + tuple(b for b in doc.body if b.kind == "attachments-note")[: 1 if keep_attachments else 0],
                attachments=doc.attachments[:keep_attachments],
            )
        )
    return variants


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _time_typst(sources: list[bytes], warm: bool) -> tuple[float, int]:
    """Seconds and pages for Typst over ``sources``, one after another.

    Cold: ``typst.compile`` per notice, which discovers the system fonts each time
    (the issue's reference points were taken so). Warm: one ``typst.Compiler`` reused,
    fonts loaded once, as gongkai's workers keep one font configuration.
    """
    import typst

    start = time.perf_counter()
    if warm:
        compiler = typst.Compiler()
        pdfs = [compiler.compile(input=source) for source in sources]
    else:
        pdfs = [typst.compile(source) for source in sources]
    seconds = time.perf_counter() - start
    return seconds, sum(_pages(pdf) for pdf in pdfs if isinstance(pdf, bytes))


def _rebuild_count(root: Path) -> tuple[int, int]:
    """PDFs rendered by a first build of a copy of the project and by a second, unchanged one."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "project"
        shutil.copytree(root / "content", copy / "content")
        if (root / "data").is_dir():
            shutil.copytree(root / "data", copy / "data")
        shutil.copy2(root / "mkdocs.yml", copy / "mkdocs.yml")
        first, _ = prepare_site(copy, dt.date(2100, 1, 1), cache_dir=copy / ".cache")
        second, _ = prepare_site(copy, dt.date(2100, 1, 1), cache_dir=copy / ".cache")
    return first.pdfs_rendered, second.pdfs_rendered


def run_bench(root: Path, out: TextIO, size: int = 100, workers: int | None = None) -> int:
    """Print pages/s of gongkai and Typst, their ratios, and the no-change rebuild count."""
    doc, _ = _example(root)
    fonts = with_working_faces(choose_fonts(), cache_folder(root) / "fonts")
    docs = batch(doc, size)
    jobs = [PdfJob(d, fonts, False) for d in docs]
    pool = min(workers or os.cpu_count() or 1, len(jobs))
    with measured() as timing:
        pdfs = render_all(jobs, workers)
    ours = timing.wall
    pages = [_pages(pdf) for pdf in pdfs]
    sources = [typst_source(d, fonts).encode("utf-8") for d in docs]
    with measured() as cold_timing:
        cold, cold_pages = _time_typst(sources, warm=False)
    with measured() as warm_timing:
        warm, warm_pages = _time_typst(sources, warm=True)
    out.write(f"batch: {size} notices, {sum(pages)} pages ({min(pages)}–{max(pages)} per notice)\n")
    out.write(f"gongkai (WeasyPrint, {pool} worker processes): {timing}, {sum(pages) / ours:.1f} pages/s\n")
    out.write(f"Typst, typst.compile per notice:      {cold_timing}, {cold_pages / cold:.1f} pages/s\n")
    out.write(f"Typst, one Compiler, fonts loaded once: {warm_timing}, {warm_pages / warm:.1f} pages/s\n")
    out.write(f"ratio gongkai/Typst CPU time: {timing.cpu / cold_timing.cpu:.2f}\n")
    ratio = ours / cold
    out.write(f"ratio gongkai/Typst wall time: {ratio:.2f} (target ≤ 1.0: {'met' if ratio <= 1.0 else 'not met'})\n")
    out.write(f"ratio gongkai/warm Typst compiler: {ours / warm:.2f}\n")
    first, second = _rebuild_count(root)
    out.write(f"rebuild without changes: {second} PDFs rendered (first build: {first})\n")
    return 0
