"""Render stage: how a 公文 table fits the 版心 — upright, turned to a landscape page, or set smaller.

A table's columns need at least their header (set on one line, in 黑体) and the widest
unbreakable piece of any cell (a number, a Latin word, one Chinese character with the
punctuation glued to it); the table fits when those minimums add up to no more than the
版心's width. GB/T 9704-2012 §10 lets a wide table be printed 横排 on an A4 page turned
sideways; an editor may instead ask for smaller type, down to 9 pt (小五号), the least a
printed form stays legible at. A table that fits in none of these is a located error,
never a column cut off at the paper's edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.cache import memoized
from generator.fonts import Face
from generator.gongwen.compose import char_advance, unbreakable_pieces

MM = 72 / 25.4
UPRIGHT_WIDTH = 156 * MM
"""The 版心's width on an upright page (156 mm)."""
LANDSCAPE_WIDTH = 225 * MM
"""The 版心's width on a page turned sideways: the upright 版心's height (225 mm)."""
CELL_EXTRA = 2 * 2.0 + 0.75
"""Each column's padding (2 pt a side) and its share of the collapsed 0.75 pt rules, as gongwen.css sets them."""
BODY_SIZE = 12.0
SMALLER_SIZES = (12.0, 11.0, 10.5, 10.0, 9.0)
"""Type sizes an editor's ``layout: 缩小`` may use, largest first: 9 pt (小五号) is the least."""

Layout = Literal["自动", "横排", "缩小"]
Faces = tuple[Face | None, Face | None]
"""The header's face (黑体) and the cells' face (仿宋)."""


@dataclass(frozen=True)
class TableFit:
    """Where a table is set: on a landscape page or not, and at which type size (pt)."""

    landscape: bool = False
    size: float = BODY_SIZE

    @property
    def line_height(self) -> float:
        return round(self.size * 1.5, 2)


def needed_width(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], size: float, faces: Faces) -> float:
    """The least width (pt) the table can be set in at ``size`` without a cell overflowing."""
    heading_face, body_face = faces
    columns = max([len(header), *(len(row) for row in rows)], default=0)
    total = 0.0
    for index in range(columns):
        head = header[index] if index < len(header) else ""
        least = _width(head, heading_face)
        for row in rows:
            if index < len(row):
                least = max([least, *(_width(piece, body_face) for piece in unbreakable_pieces(row[index]))])
        total += least * size + CELL_EXTRA
    return total


def candidates(layout: Layout) -> tuple[TableFit, ...]:
    """The settings tried in order for a table's ``layout``."""
    if layout == "横排":
        return (TableFit(landscape=True),)
    if layout == "缩小":
        return tuple(TableFit(False, s) for s in SMALLER_SIZES) + tuple(TableFit(True, s) for s in SMALLER_SIZES)
    return (TableFit(False), TableFit(True))


@memoized  # a notice's PDF source is made at every build, to look it up in the cache
def fit_table(
    header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], faces: Faces, layout: Layout = "自动"
) -> TableFit | None:
    """The first setting of ``layout`` in which the table fits the 版心; None when none does."""
    for fit in candidates(layout):
        room = LANDSCAPE_WIDTH if fit.landscape else UPRIGHT_WIDTH
        if needed_width(header, rows, fit.size, faces) <= room:
            return fit
    return None


def _width(text: str, face: Face | None) -> float:
    """Advance of ``text`` in em (letter-spacing is 0 in tables)."""
    return sum(char_advance(c, face) for c in text)
