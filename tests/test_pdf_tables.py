"""Tables in the 公文 PDFs: never cut off at the paper's edge, never split leaving a lone row.

A table wider than the upright 版心 goes on an A4 page turned sideways (GB/T 9704 §10), or, when
the editor asks (``layout: 缩小``), is set in smaller type; one that fits nowhere is a located error.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pdfplumber
import pytest
from gongwen_check import MM, landscape_pages, turned_folios
from pdf_overflow import overflow, site_overflow
from test_problem_codes import N1, NOTICE, TODAY, make_project

from generator.build import build
from generator.fonts import choose_fonts
from generator.gongwen.notice import Block, Gongwen, body_blocks
from generator.gongwen.pdf import render_gongwen_pdf
from generator.problems import GongkaiError

TEN = [
    "序号",
    "所属社区（网格）",
    "矛盾纠纷类型",
    "基本情况",
    "责任部门",
    "责任领导",
    "责任人员",
    "化解措施",
    "化解时限",
    "化解进展",
]


def plan(columns: list[str], layout: str = "") -> str:
    return (
        "id: p1\npublished_with: n1\ntitle: 方案\nstart: 2024-09-01\nend: 2024-10-01\nattachments:\n"
        "  - number: 1\n    title: 登记表\n    kind: 空白模板\n"
        f"    columns: [{', '.join(columns)}]\n" + (f"    layout: {layout}\n" if layout else "")
    )


def with_plan(tmp_path: Path, columns: list[str], layout: str = "") -> Path:
    notice = NOTICE.replace("signer:", "plan: p1\nsigner:")
    return make_project(tmp_path, {N1: notice, "content/campaigns/p1.yaml": plan(columns, layout)})


def attachment_page(pdf_path: Path) -> tuple[bool, list[list[str | None]], float, list[object]]:
    """The 附件1 page: turned sideways or not, its table's rows, the header's type size, the turned numbers."""
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = [w["text"] for w in page.extract_words()]
            if "附件1" in words:
                table = page.extract_tables()[0]
                size = next(c["size"] for c in page.chars if c["text"] == table[0][0][0])
                folios = [f for f in turned_folios(pdf) if f.page == number]
                return number in landscape_pages(pdf), table, size, folios
    raise AssertionError("附件1 not found")


def test_the_example_62_hao_form_shows_all_ten_columns_on_a_landscape_page(example_site: Path) -> None:
    turned, table, size, folios = attachment_page(example_site / "notices/2024-xinfang-month/2024-xinfang-month.pdf")
    assert turned
    assert table[0] == TEN and len(table) == 9  # the header and eight blank rows
    assert size == pytest.approx(12, abs=0.01)
    assert len(folios) == 1  # its page number, turned to read upright on the bound sheet


@pytest.mark.parametrize(
    ("columns", "landscape"),
    [
        (["序号", "社区", "类型", "情况", "部门", "领导", "人员", "措施", "时限", "进展", "结果", "备注"], False),
        (["序号", *(f"{c}项内容" for c in "甲乙丙丁戊己庚辛壬癸子")], True),
    ],
    ids=["twelve-short-upright", "twelve-long-landscape"],
)
def test_a_twelve_column_attachment_fits(tmp_path: Path, columns: list[str], landscape: bool) -> None:
    root = with_plan(tmp_path, columns)
    assert build(root, root / "site", TODAY) == []
    turned, table, _, folios = attachment_page(root / "site/notices/n1/n1.pdf")
    assert (turned, table[0]) == (landscape, columns)
    assert len(folios) == landscape
    assert site_overflow(root / "site") == []


@pytest.mark.parametrize("layout", ["", "缩小"])
def test_a_twelve_column_attachment_that_fits_nowhere_is_a_located_error(tmp_path: Path, layout: str) -> None:
    columns = [f"第{n}项需要填写的内容" for n in range(1, 13)]
    root = with_plan(tmp_path, columns, layout)
    with pytest.raises(GongkaiError) as raised:
        build(root, root / "site", TODAY)
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.code) == ("content/campaigns/p1.yaml", 7, "table-too-wide")
    assert problem.message.startswith("附件1《登记表》有12列，A4 横排也放不下")
    assert ("layout: 缩小" in problem.message) == (layout == "")
    assert not (root / "site").exists()


def test_smaller_type_where_the_editor_chooses_it(tmp_path: Path) -> None:
    """Nine columns just too wide upright at 12 pt: ``缩小`` keeps the page upright at 11 pt; by default it turns."""
    columns = ["序号", *(f"项目{n}内容" for n in range(1, 8)), "备注"]
    root = with_plan(tmp_path / "shrunk", columns, "缩小")
    build(root, root / "site", TODAY)
    turned, table, size, _ = attachment_page(root / "site/notices/n1/n1.pdf")
    assert (turned, table[0], size) == (False, columns, pytest.approx(11, abs=0.01))
    root = with_plan(tmp_path / "auto", columns)
    build(root, root / "site", TODAY)
    turned, table, size, _ = attachment_page(root / "site/notices/n1/n1.pdf")
    assert (turned, table[0], size) == (True, columns, pytest.approx(12, abs=0.01))
    root = with_plan(tmp_path / "turned", ["序号", "名称"], "横排")
    build(root, root / "site", TODAY)
    assert attachment_page(root / "site/notices/n1/n1.pdf")[0]


def test_a_body_table_too_wide_for_any_page_is_located_at_its_line(tmp_path: Path) -> None:
    header = "| " + " | ".join(f"第{n}列的很长的表头文字" for n in range(1, 11)) + " |"
    body = f"正文。\n\n{header}\n|{'---|' * 10}\n|{' 1 |' * 10}\n"
    root = make_project(tmp_path, {N1: NOTICE.replace("正文。", body)})
    with pytest.raises(GongkaiError) as raised:
        build(root, root / "site", TODAY)
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.code) == (N1, 16, "table-too-wide")  # the header row
    assert problem.message.startswith("正文第1个表格（表头：第1列的很长的表头文字、")


def test_a_wide_body_table_gets_a_landscape_page_and_the_text_goes_on_upright(tmp_path: Path) -> None:
    header = "| " + " | ".join(f"第{n}列表头" for n in range(1, 11)) + " |"
    body = f"正文。\n\n{header}\n|{'---|' * 10}\n|{' 1 |' * 10}\n\n表后的正文。\n"
    root = make_project(tmp_path, {N1: NOTICE.replace("正文。", body)})
    assert build(root, root / "site", TODAY) == []
    with pdfplumber.open(root / "site/notices/n1/n1.pdf") as pdf:
        shapes = [(round(p.width / MM), round(p.height / MM)) for p in pdf.pages]
        texts = [p.extract_text() for p in pdf.pages]
    assert shapes[:3] == [(210, 297), (297, 210), (210, 297)]
    assert "第10列表头" in texts[1] and "表后的正文" in texts[2]


def _doc(blocks: list[Block]) -> Gongwen:
    return Gongwen(
        mark="某某镇人民政府",
        doc_number=None,
        title_lines=("关于信访情况的通报",),
        addressee="各单位",
        body=tuple(blocks),
        signer="某某镇人民政府",
        date_text="2024年7月10日",
        signer_gap=2.0,
        date_gap=2.0,
        meta=dict.fromkeys(("title", "author", "description", "keywords", "created", "modified"), ""),
    )


def test_a_table_breaks_with_its_header_and_at_least_two_rows_on_each_side() -> None:
    """Wherever the page ends, each part of the table starts with the header and holds two rows or more."""
    header = ("渠道", "批次", "批次同比", "人次", "人次同比")
    rows = tuple((f"渠道{n}", str(n), "上升1.00%", str(2 * n), "下降2.00%") for n in range(1, 9))
    table = Block("table", header=header, rows=rows)
    fonts = choose_fonts()
    splits = 0
    for lead in range(2, 14):
        blocks = [*body_blocks("\n\n".join(["一行正文。"] * lead)), table, Block("p", text="表后正文。")]
        with pdfplumber.open(io.BytesIO(render_gongwen_pdf(_doc(blocks), fonts))) as pdf:
            parts = [t for page in pdf.pages for t in page.extract_tables() if t and t[0][0] == "渠道"]
        assert all(part[0] == list(header) and len(part) - 1 >= 2 for part in parts), (lead, parts)
        assert [tuple(r) for part in parts for r in part[1:]] == list(rows)
        splits += len(parts) > 1
    assert splits >= 3  # the table did break across pages, several ways


def test_nothing_in_the_examples_pdfs_lies_outside_the_type_area(example_site: Path) -> None:
    """Every notice (with its plan and attachments, upright and turned) and every week's poster."""
    assert len(list(example_site.rglob("*.pdf"))) >= 7
    assert site_overflow(example_site) == []


def test_the_overflow_check_sees_a_table_past_the_paper_edge(tmp_path: Path) -> None:
    """Drawn anyway, a table that fits nowhere runs past the turned page's 版心, and the check says where."""
    from generator.gongwen.notice import Attachment

    columns = tuple(f"第{n}项需要填写的内容" for n in range(1, 13))
    wide = Attachment(1, "登记表", columns, (("",) * 12,) * 3, blank=True)
    doc = _doc([Block("p", text="正文。")])
    pdf = tmp_path / "wide.pdf"
    pdf.write_bytes(render_gongwen_pdf(dataclasses.replace(doc, attachments=(wide,)), choose_fonts()))
    found = overflow(pdf, "notices/n1/n1.pdf")
    assert found and all("第2页" in line for line in found)
