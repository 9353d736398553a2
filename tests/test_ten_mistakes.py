"""Acceptance: ten typical editor mistakes, all reported in one `gongkai check` run, located, in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import gongkai


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_ten_mistakes(root: Path) -> None:
    content = root / "content"
    notice = content / "notices/2024-xinfang-month.md"
    _edit(notice, "date_written: 2024-09-18", "date_written: 2024/09/18")  # 1 bad date
    _edit(notice, "summary:", "summery:")  # 2 unknown key
    _edit(
        content / "people.yaml", "    post: 街道党工委书记\n", "    post: 街道党工委书记\n    post: 书记\n"
    )  # 3 duplicate
    _edit(content / "places.yaml", "    name: 街道基层治理中心2楼接访室\n", "")  # 4 missing field
    _edit(content / "site.yaml", "serial_width: 5", "serial_width: 五位")  # 5 wrong type
    _edit(notice, "doc_number: 晋政青〔2024〕62号", "doc_number: 晋政青[2024]62号")  # 6 文号 brackets
    _edit(content / "rosters/2024-xinfang-month.yaml", "people: [wang-wu,", "people: [wang-wuu,")  # 7 unknown person
    (content / "rosters/2024-11.yaml").write_text("id: 2024-11\ntitle: [十一月接访安排\n", encoding="utf-8")  # 8 syntax
    (content / "pages/guide.md").write_text("---\nid: guide\n\ttitle: 信访指南\n---\n正文\n", encoding="utf-8")  # 9 tab
    (content / "pages/gbk.md").write_bytes("---\nid: gbk\ntitle: 联系方式\n---\n".encode("gbk"))  # 10 not UTF-8


LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): 错误: (?P<msg>.+) \[(?P<code>[a-z0-9-]+)\]$")


def test_ten_mistakes_in_one_run(example: Path) -> None:
    make_ten_mistakes(example)
    run = gongkai("check", "--root", str(example))
    assert run.code == 1
    assert "Traceback" not in run.stderr
    found = []
    for line in run.stderr.splitlines():
        match = LINE.match(line)
        assert match, f"unlocated or malformed problem line: {line}"
        assert re.search(r"[\u4e00-\u9fff]", match["msg"]), f"message is not Chinese: {line}"
        found.append((match["path"], int(match["line"]), int(match["col"]), match["code"]))
    assert found == [
        ("content/notices/2024-xinfang-month.md", 5, 13, "doc-number-brackets"),
        ("content/notices/2024-xinfang-month.md", 6, 15, "bad-date"),
        ("content/notices/2024-xinfang-month.md", 10, 1, "unknown-key"),
        ("content/pages/gbk.md", 3, 8, "not-utf8"),
        ("content/pages/guide.md", 3, 1, "yaml-tab"),
        ("content/people.yaml", 8, 5, "yaml-duplicate-key"),
        ("content/places.yaml", 4, 5, "missing-field"),
        ("content/rosters/2024-11.yaml", 2, 8, "yaml-syntax"),
        ("content/rosters/2024-xinfang-month.yaml", 14, 14, "unknown-person"),
        ("content/site.yaml", 16, 17, "wrong-type"),
    ]
    assert "是不是要写“summary”" in run.stderr
    assert "是不是“wang-wu”" in run.stderr
    assert "晋政青〔2024〕62号" in run.stderr


def test_ten_mistakes_as_json(example: Path) -> None:
    import json

    make_ten_mistakes(example)
    run = gongkai("check", "--root", str(example), "--format", "json")
    assert run.code == 1
    problems = json.loads(run.stderr)["problems"]
    assert len(problems) == 10
    assert {p["severity"] for p in problems} == {"error"}
