"""Write stage (MkDocs side): one Markdown converter for all pages of a build.

MkDocs makes a new ``markdown.Markdown`` with every extension for each page (about
0.4 ms a page: over four seconds at 10,000 items). :class:`ReusedConverterPage` renders
exactly as MkDocs 1.6's ``Page.render`` does, with MkDocs' own per-page processors, but
on one converter per build, ``reset()`` between pages as Python-Markdown intends. The
plugin switches each page to it in ``on_pre_page``; the golden site test holds the output
to the bytes MkDocs' own rendering gave.
"""

from __future__ import annotations

import logging

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

_CONVERTERS: dict[int, markdown.Markdown] = {}
_MKDOCS_LOG = logging.getLogger("mkdocs.structure.pages")


def forget_converters() -> None:
    """Drop the converters of finished builds (``mkdocs serve`` rebuilds with a new config)."""
    _CONVERTERS.clear()


class ReusedConverterPage(Page):
    """A page rendered on the build's one converter (see the module docstring)."""

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
