"""Statistics: figures computed from raw counts, the official 同比 wording, narrative that quotes figures by name."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_project
from test_problem_codes import RATES_SPEC

from generator.build import build, check_content
from generator.stats.frames import change_wording
from generator.web.render import XLSX_TYPE

TAIHE = REPO / "tests/fixtures/taihe"
SUMMARY = "content/pages/summary.md"


@pytest.fixture
def taihe(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project", TAIHE)
    shutil.copytree(TAIHE / "data", root / "data", dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def taihe_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[object]]:
    """The 太和 fixture built once, for the tests that only read it, with the build's problems."""
    root = copy_project(tmp_path_factory.mktemp("taihe-built") / "project", TAIHE)
    shutil.copytree(TAIHE / "data", root / "data", dirs_exist_ok=True)
    return root, list(build(root, root / "site", dt.date(2023, 7, 10)))


def test_half_year_summary_is_computed_not_typed(taihe_built: tuple[Path, list[object]]) -> None:
    taihe, problems = taihe_built
    assert problems == []
    html = (taihe / "site/pages/summary/index.html").read_text(encoding="utf-8")
    assert "截至6月27日，全县信访总量为1180批次1290件人次，同比批次下降23.92%，人次下降23.53%。" in html
    assert "{{" not in html
    # seed 001's 三函三单, from data/sanhan.csv
    assert (
        "今年发预警稳控提醒函1250件、工作建议函140件，交办单1210件（同比下降9.84%）、督办单28件、催办单15件。" in html
    )
    # The same numbers are nowhere in the source text: they come from data/h1.csv.
    source = (taihe / SUMMARY).read_text(encoding="utf-8")
    assert "1180" not in source and "23.92" not in source


@pytest.mark.parametrize(
    ("current", "previous", "wording"),
    [(1180, 1551, "下降23.92%"), (1290, 1687, "下降23.53%"), (5, 5, "持平"), (2, 3, "下降33.33%"), (4, 3, "上升33.33%"),
     (200005, 200000, "持平"), (20001, 20000, "上升0.01%"), (0, 0, "持平"), (3, 0, "上年同期为0")],
)  # fmt: skip
def test_change_wording(current: int, previous: int, wording: str) -> None:
    assert change_wording(current, previous) == wording


def test_half_up_rounding_is_documented_behaviour() -> None:
    # (1.00125 − 1) × 100 = 0.125 → 0.13 (half up), where binary floats would give 0.12.
    assert change_wording(1.00125, 1) == "上升0.13%"


def test_unknown_figure_is_a_located_error(taihe: Path) -> None:
    page = taihe / SUMMARY
    page.write_text(
        page.read_text(encoding="utf-8").replace("stats.网上投诉.人次同比", "stats.网上投诉.人数同比"), encoding="utf-8"
    )
    problems = check_content(taihe, dt.date(2023, 7, 10))
    assert [(p.path, p.line, p.code) for p in problems] == [(SUMMARY, 12, "unknown-figure")]
    assert "人数同比" in problems[0].message and "是不是“人次同比”" in problems[0].message
    assert "gongkai figures" in problems[0].message and "相近的有：" in problems[0].message  # no list cut off at 8 “等”
    assert "等" not in problems[0].message.split("相近的有：")[1]


def test_a_second_counts_table_is_refused(taihe: Path) -> None:
    """Two counts tables would both fill stats.信访总量: the later one silently won."""
    spec = (taihe / "data/h1.yaml").read_text(encoding="utf-8")
    (taihe / "data/h1b.yaml").write_text(
        spec.replace("id: h1", "id: h1b").replace("202308-00003", "202308-00009"), encoding="utf-8"
    )
    shutil.copy(taihe / "data/h1.csv", taihe / "data/h1b.csv")
    problems = [p for p in check_content(taihe, dt.date(2023, 7, 10)) if p.severity == "error"]
    assert [(p.path, p.line, p.code) for p in problems] == [("data/h1b.yaml", 2, "counts-twice")]
    assert "data/h1.yaml" in problems[0].message and "role 改为 table" in problems[0].message
    (taihe / "data/h1b.yaml").write_text(
        spec.replace("id: h1", "id: h1b")
        .replace("202308-00003", "202308-00009")
        .replace("role: counts", "role: table")
        .split("figures:")[0]
        + "table_schema:"
        + spec.split("table_schema:")[1],  # a plain table names no figures
        encoding="utf-8",
    )
    assert [p for p in check_content(taihe, dt.date(2023, 7, 10)) if p.severity == "error"] == []


def test_narrative_syntax_error_is_located(taihe: Path) -> None:
    page = taihe / SUMMARY
    page.write_text(page.read_text(encoding="utf-8") + "\n合计{{ stats.信访总量.批次 }\n", encoding="utf-8")
    problems = check_content(taihe, dt.date(2023, 7, 10))
    assert [(p.path, p.line, p.code) for p in problems] == [(SUMMARY, 18, "narrative-syntax")]


def test_counts_table_needs_its_columns(taihe: Path) -> None:
    spec = taihe / "data/h1.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            "    - {name: unit, type: string, title: 单位, constraints: {required: true}}\n", ""
        ),
        encoding="utf-8",
    )
    csv = taihe / "data/h1.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text(
        "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != 2) for line in lines) + "\n",
        encoding="utf-8",
    )
    problems = check_content(taihe, dt.date(2023, 7, 10))
    assert [(p.path, p.code) for p in problems] == [("data/h1.yaml", "counts-columns")]
    assert "unit" in problems[0].message


def test_small_cells_are_suppressed_and_cannot_be_recovered(taihe: Path) -> None:
    import csv
    import io
    import subprocess
    from collections import defaultdict

    data = taihe / "data/h1.csv"
    key = "2023-01-01,2023-06-27,县直部门,电话,来县,"
    lines = [key + "3,3" if line.startswith(key) else line for line in data.read_text(encoding="utf-8").splitlines()]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")  # 县直部门 · 电话 · 来县, 2023: 3 批次 3 人次
    build(taihe, taihe / "site", dt.date(2023, 7, 10))
    published = list(csv.DictReader(io.StringIO((taihe / "site/data/h1/h1.csv").read_text(encoding="utf-8-sig"))))
    (planted,) = [row for row in published if ",".join(list(row.values())[:5]) + "," == key]
    assert planted["batches"] == "<5" and planted["persons"] == "<5"
    for measure in ("batches", "persons"):
        for keys in (("period_start",), ("period_start", "unit"), ("period_start", "channel")):
            hidden: dict[tuple[str, ...], int] = defaultdict(int)
            for row in published:
                hidden[tuple(row[k] for k in keys)] += not row[measure].isdigit()
            assert all(count != 1 for count in hidden.values()), (measure, keys)  # never a lone hidden cell
    assert "3" not in {row["batches"] for row in published}
    html = (taihe / "site/data/h1/index.html").read_text(encoding="utf-8")
    assert "&lt;5" in html
    done = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "data/datapackage.json"],
        cwd=taihe / "site",
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:]


def test_example_datapackage_is_valid(example_site: Path) -> None:
    import subprocess

    done = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "data/datapackage.json"],
        cwd=example_site,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    package = json.loads((example_site / "data/datapackage.json").read_text(encoding="utf-8"))
    cc_by = {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "署名 4.0 国际（CC BY 4.0）",
    }
    assert package["licenses"] == [cc_by]
    assert all(resource["licenses"] == [cc_by] for resource in package["resources"])


