"""Render stage: lay out a Gongwen with WeasyPrint and write the PDF (two passes for the 版记).

The grid follows the recommended settings of GB/T 9704 (docs/gbt9704 in the
shared domain notes): 16 pt glyphs on a 15.79 pt advance (28 per line), a
29.6 pt line pitch (22 lines), the first line's glyphs at 37 mm.
"""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import markupsafe
import pydyf

from generator import codes
from generator.fonts import ROLE_NAMES, FontSet, em_top_offset, missing_characters
from generator.gongwen.notice import BanjiPlacement, Gongwen, gongwen_environment, gongwen_html, pdf_identifier
from generator.gongwen.titles import text_width
from generator.problems import GongkaiError, Problem

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

MM = 72 / 25.4
PX = 0.75  # WeasyPrint lays out in CSS px; 1 px = 0.75 pt
PAGE_HEIGHT = 297 * MM


@dataclass(frozen=True)
class Grid:
    """Every length of the page, in pt."""

    size: float = 16.0
    pitch: float = 29.6
    cell: float = 156 * MM / 28
    title_pitch: float = 36.0
    mark_size: float = 36.0
    red: str = "#e60012"
    red_line_width: float = 1.5
    banji_thick: float = 0.35 * MM
    banji_thin: float = 0.25 * MM
    landscape_folio_box: float = 60 * MM  # the box a turned page number is set in: longer than any number
    mark_offset: float = 0.0  # line-box top → em-box top of the 标志's face, per pt of size (from its metrics)

    @property
    def body_half_leading(self) -> float:
        return (self.pitch - self.size) / 2

    @property
    def title_half_leading(self) -> float:
        return (self.title_pitch - 22) / 2

    @property
    def tracking(self) -> float:
        return round(self.cell - self.size, 4)

    @property
    def indent(self) -> float:
        return 2 * self.cell

    @property
    def margin_top(self) -> float:
        return 37 * MM - self.body_half_leading

    @property
    def margin_bottom(self) -> float:
        return PAGE_HEIGHT - self.margin_top - 22 * self.pitch

    @property
    def margin_left(self) -> float:
        return 28 * MM

    @property
    def margin_right(self) -> float:
        return 26 * MM - 0.3  # 0.3 pt of slack so that the 28th glyph's full width fits the line

    @property
    def folio_width(self) -> float:
        """The page number's box: the 版心's width less its 14 pt inset (one 字 of 4号) from the outer edge.

        A margin box of ``width: auto`` has WeasyPrint lay its text out three more times on
        every page (its min- and max-content widths); a fixed width with the text aligned to
        the outer edge puts the number in the same place.
        """
        return round(210 * MM - self.margin_left - self.margin_right - 14, 4)

    @property
    def content_bottom(self) -> float:
        """Bottom of the page area; the 版心's bottom edge (262 mm) lies a half-leading above it."""
        return PAGE_HEIGHT - self.margin_bottom

    @property
    def banxin_bottom(self) -> float:
        return 262 * MM

    def mark_size_for(self, mark: str) -> float:
        """The 标志's size: as large as ``mark_size`` allows while the name fits the 版心's width."""
        return round(min(self.mark_size, 156 * MM / max(text_width(mark), 1)), 3)

    def mark_margin_for(self, size: float) -> float:
        """发文机关标志: glyph top 35 mm below the 版心 top (the page area starts a half-leading higher)."""
        return round(35 * MM + self.body_half_leading - self.mark_offset * size, 4)

    @property
    def doc_number_margin(self) -> float:
        """字号 two blank lines below the 标志: (k + 1) × pitch − size between glyph edges."""
        return 3 * self.pitch - self.size - self.body_half_leading

    @property
    def red_line_margin(self) -> float:
        """Red line 4 mm below the 字号's glyphs."""
        return 4 * MM - self.body_half_leading

    @property
    def title_margin(self) -> float:
        """Title two blank lines below the red line."""
        return 3 * self.pitch - 22 - self.title_half_leading

    @property
    def addressee_margin(self) -> float:
        """主送 one blank line below the title."""
        return 2 * self.pitch - self.size - self.body_half_leading - self.title_half_leading

    @property
    def attachment_title_margin(self) -> float:
        """附件 title on line 3: one blank line below the 附件 label."""
        return 2 * self.pitch - 22 - self.title_half_leading

    @property
    def folio_top(self) -> float:
        """Page number: its 一字线 about 7 mm below the 版心 (centre of a 14 pt dash ≈ 7 pt below the em top)."""
        return self.banxin_bottom + 7 * MM - 7 - self.content_bottom

    @property
    def landscape_margins(self) -> tuple[float, float, float, float]:
        """Top, right, bottom, left margins of a page turned sideways (横排表格, GB/T 9704 §10).

        Printed, the sheet is turned back upright with the table's top at its left edge (the
        订口 of an odd page, the 切口 of an even one): the 版心 stays where it is on the
        sheet, so its left margin (28 mm) is now at the top and its foot (35 mm) at the left.
        The top is a half-leading less, so that the first line's glyphs start at 28 mm.
        """
        return 28 * MM - self.body_half_leading, 37 * MM, 26 * MM, 35 * MM

    @property
    def landscape_folio_shift(self) -> tuple[float, float, float]:
        """Moves of the turned page number: x of both, y of an odd page's, y of an even page's (pt).

        The number is turned a quarter so that it reads upright on the sheet, and sits where
        an upright page has it: its 一字线 7 mm beyond the 版心's foot, one 字 in from the side.
        """
        return -6.2 * MM, -7.0, 7.0 + self.body_half_leading  # x measured: the 一字线 7.2 mm out, as upright


