"""One case per problem code: a small change to a minimal project and the exact located problem it gives."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, copy_project
from test_hostile import hostile_codes

from generator import codes
from generator.build import build, check_content
from generator.codes import CATALOGUE
from generator.problems import GongkaiError, Problem, problems_as_json

MINIMAL = REPO / "tests/fixtures/minimal"
TODAY = dt.date(2024, 11, 22)
N1 = "content/notices/n1.md"
R1 = "content/rosters/r1.yaml"
NOTICE = (MINIMAL / N1).read_text(encoding="utf-8")
ROSTER = (MINIMAL / R1).read_text(encoding="utf-8")
PLAN = """id: p1
published_with: n1
title: 方案
start: 2024-09-01
end: 2024-10-01
attachments:
  - number: 1
    title: 安排表
    kind: 公开内容
    roster: r1
"""
REPORT = """id: r1
meta:
  suoyinhao: 000000001/2024-00070
  title: 某某镇2023年政府信息公开工作年度报告
  date_written: 2024-01-18
  date_published: 2024-01-22
  genre: 报告
  disclosure: 主动公开
  review: {reviewer: 李四, date: 2024-01-18}
year: 2023
overview: 总体情况。
applications:
  received: [3, 1, 0, 0, 0, 0]
  carried_in: [0, 0, 0, 0, 0, 0]
  results:
    disclosed: [1, 1, 0, 0, 0, 0]
    not_handled:
      petition_or_complaint: [1, 0, 0, 0, 0, 0]
  carried_out:
    - 0
    - 0
    - 0
    - 0
    - 0
    - 0
problems: 问题。
"""
TABLE_SPEC = """id: t1
meta:
  title: 统计
  date_written: 2024-09-18
  date_published: 2024-09-18
  genre: 统计数据
  disclosure: 主动公开
  review: {reviewer: 李四, date: 2024-09-18}
table_schema:
  fields:
    - {name: unit, type: string, title: 单位, constraints: {required: true}}
    - {name: count, type: integer, title: 件次, constraints: {minimum: 0}}
    - {name: level, type: string, title: 层级, constraints: {enum: [县级, 乡镇级]}}
"""

RATES_SPEC = """id: r1
role: rates
targets: {初信初访一次性化解率: 99}
meta: {suoyinhao: 000000001/2024-00060, title: 比率, date_written: 2024-09-18, date_published: 2024-09-18, genre: 统计数据, disclosure: 主动公开, review: {reviewer: 李四, date: 2024-09-18}}
table_schema:
  fields:
    - {name: period_start, type: date, title: 起始日期}
    - {name: period_end, type: date, title: 截止日期}
    - {name: unit, type: string, title: 单位}
    - {name: metric, type: string, title: 指标}
    - {name: numerator, type: integer, title: 分子, constraints: {minimum: 0}}
    - {name: denominator, type: integer, title: 分母, constraints: {minimum: 0}}
"""
RATES_CSV = """period_start,period_end,unit,metric,numerator,denominator
2024-01-01,2024-06-30,甲镇,初信初访一次性化解率,199,200
2024-01-01,2024-06-30,乙镇,初信初访一次性化解率,97,100
2024-01-01,2024-06-30,甲镇,按期办结率,50,50
"""
Files = dict[str, str | bytes | None]


def workbook(*rows: tuple[object, ...]) -> bytes:
    """An .xlsx file with ``rows`` on its first sheet, as an office would save it."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SITE = (MINIMAL / "content/site.yaml").read_text(encoding="utf-8")
COLUMNS = "  - {id: tzgg, name: 通知公告}\n  - {id: jfap, name: 接访安排}\n  - {id: tjsj, name: 统计数据}\n"
ARTICLE = """---
id: a1
title: 政府信息公开指南
column: zhinan
date_written: 2024-01-02
date_published: 2024-01-03
genre: 其他
disclosure: 主动公开
review: {reviewer: 某某, date: 2024-01-03}
---
正文。
"""


