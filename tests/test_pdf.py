"""Official notice PDFs read back: layout per GB/T 9704, fonts, metadata, determinism, cache."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pypdf
import pytest
from conftest import REPO, copy_project
from gongwen_check import check_gongwen

from generator.build import prepare_site
from generator.content.validate import load_sources, validate_content
from generator.fonts import Face, choose_fonts
from generator.gongwen.notice import build_gongwen, signature_gaps
from generator.gongwen.pdf import render_gongwen_pdf
from generator.gongwen.titles import break_title, text_width
from generator.site.model import model_site

ATTACHMENTS = [
    "矛盾纠纷排查化解清单",
    "信访积案和突出问题化解清单",
    "领导干部接待群众来访登记表",
    "青阳街道信访月专项活动领导接访安排表",
]
PDF = "notices/2024-xinfang-month/2024-xinfang-month.pdf"


@pytest.fixture(scope="module")
def notice_pdf(example_site: Path) -> Path:
    return example_site / PDF


def role_prefixes() -> dict[str, str]:
    return {role: face.family.replace(" ", "-") for role, face in choose_fonts().faces.items() if face}


def test_every_element_within_the_spec(notice_pdf: Path) -> None:
    checks = check_gongwen(str(notice_pdf), role_prefixes(), ATTACHMENTS)
    assert len(checks) >= 40
    assert [(c.element, c.measured, c.target) for c in checks if not c.ok] == []


def test_metadata_tags_and_embedded_fonts(notice_pdf: Path) -> None:
    reader = pypdf.PdfReader(notice_pdf)
    info = reader.metadata
    assert info is not None
    assert info.title == "青阳街道办事处关于印发《青阳街道“大排查”“大接访”“大化解”信访月专项活动实施方案》的通知"
    assert info.author == "晋江市人民政府青阳街道办事处"
    assert "信访" in str(info.get("/Keywords"))
    assert str(info.get("/CreationDate")).startswith("D:20240918")
    assert str(info.get("/ModDate")).startswith("D:20240918")
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "zh-CN"
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            descendant = descriptor.get("/DescendantFonts")
            target = descendant[0].get_object() if descendant else descriptor
            assert any(key in target["/FontDescriptor"] for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_the_site_links_the_pdf(notice_pdf: Path) -> None:
    html = (notice_pdf.parent / "index.html").read_text(encoding="utf-8")
    assert 'href="2024-xinfang-month.pdf"' in html


def _example_doc() -> tuple[object, object]:
    root = Path(__file__).resolve().parent.parent
    sources, _ = load_sources(root)
    content, _ = validate_content(sources)
    site, _ = model_site(content, dt.date(2024, 11, 22))
    notice = site.item("notice", "2024-xinfang-month")
    plan = site.item("campaign", "2024-xinfang-month")
    assert notice and plan
    return build_gongwen(site, notice.document.model, notice.document.source.body, plan.document.model), site


def test_two_renders_are_byte_identical() -> None:
    doc, _ = _example_doc()
    fonts = choose_fonts()
    assert render_gongwen_pdf(doc, fonts) == render_gongwen_pdf(doc, fonts)  # type: ignore[arg-type]


def test_unchanged_notice_is_not_rendered_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path / "cache"))
    first, _ = prepare_site(root, dt.date(2024, 11, 22))
    second, _ = prepare_site(root, dt.date(2024, 11, 22))
    assert (first.pdfs_rendered, second.pdfs_rendered) == (8, 0)  # two notices, five weekly posters, the 申请表
    assert first.files[PDF] == second.files[PDF]


def _faces(*families: str) -> tuple[Face, ...]:
    return tuple(Face(family, 400, f"/fonts/{family}.otf") for family in families)


def test_font_roles_prefer_office_fonts_and_never_substitute_another_class() -> None:
    free = _faces("FandolFang", "Noto Serif CJK SC", "Noto Sans CJK SC", "FandolKai")
    chosen = choose_fonts(faces=free).faces
    assert chosen["fangsong"].family == "FandolFang"  # type: ignore[union-attr]
    office = choose_fonts(faces=(*free, *_faces("仿宋_GB2312", "方正小标宋简体"))).faces
    assert office["fangsong"].family == "仿宋_GB2312"  # type: ignore[union-attr]
    assert office["xiaobiaosong"].family == "方正小标宋简体"  # type: ignore[union-attr]
    no_fangsong = choose_fonts(faces=_faces("Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun")).faces
    assert no_fangsong["fangsong"] is None  # a Song or sans face never stands in for 仿宋
    assert choose_fonts({"fangsong": "FandolFang"}, faces=free).faces["fangsong"].family == "FandolFang"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "title",
    [
        "青阳街道办事处关于印发《青阳街道“大排查”“大接访”“大化解”信访月专项活动实施方案》的通知",
        "某某镇人民政府关于开展矛盾纠纷排查化解工作的通知",
        "青阳街道办事处关于2024年国庆节期间领导干部接访安排的通知",
        "关于做好信访工作的通知",
    ],
)
def test_titles_break_into_balanced_lines(title: str) -> None:
    lines = break_title(title)
    widths = [text_width(line) for line in lines]
    assert "".join(lines) == title
    assert max(widths) <= 20
    assert not any(a > b < c for a, b, c in zip(widths, widths[1:], widths[2:], strict=False)), "hourglass"
    for line in lines[:-1]:
        assert line[-1] not in "《“（", lines
    assert all(not line.startswith(("街道", "镇")) for line in lines[1:]), lines  # place names stay whole


def test_signature_without_seal() -> None:
    # 日期 longer than 署名: 日期 右空二字, 署名 moved left so that 日期 starts 2 字 to its right.
    assert signature_gaps("青阳街道办事处", "2024年9月18日") == (3.5, 2.0)
    # 署名 longer: 署名 右空二字, 日期 starts 2 字 right of the 署名's first character.
    assert signature_gaps("晋江市人民政府青阳街道办事处", "2024年9月18日") == (2.0, 7.5)


# WeasyPrint 70 leaves its bundled sRGB profile file open when it writes PDF/A (its bug, not ours).
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_archival_variant_is_pdf_a_3u() -> None:
    doc, _ = _example_doc()
    pdf = render_gongwen_pdf(doc, choose_fonts(), archival=True)  # type: ignore[arg-type]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="U"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_fuzhu_note_long_mark_and_one_page_notice(tmp_path: Path) -> None:
    from gongwen_check import MM, PITCH, read_lines
    from test_problem_codes import N1, NOTICE, TODAY, make_project

    from generator.build import build

    notice = NOTICE.replace("signer:", "note: 此件公开发布\nprinter: 某某镇党政办公室\nprint_date: 2024-09-18\nsigner:")
    root = make_project(tmp_path, {N1: notice})
    build(root, root / "site", TODAY)
    import pdfplumber

    with pdfplumber.open(root / "site/notices/n1/n1.pdf") as pdf:
        lines = read_lines(pdf)
        pages = len(pdf.pages)
    mark = lines[0]  # 测试县人民政府某某镇人民政府: 14 字 at 36 pt would overflow; it is set smaller
    assert mark.x1 - mark.x0 <= 156.2 and abs(mark.top - 72) < 1
    date = next(line for line in lines if line.text == "2024年9月18日")
    note = next(line for line in lines if line.text == "（此件公开发布）")
    assert abs(note.x0 - (28 + 2 * 156 / 28)) < 0.4
    assert abs((note.top - date.top) - PITCH) < 0.2
    assert pages == 2  # the 版记 goes to an even page, even for a one-page notice
    printer = next(line for line in lines if "印发" in line.text)
    assert printer.page == 2 and abs(printer.bottom - 262) < 12 * MM / MM


def test_seal_presses_on_signer_and_date(tmp_path: Path) -> None:
    import pdfplumber
    from gongwen_check import CELL, MM, PITCH, read_lines
    from PIL import Image, ImageDraw
    from test_problem_codes import N1, NOTICE, TODAY, make_project

    from generator.build import build

    seal = io.BytesIO()
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((5, 5, 195, 195), outline=(220, 0, 0, 230), width=10)
    image.save(seal, format="PNG")
    notice = NOTICE.replace("signer:", "seal: seal.png\nsigner:")
    root = make_project(tmp_path, {N1: notice, "content/assets/seal.png": seal.getvalue()})
    build(root, root / "site", TODAY)
    with pdfplumber.open(root / "site/notices/n1/n1.pdf") as pdf:
        lines = read_lines(pdf)
        (img,) = pdf.pages[0].images
    body = next(line for line in lines if line.text == "正文。")
    signer = next(line for line in lines if line.text == "某某镇人民政府")
    date = next(line for line in lines if line.text == "2024年9月18日")
    assert abs(date.x1 - (184 - 4 * CELL)) < 0.5  # 日期 右空四字
    assert abs((signer.x0 + signer.x1) / 2 - (date.x0 + date.x1) / 2) < 0.5  # 署名 centred over 日期
    centre_x, top, bottom = (img["x0"] + img["x1"]) / 2 / MM, img["top"] / MM, img["bottom"] / MM
    assert abs(centre_x - (date.x0 + date.x1) / 2) < 0.5 and abs(bottom - top - 42) < 0.5
    assert 0 <= top - body.bottom <= PITCH  # seal top within one line of the 正文
    assert signer.top > (top + bottom) / 2  # 署名 and 日期 fall below the seal's centre


def test_banji_ends_every_length_of_notice_on_an_even_page() -> None:
    """Notices of 3–10 pages: the 版记 on the last, even page, at the foot of the 版心, numbered right.

    Covers the three cases of the 版记's own pages: it fits on an even last page; it moves
    to the next (even) page; a blank page comes first and neither page is numbered.
    """
    import pdfplumber
    from gongwen_check import MM, read_lines, turned_folios

    from benchmarks.pdf import _example, batch

    doc, _ = _example(Path("."))
    fonts = choose_fonts()
    cases = set()
    variants = batch(doc, 16)
    for variant in (variants[0], variants[2], variants[6], variants[15]):
        pdf_bytes = render_gongwen_pdf(variant, fonts)
        with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
            lines = read_lines(pdf)
            last = len(pdf.pages)
            rules = sorted((r for r in pdf.pages[-1].rects if r["width"] / MM > 150), key=lambda r: r["bottom"])
            turned = {f.page for f in turned_folios(pdf)}  # the landscape pages of wide attachments
        assert last % 2 == 0
        assert rules and abs(rules[-1]["bottom"] / MM - 262) < 0.5
        assert [line.page for line in lines if line.text.endswith("日印发")] == [last]
        folios = {line.page: line for line in lines if line.text.startswith("— ")}
        text_pages = [line.page for line in lines if not line.text.startswith("— ")]
        blank = last - 1 not in text_pages
        alone = all(
            line.text.startswith("抄送") or "印发" in line.text
            for line in lines
            if line.page == last and line not in folios.values()
        )
        cases.add("blank" if blank else "own" if alone and not blank else "fits")
        numbered = last - 2 if blank else last
        assert sorted(set(folios) | turned) == list(range(1, numbered + 1))
        for page, folio in folios.items():
            assert folio.text == f"— {page} —"
            assert (folio.x1 > 170) if page % 2 else (folio.x0 < 40)
    assert cases == {"blank", "own", "fits"}


def test_working_subsets_fall_back_to_the_full_face(tmp_path: Path) -> None:
    """Layout uses a GB 2312 working subset of each face; a character outside it comes from the full face."""
    import dataclasses

    import pdfplumber

    from benchmarks.pdf import _example
    from generator.fonts import with_working_faces

    doc, _ = _example(Path("."))
    fonts = with_working_faces(choose_fonts(), tmp_path)
    assert set(fonts.working) == {role for role, face in fonts.faces.items() if face}
    body = list(doc.body)
    index = next(i for i, block in enumerate(body) if block.kind == "p")
    body[index] = dataclasses.replace(body[index], text="他們的個案。" + body[index].text)
    with pdfplumber.open(io.BytesIO(render_gongwen_pdf(dataclasses.replace(doc, body=tuple(body)), fonts))) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    start = text.index("他們的個案")
    font_of = {c["text"]: c["fontname"].split("+", 1)[-1] for c in chars[start : start + 5]}
    fangsong = fonts.faces["fangsong"]
    assert fangsong is not None
    assert font_of["們"] == font_of["個"] == fangsong.family.replace(" ", "-")
    assert font_of["他"] == font_of["案"] == fangsong.family.replace(" ", "-") + "-GK-fangsong"


def test_cut_down_user_agent_stylesheet_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The notice laid out with WeasyPrint's full HTML5 user-agent stylesheet gives the same bytes."""
    import weasyprint

    from benchmarks.pdf import _example
    from generator.gongwen import pdf

    doc, _ = _example(Path("."))
    fonts = choose_fonts()
    ours = render_gongwen_pdf(doc, fonts)
    monkeypatch.setattr(pdf, "GongwenHTML", weasyprint.HTML)
    assert render_gongwen_pdf(doc, fonts) == ours


