"""Write stage, MkDocs side: a large site's pages laid out and written by forked worker processes.

MkDocs reads, lays out and writes one page after another in one process: at 10,000 items
that is most of a cold build, and the machine's other cores stay idle. For a site with at
least ``POOL_PAGES`` pages to write, the plugin takes them out of MkDocs' own loops (as it
does the pages kept from the last build) and :func:`write_pages` has forked worker processes
run MkDocs' own ``_populate_page`` and ``_build_page`` on them, ``PAGES_PER_TASK`` at a time,
each worker seeing the pages exactly as MkDocs' loops would.

A worker also scans each page it wrote while the bytes are at hand (``scan``: under
``gongkai build`` the privacy guard, the sum and the links), so that work is shared out too.
What MkDocs logs in a worker is sent back and logged by the build's process (a warning still
stops a ``--strict`` build), and links to another page's anchor are checked there, by MkDocs'
own check, once every page's anchors are known.

Results come back in the pages' order, share by share, while the workers go on: the search
indexer starts on a bundle as soon as its pages are written.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.forks import shares, worker_pool

POOL_PAGES = 400
"""Fewer pages to write than this: MkDocs' own loop (forking and sending results back would cost more than they save)."""
PAGES_PER_TASK = 50
"""Pages a worker takes at a time: few enough that the search indexer is fed steadily, enough that sending tasks
and results costs little."""

Scan = Callable[[str, bytes, str], Any]
"""What a worker does with each page it wrote: its path in the site, its bytes and their sha256."""


@dataclass(frozen=True)
class WrittenPage:
    """One page as a worker wrote it."""

    src_uri: str
    sha: str | None
    """The sha256 of the bytes written; None when the output was empty (MkDocs then writes nothing)."""
    searchable: bool
    scanned: Any = None
    """What ``scan`` made of the written bytes."""
    anchors: frozenset[str] | None = None
    """The anchors on the page (MkDocs' ``present_anchor_ids``)."""
    links_to_anchors: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """The page's links to anchors: each target page's ``src_uri`` with (anchor, link as typed)."""


@dataclass
class _Work:
    """What the forked workers start with (inherited, not sent)."""

    files: Files
    pages: list[File]
    config: MkDocsConfig
    nav: Navigation
    env: jinja2.Environment
    scan: Scan | None
    doc_files: Sequence[File] = ()
    """The pages MkDocs' loop would be given (in a worker, once its pages are included again)."""


_WORK: list[_Work] = []
_CAPTURED: list[logging.LogRecord] = []
_OUTPUT: list[str] = []
_IN_WORKER: list[bool] = []


def write_pages(
    files: Files,
    pages: Sequence[File],
    config: MkDocsConfig,
    nav: Navigation,
    env: jinja2.Environment,
    workers: int,
    scan: Scan | None = None,
) -> Iterator[WrittenPage]:
    """Lay out and write ``pages`` (taken out of MkDocs' loops: their inclusion ``EXCLUDED``) in ``workers`` forked
    processes; yield each written page, in order, as its share comes back. Raises what a worker raised, after
    logging what it logged."""
    _WORK[:] = [_Work(files, list(pages), config, nav, env, scan)]
    written: list[WrittenPage] = []
    try:
        with worker_pool(workers, "gongkai-pages-", settle=_settle) as pool:
            for share, records, error in pool.map(_write_share, shares(len(pages), PAGES_PER_TASK)):
                for record in records:
                    logging.getLogger(record.name).handle(record)
                if error is not None:
                    raise error
                written += share
                yield from share
    finally:
        _WORK.clear()
    _check_anchor_links(files, config, written)


def page_laid_out(output: str) -> bool:
    """For the plugin's ``on_post_page``: in a page worker, keep the page's output and say so (the build's process
    learns of the page from the worker's result)."""
    if not _IN_WORKER:
        return False
    _OUTPUT.append(output)
    return True


def _settle() -> None:
    """A page worker: MkDocs' pages as its loops see them; what it logs kept."""
    _IN_WORKER.append(True)
    work = _WORK[0]
    for file in work.pages:
        file.inclusion = InclusionLevel.INCLUDED  # this process's copy: as in a build without workers
    work.doc_files = work.files.documentation_pages(inclusion=InclusionLevel.is_included)
    # this process only: what MkDocs logs here is sent back and logged by the build's process
    logging.Logger.callHandlers = _capture  # type: ignore[method-assign,assignment]


def _capture(_logger: logging.Logger, record: logging.LogRecord) -> None:
    record.msg, record.args, record.exc_info = record.getMessage(), None, None  # sent back as text
    _CAPTURED.append(record)


def _write_share(share: range) -> tuple[list[WrittenPage], list[logging.LogRecord], BaseException | None]:
    """In a worker: read, lay out and write a share of the pages as MkDocs' build does; scan each page written."""
    work = _WORK[0]
    written: list[WrittenPage] = []
    error: BaseException | None = None
    try:
        for index in share:
            written.append(_write_page(work, work.pages[index]))
    except Exception as raised:  # sent back with what was logged before it
        written, error = [], _sendable(raised)
    records, _CAPTURED[:] = list(_CAPTURED), []
    return written, records, error


def _write_page(work: _Work, file: File) -> WrittenPage:
    config = work.config
    page = file.page if file.page is not None else Page(None, file, config)
    _populate_page(page, config, work.files)
    _OUTPUT.clear()
    _build_page(page, config, work.doc_files, work.nav, work.env)
    output = _OUTPUT.pop() if _OUTPUT else ""
    sha, scanned = None, None
    if output.strip():  # written
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        sha = hashlib.sha256(data).hexdigest()
        scanned = work.scan(file.dest_uri, data, sha) if work.scan is not None else None
    links = tuple((target.src_uri, tuple(anchors.items())) for target, anchors in (page.links_to_anchors or {}).items())
    anchors = frozenset(page.present_anchor_ids) if page.present_anchor_ids is not None else None
    page.content = None  # written: not kept in this worker
    return WrittenPage(file.src_uri, sha, "data-pagefind-body" in output, scanned, anchors, links)


def _sendable(error: Exception) -> Exception:
    """The error itself when it survives being sent to the build's process, else a MkDocs error with its text."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return PluginError(f"{type(error).__name__}: {error}")
    return error


def _check_anchor_links(files: Files, config: MkDocsConfig, written: list[WrittenPage]) -> None:
    """MkDocs' check of links to anchors (after its page loop), on what the workers found."""
    linking = [page for page in written if page.links_to_anchors]
    if not linking:
        return
    found = {page.src_uri: page for page in written}

    def page_of(src_uri: str) -> File | None:
        file = files.get_file_from_path(src_uri)
        if file is not None and file.page is None and src_uri in found:  # a page MkDocs did not lay out itself
            anchors = found[src_uri].anchors
            Page(None, file, config).present_anchor_ids = set(anchors) if anchors is not None else None
        return file

    for done in linking:
        file = page_of(done.src_uri)
        assert file is not None and file.page is not None
        targets = {page_of(uri): dict(anchors) for uri, anchors in done.links_to_anchors}
        file.page.links_to_anchors = {target: anchors for target, anchors in targets.items() if target is not None}
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)


__all__ = ["POOL_PAGES", "Scan", "WrittenPage", "page_laid_out", "write_pages"]
