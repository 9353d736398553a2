"""Render stage: a chart beside each statistics table — counts and tallies against a year before, rates by unit.

The chart is an SVG from matplotlib with its text turned into outlines, so it shows the
same on every reader's machine without a Chinese web font. It repeats what the table
next to it says (the table is the accessible form), and it draws no bar for a value the
table suppresses: a small count is labelled "<5" there as here.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.cache import memoized, write_atomically
from generator.content.documents import Document
from generator.content.models import StatTableSpec
from generator.fonts import Face, cached_subset, face_characters
from generator.stats.frames import Rounding, categories, counts_frame, latest_periods, month_end
from generator.stats.index import ranking
from generator.stats.rates import rate_text
from generator.stats.suppression import is_small, published_table, small_marker

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
    kind: str = "bar"  # "line": a monthly trend, one point per month (NaN where a month's total is not published)
    across: str = ""  # a line chart's horizontal axis: the months and their span


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


@memoized
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


@memoized
def monthly_trend(table: Document[StatTableSpec]) -> Chart | None:
    """A counts or tally table's total month by month, as a line; the same months a year before beside it.

    The totals are summed from the table as published: a month with a suppressed cell has no
    published total, so it is drawn as a gap and labelled “—” (never a partial sum). Needs
    three months or more in a row, each a whole calendar month (the last twelve of them at most).
    """
    role = table.model.role
    if role not in ("counts", "tally"):
        return None
    measure = "batches" if role == "counts" else "count"
    header, *rows = published_table(table) or [()]
    if not {"period_start", "period_end", measure} <= set(header):
        return None
    start, end, value = (header.index(c) for c in ("period_start", "period_end", measure))
    totals: dict[tuple[int, int], float] = {}
    kinds: dict[str, set[str]] = {c: set() for c in ("unit", "channel", "level", "item") if c in header}
    for row in rows:
        month = _whole_month(row[start], row[end])
        if month is None:
            continue
        for column, seen in kinds.items():
            seen.add(row[header.index(column)])
        cell = row[value]
        number = float(cell) if cell.isdigit() else math.nan  # “<5”, “*”: suppressed, so no total for the month
        totals[month] = totals.get(month, 0.0) + number
    recent: list[tuple[int, int]] = []  # the months running up to the last one, without a gap, a year at most
    month = max(totals, default=None)
    while month in totals and len(recent) < 12:
        recent.insert(0, month)
        month = (month[0] - 1, 12) if month[1] == 1 else (month[0], month[1] - 1)
    if len(recent) < 3:
        return None
    crosses = recent[0][0] != recent[-1][0]
    many = len(recent) > 6  # a phone has room for “7月” six times; beyond that the month's number alone
    names = [str(m) if many else f"{m}月" for _, m in recent]
    (y0, m0), (y1, m1) = recent[0], recent[-1]
    span = f"{y0}年{m0}月至{y1}年{m1}月" if crosses else f"{y0}年{m0}月至{m1}月"
    series = [(f"{y1}年" if not crosses else "逐月", [totals[m] for m in recent], NOW)]
    before = [(y - 1, m) for y, m in recent]
    if all(b in totals for b in before):
        series.append(("上年同期", [totals[b] for b in before], BEFORE))
    what = "信访批次" if role == "counts" else "数量"
    only = "·".join(next(iter(seen)) for seen in kinds.values() if len(seen) == 1 and "" not in seen)
    what = f"{only}{what}" if only else what  # the monthly rows may hold one part only (进京访 of one town)
    labels = tuple(tuple("—" if math.isnan(v) else str(int(v)) for v in values) for _, values, _ in series)
    return Chart(
        names=names,
        series=series,
        axis="批次" if role == "counts" else "数量",
        across=f"月份（{span}）",
        alt=f"折线图：{span}{what}逐月变化" + ("，与上年同期对比" if len(series) > 1 else "") + "，数值见数据表",
        caption=f"图：{what}逐月变化" + ("（与上年同期对比）" if len(series) > 1 else "") + "（数据见下表）",
        labels=labels,
        kind="line",
    )


def _whole_month(first: str, last: str) -> tuple[int, int] | None:
    """(year, month) when the period is exactly one calendar month."""
    try:
        start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    except ValueError:
        return None
    return (start.year, start.month) if start.day == 1 and end == month_end(start) else None


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


PRINT_WIDTH_INCHES = 156 / 25.4
"""A chart in a 公文 is as wide as the 版心 (156 mm)."""
PRINT_GREYS = {NOW: "#303030", BEFORE: "#a6a6a6", METRIC_COLOURS[1]: "#6e6e6e", METRIC_COLOURS[2]: "#c8c8c8"}
"""Print colours: greys far enough apart to tell the series apart on a black-and-white office printer."""


def chart_svg(chart: Chart, face: Face, print_family: str | None = None) -> bytes:
    """The chart as SVG bytes, the same for the same data.

    For the web its lettering is turned into outlines (it shows the same without a web font).
    For print (``print_family``, a CSS font-family the PDF renderer knows) it is as wide as
    the 版心, in greys, and its lettering stays text in that family, so the PDF embeds the
    font and its labels can be searched and read back.
    """
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import pyplot as plt
    from matplotlib.font_manager import FontProperties

    printing = print_family is not None
    font = FontProperties(fname=face.file, size=10.5 if printing else 13)  # 13: still legible on a phone

    def colour(value: str) -> str:
        return PRINT_GREYS.get(value, "#303030") if printing else value

    count = len(chart.series)
    width = PRINT_WIDTH_INCHES if printing else WIDTH_INCHES
    height = 2.6 if chart.kind == "line" else 0.3 * count * len(chart.names) + 1.5
    settings: dict[str, Any] = {
        "svg.fonttype": "none" if printing else "path",
        "svg.hashsalt": "gongkai",
        "axes.unicode_minus": False,
    }
    with plt.rc_context(settings):  # type: ignore[arg-type]
        # 4.5 in (432 CSS px): on a 390 px phone it shrinks by a fifth, so 13 pt text still reads at 14 px
        figure, axes = plt.subplots(figsize=(width, height), dpi=72)
        if chart.kind == "line":
            _draw_lines(axes, chart, font, colour)
        else:
            _draw_bars(axes, chart, font, colour)
        if chart.kind != "line":
            axes.set_xlabel(chart.axis, fontproperties=font)
        for label in axes.get_xticklabels() + axes.get_yticklabels():
            label.set_fontproperties(font)
        axes.legend(prop=font, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=count, frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
        plt.close(figure)
    svg = out.getvalue()
    if print_family is not None:  # every label in the family the PDF knows (matplotlib names the file's own family)
        family = print_family.replace('"', "'")  # the SVG's style attributes are in double quotes
        svg = re.sub(r'font-family:[^;"]*', f"font-family: {family}", svg)
    return svg.encode("utf-8")


def _draw_bars(axes: Any, chart: Chart, font: Any, colour: Any) -> None:
    import pandas as pd
    from matplotlib.ticker import MaxNLocator

    count = len(chart.series)
    height = 0.8 / count
    positions = pd.RangeIndex(len(chart.names))
    for index, (label, values, hue) in enumerate(chart.series):
        offset = (count - 1) / 2 * height - index * height  # the first series on top
        if chart.percent:  # a rate over too few cases (NaN) is drawn as nothing and labelled "—"
            shown = [0.0 if math.isnan(v) else v for v in values]
            labels = list(chart.labels[index])
        elif chart.labels:
            shown, labels = list(values), list(chart.labels[index])
        else:
            shown_counts, labels = bar_values([int(v) for v in values], chart.threshold)
            shown = [float(v) for v in shown_counts]
        bars = axes.barh(positions + offset, shown[::-1], height=height * 0.95, color=colour(hue), label=label)
        box = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}  # over the target line
        axes.bar_label(bars, labels=labels[::-1], padding=3, fontproperties=font, bbox=box, zorder=3)
    if chart.target is not None:
        axes.axvline(chart.target, color="#333333", linestyle="--", linewidth=1, zorder=1)
    axes.set_yticks(positions, chart.names[::-1])
    if chart.percent:  # a scale to 100%, with room on the right for the labels
        axes.set_xlim(0, 122)
        axes.set_xticks(range(0, 101, 20))
    else:
        axes.margins(x=0.12)
        top = max((v for _, values, _ in chart.series for v in values if not math.isnan(v)), default=0.0)
        axes.set_xlim(0, max(top * 1.15, 1.0))  # from zero, even when every count is 0
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))


def _draw_lines(axes: Any, chart: Chart, font: Any, colour: Any) -> None:
    """A monthly trend: one line per series, a gap (and “—”) where a month's total is not published."""
    positions = list(range(len(chart.names)))
    styles = ("-", "--", ":")
    for index, (label, values, hue) in enumerate(chart.series):
        axes.plot(positions, values, styles[index % 3], color=colour(hue), marker="o", markersize=4, label=label)
        for x, value, text in zip(positions, values, chart.labels[index], strict=True):
            y = 0.0 if math.isnan(value) else value
            axes.annotate(text, (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontproperties=font)
    from matplotlib.ticker import MaxNLocator

    axes.set_xticks(positions, chart.names)
    axes.set_xlabel(chart.across, fontproperties=font)
    axes.set_ylabel(chart.axis, fontproperties=font)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.25 of a visit
    top = max((v for _, values, _ in chart.series for v in values if not math.isnan(v)), default=0.0)
    axes.set_ylim(0, max(top * 1.25, 1.0))


def cached_chart_svg(chart: Chart, face: Face, folder: Path | None, print_family: str | None = None) -> bytes:
    """:func:`chart_svg`, kept in ``folder/charts/`` under a digest of all the picture depends on.

    That is the chart's data and wording, the lettering face's file, the print family, matplotlib's
    version and this module's own code: a table that did not change is not drawn again.
    """
    if folder is None:
        return chart_svg(chart, face, print_family)
    stat = Path(face.file).stat()
    facts = (chart, face.file, face.index, stat.st_size, stat.st_mtime_ns, print_family, _drawing_version())
    kept = folder / "charts" / f"{hashlib.sha256(repr(facts).encode('utf-8')).hexdigest()}.svg"
    if kept.is_file():
        return kept.read_bytes()
    svg = chart_svg(chart, face, print_family)
    write_atomically(kept, svg)
    return svg


@functools.cache
def _drawing_version() -> str:
    """matplotlib's version and a digest of this module: what else a cached picture depends on."""
    import importlib.metadata

    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"matplotlib {importlib.metadata.version('matplotlib')} {code}"


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
