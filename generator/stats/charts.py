"""Render stage: a chart beside each statistics table — counts and tallies against a year before, rates by unit.

The chart is an SVG from matplotlib with its text turned into outlines, so it shows the
same on every reader's machine without a Chinese web font. It repeats what the table
next to it says (the table is the accessible form), and it draws no bar for a value the
table suppresses: a small count is labelled "<5" there as here.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from generator.content.documents import Document
from generator.content.models import StatTableSpec
from generator.fonts import Face, cached_subset, face_characters
from generator.stats.frames import Rounding, categories, counts_frame, latest_periods
from generator.stats.index import ranking
from generator.stats.rates import rate_text
from generator.stats.suppression import is_small, small_marker

NOW, BEFORE = "#b31b1b", "#9aa5b1"  # the site's red; a grey that prints light
METRIC_COLOURS = ("#b31b1b", "#1f5f8b", "#5f7f1f")
"""One colour per rate metric; all keep 4.5:1 against white, as the bar labels do."""


Row = tuple[str, int, int]

WIDTH_INCHES = 4.5
"""The chart's width: 324 pt, 432 CSS px (at 6 in, a phone showed its text at 8 px)."""


@dataclass(frozen=True)
class Chart:
    """What a chart shows: a bar per name for each series, and how its picture is described."""

    names: list[str]
    series: list[tuple[str, list[float], str]]  # (legend, one value per name, colour)
    axis: str
    alt: str
    caption: str
    threshold: int = 1  # counts from 1 to threshold − 1 are drawn as nothing and labelled “<N”
    target: float | None = None  # a rate's target, drawn as a dashed line
    percent: bool = False
    labels: tuple[tuple[str, ...], ...] = ()  # per series, the bars' labels as published (decimals, 无数据)


def chart_rows(table: Document[StatTableSpec], key: str | None = None, measure: str = "batches") -> list[Row]:
    """(unit or channel, count this period, count the same dates a year before), largest first."""
    frame = counts_frame(table)
    if frame.empty or measure not in frame:
        return []
    key = key or ("unit" if "unit" in frame else "channel")
    periods = latest_periods(frame)
    now = periods.current.groupby(key)[measure].sum()
    before = periods.year_before.groupby(key)[measure].sum()
    keys = sorted(set(frame[key].dropna()), key=lambda k: (-int(now.get(k, 0)), str(k)))
    return [(str(k), int(now.get(k, 0)), int(before.get(k, 0))) for k in keys]


def chart_of(table: Document[StatTableSpec]) -> Chart | None:
    """The chart beside a published table: counts and tallies this period against a year before, rates by unit."""
    role = table.model.role
    if role == "rates":
        return _rates_chart(table)
    if role == "index":
        return _index_chart(table)
    if role not in ("counts", "tally"):
        return None
    key = "item" if role == "tally" else None
    rows = chart_rows(table, key, "count" if role == "tally" else "batches")
    if not rows:
        return None
    titles = {f.name: f.title for f in table.model.table_schema.fields}
    by = titles.get(key or ("unit" if "unit" in titles else "channel"), "单位")
    what = "数量" if role == "tally" else "信访批次"
    return Chart(
        names=[name for name, _, _ in rows],
        series=[("本期", [float(n) for _, n, _ in rows], NOW), ("上年同期", [float(b) for _, _, b in rows], BEFORE)],
        axis="数量" if role == "tally" else "批次",
        alt=f"条形图：各{by}本期与上年同期的{what}，数值见下表",
        caption=f"图：本期与上年同期{what}对比（数据见下表）",
        threshold=table.model.suppress_below if role == "counts" else 1,
    )


def _rates_chart(table: Document[StatTableSpec]) -> Chart | None:
    """Each unit's rate for each metric (the latest period), with the first metric's target as a line."""
    frame = counts_frame(table)
    if frame.empty or "unit" not in frame:
        return None
    current = latest_periods(frame).current
    metrics = [m for m in categories(table, frame, "metric") if m in set(current["metric"])][: len(METRIC_COLOURS)]
    units = [u for u in categories(table, frame, "unit") if u in set(current["unit"])]
    series, labels, rounding = [], [], Rounding.of(table)
    for metric, colour in zip(metrics, METRIC_COLOURS, strict=False):
        rows = current[current["metric"] == metric].groupby("unit")[["numerator", "denominator"]].sum()
        parts = {
            str(u): (int(n), int(d)) for u, n, d in zip(rows.index, rows["numerator"], rows["denominator"], strict=True)
        }
        values = [_unit_rate(*parts.get(str(u), (0, 0)), table.model.suppress_below) for u in units]
        series.append((str(metric), values, colour))
        labels.append(
            tuple(
                _rate_label(*parts.get(str(u), (0, 0)), value, rounding) for u, value in zip(units, values, strict=True)
            )
        )
    if not series:
        return None
    targets = [table.model.targets[m] for m in metrics if m in table.model.targets]
    return Chart(
        names=[str(u) for u in units],
        series=series,
        axis="%",
        alt=f"条形图：各单位{'、'.join(map(str, metrics))}，数值见下表",
        caption="图：各单位比率" + (f"（虚线为目标{targets[0].wording}）" if targets else "") + "（数据见下表）",
        target=targets[0].line if targets else None,
        percent=True,
        labels=tuple(labels),
    )


