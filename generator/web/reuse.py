"""Render stage: what each page's HTML is made from, as one digest, so that a rebuild reuses unchanged pages.

A page's HTML is the theme template applied to its Markdown and context. The digest of a page
therefore covers: gongkai's code, templates and theme and the rendering libraries' versions
(:func:`generator.cache.code_digest`); the project's theme folders and ``mkdocs.yml`` (the
``theme_state`` the plugin passes in); what every page reads from the site model (``SITE_READS``:
the settings, the main navigation, the address of the 联系我们 page); and the page's own source
address, Markdown, template and context, with the item a part is printed with. Templates that
show the as-of date (``TODAY_TEMPLATES``) add it. ``tests/test_reuse.py`` checks that the theme
reads nothing else from the model, so this list cannot silently fall behind the templates.

A value the digest cannot write down (:class:`generator.cache.UndigestableError`) makes the page's
digest ``None``: that page is always rendered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from generator.cache import UndigestableError, code_digest, feed
from generator.site.model import Item, Site
from generator.web.render import RenderedPage, RenderedSite

SITE_READS = frozenset({"settings", "item", "today", "updated"})
"""What the theme's templates may read from ``gk`` (the site model): ``tests/test_reuse.py`` holds them to it.
``item`` is only ever the 联系我们 page or a part's parent, ``today`` only in ``TODAY_TEMPLATES``,
``updated`` only in ``sitemap.xml`` (not a page: written every build)."""
TODAY_TEMPLATES = frozenset({"home.html", "schedule_index.html"})
"""Page templates that print the as-of date (近期接访): their pages are made again each day."""


def _parent(site: Site, context: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """What ``_document.html`` prints of the notice a plan or roster is issued with."""
    item = context.get("item")
    if not isinstance(item, Item) or not item.part_of:
        return None
    parent = site.item(*item.part_of.split("/"))
    return (parent.title, parent.url, parent.meta) if parent else ("-",)


def page_digests(rendered: RenderedSite, theme_state: bytes) -> dict[str, str | None]:
    """Every page's digest by its source address (``None``: always render it)."""
    site = rendered.site
    contact = site.item("page", "contact")
    common = hashlib.sha256()
    feed(common, (code_digest(), theme_state))
    feed(common, (site.settings, rendered.nav, contact.url if contact else None))
    digests: dict[str, str | None] = {}
    for page in rendered.pages:
        digests[page.src_uri] = page_digest(common, page, site)
    return digests


def page_digest(common: Any, page: RenderedPage, site: Site) -> str | None:
    """One page's digest, on top of the ``common`` part every page shares."""
    digest = common.copy()
    try:
        feed(digest, (page.src_uri, page.markdown, page.template))
        feed(digest, page.context)
        feed(digest, _parent(site, page.context))
        if page.template in TODAY_TEMPLATES:
            feed(digest, site.today)
    except UndigestableError:
        return None
    return str(digest.hexdigest())
