"""The personal-data guard: data planted in every kind of source reaches no output; the office's own number does."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import REPO, copy_project

from generator.build import build
from generator.problems import GongkaiError

MINIMAL = REPO / "tests/fixtures/minimal"
TODAY = dt.date(2024, 11, 22)
VALUES = {
    "身份证号": "11010519491231002X",
    "15位身份证号": "110105491231002",
    "银行卡号": "6222600260001072444",
    "手机号": "13912345678",
    "邮箱": "zhangsan1988@qq.com",
    "登记字段": "来访人：王五一",
    "名单中的姓名": "欧阳小明",
}
DENYLIST = "# 信访人姓名，不公开\n欧阳小明\n"


def _with_denylist(root: Path) -> Path:
    """The private name list beside content/ (never published), named in site.yaml."""
    (root / "private").mkdir()
    (root / "private/names.txt").write_text(DENYLIST, encoding="utf-8")
    settings = root / "content/site.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "guard:\n  denylist: private/names.txt\n", encoding="utf-8"
    )
    return root


ARTICLE = """---
id: a1
suoyinhao: 000000001/2024-00090
title: 公开指南
column: zhinan
date_written: 2024-09-18
date_published: 2024-09-18
genre: 其他
summary: 概述。
disclosure: 主动公开
review: {reviewer: 李四, date: 2024-09-18}
---
正文。
"""
TABLE = """id: t1
role: tally
meta: {suoyinhao: 000000001/2024-00061, title: 文书, date_written: 2024-09-18, date_published: 2024-09-18, genre: 统计数据, disclosure: 主动公开, review: {reviewer: 李四, date: 2024-09-18}}
table_schema:
  fields:
    - {name: period_start, type: date, title: 起始日期}
    - {name: period_end, type: date, title: 截止日期}
    - {name: unit, type: string, title: 单位}
    - {name: item, type: string, title: 项目}
    - {name: count, type: integer, title: 数量, constraints: {minimum: 0}}
"""
TABLE_CSV = "period_start,period_end,unit,item,count\n2024-01-01,2024-06-30,UNIT,交办单,7\n"


def _plant(root: Path, where: str, value: str) -> None:
    """Put ``value`` into one kind of source: it would reach that kind's outputs."""
    notice = root / "content/notices/n1.md"
    if where == "notice-body":  # → the notice page, its PDF, the search index
        notice.write_text(notice.read_text(encoding="utf-8").replace("正文。", f"正文，{value}。"), encoding="utf-8")
    elif where == "notice-title":  # → every list, the feed, the manifest, the PDF
        notice.write_text(
            notice.read_text(encoding="utf-8").replace("关于测试的通知", f"关于{value}的通知"), encoding="utf-8"
        )
    elif where == "article-summary":  # → page metadata, <meta name="Description">, the feed
        (root / "content/articles").mkdir(exist_ok=True)
        (root / "content/articles/a1.md").write_text(ARTICLE.replace("概述。", f"概述{value}。"), encoding="utf-8")
    elif where == "page-body":  # → a free page
        (root / "content/pages").mkdir(exist_ok=True)
        (root / "content/pages/p.md").write_text(f"---\nid: p\ntitle: 页面\n---\n内容{value}。\n", encoding="utf-8")
    elif where == "place-name":  # → the roster page, its CSV, the calendars (ICS), the day's 公告, the poster
        places = root / "content/places.yaml"
        text = places.read_text(encoding="utf-8")
        places.write_text(text.replace("name: ", f"name: 接待室{value}", 1), encoding="utf-8")
    elif where == "table-cell":  # → CSV, JSON, XLSX, the table page
        (root / "data").mkdir(exist_ok=True)
        (root / "data/t1.yaml").write_text(TABLE, encoding="utf-8")
        (root / "data/t1.csv").write_text(TABLE_CSV.replace("UNIT", f"某某村{value}"), encoding="utf-8")
    elif where == "attachment":  # → the attachment as it is
        (root / "content/assets").mkdir(exist_ok=True)
        (root / "content/assets/mingdan.txt").write_text(f"名单\n第二行{value}。\n", encoding="utf-8")
    else:
        raise AssertionError(where)


