"""Write stage, MkDocs side: the plugin MkDocs loads (entry point); it hands rendered pages to MkDocs and adds non-page outputs.

Registered as ``gongkai`` in ``mkdocs.yml``. Under ``gongkai build`` the build
injects an already rendered site; under plain ``mkdocs build`` or ``mkdocs
serve`` the plugin runs load → validate → model → render itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast
from urllib.parse import urljoin

import jinja2
from mkdocs.commands.build import _build_theme_template
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date
from mkdocs.utils.templates import TemplateContext

from generator.cache import package_files, sha256_file
from generator.cn import cn_date, cn_weekday
from generator.forks import can_fork
from generator.problems import GongkaiError, problems_as_text
from generator.publish.record import Reuse
from generator.publish.verify import MANIFEST, tree_files
from generator.site.model import Item
from generator.web import pages as page_workers
from generator.web.mdreuse import ReusedConverterPage, forget_converters
from generator.web.pages import Scan, page_laid_out, write_pages
from generator.web.render import RenderedSite, tel_links, template_bytecode
from generator.web.reuse import page_digests
from generator.web.sanitise import sanitise
from generator.web.search import MAIN, SearchIndexer, pdf_stand_ins, pdf_text_cache, plan_bundles

log = logging.getLogger("mkdocs.plugins.gongkai")
THEME = Path(__file__).resolve().parent / "web" / "theme"
EMPTY_SHA = hashlib.sha256(b"").hexdigest()
LATER = frozenset({"sitemap.xml"})
"""Theme templates the plugin has MkDocs' own function write after the pages instead of before them."""


class GongkaiConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin has no options: everything it needs is in content/site.yaml."""


class GongkaiPlugin(BasePlugin[GongkaiConfig]):  # type: ignore[no-untyped-call]
    """Feeds gongkai's generated pages to MkDocs (``File.generated``) and writes ``manifest.json``."""

    def __init__(self) -> None:
        self.rendered: RenderedSite | None = None
        self.search: SearchIndexer | None = None
        self.before_index: Callable[[Path, list[tuple[str, str]]], None] | None = None
        """Called with the site folder and its files (as :func:`tree_files` lists them) once every page and file
        is written, before the search index is made: ``gongkai build`` runs the privacy guard there, so a refused
        build stops without indexing."""
        self._pages: dict[str, Any] = {}
        self.reuse: Reuse | None = None
        """The build cache's pages and search bundles (under ``gongkai build`` and ``gongkai serve``)."""
        self.serving = False
        self.outputs: dict[str, tuple[str | None, str, bool]] = {}
        """Each page's digest, file and whether it is searched, for the record of this build."""
        self.bundles: dict[str, str] = {}
        """Each search bundle's digest, for the record of this build."""
        self._sitemap: list[tuple[str, str]] = []
        self._reused = 0
        self._later: list[str] = []
        """Theme templates written after the pages (see ``on_config``), with what MkDocs renders them with."""
        self._rendering: tuple[jinja2.Environment, Files, Navigation] | None = None
        self._nav: Navigation | None = None
        self._written: dict[str, str] = {}
        """The sha256 of each page MkDocs wrote in this build."""
        self.workers = 1
        """Processes that may lay out the pages (:mod:`generator.web.pages`: a large site's, under ``gongkai build``)."""
        self.scan_page: Scan | None = None
        """What a page worker does with each page it wrote (``gongkai build``: the guard's and the tree check's scan)."""
        self.scanned: dict[str, Any] = {}
        """What ``scan_page`` made of each page, by its path in the site."""
        self._pool_pages: list[File] = []
        """The pages the page workers lay out in this build (none: MkDocs' own loop)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """``mkdocs serve`` keeps this plugin from build to build (its presence says so): the preview keeps
        each build's pages and search bundles, and the next build renders only what changed."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.serving:  # a new preview build: the content as it is now
            self.rendered = None
        if self.rendered is None:
            from generator.build import prepare_site
            from generator.cn import today_from_environment

            root = Path(config.config_file_path).parent
            try:
                self.rendered, problems = prepare_site(root, today_from_environment())
            except GongkaiError as error:
                raise PluginError("内容有错误，无法构建：\n" + problems_as_text(error.problems)) from None
            for problem in problems:
                log.warning(problem.format())
            if self.serving and self.rendered.cache_dir is not None:
                self.reuse = Reuse(self.rendered.cache_dir, Path(config.site_dir))
        self._pages = {page.src_uri: page for page in self.rendered.pages}
        config.site_url = self.rendered.site.settings.base_url  # canonical URLs and sitemap.xml
        # The theme draws its own navigation (columns, lists of 20): MkDocs need not build one of every page.
        config.nav = []
        # The sitemap lists every page: written after them (as MkDocs would write it), so that the search
        # indexer, which starts as soon as a bundle's pages are written, need not wait for it.
        self._later = sorted(LATER & set(config.theme.static_templates))
        config.theme.static_templates.difference_update(self._later)
        config.validation.nav.omitted_files = logging.DEBUG
        return config

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[[], None]
    ) -> LiveReloadServer:
        """``mkdocs serve`` also rebuilds when a statistics table in data/ changes."""
        data = Path(config.config_file_path).parent / "data"
        if data.is_dir():
            server.watch(str(data))
        print(f"本地预览：{server.url}（修改 content/ 或 data/ 后自动刷新；按 Ctrl+C 停止）", flush=True)
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.rendered is not None
        docs = str(Path(config.docs_dir).resolve()) + os.sep
        kept = [f for f in files if not _is_source(f, docs)]  # assets come as rendered files: by policy, not copied
        generated = [File.generated(config, p.src_uri, content=p.markdown) for p in self.rendered.pages]
        extras = [File.generated(config, path, content=data) for path, data in sorted(self.rendered.files.items())]
        files = Files(kept + generated + extras)
        site_dir = Path(config.site_dir)
        base = config.site_url or ""
        base += "" if base.endswith("/") else "/"
        self._sitemap = [(f.url, _absolute(base, f.url)) for f in files if f.is_documentation_page()]
        digests = page_digests(self.rendered, _theme_state(config)) if self.reuse is not None else {}
        self.outputs, self.bundles, self._reused, self._written = {}, {}, 0, {}
        pairs = list(zip(generated, self.rendered.pages, strict=True))
        plan = plan_bundles((file.url, _year(page.context.get("item"))) for file, page in pairs)
        if self.reuse is not None:  # a build that starts from the spare tree keeps what it would write again
            self.reuse.prepare(
                site_dir, {page.src_uri: (digests.get(page.src_uri), file.dest_uri) for file, page in pairs}
            )
        self.search = SearchIndexer(site_dir, plan, self._reuse_bundle if self.reuse is not None else None)
        for file, page in pairs:
            digest = digests.get(page.src_uri)
            self.outputs[page.src_uri] = (digest, file.dest_uri, False)
            taken = self.reuse.page(page.src_uri, digest, file.dest_uri, site_dir) if self.reuse is not None else None
            if taken is not None:  # linked from the build cache
                file.inclusion = InclusionLevel.EXCLUDED  # links to it resolve; MkDocs does not write it
                self.outputs[page.src_uri] = (digest, file.dest_uri, taken[0])
                self.search.add_written(file.dest_uri, *taken)
                self._reused += 1
        to_write = [file for file, _ in pairs if file.inclusion is not InclusionLevel.EXCLUDED]
        self._pool_pages = []
        if self.workers > 1 and len(to_write) >= page_workers.POOL_PAGES and not self.serving and can_fork():
            for file in to_write:  # MkDocs' loops pass them by; the page workers lay them out (on_post_build)
                file.inclusion = InclusionLevel.EXCLUDED
            self._pool_pages = to_write
        return files

    def _reuse_bundle(self, folder: str, digest: str) -> bool:
        """Take a search bundle made from the same pages from the build cache."""
        assert self.reuse is not None and self.search is not None
        return self.reuse.bundle(folder, digest, self.search.site_dir)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Each page renders on the build's one Markdown converter (:mod:`generator.mdreuse`)."""
        if type(page) is Page:
            page.__class__ = ReusedConverterPage
        return page

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Every value the theme prints is escaped (a title with <script> shows as typed); HTML is marked safe."""
        env.autoescape = True
        env.filters["tel"] = tel_links
        assert self.rendered is not None
        env.bytecode_cache = template_bytecode(self.rendered.cache_dir)
        assert self._nav is not None  # MkDocs makes the navigation before the environment
        self._rendering = (env, files, self._nav)
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Raw HTML typed into a Markdown body is sanitised (nh3): no script, style, frame or event handler."""
        return sanitise(html)

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.rendered is not None
        rendered = self._pages.get(page.file.src_uri)
        extra = cast(dict[str, Any], context)
        extra.update(gk=self.rendered.site, gk_nav=self.rendered.nav, cn_date=cn_date, cn_weekday=cn_weekday)
        extra.update(rendered.context if rendered else {})
        return context

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """Static templates (404.html, sitemap.xml) get the site model too, and every page's address
        (MkDocs' list leaves out the pages taken from the previous build)."""
        assert self.rendered is not None
        cast(dict[str, Any], context).update(gk=self.rendered.site, gk_nav=self.rendered.nav, gk_pages=self._sitemap)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.rendered is not None
        if self._pool_pages:  # where MkDocs' loop would have written them: after the static files and templates
            self._write_in_pool(config)
        forget_converters()
        for name in self._later:
            assert self._rendering is not None
            env, files, nav = self._rendering
            _build_theme_template(name, env, files, config, nav)
        site_dir = Path(config.site_dir)
        known = {rel: written.sha for rel, written in self.reuse.linked.items()} if self.reuse else {}
        known.update(self._written)
        written = [(rel, path) for rel, path in tree_files(site_dir, skip=MAIN) if rel != MANIFEST]
        manifest = build_manifest(self.rendered, site_dir, known, written)
        (site_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _date_sitemap_archive(site_dir)
        written.append((MANIFEST, str(site_dir / MANIFEST)))
        written.sort(key=lambda entry: entry[0].replace("/", "\0"))
        if self.search is None:  # not through on_files: a plan of no pages
            self.search = SearchIndexer(site_dir)
        try:
            if self.before_index is not None:
                self.before_index(site_dir, written)
            cache = self.rendered.cache_dir
            with pdf_text_cache(cache) if cache is not None else contextlib.nullcontext():  # `gongkai serve` too
                self.search.finish(pdf_stand_ins(self.rendered.site, dict(self.rendered.files)))
            self.bundles = dict(self.search.digests)
            if self.serving and self.reuse is not None:
                self.reuse.keep(site_dir, self.outputs, self.bundles)
                built = len(self.outputs) - self._reused
                print(f"预览已更新：重新生成 {built} 个页面，{self._reused} 个未改动的页面沿用上次的结果。", flush=True)
        finally:
            self.search.stop()
            self.search = None

    def _write_in_pool(self, config: MkDocsConfig) -> None:
        """The pages taken out of MkDocs' loops, laid out and written by the page workers; each handed to the search
        indexer as it comes back."""
        assert self._rendering is not None and self.search is not None
        env, files, nav = self._rendering
        pages, self._pool_pages = self._pool_pages, []
        dest = {file.src_uri: file.dest_uri for file in pages}
        for written in write_pages(files, pages, config, nav, env, self.workers, self.scan_page):
            rel = dest[written.src_uri]
            digest = self.outputs.get(written.src_uri, (None,))[0]
            self.outputs[written.src_uri] = (digest, rel, written.searchable)
            if written.sha is not None:
                self._written[rel] = written.sha
                self.scanned[rel] = written.scanned
            self.search.add_written(rel, written.searchable, written.sha or EMPTY_SHA)

    @event_priority(-100)  # after every other plugin's: the output is what MkDocs writes
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Hand each written page to the search indexer, which works beside MkDocs; keep the sum of its bytes."""
        if page_laid_out(output):  # in a page worker: its result says so
            return output
        if self.search is None:
            self.search = SearchIndexer(Path(config.site_dir))
        sha = self.search.add_page(output, page.url)
        if output.strip():  # written: the manifest need not read it back for its sum
            self._written[page.file.dest_uri] = sha
        digest, rel, _ = self.outputs.get(page.file.src_uri, (None, page.file.dest_uri, False))
        self.outputs[page.file.src_uri] = (digest, rel, "data-pagefind-body" in output)
        return output

    def on_build_error(self, *, error: Exception) -> None:
        forget_converters()
        if self.search is not None:
            self.search.stop()
            self.search = None


def _is_source(file: File, docs: str) -> bool:
    """True for files MkDocs found in docs_dir (the editors' sources), not theme files."""
    return file.abs_src_path is not None and os.path.abspath(file.abs_src_path).startswith(docs)


PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*/)*(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*)?")
"""A relative address made of plain path segments (none of them ``.`` or ``..``, no query or fragment)."""


PLAIN_BASE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*/(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*/)*")
"""An absolute address whose path is plain segments ending in ``/`` (no ``//``, ``.`` or ``..``, query or fragment)."""


@functools.cache
def _plain_base(base: str) -> bool:
    return bool(PLAIN_BASE.fullmatch(base))


def _absolute(base: str, url: str) -> str:
    """``urljoin(base, url)``, without parsing both for the common case (a sitemap lists every page):
    a plain relative path below a plain base that ends in ``/`` is appended."""
    if _plain_base(base) and PLAIN_PATH.fullmatch(url):
        return base + url
    return urljoin(base, url)


def _date_sitemap_archive(site_dir: Path) -> None:
    """Write ``sitemap.xml.gz`` again, dated by the build date as when MkDocs writes every page.

    MkDocs dates it by the pages it wrote in this build: with every page taken from the last build
    it would take the clock's time, and the archive's bytes would differ from a build from nothing.
    """
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    stamp = int(dt.datetime.fromisoformat(get_build_date()).replace(tzinfo=dt.UTC).timestamp())
    archive = site_dir / "sitemap.xml.gz"
    with archive.open("wb") as file, gzip.GzipFile(fileobj=file, filename=str(archive), mode="wb", mtime=stamp) as gz:
        gz.write(sitemap.read_bytes())


def _year(item: object) -> str:
    """The search shard of a page: its item's year of publication, else ``""`` (see ``plan_bundles``)."""
    meta = getattr(item, "meta", None) if isinstance(item, Item) else None
    return str(meta.date_published.year) if meta is not None else ""


def _theme_state(config: MkDocsConfig) -> bytes:
    """The theme's folders (a project's own overrides too) and ``mkdocs.yml``: what every page is laid out by.
    A template that prints MkDocs' build date makes every page depend on the date."""
    digest = hashlib.sha256(Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
    for folder in config.theme.dirs:
        if Path(folder).resolve().is_relative_to(THEME):
            continue  # gongkai's own theme: in code_digest(), which every page digest holds
        for path in package_files(Path(folder)):
            data = path.read_bytes()
            digest.update(f"{path}\0".encode() + data)
            if b"build_date" in data:
                digest.update(get_build_date().encode())
    return digest.digest()


def _item_files(
    listing: Iterable[tuple[str, str]], urls: set[str], known: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """The files below each item's folder (from a listing of the site), with their sha256 (``known`` ones not
    read)."""
    files: dict[str, dict[str, str]] = {url: {} for url in urls}
    for rel, path in listing:
        folder = rel
        while "/" in folder:
            folder = folder.rsplit("/", 1)[0]
            if folder + "/" in urls:
                files[folder + "/"][rel] = known.get(rel) or sha256_file(path)
    return files


def _item_entry(item: Item, files: dict[str, str]) -> dict[str, Any]:
    meta = item.meta
    return {
        "id": item.id,
        "kind": item.kind,
        "suoyinhao": meta.suoyinhao if meta else None,
        "title": item.title,
        "url": item.url,
        "pdf_url": next((path for path in files if path.endswith(".pdf")), None),
        "doc_number": meta.doc_number if meta else None,
        "date_written": meta.date_written.isoformat() if meta else None,
        "date_published": meta.date_published.isoformat() if meta else None,
        "part_of": item.part_of,
        "files": files,
    }


def build_manifest(
    rendered: RenderedSite,
    site_dir: Path,
    known: Mapping[str, str] | None = None,
    listing: Iterable[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Every published item with its 索引号, dates, URLs and the sha256 of each of its files (``known``: the
    sums of files taken from the previous build; ``listing``: the site's files, when the caller has walked it)."""
    site = rendered.site
    listing = tree_files(site_dir, skip=MAIN) if listing is None else listing
    files = _item_files(listing, {item.url for item in site.items}, known or {})
    return {
        "generator": "gongkai",
        "publisher": site.settings.publisher.full_name,
        "base_url": site.settings.base_url,
        "as_of": site.today.isoformat(),
        "example": site.settings.example,
        "items": [_item_entry(item, files[item.url]) for item in site.items],
    }


__all__ = ["GongkaiPlugin", "build_manifest"]