def test_every_dataset_is_catalogued_with_a_licence_link_and_numbers_as_numbers(example_site: Path) -> None:
    catalogue = json.loads((example_site / "data/catalog.jsonld").read_text(encoding="utf-8"))
    titles = [d["dct:title"]["@value"] for d in catalogue["dcat:dataset"]]
    assert "青阳街道办事处领导接访安排" in titles and len(titles) == 4  # three tables and the reception schedule
    licences = {json.dumps(d["dct:license"]) for d in catalogue["dcat:dataset"]}
    assert licences == {json.dumps({"@id": "https://creativecommons.org/licenses/by/4.0/"})}
    page = (example_site / "data/index.html").read_text(encoding="utf-8")
    assert "青阳街道办事处领导接访安排" in page and 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    records = json.loads((example_site / "data/xinfang-2024h1/xinfang-2024h1.json").read_text(encoding="utf-8"))
    assert records[0]["batches"] == 10 and records[0]["period_start"] == "2023-01-01"


def test_dataset_pages_catalogue_json_ld_and_formula_safe_csv(taihe: Path) -> None:
    import json
    import re

    data = taihe / "data/h1.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("县直部门", "=HYPERLINK(1)"), encoding="utf-8")
    build(taihe, taihe / "site", dt.date(2023, 7, 10))
    page = (taihe / "site/data/h1/index.html").read_text(encoding="utf-8")
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match
    dataset = json.loads(match.group(1))
    assert dataset["@type"] == "Dataset" and dataset["identifier"] == "556310012/202308-00003"
    assert [d["encodingFormat"] for d in dataset["distribution"]] == ["text/csv", "application/json", XLSX_TYPE]
    catalogue = (taihe / "site/data/index.html").read_text(encoding="utf-8")
    assert "2022年、2023年上半年信访量（按单位、渠道、层级）" in catalogue and "CC BY 4.0" in catalogue
    csv_text = (taihe / "site/data/h1/h1.csv").read_text(encoding="utf-8-sig")
    assert ",'=HYPERLINK(1)," in csv_text and ",=HYPERLINK" not in csv_text
    records = json.loads((taihe / "site/data/h1/h1.json").read_text(encoding="utf-8"))
    assert records[0]["unit"] == "城关镇" and len(records) == 142


MONTHLY_SPEC = """id: monthly
role: counts
meta: {suoyinhao: 000000001/2024-00050, title: 月度信访量, date_written: 2024-03-01, date_published: 2024-03-02, genre: 统计数据, disclosure: 主动公开, review: {reviewer: 某某, date: 2024-03-01}}
table_schema:
  fields:
    - {name: period_start, type: date, title: 起始日期}
    - {name: period_end, type: date, title: 截止日期}
    - {name: unit, type: string, title: 单位}
    - {name: channel, type: string, title: 渠道}
    - {name: batches, type: integer, title: 批次}
"""
MONTHLY_CSV = """period_start,period_end,unit,channel,batches
2023-02-01,2023-02-28,甲镇,来访,40
2024-01-01,2024-01-31,甲镇,来访,50
2024-01-01,2024-01-31,甲镇,网上投诉,30
2024-02-01,2024-02-29,甲镇,来访,44
2024-02-01,2024-02-29,甲镇,网上投诉,36
"""


def test_month_on_month_year_on_year_and_shares(tmp_path: Path) -> None:
    from test_problem_codes import make_project

    from generator.content.validate import load_sources, validate_content
    from generator.stats.figures import compute_figures

    root = make_project(tmp_path, {"data/monthly.yaml": MONTHLY_SPEC, "data/monthly.csv": MONTHLY_CSV})
    sources, _ = load_sources(root)
    content, problems = validate_content(sources)
    assert problems == []
    stats = compute_figures(content.tables)
    assert stats["信访总量"]["批次"] == 80
    assert stats["信访总量"]["批次环比"] == "持平"  # January: 80 as well
    assert stats["信访总量"]["批次同比"] == "上升100.00%"  # February 2023: 40
    assert stats["来访"]["批次环比"] == "下降12.00%"
    assert (stats["来访"]["批次占比"], stats["网上投诉"]["批次占比"]) == ("55.00%", "45.00%")
    # No 网上投诉 row a year before, though the table covers that month: none were received then.
    assert stats["网上投诉"]["批次同比"] == "上年同期为0"
    assert stats["网上投诉"]["批次上年同期"] == 0
    # A period the table does not cover at all has no figure to compare with.
    assert stats["信访总量"]["批次较近三年平均"] == "无近三年同期数据"


LEVELS_SPEC = (
    MONTHLY_SPEC.replace("id: monthly", "id: levels")
    .replace("00050", "00051")
    .replace("    - {name: batches", "    - {name: level, type: string, title: 级别}\n    - {name: batches")
)


def _levels_csv() -> str:
    """Monthly counts: 进京 only in January 2024; three earlier Junes for the baseline; three towns."""
    rows = ["period_start,period_end,unit,channel,level,batches"]
    months = [(2021, 6, 30), (2022, 6, 30), (2023, 6, 30)] + [
        (2024, m, d) for m, d in ((1, 31), (2, 29), (3, 31), (4, 30), (5, 31), (6, 30))
    ]
    towns = {"甲镇": (30, 20), "乙镇": (10, 12), "丙镇": (8, 8)}  # (June 2023, June 2024)
    for year, month, last in months:
        start, end = f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last}"
        for town, (before, now) in towns.items():
            count = now if year == 2024 else before if year == 2023 else 40
            rows.append(f"{start},{end},{town},来访,来县,{count}")
        rows.append(f"{start},{end},甲镇,来访,进京,{1 if (year, month) in ((2024, 1), (2022, 6)) else 0}")
    return "\n".join(rows) + "\n"


def test_streaks_baseline_rankings_and_podium(tmp_path: Path) -> None:
    from test_problem_codes import make_project

    from generator.content.validate import load_sources, validate_content
    from generator.stats.figures import compute_figures

    root = make_project(tmp_path, {"data/levels.yaml": LEVELS_SPEC, "data/levels.csv": _levels_csv()})
    content, problems = validate_content(load_sources(root)[0])
    assert problems == []
    stats = compute_figures(content.tables)
    assert stats["进京"]["批次连续为零月数"] == 5  # February to June 2024: “连续5个月零进京”
    assert stats["信访总量"]["批次连续为零月数"] == 0
    # June 2024: 40 批次; June 2021: 120, June 2022: 121 (one 进京), June 2023: 48 → average 96.33…, printed whole
    assert stats["信访总量"]["批次近三年平均"] == "96"
    assert stats["信访总量"]["批次较近三年平均"] == "下降58.48%"
    assert [stats[t]["批次排名"] for t in ("甲镇", "乙镇", "丙镇")] == [1, 2, 3]
    assert stats["信访总量"]["单位数"] == 3
    assert stats["信访总量"]["红榜"] == "甲镇"  # 30 → 20 (甲镇 also 进京 0 → 0)
    assert stats["信访总量"]["黑榜"] == "乙镇"  # 10 → 12; 丙镇 8 → 8 is on neither