def _index_chart(table: Document[StatTableSpec]) -> Chart | None:
    """Each unit's composite index, best first (the ranking the 红榜 and 黑榜 come from)."""
    places = ranking(table)
    spec = table.model.index
    if not places or spec is None:
        return None
    return Chart(
        names=[unit for unit, _, _ in places],
        series=[(spec.name, [float(value) for _, value, _ in places], NOW)],
        axis=spec.name,
        alt=f"条形图：各单位{spec.name}，按排名排列",
        caption=f"图：各单位{spec.name}排名（由下表各项指标按权重计算）",
        labels=(tuple(str(value) for _, value, _ in places),),
    )


def _rate_label(numerator: int, denominator: int, value: float, rounding: Rounding) -> str:
    """A bar's label as the table's precision prints the rate; “—” where it is hidden, 无数据 over no case."""
    return "—" if math.isnan(value) else rate_text(numerator, denominator, rounding)


def _unit_rate(numerator: int, denominator: int, threshold: int) -> float:
    """A unit's rate in percent; NaN over 1 to ``threshold − 1`` cases (hidden, as in the table), 0 over none."""
    if is_small(denominator, threshold):
        return math.nan
    return 100 * numerator / denominator if denominator else 0.0


def bar_values(values: list[int], threshold: int) -> tuple[list[int], list[str]]:
    """Bar lengths and labels: a count from 1 to threshold − 1 is drawn as nothing and labelled "<N", as in the table."""
    small = [is_small(v, threshold) for v in values]
    return [0 if s else v for v, s in zip(values, small, strict=True)], [
        small_marker(threshold) if s else str(v) for v, s in zip(values, small, strict=True)
    ]


def chart_svg(chart: Chart, face: Face) -> bytes:
    """The chart as SVG bytes, the same for the same data, its lettering turned into outlines."""
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import pyplot as plt
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=face.file, size=13)  # still legible when a phone scales the chart down
    count = len(chart.series)
    height = 0.8 / count
    with plt.rc_context({"svg.fonttype": "path", "svg.hashsalt": "gongkai", "axes.unicode_minus": False}):
        # 4.5 in (432 CSS px): on a 390 px phone it shrinks by a fifth, so 13 pt text still reads at 14 px
        figure, axes = plt.subplots(figsize=(WIDTH_INCHES, 0.3 * count * len(chart.names) + 1.5), dpi=72)
        positions = pd.RangeIndex(len(chart.names))
        for index, (label, values, colour) in enumerate(chart.series):
            offset = (count - 1) / 2 * height - index * height  # the first series on top
            if chart.percent:  # a rate over too few cases (NaN) is drawn as nothing and labelled "—"
                shown = [0.0 if math.isnan(v) else v for v in values]
                labels = list(chart.labels[index])
            elif chart.labels:
                shown, labels = list(values), list(chart.labels[index])
            else:
                shown_counts, labels = bar_values([int(v) for v in values], chart.threshold)
                shown = [float(v) for v in shown_counts]
            bars = axes.barh(positions + offset, shown[::-1], height=height * 0.95, color=colour, label=label)
            box = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}  # over the target line
            axes.bar_label(bars, labels=labels[::-1], padding=3, fontproperties=font, bbox=box, zorder=3)
        if chart.target is not None:
            axes.axvline(chart.target, color="#333333", linestyle="--", linewidth=1, zorder=1)
        axes.set_yticks(positions, chart.names[::-1], fontproperties=font)
        axes.set_xlabel(chart.axis, fontproperties=font)
        axes.tick_params(axis="x", labelsize=12)
        axes.legend(prop=font, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=count, frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        if chart.percent:  # a scale to 100%, with room on the right for the labels
            axes.set_xlim(0, 122)
            axes.set_xticks(range(0, 101, 20))
        else:
            axes.margins(x=0.12)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
        plt.close(figure)
    return out.getvalue().encode("utf-8")


def table_chart_svg(table: Document[StatTableSpec], face: Face) -> bytes | None:
    """The chart beside ``table`` as SVG bytes, or None when it has nothing to draw."""
    chart = chart_of(table)
    return chart_svg(chart, face) if chart else None


def chart_face(faces: dict[str, Face | None], folder: Path) -> Face | None:
    """The face charts are lettered in: the 黑体 role (a sans), if installed and readable.

    matplotlib opens only the first face of a .ttc collection (for Noto Sans CJK that is
    the Japanese one), so a face further inside is first copied out on its own, once,
    into ``folder`` (the build cache).
    """
    face = faces.get("heiti")
    if face is None or not Path(face.file).is_file():
        return None
    if face.index == 0:
        return face
    target = cached_subset(face, face_characters(face), folder, "whole")
    if target is None:
        return None
    return Face(face.family, face.weight, str(target), 0)