GRID = Grid()


def _find(page: Any, element_id: str) -> Any | None:
    for box in page._page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and element.get("id") == element_id and box.element_tag == "footer":
            return box
    return None


def place_banji(pages: list[Any], grid: Grid = GRID) -> BanjiPlacement:
    """From a first layout pass: how to put the 版记 at the bottom of the 版心 on an even page."""
    for number, page in enumerate(pages, start=1):
        box = _find(page, "banji")
        if box is None:
            continue
        bottom = (box.position_y + box.margin_height()) * PX
        height = box.margin_height() * PX
        alone_height = grid.banxin_bottom - grid.margin_top - height
        content_above = box.position_y * PX > grid.margin_top + 1
        if number % 2 == 0 and number == len(pages):
            return BanjiPlacement(spacer=grid.banxin_bottom - bottom)
        kept = number if content_above else number - 1
        return BanjiPlacement(page_break=True, blank_page=kept % 2 == 0, spacer=alone_height, kept_pages=kept)
    return BanjiPlacement()


def _without_banji(page: Any) -> Any:
    """``page`` with the 版记 box taken out of its parent (the rest of the page is unchanged)."""
    box = _find(page, "banji")
    if box is not None:
        for parent in page._page_box.descendants():
            children = getattr(parent, "children", None)
            if children and any(child is box for child in children):
                parent.children = [child for child in children if child is not box]
                break
    return page


def grid_for(fonts: FontSet, grid: Grid = GRID) -> Grid:
    """The grid adjusted to the faces in use (the 标志's vertical metrics)."""
    mark_face = fonts.faces["xiaobiaosong"]
    if mark_face is None:
        return grid
    return replace(grid, mark_offset=round(em_top_offset(mark_face, 1.0, 1.0), 6))


@functools.cache
def _environment(grid: Grid) -> jinja2.Environment:
    env = gongwen_environment()
    env.globals["g"] = grid
    return env


def gongwen_source(doc: Gongwen, fonts: FontSet, placement: BanjiPlacement) -> str:
    """The HTML WeasyPrint lays out for ``doc`` (the stylesheet comes separately)."""
    return gongwen_html(_environment(grid_for(fonts)), doc, fonts, placement)


def stylesheet_source(fonts: FontSet) -> str:
    """The print stylesheet for these faces: the same for every document of a build."""
    return (
        _environment(grid_for(fonts))
        .get_template("gongwen.css")
        .render(fonts=fonts.faces, family=lambda role: markupsafe.Markup(fonts.css_family(role)))
    )


@functools.cache
def _font_config() -> FontConfiguration:
    """One font configuration per process (per worker of the pool), its font files removed as the process ends."""
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    atexit.register(_remove_font_files, config)
    return config