CASES: list[tuple[str, Files, list[tuple[str, int | None, int | None, str]]]] = [
    # Loader
    (
        "not-utf8",
        {"content/pages/a.md": "---\nid: a\ntitle: 联系\n---\n".encode("gbk")},
        [("content/pages/a.md", 3, 8, "not-utf8")],
    ),
    (
        "front-matter-missing",
        {"content/pages/a.md": "# 标题\n"},
        [("content/pages/a.md", 1, 1, "front-matter-missing")],
    ),
    (
        "front-matter-unclosed",
        {"content/pages/a.md": "---\nid: a\n"},
        [("content/pages/a.md", 1, 1, "front-matter-unclosed")],
    ),
    ("unknown-file", {"content/notes.txt": "x"}, [("content/notes.txt", None, None, "unknown-file")]),
    (
        "missing-file",
        {"content/places.yaml": None},
        [("content/places.yaml", None, None, "missing-file")],
    ),
    (
        "report-unbalanced",
        {"content/reports/r1.yaml": REPORT},  # 自然人: 3 received; 1 disclosed, 1 not handled, none carried out
        [("content/reports/r1.yaml", 20, 7, "report-unbalanced")],  # the column's 结转下年度 cell
    ),
    (
        "licence-url",
        {"content/site.yaml": SITE + "data_licence: 本单位数据使用协议\n"},
        [("content/site.yaml", 13, 15, "licence-url")],
    ),
    (
        "example-real-phone",
        {
            "content/site.yaml": SITE + "example: true\n",
            "content/places.yaml": 'places:\n  - id: hall\n    name: 接待室\n    phone: "0595-12345678（示例号码）"\n',
            "content/campaigns/p1.yaml": PLAN + 'contact:\n  name: 李明\n  phone: "13912345678"\n',
        },
        [
            ("content/site.yaml", 10, 10, "example-real-phone"),
            ("content/campaigns/p1.yaml", 13, 10, "example-real-phone"),
        ],
    ),
    ("table-without-schema", {"data/t1.csv": "unit\n"}, [("data/t1.csv", None, None, "table-without-schema")]),
    ("table-without-data", {"data/t1.yaml": TABLE_SPEC}, [("data/t1.yaml", None, None, "table-without-data")]),
    # YAML
    ("yaml-tab", {R1: ROSTER.replace("  - date", "\t- date")}, [(R1, 5, 1, "yaml-tab")]),
    ("yaml-syntax", {R1: ROSTER.replace("title: 接访安排", "title: 接访: 安排")}, [(R1, 3, 10, "yaml-syntax")]),
    (
        "yaml-duplicate-key",
        {R1: ROSTER.replace("title: 接访安排", "title: 接访安排\ntitle: 又一个")},
        [(R1, 4, 1, "yaml-duplicate-key")],
    ),
    (
        "yaml-alias",
        {R1: ROSTER.replace("title: 接访安排", "title: &t 接访安排\nx: &a [1]\ny: *a")},
        [(R1, 5, 1, "yaml-alias"), (R1, 4, 1, "unknown-key"), (R1, 5, 1, "unknown-key")],
    ),
    (
        "control-character",
        {R1: ROSTER.replace("title: 接访安排", "title: 接访\x0b安排")},
        [(R1, 3, 10, "control-character")],
    ),
    ("not-a-mapping", {R1: "- 1\n- 2\n"}, [(R1, 1, 1, "not-a-mapping")]),
    # Field types and formats
    (
        "bad-date",
        {N1: NOTICE.replace("date_written: 2024-09-18", "date_written: 2024-9-18")},
        [(N1, 5, 15, "bad-date")],
    ),
    (
        "bad-date impossible",
        {N1: NOTICE.replace("date_written: 2024-09-18", "date_written: 2024-02-30")},
        [(N1, 5, 15, "bad-date")],
    ),
    ("bad-id", {R1: ROSTER.replace("id: r1", "id: R_1")}, [(R1, 1, 5, "bad-id")]),
    (
        "doc-number-brackets",
        {N1: NOTICE.replace("genre:", "doc_number: 某政（2024）3号\ngenre:")},
        [(N1, 7, 13, "doc-number-brackets")],
    ),
    (
        "doc-number-format",
        {N1: NOTICE.replace("genre:", "doc_number: 某政〔2024〕第3号\ngenre:")},
        [(N1, 7, 13, "doc-number-format")],
    ),
    ("bad-time-range", {R1: ROSTER.replace("08:30-12:00", "12:00-08:30")}, [(R1, 8, 11, "bad-time-range")]),
    ("missing-field", {N1: NOTICE.replace("signer: 某某镇人民政府\n", "")}, [(N1, 2, 1, "missing-field")]),
    ("unknown-key", {R1: ROSTER.replace("title:", "titel: x\ntitle:")}, [(R1, 3, 1, "unknown-key")]),
    (
        "wrong-type",
        {R1: ROSTER.replace("receptions:\n", "receptions: 无\n").split("  - date")[0]},
        [(R1, 4, 13, "wrong-type")],
    ),
    ("bad-choice", {N1: NOTICE.replace("genre: 通知", "genre: 通知书")}, [(N1, 7, 8, "bad-choice")]),
    ("empty-value", {N1: NOTICE.replace("signer: 某某镇人民政府", 'signer: ""')}, [(N1, 12, 9, "empty-value")]),
    ("too-long", {N1: NOTICE.replace("genre:", "summary: " + "长" * 301 + "\ngenre:")}, [(N1, 7, 10, "too-long")]),
    (
        "bad-format",
        {N1: NOTICE.replace("genre:", "subject: 综合政务\\\\信访\\\\其他\ngenre:")},
        [(N1, 7, 10, "bad-format")],
    ),
    (
        "out-of-range",
        {
            "content/site.yaml": (MINIMAL / "content/site.yaml").read_text(encoding="utf-8")
            + "suoyinhao:\n  serial_width: 0\n"
        },
        [("content/site.yaml", 14, 17, "out-of-range")],
    ),
    (
        "suoyinhao-template",
        {
            "content/site.yaml": (MINIMAL / "content/site.yaml").read_text(encoding="utf-8")
            + 'suoyinhao:\n  template: "{org}-{seq}"\n'
        },
        [("content/site.yaml", 14, 13, "suoyinhao-template")],
    ),
    (
        "roster-dates",
        {
            R1: ROSTER.replace(
                "receptions:",
                "rules:\n  - {kind: daily, people: [zhang-san], place: hall, time: 08:30-12:00}\nreceptions:",
            )
        },
        [(R1, 1, 1, "roster-dates")],
    ),
    ("roster-empty", {R1: ROSTER.split("receptions:")[0]}, [(R1, 1, 1, "roster-empty")]),
    (
        "column-twice",
        {"content/site.yaml": SITE + "columns:\n" + COLUMNS + "  - {id: tzgg, name: 通知}\n"},
        [("content/site.yaml", 14, 3, "column-twice")],
    ),
    (
        "column-missing",
        {"content/site.yaml": SITE + "columns:\n" + COLUMNS.replace("  - {id: tjsj, name: 统计数据}\n", "")},
        [("content/site.yaml", 14, 3, "column-missing")],
    ),
    (
        "column-reserved",
        {"content/site.yaml": SITE + "columns:\n" + COLUMNS + "  - {id: data, name: 数据}\n"},
        [("content/site.yaml", 14, 3, "column-reserved")],
    ),
    (
        "late-publication",
        {N1: NOTICE.replace("date_written: 2024-09-18", "date_written: 2024-08-01")},
        [(N1, 6, 17, "late-publication")],
    ),
    (
        "empty-column",
        {"content/site.yaml": SITE + "columns:\n" + COLUMNS + "  - {id: zhinan, name: 指南, parent: xxgk}\n"},
        [("content/site.yaml", line, 10, "empty-column") for line in (16, 17)],  # jfap has the roster
    ),
    (
        "unknown-column",
        {"content/articles/a1.md": ARTICLE.replace("column: zhinan", "column: zhinnan")},
        [("content/articles/a1.md", 4, 9, "unknown-column")],
    ),
    ("meta-or-notice", {R1: ROSTER.replace("published_with: n1\n", "")}, [(R1, 1, 1, "meta-or-notice")]),
    (
        "attachment-kind",
        {"content/campaigns/p1.yaml": PLAN.replace("    roster: r1\n", "")},
        [("content/campaigns/p1.yaml", 7, 5, "attachment-kind")],
    ),
    (
        "deadline-rule",
        {"content/campaigns/p1.yaml": PLAN + "deadlines:\n  - what: 清单\n"},
        [("content/campaigns/p1.yaml", 12, 5, "deadline-rule")],
    ),
    # References between documents
    ("unknown-person", {R1: ROSTER.replace("person: zhang-san", "person: 张三")}, [(R1, 6, 13, "unknown-person")]),
    ("unknown-place", {R1: ROSTER.replace("place: hall", "place: hal")}, [(R1, 7, 12, "unknown-place")]),
    (
        "unknown-reception-type",
        {R1: ROSTER.replace("    time: 08:30-12:00", "    time: 08:30-12:00\n    type: 上门走访", 1)},
        [(R1, 9, 11, "unknown-reception-type")],
    ),
    (
        "unknown-notice",
        {R1: ROSTER.replace("published_with: n1", "published_with: n2")},
        [(R1, 2, 17, "unknown-notice")],
    ),
    ("unknown-plan", {N1: NOTICE.replace("signer:", "plan: p9\nsigner:")}, [(N1, 12, 7, "unknown-plan")]),
    (
        "unknown-roster",
        {"content/campaigns/p1.yaml": PLAN.replace("roster: r1", "roster: r9")},
        [("content/campaigns/p1.yaml", 10, 13, "unknown-roster")],
    ),
    ("duplicate-id", {"content/rosters/r2.yaml": ROSTER}, [("content/rosters/r2.yaml", 1, 5, "duplicate-id")]),
    (
        "date-order",
        {"content/campaigns/p1.yaml": PLAN.replace("end: 2024-10-01", "end: 2024-08-01")},
        [("content/campaigns/p1.yaml", 5, 6, "date-order")],
    ),
    (
        "attachment-number",
        {"content/campaigns/p1.yaml": PLAN.replace("number: 1", "number: 2")},
        [("content/campaigns/p1.yaml", 7, 13, "attachment-number")],
    ),
    ("unknown-asset", {N1: NOTICE.replace("signer:", "seal: seal.png\nsigner:")}, [(N1, 12, 7, "unknown-asset")]),
    (
        "unknown-asset (emblem)",
        {
            "content/site.yaml": SITE.replace(
                '  org_code: "000000001"\n', '  org_code: "000000001"\n  emblem: hui.svg\n'
            )
        },
        [("content/site.yaml", 7, 11, "unknown-asset")],
    ),
    (
        "title-too-long",
        {N1: NOTICE.replace("title: 关于测试的通知", "title: 关于" + "测试" * 30 + "的通知")},
        [(N1, 4, 8, "title-too-long")],
    ),
    (
        "doc-number-year",
        {N1: NOTICE.replace("genre:", "doc_number: 某政〔2023〕3号\ngenre:")},
        [(N1, 7, 13, "doc-number-year")],
    ),
    (
        "print-before-written",
        {N1: NOTICE.replace("signer:", "print_date: 2024-09-17\nsigner:")},
        [(N1, 12, 13, "print-before-written")],
    ),
    ("empty-body", {N1: NOTICE.replace("正文。\n", "")}, [(N1, 4, 8, "empty-body")]),
    # Statistics tables
    (
        "table-csv",
        {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": 'unit,count,level\n甲镇,1,县级\n"' + "长" * 140000 + "\n"},
        [("data/t1.csv", 3, None, "table-csv")],
    ),
    (
        "table-cell-type after a quoted line break",
        {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": 'unit,count,level\n"甲\n镇",1,县级\n\n乙镇,x,县级\n'},
        [("data/t1.csv", 5, 2, "table-cell-type")],
    ),
    ("table-empty", {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": ""}, [("data/t1.csv", 1, 1, "table-empty")]),
    (
        "table-header",
        {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": "单位,件次,层级\n"},
        [("data/t1.csv", 1, 1, "table-header")],
    ),
    (
        "table-row-length",
        {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": "unit,count,level\n甲镇,3\n"},
        [("data/t1.csv", 2, 1, "table-row-length")],
    ),
    (
        "table-required",
        {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": "unit,count,level\n,3,县级\n"},
        [("data/t1.csv", 2, 1, "table-required")],
    ),
    (
        "table-cell-type",
        {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": "unit,count,level\n甲镇,三,县级\n"},
        [("data/t1.csv", 2, 2, "table-cell-type")],
    ),
    (
        "table-cell-type in an Excel workbook, at its Excel row",
        {"data/t1.yaml": TABLE_SPEC, "data/t1.xlsx": workbook(("unit", "count", "level"), (), ("甲镇", "三", "县级"))},
        [("data/t1.xlsx", 3, 2, "table-cell-type")],
    ),
    (
        "unknown-group",
        {"content/pages/p.md": '---\nid: p\ntitle: 小结\n---\n各渠道：\n\n{{ 汇总表("社区") }}\n'},
        [("content/pages/p.md", 7, None, "unknown-group")],
    ),
    (
        "tally-columns",
        {"data/r1.yaml": RATES_SPEC.replace("role: rates", "role: tally"), "data/r1.csv": RATES_CSV},
        [("data/r1.yaml", None, None, "tally-columns")],
    ),
    (
        "rates-columns",
        {
            "data/r1.yaml": RATES_SPEC.replace("    - {name: metric, type: string, title: 指标}\n", ""),
            "data/r1.csv": "x\n",
        },
        [("data/r1.yaml", None, None, "rates-columns")],
    ),
    (
        "rates-target-unknown",
        {"data/r1.yaml": RATES_SPEC.replace("targets: {", "targets: {满意率: 90, "), "data/r1.csv": RATES_CSV},
        [("data/r1.yaml", None, None, "rates-target-unknown")],
    ),
    (
        "rates-columns: the counts must be integers",
        {
            "data/r1.yaml": RATES_SPEC.replace("name: numerator, type: integer", "name: numerator, type: string"),
            "data/r1.csv": RATES_CSV,
        },
        [("data/r1.yaml", None, None, "rates-columns")],
    ),
    (
        "rate-over-whole, reported with a warning about targets",
        {
            "data/r1.yaml": RATES_SPEC.replace("targets: {", "targets: {满意率: 90, "),
            "data/r1.csv": RATES_CSV.replace("97,100", '"1,001",100'),
        },
        [("data/r1.csv", 3, 5, "rate-over-whole"), ("data/r1.yaml", None, None, "rates-target-unknown")],
    ),
    (
        "rate-over-whole",
        {"data/r1.yaml": RATES_SPEC, "data/r1.csv": RATES_CSV.replace("97,100", "101,100")},
        [("data/r1.csv", 3, 5, "rate-over-whole")],
    ),
    (
        "table-xlsx",
        {"data/t1.yaml": TABLE_SPEC, "data/t1.xlsx": b"PK\x03\x04 not really a workbook"},
        [("data/t1.xlsx", None, None, "table-xlsx")],
    ),
    (
        "table-two-files",
        {
            "data/t1.yaml": TABLE_SPEC,
            "data/t1.csv": "unit,count,level\n甲镇,3,县级\n",
            "data/t1.xlsx": workbook(("unit", "count", "level"), ("甲镇", 3, "县级")),
        },
        [("data/t1.xlsx", None, None, "table-two-files")],
    ),
    (
        "table-cell-range",
        {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": "unit,count,level\n甲镇,-1,县级\n"},
        [("data/t1.csv", 2, 2, "table-cell-range")],
    ),
    (
        "table-cell-choice",
        {"data/t1.yaml": TABLE_SPEC, "data/t1.csv": "unit,count,level\n甲镇,1,市级\n"},
        [("data/t1.csv", 2, 3, "table-cell-choice")],
    ),
    # Disclosure rules (model stage)
    ("unreviewed", {N1: re.sub(r"review:\n.*\n.*\n", "", NOTICE)}, [(N1, 2, 1, "unreviewed")]),
    (
        "published-before-written",
        {
            N1: NOTICE.replace("date_published: 2024-09-18", "date_published: 2024-09-17").replace(
                "  date: 2024-09-18", "  date: 2024-09-17"
            )
        },
        [(N1, 6, 17, "published-before-written")],
    ),
    (
        "review-after-publication",
        {N1: NOTICE.replace("  date: 2024-09-18", "  date: 2024-09-20")},
        [(N1, 11, 9, "review-after-publication")],
    ),
    (
        "suoyinhao-generated",
        {N1: NOTICE.replace("suoyinhao: 000000001/2024-00001\n", "")},
        [(N1, 3, 8, "suoyinhao-generated")],
    ),
    (
        "duplicate-suoyinhao",
        {
            "content/notices/n2.md": NOTICE.replace("id: n1", "id: n2").replace(
                "date_published: 2024-09-18", "date_published: 2024-09-19"
            )
        },
        [("content/notices/n2.md", 3, 12, "duplicate-suoyinhao")],
    ),
    ("no-content", {"content": None}, [("content", None, None, "no-content")]),
]


def make_project(tmp_path: Path, files: Files) -> Path:
    root = copy_project(tmp_path / "project", MINIMAL)
    for rel, text in files.items():
        path = root / rel
        if text is None:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


def located(problems: list[Problem]) -> list[tuple[str, int | None, int | None, str]]:
    return sorted((p.path, p.line, p.column, p.code) for p in problems)


def test_minimal_project_is_clean(tmp_path: Path) -> None:
    assert check_content(make_project(tmp_path, {}), TODAY) == []


@pytest.mark.parametrize(("files", "expected"), [(f, e) for _, f, e in CASES], ids=[c[0] for c in CASES])
def test_problem_table(tmp_path: Path, files: Files, expected: list[tuple[str, int | None, int | None, str]]) -> None:
    problems = check_content(make_project(tmp_path, files), TODAY)
    assert located(problems) == sorted(expected)
    if expected[0][3] == "unknown-person":
        assert "要写成它的标识“zhang-san”" in problems[0].message
    for problem in problems:
        assert re.search(r"[\u4e00-\u9fff]", problem.message), problem


# Build-stage codes need a real MkDocs run.
BUILD_CASES = [
    ("no-mkdocs-config", {"mkdocs.yml": None}),
    ("plugin-missing", {"mkdocs.yml": "site_name: t\ndocs_dir: content\ntheme:\n  name: gongkai\n"}),
    ("mkdocs-error", {"mkdocs.yml": "site_name: t\ndocs_dir: content\ntheme:\n  name: nothing\nplugins: [gongkai]\n"}),
    (
        "template-syntax",
        {
            "mkdocs.yml": "site_name: t\ndocs_dir: content\ntheme:\n  name: gongkai\n  custom_dir: theme\nplugins: [gongkai]\n",
            "theme/home.html": "{% extends 'base.html' %}\n{% block content %}{% if %}{% endblock %}\n",
        },
    ),
    (
        "template-error",
        {
            "mkdocs.yml": "site_name: t\ndocs_dir: content\ntheme:\n  name: gongkai\n  custom_dir: theme\nplugins: [gongkai]\n",
            "theme/home.html": "{% extends 'base.html' %}\n{% block content %}{{ gk.nothing.here }}{% endblock %}\n",
        },
    ),
]


@pytest.mark.parametrize(("code", "files"), BUILD_CASES, ids=[c[0] for c in BUILD_CASES])
def test_build_problem(tmp_path: Path, code: str, files: Files) -> None:
    root = make_project(tmp_path, files)
    with pytest.raises(GongkaiError) as raised:
        build(root, root / "site", TODAY)
    assert [p.code for p in raised.value.problems] == [code]
    if code == "template-syntax":  # told in the project's own terms: its path there and the line
        assert [(p.path, p.line) for p in raised.value.problems] == [("theme/home.html", 2)]
    assert not (root / "site").exists()


@pytest.mark.parametrize("out", ["content", ".", "data", ".."])
def test_output_that_would_destroy_sources_is_refused(tmp_path: Path, out: str) -> None:
    root = make_project(tmp_path, {"data/keep.txt": "x"})
    with pytest.raises(GongkaiError) as raised:
        build(root, root / out, TODAY)
    assert [p.code for p in raised.value.problems] == ["unsafe-output"] and raised.value.environment
    assert (root / "content/site.yaml").is_file() and (root / "data/keep.txt").is_file()


def test_foreign_folder_is_not_replaced(tmp_path: Path) -> None:
    root = make_project(tmp_path, {})
    (tmp_path / "www").mkdir()
    (tmp_path / "www/index.php").write_text("<?php", encoding="utf-8")
    with pytest.raises(GongkaiError):
        build(root, tmp_path / "www", TODAY)
    assert (tmp_path / "www/index.php").is_file()


def test_private_data_stops_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    root = make_project(tmp_path, {})
    build(root, root / "site", TODAY)
    before = sorted(p.read_bytes() for p in (root / "site").rglob("*") if p.is_file())
    leaked = NOTICE.replace("正文。", "来访人王某，身份证号11010519491231002X，电话13912345678。")
    (root / N1).write_text(leaked, encoding="utf-8")
    with pytest.raises(GongkaiError) as raised:
        build(root, root / "site", TODAY)
    found = [(p.path, p.code, p.message) for p in raised.value.problems]
    assert {(path, code) for path, code, _ in found} == {(N1, "private-data")}  # where it was typed
    assert all("见输出文件" in m for *_, m in found)
    assert any(m.startswith("输出文件中有身份证号码 110") for *_, m in found)
    assert any(m.startswith("输出文件中有手机号码 139****5678") for *_, m in found)
    assert all("11010519491231002X" not in p.message for p in raised.value.problems)  # never echoed in full
    assert sorted(p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()) == before


def test_declared_public_numbers_may_be_published(tmp_path: Path) -> None:
    places = 'places:\n  - id: hall\n    name: 镇信访接待室\n    phone: "13812345678"\n'
    notice = NOTICE.replace("正文。", "预约电话13812345678。编号110105194912310022不是有效身份证号。")
    root = make_project(tmp_path, {"content/places.yaml": places, N1: notice})
    assert build(root, root / "site", TODAY) == []


def test_font_missing_is_an_environment_error(tmp_path: Path) -> None:
    site_yaml = (MINIMAL / "content/site.yaml").read_text(encoding="utf-8") + "fonts:\n  fangsong: 没有这个字体\n"
    root = make_project(tmp_path, {"content/site.yaml": site_yaml})
    with pytest.raises(GongkaiError) as raised:
        build(root, root / "site", TODAY)
    assert [p.code for p in raised.value.problems] == ["font-missing"]
    assert raised.value.environment
    assert "仿宋" in raised.value.problems[0].message


def test_font_missing_glyph_names_the_character(tmp_path: Path) -> None:
    root = make_project(tmp_path, {N1: NOTICE.replace("正文。", "正文提到𪚥字。")})
    problems = build(root, root / "site", TODAY)
    assert [(p.path, p.code, p.severity) for p in problems] == [(N1, "font-missing-glyph", "warning")]
    assert "𪚥" in problems[0].message


def test_every_problem_code_has_a_case() -> None:
    tested = {e[3] for _, _, expected in CASES for e in expected} | {code for code, _ in BUILD_CASES}
    tested |= {"font-missing", "font-missing-glyph", "unsafe-output", "private-data"}  # the tests above
    tested |= {"search-index", "suoyinhao-changed"}  # tests/test_build.py
    tested |= hostile_codes() | {"release-unused"}  # tests/hostile/, tests/test_guard.py
    tested |= {"verify-failed", "rollback-none", "deploy-name", "deploy-source", "pack-not-a-build"}  # test_deploy.py
    tested |= {"deploy-current-not-link"}  # tests/test_deploy.py
    tested |= {"asset-type", "asset-active"}  # tests/test_assets.py
    tested |= {"table-too-wide"}  # tests/test_pdf_tables.py
    tested |= {"chart-unavailable"}  # tests/test_charts_in_documents.py
    tested |= {"stale-home", "stale-column", "orphan-page"}  # tests/test_cli.py
    tested |= {"unknown-figure", "narrative-syntax", "counts-columns", "counts-twice"}  # tests/test_stats.py
    tested |= {
        "figure-without-data",
        "target-bounds",
        "figure-selection",
        "figure-period",
        "index-spec",
        "figure-direction",
    }  # tests/test_stats.py
    tested |= {  # tests/test_rosters.py
        "roster-double-booked", "roster-on-holiday", "roster-frequency", "roster-uncovered-day", "roster-ab-same",
        "adjustment-no-match", "adjustment-fields", "roster-outside-campaign", "calendar-unconfirmed", "case-counts",
    }  # fmt: skip
    assert set(CATALOGUE) - tested == set()
    assert tested - set(CATALOGUE) == set()  # a test for a code that no longer exists


def test_the_catalogue_is_complete_and_every_code_means_something() -> None:
    """Codes come only from the catalogue (mypy checks ``Problem.code`` is a ``Code``); each is documented."""
    for name, code in CATALOGUE.items():
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", name) and code == name
        assert code.severity in ("error", "warning") and len(code.meaning) > 10, name
        assert getattr(codes, name.upper().replace("-", "_")) is code
    stages = {p.name for p in (REPO / "generator").iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert {code.stage for code in CATALOGUE.values()} <= stages | {"build", "cli"}
    with pytest.raises(ValueError, match="twice"):
        codes.Code("unknown-person", "error", "content", "catalogued twice")


def test_a_problem_takes_its_severity_from_its_code() -> None:
    warning = Problem(path="content/site.yaml", code=codes.UNKNOWN_FILE, message="…")
    error = Problem(path="content/site.yaml", code=codes.UNKNOWN_PERSON, message="…")
    assert (warning.severity, error.severity) == ("warning", "error")
    assert json.loads(problems_as_json([warning]))["problems"][0]["code"] == "unknown-file"
    assert pickle.loads(pickle.dumps(warning)).code is codes.UNKNOWN_FILE  # PDF workers send problems back
