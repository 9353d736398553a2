"""Model stage: small-cell suppression, the one rule for every output (a 3 could point at one family).

Tables, open data, the figures quoted in text and the charts all ask this module what is
small, how it is shown and what else must be hidden with it.

Counts from 1 to ``threshold − 1`` are shown as “<N”. Because totals by period, unit
and channel are published too, a group with exactly one hidden cell would give it
away by subtraction: in such a group the next smallest visible cell is hidden as
well (complementary suppression, shown as “*”), until no group has a lone hidden cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from generator.content.documents import Document
from generator.content.models import StatTableSpec

MEASURE_COLUMNS = ("batches", "persons")
COMPLEMENT = "*"
"""Shown for a cell hidden only so that a small one cannot be derived from the totals."""
GROUP_COLUMNS = (
    ("period_start", "period_end"),
    ("period_start", "period_end", "unit"),
    ("period_start", "period_end", "channel"),
)


def is_small(count: int, threshold: int) -> bool:
    """A count that could point at a person: from 1 to ``threshold − 1`` (none is not small)."""
    return 0 < count < threshold


def small_marker(threshold: int) -> str:
    """What a small count is published as, wherever it appears: “<5”."""
    return f"<{threshold}"


def hidden_cells(
    counts: Sequence[int | None], groups: Iterable[Sequence[int]], threshold: int
) -> tuple[set[int], set[int]]:
    """The small cells, and every cell hidden: the small ones plus their complements.

    ``counts`` are the cells of one measure (None: empty); each group lists the cells whose
    total is published. While a group has exactly one hidden cell, its smallest visible cell
    is hidden too, so no small count can be worked out by subtraction.
    """
    small = {i for i, n in enumerate(counts) if n is not None and is_small(n, threshold)}
    hidden, groups = set(small), [list(g) for g in groups]
    changed = True
    while changed:
        changed = False
        for group in groups:
            if len(group) > 1 and sum(1 for i in group if i in hidden) == 1:
                visible = [i for i in group if i not in hidden and counts[i] is not None]
                if visible:
                    hidden.add(min(visible, key=lambda i: (counts[i] or 0, i)))
                    changed = True
    return small, hidden


def suppress(rows: Sequence[Sequence[str]], threshold: int) -> list[tuple[str, ...]]:
    """Header and rows with small counts (and their complements) replaced by ``<threshold``."""
    header, body = tuple(rows[0]), [list(r) for r in rows[1:]]
    groups: list[list[int]] = []
    for keys in GROUP_COLUMNS:
        if all(k in header for k in keys):
            members: dict[tuple[str, ...], list[int]] = defaultdict(list)
            for i, r in enumerate(body):
                members[tuple(r[header.index(k)] for k in keys)].append(i)
            groups += list(members.values())
    for measure in (m for m in MEASURE_COLUMNS if m in header):
        col = header.index(measure)
        small, hidden = hidden_cells([int(r[col]) if r[col] else None for r in body], groups, threshold)
        for i in hidden:
            body[i][col] = small_marker(threshold) if i in small else COMPLEMENT
    return [header, *(tuple(r) for r in body)]


def suppress_rates(rows: Sequence[Sequence[str]], threshold: int) -> list[tuple[str, ...]]:
    """A rates table's rows with the numerator and denominator of a rate over 1 to ``threshold − 1`` cases hidden.

    Two cases of which one was resolved point at one person as surely as a count of 1; the
    rate of such a row is not published either (it reads “—” where it is quoted or drawn).
    """
    header, body = tuple(rows[0]), [tuple(r) for r in rows[1:]]
    if "numerator" not in header or "denominator" not in header:
        return [header, *body]
    top, bottom = header.index("numerator"), header.index("denominator")
    out = [header]
    for row in body:
        if row[bottom].isdigit() and is_small(int(row[bottom]), threshold):
            row = tuple(small_marker(threshold) if i in (top, bottom) else cell for i, cell in enumerate(row))
        out.append(row)
    return out


def markers(spec: StatTableSpec) -> tuple[str, ...]:
    """What a published table of ``spec`` may hold in place of a number (its Table Schema's ``missingValues``)."""
    if spec.suppress_below <= 1:
        return ()
    if spec.role == "counts":
        return (small_marker(spec.suppress_below), COMPLEMENT)
    if spec.role == "rates":
        return (small_marker(spec.suppress_below),)
    return ()


def legend(spec: StatTableSpec) -> str:
    """What the markers in a published table mean, for the page under the table and the data package."""
    if not markers(spec):
        return ""
    small = small_marker(spec.suppress_below)
    if spec.role == "rates":
        return f"“{small}”表示该行分母为1至{spec.suppress_below - 1}件，分子分母和比率都不公布，以免识别到个人。"
    return (
        f"“{small}”表示1至{spec.suppress_below - 1}（数字太小可能识别到个人，不公布具体数）；"
        f"“{COMPLEMENT}”表示为防止由合计反推出上述数字而一并隐藏的数。"
    )


def published_table(table: Document[StatTableSpec]) -> list[tuple[str, ...]]:
    """A table's rows as published: small counts, and rates over few cases, suppressed."""
    rows = list(table.source.rows)
    if not rows or not markers(table.model):
        return rows
    if table.model.role == "counts":
        return suppress(rows, table.model.suppress_below)
    return suppress_rates(rows, table.model.suppress_below)