def remove_font_files() -> None:
    """Remove the copies of the font files this process's layouts made, for a process that ends by ``os._exit``.

    WeasyPrint copies every ``@font-face`` file (the CJK faces: 40–100 MB) into a
    directory of its own under the temporary directory and removes it only when its font
    configuration is collected, which an exit does not do: without this every build left
    them behind (2,492 directories, 50 GB, filled this machine's disk). Pool workers do not
    need it: their temporary directory is the pool's own (jobs.render_all).
    """
    if _font_config.cache_info().currsize:
        _remove_font_files(_font_config())


def _remove_font_files(config: FontConfiguration) -> None:
    folder = getattr(config, "_folder", None)  # WeasyPrint's, made at the first @font-face; see remove_font_files
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        config._folder = None  # its __del__ then has nothing to do (run as the interpreter ends, it could not)


@functools.cache
def _stylesheet(source: str) -> CSS:
    """The stylesheet parsed once per process."""
    from weasyprint import CSS

    return CSS(string=source, font_config=_font_config())


@functools.cache
def _user_agent_stylesheet() -> CSS:
    from weasyprint import CSS

    return CSS(filename=str(Path(__file__).parent / "templates" / "ua.css"))


def __getattr__(name: str) -> Any:
    """``GongwenHTML`` is made on first use: WeasyPrint is imported only by a build that lays out a PDF."""
    if name != "GongwenHTML":
        raise AttributeError(name)
    from weasyprint import HTML

    class GongwenHTML(HTML):  # type: ignore[misc]
        """The 公文 markup with a user-agent stylesheet cut down to the elements it uses.

        WeasyPrint matches every element against its whole HTML5 user-agent stylesheet;
        the cut-down one gives the same computed styles (a test compares the PDF bytes)
        for about a tenth less time per document.
        """

        def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
            return [_user_agent_stylesheet()]

    globals()[name] = GongwenHTML
    return GongwenHTML


def _layout(html: str, css: CSS, fonts: FontSet) -> Any:
    stylesheets = [_stylesheet(rules), css] if (rules := fonts.font_face_rules()) else [css]
    html_class = globals().get("GongwenHTML") or __getattr__("GongwenHTML")
    return html_class(string=html).render(stylesheets=stylesheets, font_config=_font_config())


def render_gongwen_pdf(doc: Gongwen, fonts: FontSet, archival: bool = False) -> bytes:
    """The PDF bytes of one 公文: equal input gives equal bytes (no wall-clock time inside).

    One layout pass: the 版记 box is moved down to the foot of the 版心, or, when it
    must go to a later (even) page, laid out alone and appended to the body's pages.
    ``archival`` writes PDF/A-3u (fonts embedded, Unicode text, XMP identification).
    """
    css_source = stylesheet_source(fonts)
    css = _stylesheet(css_source)
    html = gongwen_source(doc, fonts, BanjiPlacement())
    document = _layout(html, css, fonts)
    if doc.printer or doc.cc:
        placement = place_banji(document.pages, grid_for(fonts))
        if placement.page_break:
            tail = _layout(gongwen_source(doc, fonts, placement), css, fonts)
            kept = [_without_banji(page) for page in document.pages[: placement.kept_pages]]
            document = document.copy(kept + tail.pages)
        elif placement.spacer:
            for page in document.pages:
                box = _find(page, "banji")
                if box is not None:
                    box.translate(0, placement.spacer / PX)
    options: dict[str, Any] = {"pdf_identifier": pdf_identifier(css_source + html), "pdf_tags": True}
    if archival:
        options["pdf_variant"] = "pdf/a-3u"
    return write_pdf(document, **options)


FLATE_LEVEL = 1
"""zlib's fastest level. pydyf compresses every stream at level 9. Measured on the streams of ten
of the bench's notices (1.6 MB a notice before compression, most of it the embedded CJK font
subsets), per notice: level 9 takes 46 ms, level 6 24 ms and level 1 16 ms, for 625, 628 and
648 KB. Level 1 saves about 4 % of a notice's CPU time for files about 3 % larger."""


