"""Write stage, MkDocs side: the plugin MkDocs loads (entry point); it hands rendered pages to MkDocs and adds non-page outputs.

Registered as ``gongkai`` in ``mkdocs.yml``. Under ``gongkai build`` the build
injects an already rendered site; under plain ``mkdocs build`` or ``mkdocs
serve`` the plugin runs load → validate → model → render itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import jinja2
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator.cn import cn_date, cn_weekday
from generator.problems import GongkaiError, problems_as_text
from generator.site.model import Item
from generator.web.mdreuse import ReusedConverterPage, forget_converters
from generator.web.render import RenderedSite, tel_links
from generator.web.sanitise import sanitise
from generator.web.search import SearchIndexer, pdf_stand_ins, pdf_text_cache

log = logging.getLogger("mkdocs.plugins.gongkai")


class GongkaiConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin has no options: everything it needs is in content/site.yaml."""


class GongkaiPlugin(BasePlugin[GongkaiConfig]):  # type: ignore[no-untyped-call]
    """Feeds gongkai's generated pages to MkDocs (``File.generated``) and writes ``manifest.json``."""

    def __init__(self) -> None:
        self.rendered: RenderedSite | None = None
        self.search: SearchIndexer | None = None
        self.before_index: Callable[[Path], None] | None = None
        """Called with the site folder once every page and file is written, before the search index is made:
        ``gongkai build`` runs the privacy guard there, so a refused build stops without indexing."""
        self._pages: dict[str, Any] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.rendered is None:
            from generator.build import prepare_site, today_from_environment

            root = Path(config.config_file_path).parent
            try:
                self.rendered, problems = prepare_site(root, today_from_environment())
            except GongkaiError as error:
                raise PluginError("内容有错误，无法构建：\n" + problems_as_text(error.problems)) from None
            for problem in problems:
                log.warning(problem.format())
        self._pages = {page.src_uri: page for page in self.rendered.pages}
        config.site_url = self.rendered.site.settings.base_url  # canonical URLs and sitemap.xml
        # The theme draws its own navigation (columns, lists of 20): MkDocs need not build one of every page.
        config.nav = []
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
        return Files(kept + generated + extras)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Each page renders on the build's one Markdown converter (:mod:`generator.mdreuse`)."""
        if type(page) is Page:
            page.__class__ = ReusedConverterPage
        return page

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Every value the theme prints is escaped (a title with <script> shows as typed); HTML is marked safe."""
        env.autoescape = True
        env.filters["tel"] = tel_links
        return env

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
        """Static templates (404.html, sitemap.xml) get the site model too."""
        assert self.rendered is not None
        cast(dict[str, Any], context).update(gk=self.rendered.site, gk_nav=self.rendered.nav)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.rendered is not None
        forget_converters()
        site_dir = Path(config.site_dir)
        manifest = build_manifest(self.rendered, site_dir)
        (site_dir / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        if self.search is None:  # no page was written (nothing to index but the PDFs)
            self.search = SearchIndexer(site_dir)
        try:
            if self.before_index is not None:
                self.before_index(site_dir)
            cache = self.rendered.cache_dir
            with pdf_text_cache(cache) if cache is not None else contextlib.nullcontext():  # `gongkai serve` too
                self.search.finish(pdf_stand_ins(self.rendered.site, dict(self.rendered.files)))
        finally:
            self.search.stop()
            self.search = None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Hand each written page to the search indexer, which works beside MkDocs."""
        if self.search is None:
            self.search = SearchIndexer(Path(config.site_dir))
        self.search.add_page(output, page.url)
        return output

    def on_build_error(self, *, error: Exception) -> None:
        forget_converters()
        if self.search is not None:
            self.search.stop()
            self.search = None


def _is_source(file: File, docs: str) -> bool:
    """True for files MkDocs found in docs_dir (the editors' sources), not theme files."""
    return file.abs_src_path is not None and os.path.abspath(file.abs_src_path).startswith(docs)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _item_entry(item: Item, site_dir: Path) -> dict[str, Any]:
    folder = site_dir / item.url
    files = {p.relative_to(site_dir).as_posix(): _sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}
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


def build_manifest(rendered: RenderedSite, site_dir: Path) -> dict[str, Any]:
    """Every published item with its 索引号, dates, URLs and the sha256 of each of its files."""
    site = rendered.site
    return {
        "generator": "gongkai",
        "publisher": site.settings.publisher.full_name,
        "base_url": site.settings.base_url,
        "as_of": site.today.isoformat(),
        "example": site.settings.example,
        "items": [_item_entry(item, site_dir) for item in site.items],
    }


__all__ = ["GongkaiPlugin", "build_manifest"]
