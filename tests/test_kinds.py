"""The table of document kinds: every stage iterates it, so a new kind is one entry and its model.

The toy kind here (公示, a public notice with a closing date) is added in this test alone,
with no change to the package: load, validation, the publication gate, the site model, the
page, the 栏目 list, the manifest, the 发布清单 and ``gongkai new`` all pick it up.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import Field
from test_problem_codes import make_project

from generator.cli import main
from generator.content import kinds
from generator.content.models import DisclosureFields
from generator.content.models.types import IsoDate, Slug


class Gongshi(DisclosureFields):
    """A 公示: published for comment until its closing date."""

    id: Slug = Field(description="公示标识。")
    closes: IsoDate = Field(description="公示截止日期。")


TOY = kinds.Kind(
    "gongshi", "公示", "content/gongshi", ".md", Gongshi, "gongshi", "tzgg", (), ("article.md",), "article.html"
)

GONGSHI = """---
id: {id}
title: 关于{id}的公示
date_written: 2024-09-10
date_published: 2024-09-10
genre: 公告
disclosure: 主动公开
{review}closes: 2024-09-20
---
公示期间如有异议，请向镇信访办反映。
"""
REVIEW = "review:\n  reviewer: 李四\n  date: 2024-09-10\n"


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> kinds.Kind:
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, TOY))
    return TOY


def _project(tmp_path: Path) -> Path:
    return make_project(
        tmp_path,
        {
            "content/gongshi/g1.md": GONGSHI.format(id="g1", review=REVIEW),
            "content/gongshi/g2.md": GONGSHI.format(id="g2", review=""),  # not reviewed: withheld
        },
    )


def test_a_toy_kind_goes_through_every_stage(
    toy: kinds.Kind, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path)
    assert main(["build", "--root", str(root), "--today", "2024-11-22"]) == 0
    site = root / "site"
    page = (site / "gongshi/g1/index.html").read_text(encoding="utf-8")
    assert "关于g1的公示" in page and "公示期间如有异议" in page
    assert not (site / "gongshi/g2").exists()
    assert "gongshi/g1/" in (site / "tzgg/index.html").read_text(encoding="utf-8")
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    entry = next(i for i in manifest["items"] if i["id"] == "gongshi/g1")
    assert entry["kind"] == "gongshi" and entry["suoyinhao"]  # 索引号 issued like any other kind's
    capsys.readouterr()
    main(["check", "--root", str(root), "--today", "2024-11-22"])
    listing = capsys.readouterr()
    said = listing.out + listing.err
    assert "发布   content/gongshi/g1.md" in said
    assert "不发布 content/gongshi/g2.md  关于g2的公示——未审核" in said


def test_a_toy_kind_is_validated_and_its_ids_kept_apart(toy: kinds.Kind, tmp_path: Path) -> None:
    from generator.build import check_content

    root = _project(tmp_path)
    (root / "content/gongshi/g3.md").write_text(GONGSHI.format(id="g1", review=REVIEW), encoding="utf-8")
    (root / "content/gongshi/g4.md").write_text(
        GONGSHI.format(id="g4", review=REVIEW).replace("closes: 2024-09-20", "closes: 九月"), encoding="utf-8"
    )
    problems = check_content(root, dt.date(2024, 11, 22))
    codes = {(p.path, p.code) for p in problems}
    assert ("content/gongshi/g3.md", "duplicate-id") in codes
    assert any(p.code == "duplicate-id" and "公示标识“g1”" in p.message for p in problems)
    assert ("content/gongshi/g4.md", "bad-date") in codes


def test_new_writes_a_toy_kind_into_its_folder(toy: kinds.Kind, tmp_path: Path) -> None:
    assert main(["new", "gongshi", "2024-renqian", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "content/gongshi/2024-renqian.md").is_file()


def test_every_kind_has_its_scaffold_template_and_theme_page() -> None:
    from importlib import resources

    scaffolds = resources.files("generator.cli") / "scaffolds"
    theme = resources.files("generator.web") / "theme"
    for kind in kinds.KINDS:
        assert kind.scaffold and all((scaffolds / name).is_file() for name in kind.scaffold), kind.name
        assert (theme / kind.template).is_file(), kind.name
        assert kind.folder.startswith(("content/", "data")), kind.name
    assert len({k.url for k in kinds.KINDS}) == len(kinds.KINDS)
    assert len({k.folder for k in kinds.KINDS}) == len(kinds.KINDS)
