"""Charts in the body of a notice or page — ``{{ 图表("渠道") }}``, ``{{ 趋势图("表") }}`` — on the web and in
the 公文 PDF (vector, 版心 wide, greys, lettering as text); and the monthly trend beside a table."""

from __future__ import annotations

import math
from pathlib import Path

import pdfplumber
import pytest
from test_problem_codes import N1, NOTICE, TODAY, make_project
from test_stats import MONTHLY_SPEC, _table

from generator.build import build
from generator.problems import GongkaiError
from generator.stats.charts import monthly_trend

CHANNELS = ["来信", "来访", "网上投诉", "电话"]
TREND_CSV = """period_start,period_end,unit,channel,batches
2023-01-01,2023-01-31,甲镇,来访,30
2023-02-01,2023-02-28,甲镇,来访,31
2023-03-01,2023-03-31,甲镇,来访,32
2023-04-01,2023-04-30,甲镇,来访,33
2024-01-01,2024-01-31,甲镇,来访,50
2024-01-01,2024-01-31,甲镇,网上投诉,30
2024-02-01,2024-02-29,甲镇,来访,44
2024-02-01,2024-02-29,甲镇,网上投诉,3
2024-03-01,2024-03-31,甲镇,来访,41
2024-03-01,2024-03-31,甲镇,网上投诉,20
2024-04-01,2024-04-30,甲镇,来访,46
2024-04-01,2024-04-30,甲镇,网上投诉,22
2024-01-01,2024-04-30,甲镇,来访,181
"""


def test_the_tongbao_pdf_carries_its_chart_drawn_in_greys_with_text_labels(example_site: Path) -> None:
    with pdfplumber.open(example_site / "notices/2024h1-tongbao/2024h1-tongbao.pdf") as pdf:
        page = next(p for p in pdf.pages if "图1" in (p.extract_text() or ""))
        words = page.extract_words(extra_attrs=["fontname"])
        bars = [r for r in page.rects if r["non_stroking_color"] and r["height"] > 5 and r["width"] > 5]
    labels = [w["text"] for w in words if w["fontname"].endswith("heiti") and w["text"] in CHANNELS]
    assert sorted(labels) == sorted(CHANNELS)  # the chart's axis, as text (the table's cells are in 仿宋)
    fills = {tuple(round(c, 2) for c in r["non_stroking_color"]) for r in bars}
    assert len(bars) >= 8 and all(len(set(f)) == 1 for f in fills if len(f) == 3)  # a bar per channel and year, grey
    top = next(w["top"] for w in words if w["text"].startswith("图1"))
    caption = [w for w in words if abs(w["top"] - top) < 1]
    middle = (min(w["x0"] for w in caption) + max(w["x1"] for w in caption)) / 2 / (72 / 25.4)
    assert abs(middle - 106) < 1  # centred under the chart
    assert (example_site / "notices/2024h1-tongbao/figure-1-chart.svg").is_file()  # and on the web page, as a picture
    assert 'src="figure-1-chart.svg"' in (example_site / "notices/2024h1-tongbao/index.html").read_text(
        encoding="utf-8"
    )


def test_a_monthly_trend_sums_the_months_as_published_and_never_a_partial_total() -> None:
    chart = monthly_trend(_table(MONTHLY_SPEC, TREND_CSV))
    assert chart is not None and chart.kind == "line"
    assert chart.names == ["1月", "2月", "3月", "4月"]
    [(now, values, _), (before, last_year, _)] = chart.series
    assert (now, before) == ("2024年", "上年同期")
    assert values[0] == 80 and math.isnan(values[1]) and values[2:] == [61, 68]  # February holds a “<5”
    assert chart.labels[0] == ("80", "—", "61", "68")
    assert last_year == [30, 31, 32, 33]
    assert "甲镇" in chart.caption  # the monthly rows are one town's: the caption says so
    assert monthly_trend(_table(MONTHLY_SPEC, TREND_CSV.split("2024-03")[0].rsplit("\n", 1)[0] + "\n")) is None


def test_a_trend_chart_in_a_notice_reaches_the_page_and_the_pdf(tmp_path: Path) -> None:
    body = '逐月情况如下：\n\n{{ 趋势图("monthly") }}\n\n以上情况请知悉。'
    files = {"data/monthly.yaml": MONTHLY_SPEC, "data/monthly.csv": TREND_CSV, N1: NOTICE.replace("正文。", body)}
    root = make_project(tmp_path, files)
    build(root, root / "site", TODAY)
    assert (root / "site/notices/n1/figure-1-chart.svg").is_file()
    assert (root / "site/data/monthly/monthly-trend.svg").is_file()  # beside its table too
    with pdfplumber.open(root / "site/notices/n1/n1.pdf") as pdf:
        page = pdf.pages[0]
        text = page.extract_text() or ""
        drawn = page.curves + page.lines
    assert "图1" in text and "月度信访量：甲镇信访批次逐月变化（与上年同期对比）" in text
    assert all(month in text for month in ("1月", "2月", "3月", "4月"))
    assert drawn  # the lines are vector paths


@pytest.mark.parametrize(
    ("call", "code", "says"),
    [
        ('{{ 趋势图("nope") }}', "chart-unavailable", "不存在或尚未公开"),
        ('{{ 趋势图("monthly") }}', "chart-unavailable", "至少有三个整月"),
        ('{{ 图表("不存在") }}', "unknown-group", "汇总表没有“不存在”这一分组"),
    ],
)
def test_a_chart_that_cannot_be_drawn_is_a_located_error(tmp_path: Path, call: str, code: str, says: str) -> None:
    half_year = "period_start,period_end,unit,channel,batches\n2024-01-01,2024-06-30,甲镇,来访,40\n"
    body = f"正文。\n\n{call}\n"
    files = {"data/monthly.yaml": MONTHLY_SPEC, "data/monthly.csv": half_year, N1: NOTICE.replace("正文。", body)}
    root = make_project(tmp_path, files)
    with pytest.raises(GongkaiError) as raised:
        build(root, root / "site", TODAY)
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.code) == (N1, 16, code)
    assert says in problem.message