def test_streak_stops_at_a_month_the_table_does_not_cover(tmp_path: Path) -> None:
    from test_problem_codes import make_project

    from generator.content.validate import load_sources, validate_content
    from generator.stats.figures import compute_figures

    csv = "\n".join(line for line in _levels_csv().splitlines() if not line.startswith("2024-04-01")) + "\n"
    root = make_project(tmp_path, {"data/levels.yaml": LEVELS_SPEC, "data/levels.csv": csv})
    content, _ = validate_content(load_sources(root)[0])
    assert compute_figures(content.tables)["进京"]["批次连续为零月数"] == 2  # May and June; April unknown


def test_chart_beside_the_table_is_outlined_deterministic_and_suppressed(
    taihe_built: tuple[Path, list[object]],
) -> None:
    taihe = taihe_built[0]
    from generator.content.validate import load_sources, validate_content
    from generator.fonts import choose_fonts
    from generator.stats.charts import bar_values, chart_face, chart_rows, table_chart_svg

    content, _ = validate_content(load_sources(taihe)[0])
    (table,) = [t for t in content.tables if t.model.role == "counts"]
    rows = chart_rows(table)
    assert rows[0] == ("城关镇", 356, 464)  # largest first: 2023 H1 against 2022 H1 (the month rows are not read)
    assert sum(now for _, now, _ in rows) == 1180 and sum(before for _, _, before in rows) == 1551
    face = chart_face(dict(choose_fonts().faces), taihe / ".cache")
    assert face is not None and face.index == 0  # the SC face on its own, not the collection's first (JP) face
    from fontTools.ttLib import TTFont

    assert "SC" in TTFont(face.file)["name"].getDebugName(1)
    svg = table_chart_svg(table, face)
    assert svg is not None and svg == table_chart_svg(table, face)  # same bytes for the same data
    assert b"<svg" in svg and b"<text" not in svg and b"<dc:date>" not in svg  # lettering as outlines, no clock
    assert bar_values([318, 3, 0], 5) == ([318, 0, 0], ["318", "<5", "0"])
    assert (taihe / "site/data/h1/h1-chart.svg").read_bytes() == svg  # the face's copy may live anywhere


def test_rates_and_tallies_have_charts_too(example: Path) -> None:
    from generator.content.validate import load_sources, validate_content
    from generator.stats.charts import chart_of

    content, _ = validate_content(load_sources(example)[0])
    charts = {t.model.role: chart_of(t) for t in content.tables}
    rates, tally = charts["rates"], charts["tally"]
    assert rates is not None and rates.target == 99 and rates.percent
    assert [label for label, _, _ in rates.series] == ["初信初访一次性化解率", "按期办结率"]
    middle = rates.names.index("中心社区")
    assert f"{rates.series[0][1][middle]:.2f}%" == "98.59%"  # the unit below target, as the table says
    assert "虚线为目标99%" in rates.caption
    assert tally is not None and tally.threshold == 1  # documents and meetings, not people: nothing hidden
    assert tally.names[0] == "屋场恳谈场次" and [label for label, _, _ in tally.series] == ["本期", "上年同期"]
    build(example, example / "site", dt.date(2024, 9, 20))
    for name in ("huajie-2024h1", "gongzuo-2024h1", "xinfang-2024h1"):
        assert (example / f"site/data/{name}/{name}-chart.svg").read_bytes().startswith(b"<?xml")
        assert f'src="{name}-chart.svg"' in (example / f"site/data/{name}/index.html").read_text(encoding="utf-8")


def test_excel_download_is_typed_formula_safe_and_stable(taihe: Path) -> None:
    import io

    import openpyxl

    data = taihe / "data/h1.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("县直部门", "=HYPERLINK(1)"), encoding="utf-8")
    build(taihe, taihe / "site", dt.date(2023, 7, 10))
    first = (taihe / "site/data/h1/h1.xlsx").read_bytes()
    build(taihe, taihe / "site", dt.date(2023, 7, 10))
    assert (taihe / "site/data/h1/h1.xlsx").read_bytes() == first  # no clock inside
    sheet = openpyxl.load_workbook(io.BytesIO(first)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("period_start", "period_end", "unit", "channel", "level", "batches", "persons")
    assert rows[1][:2] == (dt.datetime(2022, 1, 1), dt.datetime(2022, 6, 27)) and rows[1][5] == 37
    hostile = next(cell for row in sheet.iter_rows() for cell in row if cell.value == "=HYPERLINK(1)")
    assert hostile.data_type == "s"  # text, not a formula
    assert len(rows) == 143


@pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)  # inside rdflib's JSON-LD parser
def test_dcat_catalogue_reads_as_linked_data(taihe_built: tuple[Path, list[object]]) -> None:
    import rdflib

    taihe = taihe_built[0]
    graph = rdflib.Graph().parse(taihe / "site/data/catalog.jsonld", format="json-ld")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dct = rdflib.namespace.DCTERMS
    (catalogue,) = graph.subjects(rdflib.RDF.type, dcat.Catalog)
    datasets = {str(graph.value(d, dct.identifier)): d for d in graph.objects(catalogue, dcat.dataset)}
    assert sorted(datasets) == [f"556310012/202307-0000{n}" for n in (5, 6, 7)] + [
        "556310012/202308-00003",
        "556310012/202308-00004",
    ]
    dataset = datasets["556310012/202308-00003"]
    assert str(graph.value(dataset, dct.identifier)) == "556310012/202308-00003"
    assert str(graph.value(dataset, dct.title)) == "2022年、2023年上半年信访量（按单位、渠道、层级）"
    media = sorted(str(graph.value(d, dcat.mediaType)) for d in graph.objects(dataset, dcat.distribution))
    assert media == ["application/json", XLSX_TYPE, "text/csv"]
    downloads = [str(graph.value(d, dcat.downloadURL)) for d in graph.objects(dataset, dcat.distribution)]
    assert all(url.endswith(("h1.csv", "h1.json", "h1.xlsx")) for url in downloads)
    assert str(graph.value(dataset, dct.accrualPeriodicity)).endswith("/frequency/ANNUAL")