class _Flate:
    """Stands in for the ``zlib`` module inside pydyf while a PDF is written."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(FLATE_LEVEL, *args, **kwargs)


SIZED_ARRAY = re.compile(r"\[(\d+)\]$")


class _Arrays:
    """Stands in for cffi's ``ffi`` inside WeasyPrint's font subsetting while a PDF is written.

    WeasyPrint asks for its glyph lists as ``ffi.new(f"hb_codepoint_t[{len(values)}]", values)``: every new
    length is a new C type, which cffi parses with pycparser, about 17 ms each. Measured on ten of the bench's
    notices: 26 such parses, about 7 % of the notices' CPU time. Asked as ``hb_codepoint_t[]`` with the same
    values, the array is the same and its type is parsed once per process.
    """

    def __init__(self, ffi: Any) -> None:
        self._ffi = ffi

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ffi, name)

    def new(self, cdecl: Any, init: Any = None) -> Any:
        sized = SIZED_ARRAY.search(cdecl) if isinstance(cdecl, str) and isinstance(init, (list, tuple)) else None
        if sized is not None and len(init) == int(sized.group(1)):
            cdecl = cdecl[: sized.start()] + "[]"
        return self._ffi.new(cdecl, init)


def weasyprint_html() -> Any:
    """WeasyPrint's HTML, imported only when a PDF is laid out (most rebuilds take every PDF from the cache)."""
    from weasyprint import HTML

    return HTML


def write_pdf(document: Any, **options: Any) -> bytes:
    """``document.write_pdf`` with streams compressed at ``FLATE_LEVEL``.

    WeasyPrint offers no compression level, so pydyf's module reference to zlib is
    swapped for the duration of the call (render processes are single-threaded);
    so is the font subsetter's reference to cffi (see ``_Arrays``). Tests check both
    swaps still take effect with the installed pydyf and WeasyPrint.
    """
    from weasyprint.pdf import fonts as subsetting

    original, ffi = pydyf.zlib, subsetting.ffi
    pydyf.zlib, subsetting.ffi = _Flate(), _Arrays(ffi)
    try:
        pdf = document.write_pdf(**options)
    finally:
        pydyf.zlib, subsetting.ffi = original, ffi
    assert pdf is not None
    return bytes(pdf)


def font_problems(fonts: FontSet, doc: Gongwen, path: str) -> list[Problem]:
    """A warning for each role whose face lacks characters the document uses there."""
    texts = {
        "fangsong": doc.text_of("fangsong"),
        "xiaobiaosong": doc.mark + "".join(doc.title_lines),
        "heiti": doc.text_of("heiti"),
        "kaiti": doc.text_of("kaiti"),
    }
    problems = []
    for role, text in texts.items():
        face = fonts.faces[role]
        missing = missing_characters(face, text) if face else []
        if missing:
            message = f"{ROLE_NAMES[role]}字体 {face.family} 缺少这些字：{'、'.join(missing)}。PDF 中它们会用别的字体显示，请换用字库更全的字体，或在 site.yaml 的 fonts 中指定。"  # type: ignore[union-attr]
            problems.append(Problem(path=path, code=codes.FONT_MISSING_GLYPH, message=message))
    return problems


def require_fonts(fonts: FontSet) -> None:
    """Stop with an environment error when a role has no face of its class."""
    if fonts.missing():
        names = "、".join(fonts.missing())
        message = f"找不到公文需要的字体：{names}。请运行 make 安装免费字体，或安装后在 content/site.yaml 的 fonts 中指定；gongkai doctor 可查看详情。"
        raise GongkaiError(
            [Problem(path="content/site.yaml", code=codes.FONT_MISSING, message=message)],
            environment=True,
        )


@dataclass(frozen=True)
class PdfJob:
    """One notice to render, with everything a worker process needs."""

    doc: Gongwen
    fonts: FontSet
    archival: bool

    def source(self) -> str:
        variant = "pdf/a-3u" if self.archival else "pdf"
        return variant + stylesheet_source(self.fonts) + gongwen_source(self.doc, self.fonts, BanjiPlacement())

    def render(self) -> bytes:
        return render_gongwen_pdf(self.doc, self.fonts, self.archival)

    def weight(self) -> int:
        """Paragraphs and table rows: what the layout time grows with."""
        return len(self.doc.body) + sum(len(a.rows) + 1 for a in self.doc.attachments)
