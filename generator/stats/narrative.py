"""Model stage: narrative text that quotes figures by name — ``{{ stats.信访总量.批次同比 }}`` — rendered once.

A name that does not exist is a located error with a suggestion, so a number is
never typed by hand and never silently missing. ``{{ 汇总表("渠道") }}`` writes a
Markdown table of one dimension (批次, 人次, 同比, 占比 and the total), which the web
page and the 公文 PDF both set as a table.
"""

from __future__ import annotations

import difflib
import functools
import re
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

import jinja2

from generator import codes
from generator.cn import cn_number
from generator.content.documents import Document
from generator.problems import Problem
from generator.stats.charts import BEFORE, NOW, Chart, monthly_trend
from generator.stats.figures import figure_names
from generator.stats.frames import FigureWithoutDataError
from generator.stats.suppression import COMPLEMENT, hidden_cells, is_small, small_marker

SMALL = 5
"""The default threshold: below it a count in a narrative table is shown as “<5”, as the published tables do."""

_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)


def _chinese(value: object) -> str:
    """``{{ stats.柯城区.信访工作指数排名 | 汉字 }}`` → 一 (第一位), 11 → 十一 (连续十一个月); other text unchanged."""
    text = str(value)
    return cn_number(int(text)) if text.isdigit() else text


_ENV.filters["汉字"] = _chinese


class DirectionError(Exception):
    """A change quoted as a fall (``| 降幅``) is a rise, or the other way round: never printed the wrong way."""

    def __init__(self, wanted: str, wording: str) -> None:
        super().__init__(wording)
        self.wanted, self.wording = wanted, wording


def _amount(direction: str) -> Callable[[object], str]:
    """``{{ stats.来县.人次同比 | 降幅 }}`` → 52.8% where the text says 同比分别下降52.8%、35% …"""

    def amount(value: object) -> str:
        text = str(value)
        if not text.startswith(direction):
            raise DirectionError(direction, text)
        return text.removeprefix(direction)

    return amount


def _wan(value: object) -> str:
    """``{{ stats.便民服务卡.数量 | 万余 }}`` → 50万余 (503,120), 50万 (500,000): large counts as offices round them."""
    text = str(value)
    if not text.isdigit() or int(text) < 10_000:
        return text
    whole, rest = divmod(int(text), 10_000)
    return f"{whole}万余" if rest else f"{whole}万"


_ENV.filters["万余"] = _wan
_ENV.filters["降幅"] = _amount("下降")
_ENV.filters["升幅"] = _amount("上升")


def _line_naming(body: str, parts: list[str], start: int) -> int:
    """The body line (1-based, from ``start``) that quotes a figure by these name parts; Jinja reports the line
    where a run of output begins, which is not always the line of the figure."""
    pattern = re.compile(r"\.\s*".join(re.escape(part) for part in parts))
    lines = body.splitlines()
    return next((n for n in range(start, len(lines) + 1) if pattern.search(lines[n - 1])), start)


def _template_line(error: BaseException) -> int:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames and frames[-1].lineno else 1


def _unknown_message(
    error: jinja2.UndefinedError, stats: Mapping[str, Mapping[str, Any]], withheld: Iterable[str] = (), line: str = ""
) -> str:
    match = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", str(error))
    name = next((g for g in match.groups() if g), "") if match else ""
    if name in set(withheld):
        return f"正文引用的统计数字“{name}”来自尚未公开的数据表（未到发布日期、不是主动公开或未审核），公开的正文不能先于数据引用它。"
    names = figure_names(stats)
    # stats.网上投诉.人数同比: suggest from the group written (人次同比) before any other group's names.
    group = re.search(r"stats\.([^.\s{}]+)\." + re.escape(name), line)
    nearby = list(stats.get(group.group(1), {})) if group else []
    candidates = nearby + [n.split(".")[-1] for n in names] + list(stats)
    close = difflib.get_close_matches(name, nearby, n=1, cutoff=0.4) or difflib.get_close_matches(
        name, candidates, n=1, cutoff=0.4
    )
    hint = f"是不是“{close[0]}”？" if close else ""
    nearest = difflib.get_close_matches(name, [n.split(".")[-1] for n in names], n=5, cutoff=0.0)
    related = [n for n in names if n.split(".")[-1] in nearest][:5]
    listing = f"相近的有：{'、'.join(related)}。" if related else ""
    return f"正文引用了不存在的统计数字“{name}”。{hint}{listing}全部可用的数字请运行 gongkai figures 查看。"