def test_rates_against_targets(tmp_path: Path) -> None:
    from test_problem_codes import RATES_CSV, RATES_SPEC, make_project

    from generator.content.validate import load_sources, validate_content
    from generator.stats.figures import compute_figures

    root = make_project(tmp_path, {"data/r1.yaml": RATES_SPEC, "data/r1.csv": RATES_CSV})
    content, problems = validate_content(load_sources(root)[0])
    assert problems == []
    stats = compute_figures(content.tables)
    rate = stats["初信初访一次性化解率"]
    none = {"比率同比": "无上年同期数据", "比率变化": "无上年同期数据"}  # the table has one period
    assert rate == {
        "比率": "98.67%",
        "分子": 296,
        "分母": 300,
        "目标": "99%",
        "目标值": "99%",
        "达标": "未达标",
    } | none | {"未达标单位": "乙镇"}  # 296 / 300
    assert stats["甲镇"]["初信初访一次性化解率"] == "99.50%" and stats["乙镇"]["初信初访一次性化解率"] == "97.00%"
    assert stats["按期办结率"] == {"比率": "100.00%", "分子": 50, "分母": 50} | none  # no target given, so no verdict
    page = "---\nid: summary\ntitle: 小结\n---\n一次性化解率{{ stats.初信初访一次性化解率.比率 }}，{{ stats.初信初访一次性化解率.达标 }}。\n"
    (root / "content/pages").mkdir(exist_ok=True)
    (root / "content/pages/summary.md").write_text(page, encoding="utf-8")
    build(root, root / "site", dt.date(2024, 9, 20))
    assert "一次性化解率98.67%，未达标。" in (root / "site/pages/summary/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("target", "wording", "verdict", "below"),
    [
        ("99", "99%", "未达标", "乙镇"),  # a bare number is a floor
        ("{at_least: 98}", "98%", "达标", "乙镇"),  # 296/300 = 98.67% ≥ 98; 乙镇 97% is not
        ("{at_most: 99}", "不超过99%", "达标", "甲镇"),  # a ceiling: 98.67% ≤ 99, 甲镇 99.5% is over
        ("{at_least: 97, at_most: 99}", "97%至99%", "达标", "甲镇"),
        ("{at_most: 98.66}", "不超过98.66%", "未达标", "甲镇"),  # exact: 296/300 = 98.666…% is over 98.66
    ],
)
def test_targets_can_be_floors_ceilings_and_ranges(
    tmp_path: Path, target: str, wording: str, verdict: str, below: str
) -> None:
    from test_problem_codes import RATES_CSV, RATES_SPEC, make_project

    from generator.content.validate import load_sources, validate_content
    from generator.stats.figures import compute_figures

    spec = RATES_SPEC.replace("targets: {初信初访一次性化解率: 99}", f"targets: {{初信初访一次性化解率: {target}}}")
    root = make_project(tmp_path, {"data/r1.yaml": spec, "data/r1.csv": RATES_CSV})
    content, problems = validate_content(load_sources(root)[0])
    assert problems == []
    rate = compute_figures(content.tables)["初信初访一次性化解率"]
    assert (rate["目标"], rate["达标"], rate["未达标单位"]) == (wording, verdict, below)


@pytest.mark.parametrize("target", ["{}", "{at_least: 99, at_most: 90}"])
def test_a_target_without_a_bound_or_upside_down_is_a_located_error(tmp_path: Path, target: str) -> None:
    from test_problem_codes import RATES_CSV, RATES_SPEC, make_project

    spec = RATES_SPEC.replace("targets: {初信初访一次性化解率: 99}", f"targets: {{初信初访一次性化解率: {target}}}")
    root = make_project(tmp_path, {"data/r1.yaml": spec, "data/r1.csv": RATES_CSV})
    problems = check_content(root, dt.date(2024, 9, 20))
    assert [(p.path, p.line, p.code) for p in problems] == [("data/r1.yaml", 3, "target-bounds")]


def test_a_rate_over_few_cases_is_not_published(tmp_path: Path) -> None:
    """丙镇 had 3 cases, 2 resolved: its counts read <5 and its rate — in the data, the text and the chart."""
    from test_problem_codes import RATES_CSV, RATES_SPEC, make_project

    from generator.content.validate import load_sources, validate_content
    from generator.stats.charts import chart_of

    csv = RATES_CSV + "2024-01-01,2024-06-30,丙镇,初信初访一次性化解率,2,3\n"
    root = make_project(tmp_path, {"data/r1.yaml": RATES_SPEC, "data/r1.csv": csv})
    page = "---\nid: summary\ntitle: 小结\n---\n丙镇{{ stats.丙镇.初信初访一次性化解率 }}，甲镇{{ stats.甲镇.初信初访一次性化解率 }}。\n"
    (root / "content/pages").mkdir(exist_ok=True)
    (root / "content/pages/summary.md").write_text(page, encoding="utf-8")
    build(root, root / "site", dt.date(2024, 9, 20))
    published = (root / "site/data/r1/r1.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "2024-01-01,2024-06-30,丙镇,初信初访一次性化解率,<5,<5" in published
    assert "2024-01-01,2024-06-30,甲镇,初信初访一次性化解率,199,200" in published
    assert "丙镇—，甲镇99.50%。" in (root / "site/pages/summary/index.html").read_text(encoding="utf-8")
    content, _ = validate_content(load_sources(root)[0])
    chart = chart_of(content.tables[0])
    assert chart is not None
    values = dict(zip(chart.names, chart.series[0][1], strict=True))
    assert values["丙镇"] != values["丙镇"] and values["甲镇"] == 99.5  # NaN: drawn as nothing, labelled —
    records = (root / "site/data/r1/r1.json").read_text(encoding="utf-8")
    assert '"numerator": "<5"' in records and '"2"' not in records
    import subprocess  # the package says <5 may stand for a number: users' tools accept the table

    done = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "data/datapackage.json"],
        cwd=root / "site",
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:]


def test_summary_table_in_a_notice_reaches_page_and_pdf(example: Path) -> None:
    """The example 通报 quotes {{ 汇总表("渠道") }}: a computed table on the web page and in the 公文 PDF."""
    import pdfplumber

    build(example, example / "site", dt.date(2024, 9, 20))
    page = (example / "site/notices/2024h1-tongbao/index.html").read_text(encoding="utf-8")
    assert "<td>合计</td>" in page and '<td style="text-align:right">下降26.18%</td>' in page
    with pdfplumber.open(example / "site/notices/2024h1-tongbao/2024h1-tongbao.pdf") as pdf:
        rows = [row for page in pdf.pages for table in page.extract_tables() for row in table]
    assert ["合计", "282", "下降26.18%", "307", "下降26.38%", "100.00%"] in rows


def test_summary_table_hides_what_would_give_a_small_count_away() -> None:
    from generator.stats.narrative import group_table

    stats = {
        "甲": {
            "批次": 3,
            "批次上年同期": 10,
            "批次同比": "下降70.00%",
            "批次占比": "23.08%",
            "人次": 3,
            "人次上年同期": 10,
        },
        "乙": {"批次": 10, "批次上年同期": 2, "批次同比": "上升400.00%", "批次占比": "76.92%", "人次": 10},
        "信访总量": {
            "批次": 13,
            "批次上年同期": 12,
            "批次同比": "上升8.33%",
            "人次": 13,
            "人次上年同期": 12,
            "人次同比": "上升8.33%",
        },
    }
    lines = group_table(stats, {"单位": ("甲", "乙")}, "单位").splitlines()
    assert lines[2] == "| 甲 | <5 | — | <5 | — | — |"  # neither 同比 nor 占比 lets 3 be worked out
    assert lines[3] == "| 乙 | * | — | * | — | — |"  # else 合计 − 乙 would give 甲 away
    assert lines[4] == "| 合计 | 13 | 上升8.33% | 13 | 上升8.33% | 100.00% |"
    assert group_table(stats, {"单位": ("甲", "乙")}, "单位", threshold=11).splitlines()[3].startswith("| 乙 | <11 |")
    three = {
        **stats,
        "丙": {"批次": 40, "批次上年同期": 30, "批次同比": "上升33.33%", "批次占比": "50.00%", "人次": 40},
    }
    lines = group_table(three, {"单位": ("甲", "乙", "丙")}, "单位").splitlines()
    assert lines[3].startswith("| 乙 | * | — |") and lines[4].startswith("| 丙 | 40 | 上升33.33% |")