def test_streams_are_compressed_at_the_chosen_level(monkeypatch: pytest.MonkeyPatch) -> None:
    """The zlib swap in pdf.write_pdf still reaches pydyf: levels give different bytes, both read back."""
    from benchmarks.pdf import _example
    from generator.gongwen import pdf

    doc, _ = _example(Path("."))
    fonts = choose_fonts()
    default = render_gongwen_pdf(doc, fonts)
    monkeypatch.setattr(pdf, "FLATE_LEVEL", 6)
    smaller = render_gongwen_pdf(doc, fonts)
    assert len(smaller) < len(default)
    for data in (default, smaller):
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert "青阳街道" in reader.pages[0].extract_text()


def test_glyph_lists_are_asked_of_cffi_as_one_type_whatever_their_length(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cffi swap in pdf.write_pdf still reaches WeasyPrint's subsetter: no glyph list is parsed as a C type of
    its own length, and the PDF's bytes are those written without the swap."""
    from weasyprint.text.ffi import ffi

    from benchmarks.pdf import _example, batch
    from generator.gongwen import pdf

    doc, _ = _example(Path("."))
    fonts = choose_fonts()
    docs = batch(doc, 3)
    before = set(ffi._parsed_types)  # a test in this process may have written a PDF without gongkai's write_pdf
    ours = [render_gongwen_pdf(d, fonts) for d in docs]
    assert not [name for name in set(ffi._parsed_types) - before if re.fullmatch(r"hb_codepoint_t\[\d+\]", name)]
    assert "hb_codepoint_t[]" in ffi._parsed_types
    monkeypatch.setattr(pdf, "_Arrays", lambda ffi: ffi)
    assert [render_gongwen_pdf(d, fonts) for d in docs] == ours


def test_markdown_tables_and_lists_in_the_body(tmp_path: Path) -> None:
    """A Markdown table in a notice body is set as a table; list items as paragraphs; inline marks dropped."""
    import pdfplumber
    from gongwen_check import CELL, read_lines
    from test_problem_codes import N1, NOTICE, TODAY, make_project

    from generator.build import build

    body = (
        "请各单位\n按时报送，**逾期**不候。\n\n"
        "| 单位 | 件数 |\n|---|---|\n| 东社区 | 12 |\n| 西社区 | 3 |\n\n"
        "1. 摸清底数。逐户走访。\n2. 建立台账。\n\n另有要求：\n\n- 注意事项一\n"
    )
    root = make_project(tmp_path, {N1: NOTICE.replace("正文。", body)})
    build(root, root / "site", TODAY)
    with pdfplumber.open(root / "site/notices/n1/n1.pdf") as pdf:
        lines = read_lines(pdf)
        page = pdf.pages[0]
        cells = [c for c in (page.extract_tables() or [[]])[0]]
    texts = [line.text for line in lines]
    assert "请各单位按时报送，逾期不候。" in texts
    assert cells == [["单位", "件数"], ["东社区", "12"], ["西社区", "3"]]
    items = [line for line in lines if line.text.startswith(("1.摸清底数", "2.建立台账", "注意事项一"))]
    assert len(items) == 3 and all(abs(item.x0 - (28 + 2 * CELL)) < 0.4 for item in items)


def test_workers_fork_only_from_a_single_threaded_process() -> None:
    import subprocess
    import sys

    script = (
        "import threading, time, generator.build\n"
        "from generator.forks import start_method\n"
        "print(start_method())\n"
        "threading.Thread(target=time.sleep, args=(2,), daemon=True).start()\n"
        "print(start_method())\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["fork", "spawn"]


@dataclasses.dataclass(frozen=True)
class _CollectorReport:
    """A job that renders its worker's garbage-collector settings (picklable: module level)."""

    number: int

    def source(self) -> str:
        return str(self.number)

    def render(self) -> bytes:
        import gc

        return f"{gc.get_threshold()[0]} {gc.get_freeze_count() > 0}".encode()

    def weight(self) -> int:
        return self.number


def test_render_workers_freeze_what_they_inherit_and_collect_less_often() -> None:
    """Each worker of the pool leaves the objects it was forked with to the parent and runs the collector's
    youngest pass every GC_THRESHOLD allocations; rendering in this process changes nothing here."""
    import gc

    from generator.forks import GC_THRESHOLD
    from generator.gongwen.jobs import render_all

    before = (gc.get_threshold(), gc.get_freeze_count())
    assert render_all([_CollectorReport(n) for n in range(4)], workers=2) == [f"{GC_THRESHOLD} True".encode()] * 4
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    assert render_all([_CollectorReport(1)], workers=1) == [f"{before[0][0]} {before[1] > 0}".encode()]


def test_html_comments_in_a_body_are_neither_printed_nor_fatal() -> None:
    from generator.gongwen.notice import body_blocks

    blocks = body_blocks(
        '正文。\n\n<!-- 备注 -->\n\n正文<!-- 内部备注：张三 -->一段。\n\n<ol start="x"><li>甲</li></ol>'
    )
    assert [(b.kind, b.runin + b.text) for b in blocks] == [("p", "正文。"), ("p", "正文一段。"), ("h3", "1.甲")]


def test_an_examples_notice_says_so_on_every_page_and_in_its_metadata(example_site: Path, tmp_path: Path) -> None:
    """示例, slanted and light on each page (off the 28×22 grid), and in the PDF's subject and keywords; a real
    office's notice carries neither."""
    import pdfplumber
    import pypdf

    from generator.build import build

    def marks(path: Path) -> tuple[list[bool], str, str]:
        with pdfplumber.open(path) as pdf:
            turned = [
                {"示", "例"} <= {c["text"] for c in page.chars if abs(c["matrix"][1]) > 1e-6} for page in pdf.pages
            ]
        info = pypdf.PdfReader(path).metadata or {}
        return turned, str(info.get("/Subject", "")), str(info.get("/Keywords", ""))

    turned, subject, keywords = marks(example_site / "notices/2024-xinfang-month/2024-xinfang-month.pdf")
    assert len(turned) > 4 and all(turned)
    for pdf in sorted(example_site.rglob("*.pdf")):  # and upright, above the 版心, where pdftotext reads it
        assert all("示例" in page for page in pdftotext_pages(pdf)), pdf
    assert marks(example_site / "jiefang/week/2024-W40/poster.pdf")[0] == [True]  # the notice-board poster too
    assert subject.startswith("示例文件（演示用，不是真实公文）") and keywords.startswith("示例")
    root = copy_project(tmp_path / "real", REPO / "tests/fixtures/minimal")
    build(root, root / "site", dt.date(2024, 11, 22))
    turned, subject, keywords = marks(root / "site/notices/n1/n1.pdf")
    assert not any(turned) and "示例" not in subject + keywords
    assert not any(marks(next((root / "site/jiefang/week").glob("*/poster.pdf")))[0])
    for pdf in sorted((root / "site").rglob("*.pdf")):
        assert not any("示例" in page for page in pdftotext_pages(pdf)), pdf


def pdftotext_pages(pdf: Path) -> list[str]:
    """Each page's text as poppler's pdftotext reads it (the way an archivist or a search engine would)."""
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]