def threshold_of(tables: Iterable[Document[Any]]) -> int:
    """The small-count threshold of the text: the strictest of the published counts tables (5 when there is none)."""
    return max((t.model.suppress_below for t in tables if t.model.role == "counts"), default=SMALL)


def render_narratives(
    documents: Iterable[Document[Any]],
    stats: Mapping[str, Mapping[str, Any]],
    withheld: Iterable[str] = (),
    groups: Mapping[str, tuple[str, ...]] | None = None,
    threshold: int = SMALL,
    tables: Mapping[str, Document[Any]] | None = None,
) -> tuple[dict[str, str], dict[str, tuple[Chart, ...]], list[Problem]]:
    """Source path → body with every ``{{ … }}`` filled in, for the bodies that quote figures.

    ``stats`` holds only figures of published tables; ``withheld`` names the figures of
    tables not (yet) published, so that quoting one gets a message saying why.
    """
    bodies: dict[str, str] = {}
    charts: dict[str, tuple[Chart, ...]] = {}
    problems: list[Problem] = []
    shown = published_figures(stats, groups or {}, threshold)
    for doc in documents:
        body = doc.source.body
        if "{{" not in body and "{%" not in body:
            continue
        first = doc.source.body_line
        try:
            table = functools.partial(group_table, stats, groups or {}, threshold=threshold)
            drawn = ChartRequest(doc, stats, groups or {}, tables or {}, threshold)
            bodies[doc.source.path] = _ENV.from_string(body).render(
                stats=shown, 汇总表=table, 图表=drawn.group, 趋势图=drawn.trend
            )
            if drawn.charts:
                charts[doc.source.path] = tuple(drawn.charts)
        except jinja2.TemplateSyntaxError as error:
            message = f"引用统计数字的写法不对（{error.message}）。请写成 {{{{ stats.信访总量.批次 }}}} 这样。"
            problems.append(
                Problem(
                    path=doc.source.path,
                    line=first + (error.lineno or 1) - 1,
                    column=None,
                    code=codes.NARRATIVE_SYNTAX,
                    message=message,
                )
            )
        except FigureWithoutDataError as error:
            missing = error.missing
            line = first + _line_naming(body, missing.figure.split("."), _template_line(error)) - 1
            found = "、".join(f"{a.isoformat()}至{b.isoformat()}" for a, b in missing.found) or "没有任何一期"
            message = (
                f"统计数字“{missing.figure}”在最新一期（{missing.latest[0].isoformat()}至{missing.latest[1].isoformat()}）"
                f"没有数据，不能当作 0 发布。数据表中它的期间是：{found}。请补上这一期的数据，或改正正文的引用。"
            )
            problems.append(
                Problem(path=doc.source.path, line=line, column=None, code=codes.FIGURE_WITHOUT_DATA, message=message)
            )
        except DirectionError as error:
            filter_name = "降幅" if error.wanted == "下降" else "升幅"
            line = first + _line_naming(body, [filter_name], _template_line(error)) - 1
            message = (
                f"正文把一个变化写成“{error.wanted}”，但它是“{error.wording}”：数字变了，这句话的说法也要改。"
                "请改写这一句（或改用不带 | 降幅、| 升幅 的写法）。"
            )
            problems.append(
                Problem(path=doc.source.path, line=line, column=None, code=codes.FIGURE_DIRECTION, message=message)
            )
        except ChartError as error:
            line = first + _line_naming(body, ["趋势图"], _template_line(error)) - 1
            message = (
                f"趋势图“{error.table_id}”没有按月的数据可画：趋势图要引用一张已公开的计数或分项统计表，"
                "表里至少有三个整月（每行的起止日期是同一个月的第一天和最后一天）。"
                if error.found
                else f"趋势图引用的统计表“{error.table_id}”不存在或尚未公开。可用：{'、'.join(tables or {}) or '（没有）'}。"
            )
            problems.append(
                Problem(path=doc.source.path, line=line, column=None, code=codes.CHART_UNAVAILABLE, message=message)
            )
        except KeyError as error:
            line = first + _template_line(error) - 1
            message = (
                f"汇总表没有“{error.args[0]}”这一分组。可用：{'、'.join(groups or {}) or '（没有已公开的汇总表）'}。"
            )
            problems.append(
                Problem(path=doc.source.path, line=line, column=None, code=codes.UNKNOWN_GROUP, message=message)
            )
        except jinja2.UndefinedError as error:
            line = first + _template_line(error) - 1
            written = body.splitlines()[line - first : line - first + 1]
            message = _unknown_message(error, stats, withheld, "".join(written))
            problems.append(
                Problem(path=doc.source.path, line=line, column=None, code=codes.UNKNOWN_FIGURE, message=message)
            )
    return bodies, charts, problems


