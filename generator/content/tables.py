"""Validate stage helper: a statistics table's CSV rows checked against its Table Schema."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from generator import codes
from generator.codes import Code
from generator.content import periods
from generator.content.documents import Document
from generator.content.models.stats import PeriodRange, StatTableSpec, TableField
from generator.problems import Problem
from generator.source.loader import Source
from generator.source.workbook import cell_reference

COUNTS_COLUMNS = ("period_start", "period_end", "unit", "channel")
RATES_COLUMNS = ("period_start", "period_end", "metric", "numerator", "denominator")
TALLY_COLUMNS = ("period_start", "period_end", "item", "count")
_TYPE_NAMES = {
    "integer": "整数",
    "number": "数字",
    "date": "日期（YYYY-MM-DD）",
    "year": "四位年份",
    "boolean": "true 或 false",
    "string": "文字",
}


def parse_cell(field: TableField, text: str) -> Any:
    """The typed value of one CSV cell; ValueError when it does not fit the field type."""
    if field.type == "integer":
        return int(text.replace(",", ""))
    if field.type == "number":
        return float(text.replace(",", "").rstrip("%"))
    if field.type == "date":
        return dt.date.fromisoformat(text)
    if field.type == "year":
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError(text)
        return int(text)
    if field.type == "boolean":
        if text not in ("true", "false"):
            raise ValueError(text)
        return text == "true"
    return text


def check_table(table: Document[StatTableSpec]) -> list[Problem]:
    """Header, types and constraints of every cell, located as CSV row:column."""
    spec, source = table.model, table.source
    rows = source.rows
    fields = spec.table_schema.fields
    names = tuple(f.name for f in fields)
    if len(rows) - 1 > spec.max_rows:  # checked first: a wrong export must fail in seconds, not run for minutes
        message = f"数据有 {len(rows) - 1:,} 行，超过上限 {spec.max_rows:,} 行，可能导出错了文件。如确需这么多行，请在 {source.path} 中把 max_rows 调大。"
        line = source.row_lines[spec.max_rows + 1] if len(source.row_lines) > spec.max_rows + 1 else None
        return [Problem(path=source.data_path, line=line, column=1, code=codes.TABLE_TOO_LONG, message=message)]
    if not rows:
        return [
            Problem(
                path=source.data_path,
                line=1,
                column=1,
                code=codes.TABLE_EMPTY,
                message="数据表是空的：第一行应为表头。",
            )
        ]
    if spec.role == "counts":
        missing = [c for c in COUNTS_COLUMNS if c not in names]
        if missing or not ({"batches", "persons"} & set(names)):
            message = (
                f"信访量汇总表（role: counts）缺少列：{'、'.join(missing) or 'batches 或 persons'}。请按说明补齐。"
            )
            return [Problem(path=source.path, code=codes.COUNTS_COLUMNS, message=message)]
    if spec.index is not None:
        types = {f.name: f.type for f in fields}
        missing = [c for c in ("period_start", "period_end", "unit") if c not in names]
        bad = [m.column for m in spec.index.measures if types.get(m.column) not in ("integer", "number")]
        if missing or bad:
            problem = (
                f"缺少列：{'、'.join(missing)}"
                if missing
                else f"指标列 {'、'.join(bad)} 不存在或不是数字列（integer、number）"
            )
            return [Problem(path=source.path, code=codes.INDEX_SPEC, message=f"综合指数表（role: index）{problem}。")]
    warnings: list[Problem] = []
    if spec.role in ("tally", "rates"):
        required, code, kind = (
            (TALLY_COLUMNS, codes.TALLY_COLUMNS, "工作量汇总表")
            if spec.role == "tally"
            else (RATES_COLUMNS, codes.RATES_COLUMNS, "比率表")
        )
        missing = [c for c in required if c not in names]
        counted = [f.name for f in fields if f.name in ("count", "numerator", "denominator") and f.type != "integer"]
        if missing or counted:
            problem = (
                f"缺少列：{'、'.join(missing)}" if missing else f"列 {'、'.join(counted)} 的类型必须是 integer（整数）"
            )
            return [
                Problem(
                    path=source.path,
                    code=code,
                    message=f"{kind}（role: {spec.role}）{problem}。请按说明修改。",
                )
            ]
    if spec.role == "rates":
        unknown = sorted(set(spec.targets) - {row[names.index("metric")] for row in rows[1:] if len(row) == len(names)})
        if unknown:
            message = f"targets 中的指标“{'、'.join(unknown)}”在数据中没有出现，请检查指标名是否一致。"
            warnings.append(Problem(path=source.path, code=codes.RATES_TARGET_UNKNOWN, message=message))
    if rows[0] != names:
        return [
            Problem(path=source.data_path, line=1, column=1, code=codes.TABLE_HEADER, message=f"表头“{','.join(rows[0])}”与说明文件中的列“{','.join(names)}”不一致，请让两者列名和顺序相同。")
        ]  # fmt: skip
    problems = list(_cell_problems(source.data_path, rows, source.row_lines, fields))
    problems += _selection_problems(table, names)
    if spec.role == "rates" and not problems:
        problems += _rate_problems(source, names)
    return warnings + problems


def _rate_problems(source: Source, names: tuple[str, ...]) -> Iterator[Problem]:
    """A rate's numerator cannot exceed its denominator."""
    top, bottom = names.index("numerator"), names.index("denominator")
    for line, row in zip(source.row_lines[1:], source.rows[1:], strict=True):
        count = {i: int(row[i].replace(",", "")) for i in (top, bottom) if row[i]}  # integer cells, checked above
        if len(count) == 2 and count[top] > count[bottom]:
            message = f"分子 {row[top]} 大于分母 {row[bottom]}：比率不能超过 100%，请核对这一行。"
            yield Problem(path=source.data_path, line=line, column=top + 1, code=codes.RATE_OVER_WHOLE, message=message)


