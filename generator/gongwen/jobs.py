"""Render stage: every published notice as a PDF, from the content-addressed cache or a process pool.

The jobs' classes (pdf.PdfJob, poster.PosterJob) live in modules that do not import
the content model, so a fresh worker process starts quickly.

Workers each keep one font configuration and one parsed stylesheet (see pdf.py),
so a batch pays for them once per worker, not once per notice.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import operator
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from generator import codes
from generator.cache import write_atomically
from generator.content.documents import Document
from generator.fonts import FontSet, choose_fonts, font_cache, with_working_faces
from generator.forks import processes, start_method, worker_pool
from generator.gongwen.application import application_form_job
from generator.gongwen.notice import Gongwen, build_gongwen, table_fits
from generator.gongwen.pdf import PdfJob, font_problems, require_fonts
from generator.gongwen.poster import poster_job, week_days_line
from generator.gongwen.tablefit import LANDSCAPE_WIDTH, MM, SMALLER_SIZES, needed_width
from generator.problems import Problem
from generator.site.application import APPLICATION_FORM, APPLICATION_PDF
from generator.site.model import Item, Site
from generator.site.receptions import SCHEDULE, period_title, schedule_weeks, week_span
from generator.stats.charts import Chart, cached_chart_svg, chart_face


class Job(Protocol):
    """Anything that renders to PDF bytes and can say what its output depends on."""

    def source(self) -> str: ...

    def render(self) -> bytes: ...

    def weight(self) -> int:
        """Roughly how long the rendering takes, in any unit shared by all jobs."""
        ...


def render_all(jobs: Sequence[Job], workers: int | None = None) -> list[bytes]:
    """Render ``jobs`` in order; in a pool of worker processes when there are several."""
    workers = min(processes(workers), len(jobs))
    if workers <= 1:
        return [job.render() for job in jobs]
    order = sorted(range(len(jobs)), key=lambda i: -jobs[i].weight())  # longest first: no long job left for last
    import weasyprint  # noqa: F401  (once, here: forked workers start with it imported)

    with worker_pool(workers, "gongkai-render-", start_method()) as pool:
        done = dict(zip(order, pool.map(operator.methodcaller("render"), [jobs[i] for i in order]), strict=True))
    return [done[i] for i in range(len(jobs))]


def cache_key(job: Job, fonts: FontSet) -> str:
    """Content address of a rendering: its source, the font files, the renderer's versions."""
    digest = hashlib.sha256(job.source().encode("utf-8"))
    for face in fonts.faces.values():
        if face is not None:
            stat = Path(face.file).stat()
            digest.update(
                f"{face.family}|{face.weight}|{face.file}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}".encode()
            )
    for package in ("weasyprint", "pydyf", "fonttools", "uharfbuzz", "gongkai"):
        digest.update(f"{package} {_version(package)}".encode())
    return digest.hexdigest()


def render_cached(
    jobs: dict[str, Job], fonts: FontSet, cache_dir: Path | None, workers: int | None
) -> tuple[dict[str, bytes], int]:
    """Output path → PDF for every job, from the cache where possible; and how many were rendered."""
    files: dict[str, bytes] = {}
    todo: dict[str, tuple[Job, Path | None]] = {}
    for path, job in jobs.items():
        cached = cache_dir / f"{cache_key(job, fonts)}.pdf" if cache_dir else None
        if cached is not None and cached.is_file():
            files[path] = cached.read_bytes()
        else:
            todo[path] = (job, cached)
    for path, pdf in zip(todo, render_all([job for job, _ in todo.values()], workers), strict=True):
        files[path] = pdf
        cached = todo[path][1]
        if cached is not None:
            write_atomically(cached, pdf)
    return dict(sorted(files.items())), len(todo)


@functools.cache
def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def site_pdfs(
    site: Site, cache_dir: Path | None, workers: int | None = None
) -> tuple[dict[str, bytes], list[Problem], int]:
    """Every PDF of the site — notices as 公文, weekly reception posters — with warnings and the render count."""
    fonts = choose_fonts(site.settings.fonts.model_dump())
    require_fonts(fonts)
    fonts = with_working_faces(fonts, font_cache(cache_dir))
    problems: list[Problem] = []
    jobs: dict[str, Job] = {}
    for item in site.by_kind("notice"):
        notice = item.document.model
        plan_item = site.item("campaign", notice.plan) if notice.plan else None
        doc = build_gongwen(site, notice, site.body(item.document), plan_item.document.model if plan_item else None)
        doc = with_charts(doc, site.charts.get(item.document.source.path, ()), fonts, cache_dir)
        problems += font_problems(fonts, doc, item.document.source.path)
        problems += table_problems(fonts, doc, item.document, plan_item.document if plan_item else None)
        jobs[pdf_path(item)] = PdfJob(doc, fonts, site.settings.pdf_archival)
    publisher, contact = site.settings.publisher.full_name, f"联系电话：{site.settings.contact.phone}"
    for url, rows in schedule_weeks(site.receptions):
        key = url.rstrip("/").rsplit("/", 1)[1]
        days = week_days_line(week_span(key)[0], site.calendar) if site.calendar else ""
        heading = f"{site.settings.publisher.short_name}领导接访安排"
        hub = f"{site.settings.base_url}{SCHEDULE}/"
        jobs[f"{url}poster.pdf"] = poster_job(
            publisher, contact, heading, period_title("week", key), rows, fonts, days, hub, site.settings.example
        )
    office = site.settings.contact
    jobs[APPLICATION_PDF] = application_form_job(
        APPLICATION_FORM, fonts, publisher, office.office, office.address, office.phone, site.settings.example
    )
    files, rendered = render_cached(jobs, fonts, cache_dir, workers)
    return files, problems, rendered