def test_a_quoted_small_figure_reads_below_the_threshold_and_gives_nothing_away() -> None:
    """Narrative quoting one figure by name is held to the same rule as the tables."""
    from generator.content.documents import Document
    from generator.source.loader import Source
    from generator.source.yamldoc import LocatedData
    from generator.stats.narrative import render_narratives

    stats = {
        "甲": {"批次": 3, "批次上年同期": 10, "批次上期": 4, "批次同比": "下降70.00%", "批次环比": "下降25.00%",
               "批次占比": "7.50%", "批次较近三年平均": "下降10.00%", "批次排名": 3},
        "乙": {"批次": 17, "批次上年同期": 2, "批次上期": 20, "批次同比": "上升750.00%", "批次环比": "下降15.00%",
               "批次占比": "42.50%"},
        "丙": {"批次": 20, "批次上年同期": 30, "批次上期": 20, "批次同比": "下降33.33%", "批次环比": "持平",
               "批次占比": "50.00%"},
        "信访总量": {"批次": 40, "批次上年同期": 42, "批次同比": "下降4.76%"},
    }  # fmt: skip
    body = (
        "甲{{ stats.甲.批次 }}批次，同比{{ stats.甲.批次同比 }}，环比{{ stats.甲.批次环比 }}，"
        "占{{ stats.甲.批次占比 }}，较近三年平均{{ stats.甲.批次较近三年平均 }}，排第{{ stats.甲.批次排名 }}；"
        "乙{{ stats.乙.批次 }}批次，上年同期{{ stats.乙.批次上年同期 }}，同比{{ stats.乙.批次同比 }}；"
        "丙{{ stats.丙.批次 }}批次，同比{{ stats.丙.批次同比 }}；合计{{ stats.信访总量.批次 }}。"
    )
    source = Source("content/pages/p.md", "pages", LocatedData({}, {}), body=body, body_line=5)
    doc = Document(model=None, source=source)
    bodies, _, problems = render_narratives([doc], stats, groups={"单位": ("甲", "乙", "丙")})
    assert problems == []
    # 甲's 3 reads <5; 乙, the next smallest, is hidden as well, else 40 − 乙 − 丙 gives 甲 away;
    # 乙's 2 a year before is small too, and with 甲's 10 hidden as well its 同比 cannot be worked back.
    assert bodies["content/pages/p.md"] == (
        "甲<5批次，同比—，环比—，占—，较近三年平均—，排第3；乙*批次，上年同期<5，同比—；丙20批次，同比下降33.33%；合计40。"
    )


def test_tallies_rates_and_counts_share_their_unit_groups(example: Path) -> None:
    """The example's three tables name the same 社区: each keeps every figure the others gave it."""
    import csv

    from generator.content.validate import load_sources, validate_content
    from generator.stats.figures import compute_figures

    content, problems = validate_content(load_sources(example)[0])
    assert [p for p in problems if p.severity == "error"] == []
    stats = compute_figures(content.tables)
    with (example / "data/gongzuo-2024h1.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def total(year: str, item: str, unit: str | None = None) -> int:
        return sum(
            int(r["count"])
            for r in rows
            if r["period_start"].startswith(year) and r["item"] == item and unit in (None, r["unit"])
        )

    assert stats["交办单"]["数量"] == total("2024", "交办单")
    assert stats["交办单"]["数量上年同期"] == total("2023", "交办单")
    assert stats["交办单"]["数量同比"] == change_wording(total("2024", "交办单"), total("2023", "交办单"))
    east = stats["东区社区"]
    assert east["交办单"] == total("2024", "交办单", "东区社区")  # from the tally
    assert east["初信初访一次性化解率"] == "100.00%"  # from the rates table
    assert isinstance(east["批次"], int) and east["批次排名"] >= 1  # from the counts table


TALLY_SPEC = """id: t1
role: tally
meta: {suoyinhao: 000000001/2024-00061, title: 工作台账, date_written: 2024-07-05, date_published: 2024-07-05, genre: 统计数据, disclosure: 主动公开, review: {reviewer: 李四, date: 2024-07-05}}
table_schema:
  fields:
    - {name: period_start, type: date, title: 起始日期}
    - {name: period_end, type: date, title: 截止日期}
    - {name: unit, type: string, title: 单位}
    - {name: item, type: string, title: 项目}
    - {name: count, type: integer, title: 数量, constraints: {minimum: 0}}
"""
TALLY_CSV = """period_start,period_end,unit,item,count
2024-01-01,2024-06-30,城关镇,交办单,12
2024-01-01,2024-06-30,西渡镇,交办单,9
2020-01-01,2024-06-30,城关镇,积案,50
2020-01-01,2024-06-30,西渡镇,积案,35
2024-01-01,2024-06-30,城关镇,红牌,6
"""


@pytest.mark.parametrize(
    ("quoted", "figure", "found"),
    [
        ("{{ stats.积案.数量 }}", "积案.数量", "2020-01-01至2024-06-30"),  # a running total since 2020
        ("{{ stats.积案.数量同比 }}", "积案.数量同比", "2020-01-01至2024-06-30"),
        ("{{ stats.西渡镇.红牌 }}", "西渡镇.红牌", "没有任何一期"),  # no row for this unit at all
    ],
)
def test_a_figure_without_data_in_the_latest_period_is_a_located_error_not_a_zero(
    tmp_path: Path, quoted: str, figure: str, found: str
) -> None:
    from test_problem_codes import N1, NOTICE, make_project

    from generator.build import check_content

    notice = NOTICE.replace("正文。", f"交办单{{{{ stats.交办单.数量 }}}}件。\n\n积案{quoted}件。")
    root = make_project(tmp_path, {"data/t1.yaml": TALLY_SPEC, "data/t1.csv": TALLY_CSV, N1: notice})
    problems = [p for p in check_content(root, dt.date(2024, 11, 22)) if p.severity == "error"]
    assert [(p.path, p.line, p.code) for p in problems] == [(N1, 16, "figure-without-data")]
    assert f"“{figure}”" in problems[0].message and found in problems[0].message
    assert "2024-01-01至2024-06-30" in problems[0].message  # the period asked for


@pytest.mark.parametrize(
    ("enum", "order"),
    [
        (" , constraints: {enum: [到市, 来县, 赴省, 进京]}", ["到市", "来县", "赴省", "进京"]),  # the schema's order
        ("", ["来县", "赴省", "进京", "到市"]),  # no list: as the rows first name them, not by character code
    ],
)
def test_categories_keep_the_tables_own_order(enum: str, order: list[str]) -> None:
    from generator.stats.figures import dimension_groups

    spec = LEVELS_SPEC.replace(
        "{name: level, type: string, title: 级别}", "{name: level, type: string, title: 级别" + enum + "}"
    )
    rows = ["period_start,period_end,unit,channel,level,batches"]
    rows += [
        f"2024-01-01,2024-06-30,甲镇,来访,{level},{n}" for n, level in enumerate(["来县", "赴省", "进京", "到市"], 1)
    ]
    with_table = _table(spec, "\n".join(rows) + "\n")
    assert list(dimension_groups([with_table])["级别"]) == order


def _table(spec: str, csv_text: str):  # type: ignore[no-untyped-def]
    """A validated table from its spec and CSV text, without a project around it."""
    import csv
    import io

    import yaml

    from generator.content.documents import Document
    from generator.content.models import StatTableSpec
    from generator.source.loader import Source
    from generator.source.yamldoc import LocatedData

    rows = tuple(tuple(r) for r in csv.reader(io.StringIO(csv_text)))
    data = yaml.safe_load(spec)
    source = Source("data/t.yaml", "table", LocatedData(data), data_path="data/t.csv", rows=rows)
    return Document(StatTableSpec.model_validate(data), source)


@pytest.mark.parametrize(
    ("precision", "change", "share", "average"),
    [
        ("", "下降22.82%", "100.00%", "20000"),  # two decimals, half up; a count's average whole
        ("precision: {rounding: truncate}\n", "下降22.81%", "100.00%", "20000"),  # as seed 001 prints 22.81%
        ("precision: {decimals: 1}\n", "下降22.8%", "100.0%", "20000"),
        ("precision: {decimals: 0, average_decimals: 1}\n", "下降23%", "100%", "20000.0"),
    ],
)
def test_decimals_and_rounding_follow_the_table(precision: str, change: str, share: str, average: str) -> None:
    """(15437 − 20000) / 20000 = −22.815 %: half up 22.82, cut off 22.81 — the table says which the office prints."""
    from generator.stats.figures import compute_figures

    spec = MONTHLY_SPEC.replace("table_schema:", precision + "table_schema:")
    rows = ["period_start,period_end,unit,channel,batches"]
    rows += [
        f"{y}-01-01,{y}-01-31,甲镇,来访,{n}" for y, n in ((2021, 20000), (2022, 20000), (2023, 20000), (2024, 15437))
    ]
    stats = compute_figures([_table(spec, "\n".join(rows) + "\n")])
    assert (stats["信访总量"]["批次同比"], stats["来访"]["批次占比"]) == (change, share)
    assert stats["信访总量"]["批次近三年平均"] == average


FIGURES = """figures:
  进京访: {where: {channel: 来访, level: 进京}}
  县以上: {where: {level: [来县, 进京]}}
"""


def test_named_figures_select_across_dimensions() -> None:
    """赴省访 = 来访 where level = 赴省 and 致省以上 = level in [赴省, 进京]: one figure over several columns or values."""
    from generator.stats.figures import compute_figures

    stats = compute_figures([_table(LEVELS_SPEC.replace("table_schema:", FIGURES + "table_schema:"), _levels_csv())])
    assert stats["县以上"]["批次"] == 40 == stats["信访总量"]["批次"]  # June 2024: 20 + 12 + 8 来县, 0 进京
    assert stats["进京访"]["批次"] == 0 and stats["进京访"]["批次连续为零月数"] == 5  # 连续5个月零进京 (Feb–June)
    assert stats["县以上"]["批次占比"] == "100.00%" and "批次同比" in stats["进京访"]


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ("figures:\n  赴省访: {where: {channel: 来访, level: 赴省}}\n", "没有这个取值"),  # 赴省 is never used
        ("figures:\n  访: {where: {batches: '3'}}\n", "只能按表中的"),
        ("figures:\n  来访: {where: {level: 来县}}\n", "同名"),
    ],
)
def test_a_named_figure_that_selects_nothing_real_is_a_located_error(
    tmp_path: Path, figures: str, message: str
) -> None:
    from test_problem_codes import make_project

    spec = LEVELS_SPEC.replace("table_schema:", figures + "table_schema:")
    root = make_project(tmp_path, {"data/levels.yaml": spec, "data/levels.csv": _levels_csv()})
    problems = [p for p in check_content(root, dt.date(2024, 11, 22)) if p.severity == "error"]
    assert [(p.path, p.code) for p in problems] == [("data/levels.yaml", "figure-selection")]
    assert problems[0].line == 5 and message in problems[0].message


