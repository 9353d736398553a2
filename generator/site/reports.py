"""Model stage: the 年报's tables as the format prints them, with their totals, and the balance they must keep.

国办公开办函〔2021〕30号 states the check on the application matrix: 一 (本年新收) + 二 (上年结转)
= 三 (本年度办理结果, 总计) + 四 (结转下年度), column by column. A column that does not balance is
a located error at its 结转下年度 cell: a figure is never published silently wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from generator import codes
from generator.content.documents import Document
from generator.content.models import AnnualReport
from generator.content.models.report import APPLICANTS
from generator.problems import Problem

Row = tuple[str, tuple[int, ...], int]
"""A line of the matrix: its label, one count per applicant then 总计, its indent (0 top, 1 under 三, 2 a reason)."""


def _sum(rows: Sequence[Sequence[int]]) -> tuple[int, ...]:
    return tuple(sum(column) for column in zip(*rows, strict=True)) if rows else (0,) * len(APPLICANTS)


def _reasons(group: Any) -> list[tuple[str, tuple[int, ...]]]:
    """A reason group's lines (label from its field's description), in the format's order."""
    fields = type(group).model_fields
    return [(str(fields[name].description).split("（六个数")[0], tuple(getattr(group, name))) for name in fields]


def results_total(report: AnnualReport) -> tuple[int, ...]:
    """三（七）总计: every result of the year."""
    results = report.applications.results
    lines: list[tuple[int, ...]] = [results.disclosed, results.partly]
    for group in (results.withheld, results.unavailable, results.not_handled, results.other):
        lines += [counts for _, counts in _reasons(group)]
    return _sum(lines)


def matrix(report: AnnualReport) -> list[Row]:
    """The application matrix as printed, each line with its 总计 (the sum of its six columns)."""
    applications, results = report.applications, report.applications.results
    lines: list[tuple[str, tuple[int, ...], int]] = [
        ("一、本年新收政府信息公开申请数量", applications.received, 0),
        ("二、上年结转政府信息公开申请数量", applications.carried_in, 0),
        ("三、本年度办理结果", (), 0),
        ("（一）予以公开", results.disclosed, 1),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", results.partly, 1),
    ]
    for title, group in (
        ("（三）不予公开", results.withheld),
        ("（四）无法提供", results.unavailable),
        ("（五）不予处理", results.not_handled),
        ("（六）其他处理", results.other),
    ):
        reasons = _reasons(group)
        lines.append((title, _sum([c for _, c in reasons]), 1))
        lines += [(label, counts, 2) for label, counts in reasons]
    lines.append(("（七）总计", results_total(report), 1))
    lines.append(("四、结转下年度继续办理", applications.carried_out, 0))
    return [(label, (*counts, sum(counts)) if counts else (), indent) for label, counts, indent in lines]


def report_problems(doc: Document[AnnualReport]) -> Iterator[Problem]:
    """一 + 二 = 三 + 四 in every column of the application matrix."""
    report, applications = doc.model, doc.model.applications
    total = results_total(report)
    for index, applicant in enumerate(APPLICANTS):
        came = applications.received[index] + applications.carried_in[index]
        went = total[index] + applications.carried_out[index]
        if came != went:
            message = (
                f"年报“收到和处理政府信息公开申请情况”表中“{applicant}”一列不平衡：一（本年新收 {applications.received[index]}）"
                f"＋二（上年结转 {applications.carried_in[index]}）＝{came}，三（办理结果总计 {total[index]}）"
                f"＋四（结转下年度 {applications.carried_out[index]}）＝{went}。按国办公开办函〔2021〕30号，两者必须相等，请核对这一列。"
            )
            yield doc.problem(("applications", "carried_out", index), codes.REPORT_UNBALANCED, message)
