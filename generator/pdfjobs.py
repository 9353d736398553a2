"""Render stage: every published notice as a PDF, from the content-addressed cache or a process pool.

Workers each keep one font configuration and one parsed stylesheet (see pdf.py),
so a batch pays for them once per worker, not once per notice.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .fonts import FontSet, choose_fonts
from .gongwen import BanjiPlacement, Gongwen, build_gongwen
from .pdf import font_problems, gongwen_source, render_gongwen_pdf, require_fonts, stylesheet_source
from .problems import Problem
from .site import Item, Site


@dataclass(frozen=True)
class PdfJob:
    """One document to render, with everything a worker process needs."""

    doc: Gongwen
    fonts: FontSet
    archival: bool

    def render(self) -> bytes:
        return render_gongwen_pdf(self.doc, self.fonts, self.archival)


def _render(job: PdfJob) -> bytes:
    return job.render()


def render_all(jobs: list[PdfJob], workers: int | None = None) -> list[bytes]:
    """Render ``jobs`` in order; in a pool of fresh (spawned) processes when there are several."""
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        return [job.render() for job in jobs]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(_render, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


def cache_key(job: PdfJob) -> str:
    """Content address of a rendering: the HTML and CSS, the font files, the variant, the renderer."""
    source = stylesheet_source(job.fonts) + gongwen_source(job.doc, job.fonts, BanjiPlacement())
    digest = hashlib.sha256(source.encode("utf-8"))
    digest.update(b"pdf/a-3u" if job.archival else b"pdf")
    for face in job.fonts.faces.values():
        if face is not None:
            stat = Path(face.file).stat()
            digest.update(
                f"{face.family}|{face.weight}|{face.file}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}".encode()
            )
    for package in ("weasyprint", "pydyf", "fonttools", "gongkai"):
        digest.update(f"{package} {_version(package)}".encode())
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def notice_pdfs(
    site: Site, cache_dir: Path | None, workers: int | None = None
) -> tuple[dict[str, bytes], list[Problem], int]:
    """The PDF of every published notice (path under site/ → bytes), warnings, and how many were rendered.

    An unchanged notice is taken from the cache instead of being rendered again.
    """
    fonts = choose_fonts(site.settings.fonts.model_dump())
    require_fonts(fonts)
    problems: list[Problem] = []
    jobs: dict[str, tuple[PdfJob, Path | None]] = {}
    files: dict[str, bytes] = {}
    for item in site.by_kind("notice"):
        notice = item.document.model
        plan_item = site.item("campaign", notice.plan) if notice.plan else None
        doc = build_gongwen(site, notice, item.document.source.body, plan_item.document.model if plan_item else None)
        problems += font_problems(fonts, doc, item.document.source.path)
        job = PdfJob(doc, fonts, site.settings.pdf_archival)
        cached = cache_dir / f"{cache_key(job)}.pdf" if cache_dir else None
        if cached is not None and cached.is_file():
            files[pdf_path(item)] = cached.read_bytes()
        else:
            jobs[pdf_path(item)] = (job, cached)
    for path, pdf in zip(jobs, render_all([job for job, _ in jobs.values()], workers), strict=True):
        files[path] = pdf
        cached = jobs[path][1]
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(pdf)
            os.replace(partial, cached)  # a reader never sees half a PDF
    return dict(sorted(files.items())), problems, len(jobs)


def pdf_path(item: Item) -> str:
    """Where a notice's PDF is published: next to its page, named after its id."""
    return f"{item.url}{item.document.model.id}.pdf"
