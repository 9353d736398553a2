"""Write stage (MkDocs side): one Markdown converter for all pages of a build.

MkDocs makes a new ``markdown.Markdown`` with every extension for each page (about
0.4 ms a page: over four seconds at 10,000 items). :class:`ReusedConverterPage` renders
exactly as MkDocs 1.6's ``Page.render`` does, with MkDocs' own per-page processors, but
on one converter per build, ``reset()`` between pages as Python-Markdown intends. The
plugin switches each page to it in ``on_pre_page``; the golden site test holds the output
to the bytes MkDocs' own rendering gave.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

FRONT = re.compile(r'---\ntitle: ("(?:[^"\\\n]|\\.)*")\ntemplate: ([A-Za-z0-9_./-]+)\n---\n')
"""The front matter gongkai writes for a generated page (``render._front``: a JSON string, a template name)."""

_CONVERTERS: dict[int, markdown.Markdown] = {}
_MKDOCS_LOG = logging.getLogger("mkdocs.structure.pages")


def forget_converters() -> None:
    """Drop the converters of finished builds (``mkdocs serve`` rebuilds with a new config)."""
    _CONVERTERS.clear()


class ReusedConverterPage(Page):
    """A page rendered on the build's one converter (see the module docstring)."""

    def read_source(self, config: MkDocsConfig) -> None:
        """As MkDocs reads a page, but the front matter gongkai wrote is read as the JSON it is written as, not
        through PyYAML (60 µs a page); anything else goes to MkDocs' own reader."""
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            try:
                source = self.file.content_string
            except (OSError, ValueError):
                _MKDOCS_LOG.error(f"Cannot read file: {self.file.src_path}")
                raise
        self.markdown, self.meta = front_matter(source)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = _CONVERTERS.get(id(config))
        if md is None:
            md = _CONVERTERS[id(config)] = markdown.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
            )
        md.reset()
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if _MKDOCS_LOG.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors


def front_matter(source: str) -> tuple[str, dict[str, Any]]:
    """The Markdown and the meta data of a page's source, exactly as ``mkdocs.utils.meta.get_data`` gives them."""
    found = FRONT.match(source)
    try:
        title = json.loads(found[1]) if found else None
    except ValueError:  # written by hand, with an escape YAML has and JSON has not (\x41, \e)
        title = None
    if found is None or not isinstance(title, str):
        return meta.get_data(source)
    return source[found.end() :].lstrip("\n"), {"title": title, "template": found[2]}