class ChartRequest:
    """The charts one body asks for, ``{{ 图表("渠道") }}`` and ``{{ 趋势图("表的标识") }}``, in order.

    Each call writes the chart's picture and caption into the Markdown (``{id}/chart-N.svg``,
    drawn next to the page and into the PDF) and keeps the :class:`Chart` it stands for.
    """

    def __init__(
        self,
        doc: Document[Any],
        stats: Mapping[str, Mapping[str, object]],
        groups: Mapping[str, tuple[str, ...]],
        tables: Mapping[str, Document[Any]],
        threshold: int,
    ) -> None:
        self.doc, self.stats, self.groups, self.tables, self.threshold = doc, stats, groups, tables, threshold
        self.charts: list[Chart] = []

    def group(self, title: str) -> str:
        """A bar chart of one dimension: each category's 批次 this period and a year before, as 汇总表 prints them."""
        if title not in self.groups:
            raise KeyError(title)
        names = self.groups[title]
        shown = published_figures(self.stats, {title: names}, self.threshold)
        series, labels = [], []
        for legend, column, colour in (("本期", "批次", NOW), ("上年同期", "批次上年同期", BEFORE)):
            cells = [shown.get(name, {}).get(column, 0) for name in names]
            series.append((legend, [float(c) if isinstance(c, int) else 0.0 for c in cells], colour))
            labels.append(tuple(str(c) for c in cells))
        return self._insert(
            Chart(
                names=list(names),
                series=series,
                axis="批次",
                alt=f"条形图：各{title}本期与上年同期的信访批次，数值见汇总表",
                caption=f"各{title}信访批次与上年同期对比",
                labels=tuple(labels),
            )
        )

    def trend(self, table_id: str) -> str:
        """A line of a published counts or tally table's monthly totals."""
        table = self.tables.get(table_id)
        chart = monthly_trend(table) if table is not None else None
        if chart is None:
            raise ChartError(table_id, table is not None)
        title = table.model.meta.title if table is not None else table_id
        return self._insert(replace(chart, caption=f"{title}：{chart.caption.removeprefix('图：').split('（数据')[0]}"))

    def _insert(self, chart: Chart) -> str:
        self.charts.append(chart)
        number = len(self.charts)
        return (
            f"\n![{chart.alt}]({self.doc.model.id}/figure-{number}-chart.svg){{: .gk-chart }}\n\n"
            f"图{number}　{chart.caption}\n{{: .gk-caption }}\n"
        )


