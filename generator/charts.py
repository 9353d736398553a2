"""Render stage: a chart beside each counts table — 批次 by unit (or channel), this period against a year before.

The chart is an SVG from matplotlib with its text turned into outlines, so it shows the
same on every reader's machine without a Chinese web font. It repeats what the table
next to it says (the table is the accessible form), and it draws no bar for a value the
table suppresses: a small count is labelled "<5" there as here.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from .figures import counts_frame, latest_periods
from .fonts import Face, cached_subset, face_characters
from .models import StatTableSpec
from .validate import Document

NOW, BEFORE = "#b31b1b", "#9aa5b1"  # the site's red; a grey that prints light


def chart_rows(table: Document[StatTableSpec]) -> list[tuple[str, int, int]]:
    """(unit or channel, 批次 this period, 批次 the same dates a year before), largest first."""
    frame = counts_frame(table)
    if frame.empty or "batches" not in frame:
        return []
    key = "unit" if "unit" in frame else "channel"
    periods = latest_periods(frame)
    now = periods.current.groupby(key)["batches"].sum()
    before = periods.year_before.groupby(key)["batches"].sum()
    keys = sorted(set(frame[key].dropna()), key=lambda k: (-int(now.get(k, 0)), str(k)))
    return [(str(k), int(now.get(k, 0)), int(before.get(k, 0))) for k in keys]


def bar_values(values: list[int], threshold: int) -> tuple[list[int], list[str]]:
    """Bar lengths and labels: a count from 1 to threshold − 1 is drawn as nothing and labelled "<N", as in the table."""
    small = [0 < v < threshold for v in values]
    return [0 if s else v for v, s in zip(values, small, strict=True)], [
        f"<{threshold}" if s else str(v) for v, s in zip(values, small, strict=True)
    ]


def counts_chart_svg(table: Document[StatTableSpec], face: Face) -> bytes | None:
    """The chart as SVG bytes (the same for the same data), or None when the table has nothing to draw."""
    rows = chart_rows(table)
    if not rows:
        return None
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import pyplot as plt
    from matplotlib.font_manager import FontProperties

    threshold = table.model.suppress_below
    font = FontProperties(fname=face.file, size=13)  # still legible when a phone scales the chart down
    names = [name for name, _, _ in rows][::-1]
    with plt.rc_context({"svg.fonttype": "path", "svg.hashsalt": "gongkai", "axes.unicode_minus": False}):
        figure, axes = plt.subplots(figsize=(6.0, 0.6 * len(rows) + 1.2), dpi=72)
        positions = pd.RangeIndex(len(rows))
        series = (
            (0.2, [now for _, now, _ in rows][::-1], NOW, "本期"),
            (-0.2, [before for _, _, before in rows][::-1], BEFORE, "上年同期"),
        )
        for offset, values, colour, label in series:
            shown, labels = bar_values(values, threshold)
            bars = axes.barh(positions + offset, shown, height=0.38, color=colour, label=label)
            axes.bar_label(bars, labels=labels, padding=3, fontproperties=font)
        axes.set_yticks(positions, names, fontproperties=font)
        axes.set_xlabel("批次", fontproperties=font)
        axes.legend(prop=font, loc="lower right", frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        axes.margins(x=0.12)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
        plt.close(figure)
    return out.getvalue().encode("utf-8")


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
