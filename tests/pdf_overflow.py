"""Nothing printed outside the type area: every glyph, rule, drawing and picture of a site's PDFs read back.

A 公文 page keeps everything in its 版心 (GB/T 9704: 156 × 225 mm, 37 mm from the top and 28 mm from
the left; turned sideways for a 横排 table, 225 × 156 mm, 28 mm from the top and 35 mm from the left)
except its page number; a week's poster keeps to its margins except its footer line; an example's
label (示例…) may sit above either. Glyphs are
measured by their em box (as ``gongwen_check`` does), the rest by their bounding boxes.
Run as ``python tests/pdf_overflow.py SITE`` to list what sticks out.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
from gongwen_check import MM, Line, read_lines

TOLERANCE = 0.6  # mm: a collapsed border's half width, rounding in the layout
FOLIO = re.compile(r"— \d+ —")

Area = tuple[float, float, float, float]  # left, top, right, bottom, in mm from the page's top-left corner
NOTICE_UPRIGHT: Area = (28, 37, 184, 262)
NOTICE_TURNED: Area = (35, 28, 260, 184)
POSTER: Area = (14, 11, 196, 283)
FORM: Area = (20, 18, 190, 282)


def area_of(rel: str, page: Any) -> Area:
    """The type area of one page of a site's PDF, by the PDF's kind and the page's orientation."""
    if rel.endswith("poster.pdf"):
        return POSTER
    if rel.endswith("shenqingbiao.pdf"):  # the 依申请公开 form: A4 with 20 mm sides
        return FORM
    return NOTICE_TURNED if page.width > page.height else NOTICE_UPRIGHT


def _lines(page: Any, upright: list[Line]) -> Iterator[tuple[str, Area, bool]]:
    """The page's upright lines (read as ``gongwen_check`` reads them, by their em boxes; an example's 示例 label
    above the 版心 left out), and each turned char alone."""
    for char in page.chars:
        if abs(char["matrix"][1]) > 1e-6:  # turned: a 横排 page's number, an example's 示例 mark
            yield char["text"], (char["x0"] / MM, char["top"] / MM, char["x1"] / MM, char["bottom"] / MM), True
    for line in upright:
        yield line.text, (line.x0, line.top, line.x1, line.bottom), False


def _inside(box: Area, area: Area) -> bool:
    left, top, right, bottom = area
    return (
        box[0] >= left - TOLERANCE
        and box[1] >= top - TOLERANCE
        and box[2] <= right + TOLERANCE
        and box[3] <= bottom + TOLERANCE
    )


def overflow(path: Path, rel: str) -> list[str]:
    """What lies outside the type area on each page of one PDF, but the page number (or poster footer)."""
    found = []
    with pdfplumber.open(path) as pdf:
        turned_text: dict[int, str] = {}
        upright = read_lines(pdf)
        for number, page in enumerate(pdf.pages, start=1):
            area = area_of(rel, page)
            for text, box, turned in _lines(page, [line for line in upright if line.page == number]):
                if _inside(box, area):
                    continue
                if turned:  # a turned page number is read char by char: judged as a whole below
                    turned_text[number] = turned_text.get(number, "") + text
                    continue
                if FOLIO.fullmatch(text) and box[1] > area[3]:  # an upright page's number, below the 版心
                    continue
                if rel.endswith("poster.pdf") and box[1] > area[3]:  # the poster's footer line
                    continue
                found.append(f"{rel} 第{number}页 文字“{text[:20]}” {_mm(box)} 超出 {_mm(area)}")
            for kind in ("rects", "lines", "curves", "images"):
                for shape in getattr(page, kind):
                    box = (shape["x0"] / MM, shape["top"] / MM, shape["x1"] / MM, shape["bottom"] / MM)
                    if not _inside(box, area):
                        found.append(f"{rel} 第{number}页 {kind} {_mm(box)} 超出 {_mm(area)}")
            allowed = {"", f"—{number}—"}
            if number in turned_text and turned_text[number].replace(" ", "") not in allowed | _with_mark(number):
                found.append(f"{rel} 第{number}页 旋转文字“{turned_text[number]}”超出版心")
    return found


def _with_mark(number: int) -> set[str]:
    """A turned page number may have an example's 示例 mark around it, in reading order either side."""
    folio = f"—{number}—"
    return {"示例", "示例" + folio, folio + "示例", "示" + folio + "例"}


def _mm(box: Area) -> str:
    return "(" + ", ".join(f"{v:.1f}" for v in box) + ")"


def site_overflow(site: Path) -> list[str]:
    """Everything outside its type area in every PDF a build wrote (notices with their plans, posters)."""
    found = []
    for path in sorted(site.rglob("*.pdf")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("assets/"):  # an editor's own file, published as given
            continue
        found += overflow(path, rel)
    return found


if __name__ == "__main__":
    outside = site_overflow(Path(sys.argv[1]))
    print("\n".join(outside) or "nothing outside the type area")
    sys.exit(1 if outside else 0)
