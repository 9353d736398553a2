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
from collections.abc import Iterable, Mapping
from typing import Any

import jinja2

from .figures import figure_names
from .problems import Problem
from .validate import Document

_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)


def _template_line(error: BaseException) -> int:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames and frames[-1].lineno else 1


def _unknown_message(
    error: jinja2.UndefinedError, stats: Mapping[str, Mapping[str, Any]], withheld: Iterable[str] = ()
) -> str:
    match = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", str(error))
    name = next((g for g in match.groups() if g), "") if match else ""
    if name in set(withheld):
        return f"正文引用的统计数字“{name}”来自尚未公开的数据表（未到发布日期、不是主动公开或未审核），公开的正文不能先于数据引用它。"
    names = figure_names(stats)
    close = difflib.get_close_matches(name, [n.split(".")[-1] for n in names] + list(stats), n=1, cutoff=0.4)
    hint = f"是不是“{close[0]}”？" if close else "可用的数字见统计数据表。"
    available = "、".join(names[:8]) + ("等" if len(names) > 8 else "")
    return f"正文引用了不存在的统计数字“{name}”。{hint}（可用：{available}）"


def render_narratives(
    documents: Iterable[Document[Any]],
    stats: Mapping[str, Mapping[str, Any]],
    withheld: Iterable[str] = (),
    groups: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[dict[str, str], list[Problem]]:
    """Source path → body with every ``{{ … }}`` filled in, for the bodies that quote figures.

    ``stats`` holds only figures of published tables; ``withheld`` names the figures of
    tables not (yet) published, so that quoting one gets a message saying why.
    """
    bodies: dict[str, str] = {}
    problems: list[Problem] = []
    for doc in documents:
        body = doc.source.body
        if "{{" not in body and "{%" not in body:
            continue
        first = doc.source.body_line
        try:
            table = functools.partial(group_table, stats, groups or {})
            bodies[doc.source.path] = _ENV.from_string(body).render(stats=stats, 汇总表=table)
        except jinja2.TemplateSyntaxError as error:
            message = f"引用统计数字的写法不对（{error.message}）。请写成 {{{{ stats.信访总量.批次 }}}} 这样。"
            problems.append(
                Problem(doc.source.path, first + (error.lineno or 1) - 1, None, "narrative-syntax", message)
            )
        except KeyError as error:
            line = first + _template_line(error) - 1
            message = (
                f"汇总表没有“{error.args[0]}”这一分组。可用：{'、'.join(groups or {}) or '（没有已公开的汇总表）'}。"
            )
            problems.append(Problem(doc.source.path, line, None, "unknown-group", message))
        except jinja2.UndefinedError as error:
            line = first + _template_line(error) - 1
            message = _unknown_message(error, stats, withheld)
            problems.append(Problem(doc.source.path, line, None, "unknown-figure", message))
    return bodies, problems


SMALL = 5
"""Below this a count in a narrative table is shown as “<5”, as the published tables do."""


def group_table(stats: Mapping[str, Mapping[str, object]], groups: Mapping[str, tuple[str, ...]], title: str) -> str:
    """A Markdown table of one dimension's figures with the total: 批次, 人次, their 同比, and 占比.

    A small count is shown as “<5”, and so is everything that would give it away: its
    同比 (with the other year's count it yields the number) and its 占比.
    """
    if title not in groups:
        raise KeyError(title)
    lines = [
        f"| {title} | 批次 | 批次同比 | 人次 | 人次同比 | 批次占比 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in (*groups[title], "信访总量"):
        values = stats.get(name, {})
        cells = [name if name != "信访总量" else "合计"]
        for measure in ("批次", "人次"):
            now, before = values.get(measure, 0), values.get(f"{measure}上年同期", 0)
            small = any(isinstance(v, int) and 0 < v < SMALL for v in (now, before))
            cells.append(f"<{SMALL}" if isinstance(now, int) and 0 < now < SMALL else str(now))
            cells.append("—" if small else str(values.get(f"{measure}同比", "—")))
        share = values.get("批次占比", "100.00%" if name == "信访总量" else "—")
        batches = values.get("批次", 0)
        cells.append("—" if isinstance(batches, int) and 0 < batches < SMALL else str(share))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