def test_the_markers_are_explained_on_the_page_and_in_the_package(example_site: Path) -> None:
    """A reader meeting “<5” or “*” finds what they mean under the table and in datapackage.json."""
    import json

    page = (example_site / "data/xinfang-2024h1/index.html").read_text(encoding="utf-8")
    assert "注：“&lt;5”表示1至4" in page and "“*”表示为防止由合计反推" in page
    rates = (example_site / "data/huajie-2024h1/index.html").read_text(encoding="utf-8")
    assert "分母为1至4件" in rates
    package = json.loads((example_site / "data/datapackage.json").read_text(encoding="utf-8"))
    described = {r["name"]: r.get("description", "") for r in package["resources"]}
    assert "“<5”表示1至4" in described["xinfang-2024h1"] and "“<5”" not in described["gongzuo-2024h1"]


PERIOD_FIGURES = """figures:
  一季度来访: {where: {channel: 来访}, period: 一季度}
  今年累计: {period: 年初至今}
  上半年进京: {where: {level: 进京}, period: {start: 2024-01-01, end: 2024-06-30}}
"""


def test_a_figure_over_a_named_or_cumulative_period_sums_the_months_that_make_it_up() -> None:
    """一季度 = January + February + March of the latest year; 年初至今 to the latest month; 同比 on the same dates."""
    from generator.stats.figures import compute_figures

    spec = LEVELS_SPEC.replace("table_schema:", PERIOD_FIGURES + "table_schema:")
    stats = compute_figures([_table(spec, _levels_csv())])
    assert stats["一季度来访"]["批次"] == 3 * (20 + 12 + 8) + 1  # 来县 in the three towns, and January's 进京
    assert stats["一季度来访"]["起始日期"] == "2024年1月1日" and stats["一季度来访"]["截止日期"] == "3月31日"
    assert stats["一季度来访"]["批次同比"] == "无上年同期数据"  # 2023 has only its June
    assert stats["今年累计"]["批次"] == 6 * 40 + 1
    assert stats["上半年进京"]["批次"] == 1
    assert "批次占比" not in stats["今年累计"]  # a share of another period's total would mislead


def test_a_cumulative_tally_figure_is_the_running_total_row_itself() -> None:
    """衡南: 积案 since 2020 is one row beside this half-year's; asked for from 2020 it is that row, not a sum."""
    from generator.stats.tally import tally_figures

    spec = TALLY_SPEC.replace(
        "table_schema:", "figures:\n  积案累计: {where: {item: 积案}, period: {start: 2020-01-01}}\ntable_schema:"
    )
    stats = tally_figures(_table(spec, TALLY_CSV))
    assert stats["积案累计"]["数量"] == 85 and stats["积案累计"]["起始日期"] == "2020年1月1日"


@pytest.mark.parametrize(
    ("period", "found"),
    [
        ("一季度", "2024-02-01至2024-02-29、2024-03-01至2024-03-31"),  # January is missing: a gap
        ("{start: 2023-06-01, end: 2024-02-29}", "2023-06-01至2023-06-30"),  # July to December 2023 missing
    ],
)
def test_a_period_the_rows_cannot_make_up_is_a_located_error(tmp_path: Path, period: str, found: str) -> None:
    from test_problem_codes import make_project

    rows = [line for line in _levels_csv().splitlines() if not line.startswith("2024-01-01")]
    spec = LEVELS_SPEC.replace("table_schema:", f"figures:\n  某期: {{period: {period}}}\ntable_schema:")
    root = make_project(tmp_path, {"data/levels.yaml": spec, "data/levels.csv": "\n".join(rows) + "\n"})
    problems = [p for p in check_content(root, dt.date(2024, 11, 22)) if p.severity == "error"]
    assert [(p.path, p.line, p.code) for p in problems] == [("data/levels.yaml", 5, "figure-period")]
    assert "凑不成这段期间" in problems[0].message and found in problems[0].message


