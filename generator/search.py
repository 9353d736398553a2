"""Write stage: the Chinese full-text search index (Pagefind, extended build) under ``site/pagefind/``.

Pagefind reads the built HTML: only elements marked ``data-pagefind-body`` (documents,
pages, the reception schedule) are indexed, with the 栏目 and 年份 filters the
templates put beside them. The text of every 公文 PDF is added as a custom record
pointing at the PDF, so a search also finds words that only the PDF carries.
Everything runs in the browser: no server-side component.
"""

from __future__ import annotations

import asyncio
import io
import logging
from pathlib import Path
from typing import Any

from .listing import columns_by_id
from .site import Site

LANGUAGE = "zh-cn"


def pdf_text(data: bytes) -> str:
    """The text of a PDF, page after page (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_records(site: Site, files: dict[str, bytes]) -> list[dict[str, Any]]:
    """A custom record per published PDF: its URL, text, title and the item's filters."""
    columns = columns_by_id(site)
    records: list[dict[str, Any]] = []
    for item in site.items:
        if item.meta is None:
            continue
        for path in sorted(p for p in files if p.startswith(item.url) and p.endswith(".pdf")):
            column = columns.get(item.column or "")
            records.append(
                {
                    "url": "/" + path,
                    "content": pdf_text(files[path]),
                    "language": LANGUAGE,
                    "meta": {"title": f"{item.title}（PDF）", "date": item.meta.date_published.isoformat()},
                    "filters": {
                        "栏目": [column.name if column else "其他"],
                        "年份": [str(item.meta.date_published.year)],
                    },
                }
            )
    return records


def write_search_index(site_dir: Path, records: list[dict[str, Any]]) -> int:
    """Index ``site_dir`` and the PDF records into ``site_dir/pagefind``; the number of pages indexed."""
    return asyncio.run(_index(site_dir, records))


async def _index(site_dir: Path, records: list[dict[str, Any]]) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    logging.getLogger("pagefind").setLevel(logging.WARNING)
    config = IndexConfig(force_language=LANGUAGE, output_path=str(site_dir / "pagefind"))
    async with PagefindIndex(config=config) as index:
        added = await index.add_directory(str(site_dir))
        for record in records:
            await index.add_custom_record(**record)
    # leaving the block writes the index files
    return int(added.get("page_count", 0)) + len(records)