def with_charts(doc: Gongwen, charts: Sequence[Chart], fonts: FontSet, cache_dir: Path | None) -> Gongwen:
    """``doc`` with each chart its body asks for drawn for print: 版心 wide, in greys, lettered in its 黑体."""
    face = chart_face(dict(fonts.faces), font_cache(cache_dir)) if charts else None
    if face is None:
        return doc
    body = []
    for block in doc.body:
        number = re.search(r"figure-(\d+)-chart\.svg$", block.text) if block.kind == "chart" else None
        if number and 0 < int(number.group(1)) <= len(charts):
            svg = cached_chart_svg(charts[int(number.group(1)) - 1], face, cache_dir, fonts.css_family("heiti"))
            block = dataclasses.replace(block, figure=svg.decode("utf-8"))
        body.append(block)
    return dataclasses.replace(doc, body=tuple(body))


def table_problems(fonts: FontSet, doc: Gongwen, notice: Document[Any], plan: Document[Any] | None) -> list[Problem]:
    """A located error for each table that fits the 版心 in none of the ways its layout allows."""
    faces = (fonts.faces["heiti"], fonts.faces["fangsong"])
    problems = []
    for key, fit in table_fits(doc, fonts).items():
        if fit is not None:
            continue
        kind, number = key.split("-")
        if kind == "attachment" and plan is not None:
            index, attachment = next((i, a) for i, a in enumerate(doc.attachments) if a.number == int(number))
            smallest = SMALLER_SIZES[-1] if attachment.layout == "缩小" else SMALLER_SIZES[0]
            need = needed_width(attachment.header, attachment.rows, smallest, faces) / MM
            advice = "" if attachment.layout == "缩小" else "；也可以设 layout: 缩小，把字号缩到最小9磅"
            message = (
                f"附件{attachment.number}《{attachment.title}》有{len(attachment.header)}列，A4 横排也放不下："
                f"按表头和最长的词至少要 {need:.0f} 毫米宽，横排的版心只有 {LANDSCAPE_WIDTH / MM:.0f} 毫米。"
                f"请减少列数或缩短表头{advice}。"
            )
            problems.append(plan.problem(("attachments", index), codes.TABLE_TOO_WIDE, message))
        elif kind == "body":
            block = doc.body[int(number)]
            ordinal = sum(1 for b in doc.body[: int(number) + 1] if b.kind == "table")
            need = needed_width(block.header, block.rows, SMALLER_SIZES[0], faces) / MM
            message = (
                f"正文第{ordinal}个表格（表头：{'、'.join(block.header)}）有{len(block.header)}列，A4 横排也放不下："
                f"至少要 {need:.0f} 毫米宽，横排的版心只有 {LANDSCAPE_WIDTH / MM:.0f} 毫米。"
                "请减少列数、缩短表头，或把它拆成几个表格。"
            )
            source = notice.source
            line = _table_line(source.body, block.header, ordinal)
            problems.append(
                Problem(path=source.path, line=source.body_line + line, code=codes.TABLE_TOO_WIDE, message=message)
            )
    return problems


def _table_line(body: str, header: tuple[str, ...], ordinal: int) -> int:
    """0-based line of a body table in the Markdown: its header row, else the ``ordinal``-th table or 表 macro."""
    lines = body.splitlines()
    for number, line in enumerate(lines):
        if line.lstrip().startswith("|") and header and all(cell in line for cell in header):
            return number
    starts = [
        n
        for n, line in enumerate(lines)
        if "表(" in line or (line.lstrip().startswith("|") and not (n and lines[n - 1].lstrip().startswith("|")))
    ]
    return starts[ordinal - 1] if len(starts) >= ordinal else 0


def pdf_path(item: Item) -> str:
    """Where a notice's PDF is published: next to its page, named after its id."""
    return f"{item.url}{item.document.model.id}.pdf"