def test_a_rate_has_its_parts_its_change_and_a_figure_per_period() -> None:
    """衢州: 一次性化解率上升24% (relative) or 12个百分点; 衡南: 85件 化解率100% since 2020 (分子 and the rate)."""
    from generator.stats.rates import rate_figures

    csv_text = RATES_HEADER + "".join(
        f"{start},{end},甲镇,{metric},{n},{d}\n"
        for start, end, metric, n, d in (
            ("2023-01-01", "2023-03-31", "一次性化解率", 50, 100),
            ("2024-01-01", "2024-03-31", "一次性化解率", 62, 100),
            ("2020-01-01", "2021-12-31", "积案化解率", 85, 85),
            ("2024-01-01", "2024-03-31", "积案化解率", 3, 3),
        )
    )
    spec = RATE_SPEC_PLAIN.replace(
        "table_schema:",
        "precision: {decimals: 0}\nfigures:\n  积案累计: {where: {metric: 积案化解率}, period: {start: 2020-01-01, end: 2021-12-31}}\ntable_schema:",
    )
    stats = rate_figures(_table(spec, csv_text))
    assert stats["一次性化解率"]["比率同比"] == "上升24%" and stats["一次性化解率"]["比率变化"] == "上升12个百分点"
    assert (stats["积案累计"]["分子"], stats["积案累计"]["比率"]) == (85, "100%")


RATES_HEADER = "period_start,period_end,unit,metric,numerator,denominator\n"
RATE_SPEC_PLAIN = RATES_SPEC.replace("targets: {初信初访一次性化解率: 99}\n", "")
"""The rates table of test_problem_codes without its target."""


def test_trailing_zeros_can_be_dropped_as_offices_print_them() -> None:
    """衡南: 同比分别下降52.8%、35%、25.2%和52.9% — one decimal, and 35.0 printed as 35."""
    from generator.stats.figures import compute_figures

    spec = LEVELS_SPEC.replace("table_schema:", "precision: {decimals: 1, trailing_zeros: drop}\ntable_schema:")
    rows = ["period_start,period_end,unit,channel,level,batches"]
    for level, before, now in (("来县", 1000, 472), ("到市", 200, 130), ("赴省", 1000, 748), ("进京", 170, 80)):
        rows += [f"2020-01-01,2020-12-31,甲镇,来访,{level},{before}", f"2021-01-01,2021-12-31,甲镇,来访,{level},{now}"]
    stats = compute_figures([_table(spec, "\n".join(rows) + "\n")])
    assert [stats[level]["批次同比"] for level in ("来县", "到市", "赴省", "进京")] == [
        "下降52.8%", "下降35%", "下降25.2%", "下降52.9%"
    ]  # fmt: skip


def test_a_run_of_months_counts_the_month_still_running() -> None:
    """太和: 截至6月27日, 连续11个月零进京 — August to May whole, and June 1–27."""
    from generator.stats.figures import compute_figures

    spec = LEVELS_SPEC.replace("table_schema:", "figures:\n  进京: {where: {level: 进京}}\ntable_schema:").replace(
        "{name: level, type: string, title: 级别}",
        "{name: level, type: string, title: 级别, constraints: {enum: [来县, 进京]}}",
    )
    spec = spec.replace("figures:\n  进京:", "figures:\n  零进京:")
    rows = ["period_start,period_end,unit,channel,level,batches"]
    months = [(2022, m) for m in range(7, 13)] + [(2023, m) for m in range(1, 7)]
    for year, month in months:
        start = dt.date(year, month, 1)
        end = dt.date(2023, 6, 27) if (year, month) == (2023, 6) else _month_last(start)
        rows.append(f"{start},{end},甲镇,来访,进京,{1 if (year, month) == (2022, 7) else 0}")
        rows.append(f"{start},{end},甲镇,来访,来县,9")
    stats = compute_figures([_table(spec, "\n".join(rows) + "\n")])
    assert stats["零进京"]["批次连续为零月数"] == 11


def _month_last(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def test_a_small_named_figure_is_hidden_like_a_small_cell(tmp_path: Path) -> None:
    """A named figure (进京访 3批) is a count like any other: below the threshold it reads “<5”, and so does its 同比."""
    from generator.stats.narrative import published_figures

    shown = published_figures({"进京访": {"批次": 3, "批次同比": "下降40.00%", "人次": 12}}, {})
    assert shown["进京访"] == {"批次": "<5", "批次同比": "—", "人次": 12}


def test_places_and_runs_read_in_chinese_numerals(tmp_path: Path) -> None:
    """排名全省第一位, 连续十一个月: ``| 汉字`` writes a figure in Chinese numerals."""
    from test_problem_codes import N1, NOTICE, make_project

    from generator.build import model_content

    spec = LEVELS_SPEC.replace("table_schema:", "figures:\n  进京访: {where: {level: 进京}}\ntable_schema:")
    notice = NOTICE.replace("正文。", "连续{{ stats.进京访.批次连续为零月数 | 汉字 }}个月零进京。")
    root = make_project(tmp_path, {"data/levels.yaml": spec, "data/levels.csv": _levels_csv(), N1: notice})
    model, problems = model_content(root, dt.date(2024, 11, 22))
    assert [p for p in problems if p.severity == "error"] == []
    assert model is not None and "连续五个月零进京。" in model.bodies[N1]


INDEX_SPEC = """id: idx
role: index
meta: {suoyinhao: 000000001/2024-00063, title: 指数, date_written: 2024-09-18, date_published: 2024-09-18, genre: 统计数据, disclosure: 主动公开, review: {reviewer: 李四, date: 2024-09-18}}
index:
  name: 信访工作指数
  measures:
    - {column: rate, weight: 3}
    - {column: per_10k, weight: 1, better: lower}
  podium: 2
table_schema:
  fields:
    - {name: period_start, type: date, title: 起始日期}
    - {name: period_end, type: date, title: 截止日期}
    - {name: unit, type: string, title: 单位}
    - {name: rate, type: number, title: 化解率}
    - {name: per_10k, type: number, title: 万人信访量}
"""
INDEX_CSV = """period_start,period_end,unit,rate,per_10k
2024-01-01,2024-03-31,甲镇,90,2
2024-04-01,2024-06-30,甲镇,100,1
2024-04-01,2024-06-30,乙镇,90,3
2024-04-01,2024-06-30,丙镇,95,2
2024-04-01,2024-06-30,丁镇,95,2
2024-04-01,2024-06-30,戊镇,80,5
"""


def test_a_composite_index_ranks_units_with_a_red_and_a_black_board() -> None:
    """Min-max scores weighted 3:1 over the latest quarter; 丙 and 丁 tie for second place, and 乙 is fourth."""
    from generator.stats.index import index_figures

    stats = index_figures(_table(INDEX_SPEC, INDEX_CSV))
    # rate: 甲 100, 乙 50, 丙/丁 75, 戊 0; per_10k (lower better): 甲 100, 乙 50, 丙/丁 75, 戊 0 → index the same
    assert [(u, stats[u]["信访工作指数"], stats[u]["信访工作指数排名"]) for u in ("甲镇", "丙镇", "丁镇", "乙镇", "戊镇")] == [
        ("甲镇", "100.0", 1), ("丙镇", "75.0", 2), ("丁镇", "75.0", 2), ("乙镇", "50.0", 4), ("戊镇", "0.0", 5)
    ]  # fmt: skip
    board = stats["信访工作指数"]
    assert (board["红榜"], board["黑榜"], board["单位数"]) == ("甲镇、丙镇", "戊镇、乙镇", 5)
    assert "| 1 | 甲镇 | 100.0 | 红榜 |" in board["排名表"] and "| 5 | 戊镇 | 0.0 | 黑榜 |" in board["排名表"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("    - {column: ratio, weight: 1}\n", "不存在或不是数字列"),  # no such column
        ("  scale: none\n", "better 必须一致"),  # a rate and a count per 10,000 cannot be added unscaled
    ],
)
def test_an_index_that_cannot_be_computed_is_a_located_error(tmp_path: Path, change: str, message: str) -> None:
    from test_problem_codes import make_project

    spec = INDEX_SPEC.replace("  podium: 2\n", change)
    root = make_project(tmp_path, {"data/idx.yaml": spec, "data/idx.csv": INDEX_CSV})
    problems = [p for p in check_content(root, dt.date(2024, 11, 22)) if p.severity == "error"]
    assert [(p.path, p.code) for p in problems] == [("data/idx.yaml", "index-spec")]
    assert message in problems[0].message


