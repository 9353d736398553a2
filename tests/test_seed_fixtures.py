"""Each seed's published figures, reproduced verbatim by a small site written from it (seeds 000–003).

The numbers are typed nowhere in the pages: each comes from raw counts in the fixture's
data/ tables, made up consistently, through the figure names, periods, precision, targets and
indices the tables declare. Every fixture's open-data package validates with Frictionless.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from pdf_overflow import site_overflow

from generator.build import build

SEEDS = {
    "quzhou": (  # seed 000: 有礼衢州 — ranking, three-year baseline, a rate's change, the 136 targets, 红黑榜
        "pages/zongshu/index.html",
        [
            "信访工作力指数排名全省第一位",
            "先后5次",
            "信访总量较近三年平均值下降26.7%",
            "矛盾纠纷一次性化解率上升24%",
            "投运60辆公交车",
            "100人的“你点我调”专家库和15支应急调处小组",
            "10%的矛盾纠纷化解在县级,30%的矛盾纠纷化解在乡镇(街道),60%的矛盾纠纷化解在村(社区)",
        ],
    ),
    "taihe": (  # seed 001: 太和 — truncated 同比, figures across dimensions, runs of months, places, the 三函三单
        "pages/summary/index.html",
        [
            "连续11个实现了“零进京”、“零赴省集体访”，一季度全市信访考核第一名",  # the seed's own typo kept
            "截至6月27日",
            "信访总量为1180批次1290件人次，同比批次下降23.92%，人次下降23.53%",
            "全县致省以上信访件839件人次，同比下降22.81%，其中网上投诉登记事项下降14.94%",
            "连续11个月实现了“零进京”",
            "赴省访63批75人次，百万人赴省访量居全市第6位，连续11个月无赴省集体访",
            "提醒函1250件",
            "工作建议函140件",
            "交办单1210件",
            "督办单28件",
            "催办单15件",
            "共255人参加了培训",
            "全县发放50万余份《便民服务卡》",  # 503,120 cards, as the office rounds it
        ],
    ),
    "hengnan": (  # seed 002: 衡南 — running totals since 2019, rates since 2020, one decimal with 35%
        "pages/gongzuo/index.html",
        [
            "全县召开屋场恳谈3536场，收集群众意见建议3921条，解决各类问题4207个",
            "数85件，化解率达100%",
            "17个乡镇(街道)成功创建市“三无”乡镇，创建达标率达73.9%",
            "同比分别下降52.8%、35%、25.2%和52.9%",
            "协助240户业主",
            "覆盖全县23个乡镇(街道)",
        ],
    ),
    "beijing": (  # seed 003: 北京 — a year's receptions summed over the sixteen districts
        "pages/yuantou/index.html",
        ["2024年北京市各区区领导接访下访1281人次，接待群众3524人次"],
    ),
}
TODAY = {"quzhou": dt.date(2026, 11, 22), "taihe": dt.date(2023, 7, 10), "hengnan": dt.date(2026, 11, 22)}


def _text(html: str) -> str:
    """The page as a reader sees it: tags dropped, entities of quotes kept as characters."""
    return re.sub(r"<[^>]+>", "", html).replace("&ldquo;", "“").replace("&rdquo;", "”")


@pytest.mark.slow
@pytest.mark.parametrize("fixture", list(SEEDS))
def test_every_figure_the_seed_prints_is_computed_verbatim(fixture: str, tmp_path: Path) -> None:
    root = Path(shutil.copytree(REPO / "tests/fixtures" / fixture, tmp_path / fixture))
    problems = build(root, root / "site", TODAY.get(fixture, dt.date(2026, 11, 22)))
    assert [p for p in problems if p.severity == "error"] == []
    page, figures = SEEDS[fixture]
    text = _text((root / "site" / page).read_text(encoding="utf-8"))
    missing = [figure for figure in figures if figure not in text]
    assert missing == [], text
    assert "{{" not in text
    for source in (root / "content/pages").glob("*.md"):  # the numbers come from data/, not from the text
        body = source.read_text(encoding="utf-8").split("---", 2)[2]
        assert not re.search(r"\d{2,}(?:\.\d)?%|\d{3,}[场条个件人]", body), source
    done = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "data/datapackage.json"],
        cwd=root / "site",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert site_overflow(root / "site") == []  # its notices and posters keep to their type areas
