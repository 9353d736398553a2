"""Statistics tables: a valid CSV with its Table Schema is published as a page and as open data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from test_problem_codes import N1, NOTICE, TABLE_SPEC, make_project

from generator.build import build


def test_table_is_published_with_generated_suoyinhao(tmp_path: Path) -> None:
    csv_text = "unit,count,level\n甲镇,12,乡镇级\n乙镇,7,乡镇级\n"
    root = make_project(tmp_path, {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": csv_text})
    problems = build(root, root / "site", dt.date(2024, 11, 22))
    assert [(p.path, p.code) for p in problems] == [("data/t1.yaml", "suoyinhao-generated")]
    manifest = json.loads((root / "site/manifest.json").read_text(encoding="utf-8"))
    table = next(i for i in manifest["items"] if i["kind"] == "table")
    assert table["suoyinhao"] == "000000001/2024-00002"
    assert sorted(table["files"]) == ["data/t1/index.html", "data/t1/t1.csv", "data/t1/t1.json", "data/t1/t1.xlsx"]
    html = (root / "site/data/t1/index.html").read_text(encoding="utf-8")
    assert "<th>件次</th>" in html and "<td>甲镇</td>" in html
    assert (root / "site/data/t1/t1.csv").read_text(encoding="utf-8-sig").splitlines() == csv_text.splitlines()


def test_odd_text_survives_markdown(tmp_path: Path) -> None:
    csv_text = 'unit,count,level\n"甲|乙",12,乡镇级\n'
    notice = NOTICE.replace("title: 关于测试的通知", 'title: "关于\\\\测试的通知"')
    root = make_project(tmp_path, {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": csv_text, N1: notice})
    build(root, root / "site", dt.date(2024, 11, 22))
    html = (root / "site/data/t1/index.html").read_text(encoding="utf-8")
    assert "<td>甲|乙</td>" in html and "<td>12</td>" in html
    page = (root / "site/notices/n1/index.html").read_text(encoding="utf-8")
    assert "<h1>关于\\测试的通知</h1>" in page


def test_excel_workbook_reads_like_its_csv(tmp_path: Path) -> None:
    """A table kept in Excel publishes the same rows as the CSV; a bad cell is named by its reference."""
    import datetime as dt

    from test_problem_codes import TABLE_SPEC, TODAY, make_project, workbook

    from generator.build import build, check_content

    book = workbook(("unit", "count", "level"), ("甲镇", 12, "县级"), ("乙镇", 7.0, None), (None, None, None))
    root = make_project(tmp_path, {"data/t1.yaml": TABLE_SPEC, "data/t1.xlsx": book})
    build(root, root / "site", TODAY)
    assert (root / "site/data/t1/t1.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "unit,count,level",
        "甲镇,12,县级",
        "乙镇,7,",
    ]
    bad = workbook(("unit", "count", "level"), ("甲镇", "十二", "县级"), ("乙镇", dt.date(2024, 1, 1), "县级"))
    (root / "data/t1.xlsx").write_bytes(bad)
    problems = check_content(root, TODAY)
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 2, "table-cell-type"), (3, 2, "table-cell-type")]
    assert problems[0].message.startswith("单元格 B2，“件次”列：")
    assert "2024-01-01" in problems[1].message


def test_excel_true_and_false_read_as_table_schema_booleans() -> None:
    from test_problem_codes import workbook

    from generator.source.workbook import read_rows

    rows, numbers = read_rows(workbook(("unit", "open"), ("甲镇", True), ("乙镇", False)))
    assert rows == [("unit", "open"), ("甲镇", "true"), ("乙镇", "false")] and numbers == [1, 2, 3]


def test_a_million_row_export_is_refused_before_its_cells_are_read(tmp_path: Path) -> None:
    """A wrong export (a whole register instead of its summary) gives one located error quickly, not minutes of work."""
    from generator.build import check_content

    header = TABLE_SPEC.split("fields:", 1)[1]
    names = [line.split("name:")[1].split(",")[0].strip() for line in header.splitlines() if "name:" in line]
    row = ",".join("1" for _ in names)
    csv_text = ",".join(names) + "\n" + (row + "\n") * 1_000_000
    root = make_project(tmp_path, {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": csv_text})
    problems = check_content(root, dt.date(2024, 11, 22))
    assert [(p.path, p.line, p.code) for p in problems if p.severity == "error"] == [
        ("data/t1.csv", 100_002, "table-too-long")
    ]
