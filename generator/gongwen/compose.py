"""Render stage: Chinese line composition on the 公文 grid — where lines break, and how they fill it.

WeasyPrint breaks lines by Unicode's rules, which keep a quotation mark glued to both
neighbours, and justifies by stretching spaces only, of which Chinese has none. Here a
paragraph is broken the way Chinese typesetting does (避头尾: no closing punctuation at
the start of a line, no opening punctuation at its end; numbers and Latin words kept
whole, as are —— and ……), and every line but the last is spread to the full measure by
its own letter-spacing, so the right edge is straight like a justified Word or WPS 公文.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from generator.fonts import Face

NO_LINE_START = set("，。、；：？！）］｝〕〗〙】》〉」』”’…—·%‰℃°,.;:?!)]}")
"""Characters that may not begin a line (GB/T 15834 and CLREQ's 避头 set)."""
NO_LINE_END = set("（［｛〔〖〘【《〈「『“‘([{")
"""Characters that may not end a line (避尾)."""
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%:/_\-+@#&'·]*|——|……")


@dataclass(frozen=True)
class Run:
    """Text set in one face: ``runin`` marks a heading's lead-in (its level's face)."""

    text: str
    runin: bool = False


@dataclass(frozen=True)
class Line:
    """One composed line and the letter-spacing (pt) that sets it to the measure."""

    runs: tuple[Run, ...]
    spacing: float


@dataclass(frozen=True)
class Measure:
    """The grid a paragraph is set on, in pt."""

    size: float
    tracking: float
    width: float
    indent: float


@functools.cache
def _font(face: Face) -> tuple[Any, float]:
    """A HarfBuzz font for reading advances (the file is mapped, not parsed), and its units per em."""
    import uharfbuzz

    hb_face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(face.file), face.index)
    return uharfbuzz.Font(hb_face), float(hb_face.upem)


@functools.cache
def char_advance(char: str, face: Face | None) -> float:
    """Advance of ``char`` in em: from the face, else wide (1) for East Asian characters and ½ for others."""
    if face is not None:
        font, upem = _font(face)
        glyph = font.get_nominal_glyph(ord(char))
        if glyph is not None:
            return float(font.get_glyph_h_advance(glyph)) / upem
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5


def _units(chars: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Unbreakable groups: a character with the closing punctuation after it and opening before it; words whole."""
    text = "".join(c for c, _ in chars)
    words = {m.start(): m.end() for m in _WORD.finditer(text)}
    units: list[list[tuple[str, int]]] = []
    glue_next = False
    i = 0
    while i < len(chars):
        end = words.get(i, i + 1)
        piece = chars[i:end]
        if units and (glue_next or piece[0][0] in NO_LINE_START):
            units[-1].extend(piece)
        else:
            units.append(list(piece))
        glue_next = piece[-1][0] in NO_LINE_END
        i = end
    return units


def unbreakable_pieces(text: str) -> list[str]:
    """``text`` cut where a line may break: what a table cell's narrowest width must hold."""
    return ["".join(c for c, _ in unit) for unit in _units([(c, 0) for c in text])]


@functools.lru_cache(maxsize=4096)
def compose(runs: tuple[Run, ...], faces: tuple[Face | None, Face | None], measure: Measure) -> tuple[Line, ...]:
    """Break ``runs`` into lines of ``measure`` and give each full line the spacing that justifies it.

    ``faces`` are the body face and the lead-in face; widths come from their metrics.
    Cached: a notice's paragraphs are composed once per process, whichever pass asks.
    """
    chars = [(c, index) for index, run in enumerate(runs) for c in run.text]
    advance = {(c, i): char_advance(c, faces[1] if runs[i].runin else faces[0]) * measure.size for c, i in set(chars)}

    def width(group: list[tuple[str, int]]) -> float:
        return sum(advance[key] for key in group)

    lines: list[list[tuple[str, int]]] = [[]]
    used, limit = 0.0, measure.width - measure.indent
    units = _units(chars)
    for unit in [piece for u in units for piece in (_split(u) if _too_long(u, width, measure) else [u])]:
        natural = width(unit) + len(unit) * measure.tracking
        if lines[-1] and used + natural > limit + 0.01:
            lines.append([])
            used, limit = 0.0, measure.width
        lines[-1].extend(unit)
        used += natural
    result = []
    for number, line in enumerate(lines):
        spacing = measure.tracking
        if number < len(lines) - 1 and len(line) > 1:
            target = (measure.width - (measure.indent if number == 0 else 0)) - measure.tracking
            spread = round((target - width(line)) / (len(line) - 1), 4)
            spacing = spacing if abs(spread - spacing) < 0.005 else max(spread, spacing)  # never squeezed
        result.append(Line(_runs(runs, line), spacing))
    return tuple(result)


def _too_long(unit: list[tuple[str, int]], width: Any, measure: Measure) -> bool:
    """A word longer than a whole line (a long URL or number) may break anywhere."""
    return bool(width(unit) + len(unit) * measure.tracking > measure.width - measure.indent)


def _split(unit: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    return [[char] for char in unit]


def _runs(runs: tuple[Run, ...], line: list[tuple[str, int]]) -> tuple[Run, ...]:
    """The characters of one line regrouped into runs of their source run."""
    grouped: list[Run] = []
    for char, index in line:
        if grouped and grouped[-1].runin == runs[index].runin:
            grouped[-1] = Run(grouped[-1].text + char, grouped[-1].runin)
        else:
            grouped.append(Run(char, runs[index].runin))
    return tuple(grouped)
