"""The build: load → validate → model → render → write, in that order, in one readable function."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator import codes
from generator.cache import cache_folder, no_collection, sweep_memo
from generator.cn import CHINA
from generator.content.validate import read_content
from generator.forks import can_fork, forked_map, processes
from generator.problems import GongkaiError, Problem, has_errors
from generator.publish.atomic import check_output, clear_leftovers, publish_tree, staging_directory
from generator.publish.guard import Finding, Guard, SourceIndex, load_denylist
from generator.publish.record import Reuse, remember_outputs
from generator.publish.unchanged import nothing_changed, remember_build
from generator.publish.verify import MANIFEST, SUMS, TreeCheck, page_links, sums_text, tree_files
from generator.site.compliance import changed_suoyinhao
from generator.site.model import Site, meta_loc, model_site
from generator.site.upkeep import orphan_pages, stale_columns
from generator.source.loader import source_cache
from generator.web.pages import Scan
from generator.web.render import RenderedSite, render_site
from generator.web.search import MAIN, pdf_text_cache, search_service

SCAN_POOL = 1000
"""Files not scanned yet from which forked workers scan them (the pages' workers scan the pages they write)."""


def model_content(root: Path, today: dt.date, strict: bool = False) -> tuple[Site | None, list[Problem]]:
    """Load, validate and model; the Site is None when errors stop before modelling."""
    content, problems = read_content(root)
    if has_errors(problems, strict) or content.settings is None:
        return None, problems
    site, found = model_site(content, today)
    return site, problems + found


def check_content(root: Path, today: dt.date, freshness: bool = False) -> list[Problem]:
    """Load and validate only (and read the private name list); every problem found, errors and warnings.

    With ``freshness`` (``gongkai check``) also a home page or column past its update limit, and
    pages no other page links to: findings about the site's upkeep, not its content, so a build
    of old content does not repeat them.
    """
    site, problems = model_content(root, today)
    if site is None:
        return problems
    problems += load_denylist(root, site.settings)[1]
    return problems + ([*stale_columns(site), *orphan_pages(site)] if freshness else [])


def prepare_site(
    root: Path,
    today: dt.date,
    strict: bool = False,
    workers: int | None = None,
    cache_dir: Path | None = None,
    freeze: bool = False,
) -> tuple[RenderedSite, list[Problem]]:
    """Load, validate, model and render; raise GongkaiError if anything stops the build.

    With ``freeze`` (a one-off build, which calls ``gc.unfreeze`` when it ends) the model is set aside from
    Python's cycle collector once made: a large site's model is hundreds of thousands of objects, and every
    later collection would walk them all again for nothing.
    """
    cache = cache_dir or cache_folder(root)
    sweep_memo()  # what the last build computed and this one may ask again stays; the rest goes
    with source_cache(cache, workers), no_collection():  # the model is built of objects that all live on
        site, problems = model_content(root, today, strict)
    if freeze:
        gc.freeze()
    if site is None or has_errors(problems, strict):
        raise GongkaiError(problems)
    problems += load_denylist(root, site.settings)[1]
    if has_errors(problems, strict):
        raise GongkaiError(problems)
    rendered = render_site(site, cache, workers)
    problems += rendered.problems
    if has_errors(problems, strict):
        raise GongkaiError(problems)
    return rendered, problems


def build(
    root: Path,
    out: Path,
    today: dt.date,
    strict: bool = False,
    workers: int | None = None,
    say: Callable[[str], object] | None = None,
    inputs: str | None = None,
) -> list[Problem]:
    """Build the whole site into ``out``, replacing it only when everything succeeded.

    When nothing that goes into the site has changed since the last build into ``out``
    (and ``out`` is as that build left it), the build stops at once and repeats that
    build's warnings: see :mod:`generator.unchanged`. ``inputs`` is the inputs' digest when the
    caller has already asked (:func:`nothing_changed`) and found them changed.
    """
    out = Path(os.path.abspath(out))  # as MkDocs spells its site_dir: the spare tree is known by its path
    check_output(root, out)
    clear_leftovers(out)
    previous = None
    if inputs is None:
        inputs, previous = nothing_changed(root, out, today, strict)
    if previous is not None:
        if say:
            say("内容没有变化，网站保持上次构建的结果。\n")
        return previous
    search_service()  # started now: Pagefind loads its word list while the site is made
    try:
        rendered, problems = prepare_site(root, today, strict, workers, freeze=True)
        gc.freeze()  # and the rendered pages
        return _write_site(root, out, today, strict, rendered, problems, inputs, workers)
    finally:
        gc.unfreeze()


def _write_site(
    root: Path,
    out: Path,
    today: dt.date,
    strict: bool,
    rendered: RenderedSite,
    problems: list[Problem],
    inputs: str,
    workers: int | None = None,
) -> list[Problem]:
    """Write, check and publish the rendered site (its pages in ``workers`` processes when there are many); keep
    what the next build reuses."""
    issued = {
        item.id: (item.meta.suoyinhao, item.document, meta_loc(item.kind))
        for item in rendered.site.items
        if item.meta is not None and item.part_of is None
    }
    problems += changed_suoyinhao(out, issued)
    if has_errors(problems, strict):
        raise GongkaiError(problems)
    guard, check = Guard(rendered.site, load_denylist(root, rendered.site.settings)[0]), TreeCheck()
    reuse = Reuse(cache_folder(root), out)
    reuse.for_guard(guard.key)
    guard.parts_known = reuse.previous.parts if reuse.previous is not None else {}
    if reuse.previous is not None:
        check.last_tree = (frozenset(reuse.previous.files), reuse.previous.address)

    scanned: dict[str, tuple[str, list[Finding] | None, list[str] | None]] = {}  # by the page workers

    def scan_page(rel: str, data: bytes, sha: str) -> tuple[str, list[Finding] | None, list[str] | None]:
        """In a page worker, a page it wrote: what ``scan`` makes of it (nothing when the last build's file had
        the same bytes)."""
        if reuse.checked(rel, sha) is not None:
            return sha, None, None
        return sha, guard.scan(rel, data), page_links(data) if rel.endswith(".html") else None

    def scan_file(file: tuple[str, str]) -> tuple[str, list[Finding] | None, list[str] | None]:
        data = Path(file[1]).read_bytes()
        return scan_page(file[0], data, hashlib.sha256(data).hexdigest())

    def scan(files: Iterable[tuple[str, str]]) -> None:
        """Each file (its path in the site, its path on disk) read once: guard, sums, links. Many files not scanned
        yet (the search index of a first build) are read by forked workers, when this process can fork."""
        files = list(files)
        fresh = [
            (rel, path) for rel, path in files if rel != MANIFEST and rel not in scanned and rel not in reuse.linked
        ]
        if len(fresh) >= SCAN_POOL and processes(workers) > 1 and can_fork():
            read = forked_map(scan_file, fresh, processes(workers), "gongkai-scan-")
            scanned.update((rel, done) for (rel, _), done in zip(fresh, read, strict=True))
        for rel, path in files:
            known, done = reuse.linked.get(rel), scanned.pop(rel, None)
            if known is None and done is not None:  # scanned by a worker (see scan_page)
                written, found, links = done
                if found is not None:
                    guard.add_known(rel, found)
                    check.add(rel, b"", written, links)
                    continue
                known = reuse.checked(rel, written)
            data, sha = (Path(path).read_bytes(), None) if known is None else (b"", known.sha)
            if known is None and rel != MANIFEST:  # read in full each time (TreeCheck keeps its items)
                sha = hashlib.sha256(data).hexdigest()
                known = reuse.checked(rel, sha)
            if known is not None:  # the same bytes as a file of the last build
                guard.add_known(rel, known.findings)
                check.add_known(rel, known.sha, known.links)
                continue
            guard.add(rel, data)
            check.add(rel, data, sha)

    def before_index(tree: Path, files: list[tuple[str, str]]) -> None:
        """Every page and file but the search index (its bundles may still be the spare tree's): private data
        stops the build before Pagefind runs."""
        scan(files)
        refused = [p for p in guard.problems(root) if p.severity == "error"]
        if refused:
            raise GongkaiError(problems + refused)

    with staging_directory(out) as staging, _source_date_epoch(today), pdf_text_cache(cache_folder(root)):
        reuse.adopt_spare(staging)  # the tree the last build replaced: what is still right in it stays
        pages, bundles = _run_mkdocs(
            root, staging, rendered, strict, before_index, reuse, (workers, scan_page, scanned)
        )
        index = staging / MAIN  # the search index: the one folder written after the pages
        if index.is_dir():
            scan((f"{MAIN}/{rel}", path) for rel, path in tree_files(index))
        found = guard.problems(root)
        problems += found
        if has_errors(found, strict):
            raise GongkaiError(problems)
        broken = check.problems(_link_locator(root))  # the manifest's sums hold, every link inside the site resolves
        if broken:
            raise GongkaiError(problems + broken)
        (staging / SUMS).write_text(sums_text(check.sums), encoding="utf-8")  # what a deploy is checked against
        reuse.retire(publish_tree(staging, out, keep_old=True))  # the next build's spare
    remember_build(cache_folder(root), inputs, out, problems)
    address = urlsplit(rendered.site.settings.base_url).path or "/"
    reuse.keep(out, pages, bundles)  # what was published, for the next build
    checked = (check.sums, check.links, address)
    findings = (guard.key, guard.by_file, guard.parts)
    remember_outputs(cache_folder(root), out, findings, pages, bundles, checked, reuse.unmoved)
    return problems


def _link_locator(root: Path) -> Callable[[Problem, str], Problem]:
    """Moves a broken link's problem to the first place the link was typed in content/ (if it was)."""
    sources: SourceIndex | None = None

    def locate(problem: Problem, target: str) -> Problem:
        nonlocal sources
        sources = sources or SourceIndex(root)
        places = [(rel, at + 1, end) for rel, at, end in sources.locate(f"({target})") if rel.startswith("content/")]
        places = places or [place for place in sources.locate(target) if place[0].startswith("content/")]
        return sources.at_source(problem, places[0]) if places else problem

    return locate


@contextmanager
def _source_date_epoch(today: dt.date) -> Iterator[None]:
    """Pin MkDocs' build date (sitemap, gzip headers) to ``today`` unless SOURCE_DATE_EPOCH is set."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(today, dt.time(), CHINA).timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _run_mkdocs(
    root: Path,
    site_dir: Path,
    rendered: RenderedSite,
    strict: bool,
    before_index: Callable[[Path, list[tuple[str, str]]], None] | None = None,
    reuse: Reuse | None = None,
    pool: tuple[int | None, Scan, dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Let MkDocs write the pages (through the gongkai plugin) into ``site_dir``; ``before_index`` runs
    when they are written, before the search index is made; unchanged pages are taken through ``reuse``;
    ``pool``: how many processes may lay out the pages, what each does with a page it wrote, and where the
    plugin keeps what they made of them (see :mod:`generator.web.pages`).
    Returns what the plugin wrote: each page's digest, file and searchability, each search bundle's digest."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        message = "找不到 mkdocs.yml，请在项目根目录运行，或用 --root 指定。"
        raise GongkaiError([Problem(path="mkdocs.yml", code=codes.NO_MKDOCS_CONFIG, message=message)])
    with _mkdocs_log() as logged, tempfile.TemporaryDirectory(prefix="gongkai-") as nothing:
        try:  # every page comes from the plugin: MkDocs need not list docs_dir (content/) to drop it all
            config = load_config(str(config_file), site_dir=str(site_dir), docs_dir=nothing, strict=strict)
            plugin = config.plugins.get("gongkai")
            if plugin is None:
                message = "mkdocs.yml 的 plugins 中缺少 gongkai 插件，请加上“plugins: [gongkai]”。"
                raise GongkaiError([Problem(path="mkdocs.yml", code=codes.PLUGIN_MISSING, message=message)])
            plugin.rendered, plugin.before_index, plugin.reuse = rendered, before_index, reuse
            if pool is not None:
                plugin.workers = processes(pool[0])
                plugin.scan_page, plugin.scanned = pool[1], pool[2]
            with _quiet_dirty_build():  # site_dir is new, or the spare tree the plugin clears itself
                mkdocs_build(config, dirty=True)
            return plugin.outputs, plugin.bundles
        except jinja2.TemplateSyntaxError as error:
            where = _in_project(root, error.filename) or error.filename or error.name or "模板"
            problem = Problem(
                path=where,
                line=error.lineno,
                column=None,
                code=codes.TEMPLATE_SYNTAX,
                message=f"网页模板语法错误：{error.message}",
            )
            raise GongkaiError([problem]) from None
        except jinja2.TemplateError as error:
            raise GongkaiError(
                [
                    Problem(
                        path="mkdocs.yml",
                        code=codes.TEMPLATE_ERROR,
                        message=f"网页模板出错：{error}",
                    )
                ]
            ) from None
        except MkDocsException as error:
            details = "；".join(logged) or str(error)
            raise GongkaiError(
                [
                    Problem(
                        path="mkdocs.yml",
                        code=codes.MKDOCS_ERROR,
                        message=f"MkDocs 构建失败：{details}",
                    )
                ]
            ) from None


def _in_project(root: Path, filename: str | None) -> str | None:
    """A file's path in the project (a template of the project's own theme folder), else None."""
    if not filename:
        return None
    try:
        return Path(filename).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build")


@contextmanager
def _quiet_dirty_build() -> Iterator[None]:
    """MkDocs warns of a "dirty" build (one that does not empty site_dir first): ours are not stale, and
    a warning would stop a --strict build."""
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(_not_dirty_warning)
    try:
        yield
    finally:
        logger.removeFilter(_not_dirty_warning)


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextmanager
def _mkdocs_log() -> Iterator[list[str]]:
    """Collect what MkDocs logs at warning level or above, to explain a failure."""
    logged: list[str] = []
    handler = _Collect(logged)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield logged
    finally:
        logger.removeHandler(handler)