def test_a_fall_quoted_as_a_fall_that_rose_is_a_located_error(tmp_path: Path) -> None:
    """同比分别下降{{ … | 降幅 }}: if the figure rose or held, the sentence would lie; the build stops at that line."""
    from test_problem_codes import N1, NOTICE, make_project

    notice = NOTICE.replace(
        "正文。",
        "正文。\n\n进京同比下降{{ stats.进京.批次同比 | 降幅 }}，来县同比下降{{ stats.来县.批次同比 | 降幅 }}。",
    )
    root = make_project(tmp_path, {"data/levels.yaml": LEVELS_SPEC, "data/levels.csv": _levels_csv(), N1: notice})
    problems = [p for p in check_content(root, dt.date(2024, 11, 22)) if p.severity == "error"]
    assert [(p.path, p.line, p.code) for p in problems] == [(N1, 16, "figure-direction")]
    assert "它是“持平”" in problems[0].message  # 进京: 0 in June 2024 as in June 2023 — not a fall either


def test_a_column_heading_names_its_unit_once(example_site: Path) -> None:
    """批次 counted in 批次 reads “批次”, not “批次（批次）”; a different unit is still shown."""
    page = (example_site / "data/xinfang-2024h1/index.html").read_text(encoding="utf-8")
    assert "<th>批次</th>" in page and "批次（批次）" not in page
    assert "<th>人次（件人次）</th>" in page


def test_the_page_shows_units_by_channels_with_totals_and_hides_what_the_rows_hide(example_site: Path) -> None:
    """The latest period as people read it: 社区 down, 渠道 across, 合计 row and column; a cell with a hidden row
    in it is hidden too, so the cross table tells nothing the open data does not. The long rows fold away."""
    import csv
    import io

    from generator.content.validate import load_sources, validate_content
    from generator.stats.crosstab import cross_tables

    content, _ = validate_content(load_sources(REPO)[0])
    (table,) = [t for t in content.tables if t.model.role == "counts"]
    batches, persons = cross_tables(table)
    assert batches.columns == ("来信", "来访", "网上投诉", "电话", "合计") and batches.corner == "社区"
    assert batches.caption == "2024年1月1日至6月30日信访批次（按社区、渠道）" and persons.caption.endswith(
        "信访人次（按社区、渠道）"
    )
    published = list(
        csv.DictReader(io.StringIO((example_site / "data/xinfang-2024h1/xinfang-2024h1.csv").read_text("utf-8-sig")))
    )
    now = [r for r in published if r["period_start"] == "2024-01-01"]
    for row in batches.rows[:-1]:
        unit, *cells, _total = row
        for channel, cell in zip(batches.columns, cells, strict=False):
            shown = [r["batches"] for r in now if (r["unit"], r["channel"]) == (unit, channel)]
            if all(v.isdigit() for v in shown):
                assert cell == str(sum(map(int, shown))), (unit, channel)
            else:  # a hidden row inside: hidden here too
                assert cell in ("<5", "*"), (unit, channel, cell)
    assert batches.rows[-1] == ("合计", "33", "89", "113", "47", "282")  # totals by channel, and the whole
    page = (example_site / "data/xinfang-2024h1/index.html").read_text(encoding="utf-8")
    assert page.index("表1　2024年1月1日至6月30日信访批次") < page.index("<details")
    assert '<div class="gk-tables" data-pagefind-ignore' in page  # numbers in the search index read like phone numbers


def test_a_small_unit_total_is_hidden_with_a_complement() -> None:
    """A unit with 3 petitions in all: its 合计 reads “<5”, and the next smallest unit's “*” (the grand total stands)."""
    from generator.stats.crosstab import cross_tables

    rows = ["period_start,period_end,unit,channel,batches"]
    rows += [f"2024-01-01,2024-01-31,{u},来访,{n}" for u, n in (("甲镇", 40), ("乙镇", 3), ("丙镇", 12), ("丁镇", 30))]
    (cross,) = cross_tables(_table(MONTHLY_SPEC, "\n".join(rows) + "\n"))
    assert [row[-1] for row in cross.rows] == ["40", "<5", "*", "30", "85"]
    assert [row[1] for row in cross.rows] == ["40", "<5", "*", "30", "85"]


def test_an_index_tables_page_shows_its_ranking() -> None:
    """The page of an index table shows the computed index, place and board, not only the raw measures."""
    from generator.stats.crosstab import cross_tables

    (board,) = cross_tables(_table(INDEX_SPEC, INDEX_CSV))
    assert board.caption == "2024年4月1日至6月30日信访工作指数排名"
    assert (board.corner, board.columns, board.numeric) == (
        "排名",
        ("单位", "信访工作指数", "榜单"),
        (False, True, False),
    )
    assert board.rows[0] == ("1", "甲镇", "100.0", "红榜") and board.rows[-1] == ("5", "戊镇", "0.0", "黑榜")
    assert board.rows[3] == ("4", "乙镇", "50.0", "黑榜") and board.rows[2][3] == ""  # two on each board, 丁镇 neither


def test_a_rate_charts_labels_follow_the_tables_precision() -> None:
    """A table printing whole percents labels its bars 62%, not 62.00%; a unit without cases reads 无数据."""
    from generator.stats.charts import chart_of

    csv_text = (
        RATES_HEADER + "2024-01-01,2024-03-31,甲镇,一次性化解率,62,100\n2024-01-01,2024-03-31,乙镇,一次性化解率,0,0\n"
    )
    chart = chart_of(
        _table(RATE_SPEC_PLAIN.replace("table_schema:", "precision: {decimals: 0}\ntable_schema:"), csv_text)
    )
    assert chart is not None and chart.labels == (("62%", "无数据"),)


@pytest.mark.parametrize(("count", "text"), [(503120, "50万余"), (500000, "50万"), (9999, "9999"), (10001, "1万余")])
def test_large_counts_round_as_offices_write_them(count: int, text: str) -> None:
    from generator.stats.narrative import _ENV

    assert _ENV.from_string("{{ n | 万余 }}").render(n=count) == text