SOURCE = {
    "notice-body": "content/notices/n1.md",
    "notice-title": "content/notices/n1.md",
    "article-summary": "content/articles/a1.md",
    "page-body": "content/pages/p.md",
    "place-name": "content/places.yaml",
    "table-cell": "data/t1.csv",
    "attachment": "content/assets/mingdan.txt",
}
PLACES = ("notice-body", "notice-title", "article-summary", "page-body", "place-name", "table-cell", "attachment")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project with the name list, built once: each planting test starts from a copy of it."""
    root = _with_denylist(copy_project(tmp_path_factory.mktemp("guard") / "project", MINIMAL))
    build(root, root / "site", TODAY)
    return root


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("kind", list(VALUES))
def test_planted_personal_data_is_blocked(built: Path, tmp_path: Path, kind: str, place: str) -> None:
    root = Path(shutil.copytree(built, tmp_path / "project", symlinks=True))  # a built site to keep
    before = sorted(p.relative_to(root / "site") for p in (root / "site").rglob("*"))
    _plant(root, place, VALUES[kind])
    with pytest.raises(GongkaiError) as stopped:
        build(root, root / "site", TODAY)
    found = [p for p in stopped.value.problems if p.code == "private-data"]
    assert found, f"{kind} in {place} was not caught"
    assert {p.path for p in found} == {SOURCE[place]}, found  # located where the editor typed it
    assert all(p.line and p.column and "见输出文件" in p.message for p in found)
    assert all(VALUES[kind] not in p.message for p in found)  # the message never repeats the whole value
    assert sorted(p.relative_to(root / "site") for p in (root / "site").rglob("*")) == before  # old site kept


def test_the_offices_own_contacts_pass(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", MINIMAL)
    settings = root / "content/site.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "phone: 0000-0000000", 'phone: "13800138000"\n  email: xinfang@example.gov.cn'
        ),
        encoding="utf-8",
    )
    _plant(root, "notice-body", "咨询电话13800138000，邮箱xinfang@example.gov.cn，联系电话：13800138000")
    assert [p for p in build(root, root / "site", TODAY) if p.code == "private-data"] == []


def _release(root: Path, text: str, file: str) -> None:
    settings = root / "content/site.yaml"
    entry = "" if "guard:" in settings.read_text(encoding="utf-8") else "guard:\n"
    entry += f"  releases:\n    - {{text: '{text}', file: {file}, reviewer: 李四, date: 2024-11-20, reason: 本人书面同意公开}}\n"
    settings.write_text(settings.read_text(encoding="utf-8") + entry, encoding="utf-8")


def test_a_reviewed_release_lets_one_hit_through(tmp_path: Path) -> None:
    root = _with_denylist(copy_project(tmp_path / "project", MINIMAL))
    _plant(root, "notice-body", "欧阳小明同志")
    _plant(root, "place-name", "欧阳小明")
    _release(root, "欧阳小明同志", "content/notices/n1.md")
    with pytest.raises(GongkaiError) as stopped:  # the release is for the notice, not for places.yaml
        build(root, root / "site", TODAY)
    assert [p.path for p in stopped.value.problems if p.code == "private-data"] == ["content/places.yaml"]
    places = root / "content/places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("欧阳小明", ""), encoding="utf-8")
    problems = build(root, root / "site", TODAY)
    assert [p for p in problems if p.code in ("private-data", "release-unused")] == []
    assert "欧阳小明同志" in (root / "site/notices/n1/index.html").read_text(encoding="utf-8")
    notice = root / "content/notices/n1.md"  # the same name elsewhere in the file is not released
    notice.write_text(notice.read_text(encoding="utf-8") + "\n另见欧阳小明。\n", encoding="utf-8")
    with pytest.raises(GongkaiError) as stopped:
        build(root, root / "site", TODAY)
    assert [(p.path, p.line) for p in stopped.value.problems if p.code == "private-data"] == [
        ("content/notices/n1.md", 16)
    ]


def test_a_release_that_matches_nothing_is_a_warning(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", MINIMAL)
    _release(root, "13912345678", "content/notices/n1.md")
    problems = build(root, root / "site", TODAY)
    unused = [p for p in problems if p.code == "release-unused"]
    assert [(p.path, p.line, p.severity) for p in unused] == [("content/site.yaml", 15, "warning")]


def test_the_name_list_is_not_published_and_a_new_name_triggers_a_rebuild(tmp_path: Path) -> None:
    root = _with_denylist(copy_project(tmp_path / "project", MINIMAL))
    build(root, root / "site", TODAY)
    assert not [p for p in (root / "site").rglob("*") if p.is_file() and b"\xe6\xac\xa7\xe9\x98\xb3" in p.read_bytes()]
    _plant(root, "notice-body", "张某")
    build(root, root / "site", TODAY)
    (root / "private/names.txt").write_text(DENYLIST + "张某\n", encoding="utf-8")  # only the list changed
    with pytest.raises(GongkaiError) as stopped:
        build(root, root / "site", TODAY)
    assert {p.path for p in stopped.value.problems if p.code == "private-data"} == {"content/notices/n1.md"}


@pytest.mark.parametrize(
    ("number", "is_one"),
    [
        ("11010519491231002X", True),
        ("11010519491231002x", True),
        ("110105194912310021", False),  # wrong check character
        ("123456198001011239", True),  # an area code python-stdnum's list lacks: still a person's number
        ("110105199902301237", False),  # 30 February: no one was born then
    ],
)
def test_resident_id_numbers_by_check_character_and_birth_date(number: str, is_one: bool) -> None:
    from stdnum.cn import ric

    from generator.publish.guard import is_id_number

    if number.startswith("123456"):
        assert ric.calc_check_digit(number) == number[17]  # a well-formed number, not a typo
    assert is_id_number(number) is is_one