def _cell_problems(
    path: str, rows: tuple[tuple[str, ...], ...], lines: tuple[int, ...], fields: tuple[TableField, ...]
) -> Iterator[Problem]:
    for number, row in zip(lines[1:], rows[1:], strict=True):
        if len(row) != len(fields):
            yield Problem(
                path=path,
                line=number,
                column=1,
                code=codes.TABLE_ROW_LENGTH,
                message=f"这一行有 {len(row)} 列，表头有 {len(fields)} 列。",
            )
            continue
        for column, (field, text) in enumerate(zip(fields, row, strict=True), start=1):
            problem = _cell_problem(field, text)
            if problem:
                cell = f"单元格 {cell_reference(number, column)}，" if path.endswith(".xlsx") else ""
                yield Problem(
                    path=path,
                    line=number,
                    column=column,
                    code=problem[0],
                    message=f"{cell}“{field.title}”列：{problem[1]}",
                )


def _cell_problem(field: TableField, text: str) -> tuple[Code, str] | None:
    limits = field.constraints
    if text == "":
        return (codes.TABLE_REQUIRED, "不能为空。") if limits.required else None
    try:
        value = parse_cell(field, text)
    except ValueError:
        return codes.TABLE_CELL_TYPE, f"“{text}”不是{_TYPE_NAMES[field.type]}。"
    if limits.enum is not None and text not in limits.enum:
        return codes.TABLE_CELL_CHOICE, f"“{text}”不在允许的取值（{'、'.join(limits.enum)}）之中。"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if limits.minimum is not None and value < limits.minimum:
            return codes.TABLE_CELL_RANGE, f"{text} 小于最小值 {limits.minimum:g}。"
        if limits.maximum is not None and value > limits.maximum:
            return codes.TABLE_CELL_RANGE, f"{text} 大于最大值 {limits.maximum:g}。"
    return None


SELECTABLE = {"counts": ("channel", "level", "unit"), "tally": ("item", "unit"), "rates": ("metric", "unit")}
"""The columns a named figure may select by, per table role."""


def _selection_problems(table: Document[StatTableSpec], names: tuple[str, ...]) -> Iterator[Problem]:
    """A named figure must select by columns the table has, by values its rows use, not reuse a category's name,
    and ask for a period the table's rows make up exactly."""
    spec, source = table.model, table.source
    if not spec.figures:
        return
    selectable = SELECTABLE.get(spec.role, ())
    if not selectable:
        message = f"只有 counts、tally、rates 表可以定义统计数字（figures），这张表是 role: {spec.role}。"
        yield table.problem(("figures",), codes.FIGURE_SELECTION, message)
        return
    rows = [row for row in source.rows[1:] if len(row) == len(names)]
    used = {name: {row[i] for row in rows} for i, name in enumerate(names)}
    categories = set().union(*(used.get(column, set()) for column in selectable))
    for figure, selection in spec.figures.items():
        where = ("figures", figure)
        if figure in categories or figure == "信访总量":
            message = f"统计数字名称“{figure}”与表中已有的分类同名，请换一个名称。"
            yield table.problem(where, codes.FIGURE_SELECTION, message)
        metric = selection.where.get("metric")
        if spec.role == "rates" and not isinstance(metric, str):
            message = f"比率表的统计数字“{figure}”要指定一个指标：where 里写 metric: 指标名（不同指标的比率不能相加）。"
            yield table.problem(where, codes.FIGURE_SELECTION, message)
        chosen = rows
        for column, wanted in selection.where.items():
            if column not in selectable or column not in names:
                message = f"“{figure}”按“{column}”选取，但只能按表中的 {'、'.join(c for c in selectable if c in names)} 列选取。"
                yield table.problem((*where, "where", column), codes.FIGURE_SELECTION, message)
                continue
            values = (wanted,) if isinstance(wanted, str) else wanted
            for value in values:
                if value not in used[column]:
                    known = "、".join(sorted(used[column])) or "（没有数据）"
                    message = f"“{figure}”选取 {column} = “{value}”，但表中没有这个取值。已有的取值：{known}。"
                    yield table.problem((*where, "where", column), codes.FIGURE_SELECTION, message)
            chosen = [row for row in chosen if row[names.index(column)] in values]
        if selection.period != "latest":
            problem = _period_problem(figure, selection.period, _periods_of(rows, names), _periods_of(chosen, names))
            if problem:
                yield table.problem((*where, "period"), codes.FIGURE_PERIOD, problem)


def _periods_of(rows: list[tuple[str, ...]], names: tuple[str, ...]) -> list[periods.Period]:
    """The (start, end) of each row whose dates parse (a bad date is reported by the cell checks)."""
    first, last = names.index("period_start"), names.index("period_end")
    found = []
    for row in rows:
        try:
            found.append((dt.date.fromisoformat(row[first]), dt.date.fromisoformat(row[last])))
        except ValueError:
            continue
    return found


def _period_problem(
    figure: str, period: str | PeriodRange, table: list[periods.Period], chosen: list[periods.Period]
) -> str | None:
    """Why the figure's period cannot be made of its rows' periods, or None when it can."""
    if not table:
        return None
    latest = periods.latest(table)
    first, last = periods.resolve(period, latest)
    if periods.tiling(chosen, first, last) is not None:
        return None
    return (
        f"“{figure}”要的期间是 {first.isoformat()}至{last.isoformat()}，但它选取的数据行凑不成这段期间"
        f"（要首尾相接、不重叠）。这些行的期间：{periods.describe(chosen)}。请补齐数据行，或改 period。"
    )