class ChartError(Exception):
    """``趋势图`` names a table that is not published, or one without monthly rows to draw."""

    def __init__(self, table_id: str, found: bool) -> None:
        super().__init__(table_id)
        self.table_id, self.found = table_id, found


def group_table(
    stats: Mapping[str, Mapping[str, object]], groups: Mapping[str, tuple[str, ...]], title: str, threshold: int = SMALL
) -> str:
    """A Markdown table of one dimension's figures with the total: 批次, 人次, their 同比, and 占比.

    The cells are those of :func:`published_figures`: a small count shows as “<5”, and
    whatever would give it away (its 同比, its 占比, a second row beside the 合计) does not.
    """
    if title not in groups:
        raise KeyError(title)
    names = groups[title]
    shown = published_figures(stats, {title: names}, threshold)
    lines = [
        f"| {title} | 批次 | 批次同比 | 人次 | 人次同比 | 批次占比 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in [*names, TOTAL]:
        values = shown.get(name, {})
        cells = ["合计" if name == TOTAL else name]
        for measure in MEASURES:
            cells += [str(values.get(measure, 0)), str(values.get(f"{measure}同比", "—"))]
        cells.append("100.00%" if name == TOTAL else str(values.get("批次占比", "—")))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


TOTAL = "信访总量"
MEASURES = ("批次", "人次")


def published_figures(
    stats: Mapping[str, Mapping[str, object]], groups: Mapping[str, tuple[str, ...]], threshold: int = SMALL
) -> dict[str, dict[str, object]]:
    """The figures as text may quote them: a count from 1 to ``threshold − 1`` reads “<5”.

    What would give a small count away reads “—”: its 同比, 环比 and 较近三年平均 (with
    the other count they yield it) and its 占比. Since the total of a dimension is
    published, a lone small row in it hides a second one (“*”), as the published tables do;
    the same holds for last year's counts and the period before's.
    """
    shown = {group: dict(values) for group, values in stats.items()}
    for names in [*groups.values(), (TOTAL,)]:
        rows = [stats.get(name, {}) for name in names]
        for measure in MEASURES:
            columns = {when: f"{measure}{when}" for when in ("", "上年同期", "上期")}
            hidden = {when: _hidden([_count(r, column) for r in rows], threshold) for when, column in columns.items()}
            derived = {
                "同比": hidden[""] | hidden["上年同期"],
                "环比": hidden[""] | hidden["上期"],
                "占比": hidden[""],
                "较近三年平均": hidden[""],
            }
            for index, name in enumerate(names):
                values = shown.get(name)
                if values is None:
                    continue
                for when, column in columns.items():
                    if index in hidden[when] and column in values:
                        small = is_small(_count(rows[index], column), threshold)
                        values[column] = small_marker(threshold) if small else COMPLEMENT
                for suffix, rows_hidden in derived.items():
                    if index in rows_hidden and f"{measure}{suffix}" in values:
                        values[f"{measure}{suffix}"] = "—"
    grouped = {TOTAL, *(name for names in groups.values() for name in names)}
    for name, values in shown.items():  # a named figure (赴省访 …) stands alone: a small count of it is hidden too
        if name in grouped:
            continue
        for measure in MEASURES:
            if is_small(_count(values, measure), threshold):
                values[measure] = small_marker(threshold)
                for suffix in ("上年同期", "上期", "同比", "环比", "占比", "较近三年平均"):
                    if f"{measure}{suffix}" in values:
                        values[f"{measure}{suffix}"] = "—"
    return shown


def _count(values: Mapping[str, object], name: str) -> int:
    value = values.get(name, 0)
    return value if isinstance(value, int) else 0


def _hidden(counts: list[int], threshold: int) -> set[int]:
    """Rows whose count is small, plus a complement when a single row would be hidden (their total is published)."""
    return hidden_cells(counts, [range(len(counts))], threshold)[1]
