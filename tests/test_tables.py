"""Statistics tables: a valid CSV with its Table Schema is published as a page and as open data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from test_problem_codes import TABLE_SPEC, make_project

from generator.build import build


def test_table_is_published_with_generated_suoyinhao(tmp_path: Path) -> None:
    csv_text = "unit,count,level\n甲镇,12,乡镇级\n乙镇,7,乡镇级\n"
    root = make_project(tmp_path, {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": csv_text})
    problems = build(root, root / "site", dt.date(2024, 11, 22))
    assert [(p.path, p.code) for p in problems] == [("data/t1.yaml", "suoyinhao-generated")]
    manifest = json.loads((root / "site/manifest.json").read_text(encoding="utf-8"))
    table = next(i for i in manifest["items"] if i["kind"] == "table")
    assert table["suoyinhao"] == "000000001/2024-00002"
    assert sorted(table["files"]) == ["data/t1/index.html", "data/t1/t1.csv"]
    html = (root / "site/data/t1/index.html").read_text(encoding="utf-8")
    assert "<th>件次</th>" in html and "<td>甲镇</td>" in html
    assert (root / "site/data/t1/t1.csv").read_text(encoding="utf-8-sig").splitlines() == csv_text.splitlines()
