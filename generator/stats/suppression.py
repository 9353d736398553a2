"""Model stage: small-cell suppression, the one rule for every output (a 3 could point at one family).

Counts from 1 to ``threshold − 1`` are shown as “<N”. Because totals by period, unit
and channel are published too, a group with exactly one hidden cell would give it
away by subtraction: in such a group the next smallest visible cell is hidden as
well (complementary suppression, shown as “*”), until no group has a lone hidden cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

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


def suppress(rows: Sequence[Sequence[str]], threshold: int) -> list[tuple[str, ...]]:
    """Header and rows with small counts (and their complements) replaced by ``<threshold``."""
    header, body = tuple(rows[0]), [list(r) for r in rows[1:]]
    marker = f"<{threshold}"
    complement = COMPLEMENT
    for measure in (m for m in MEASURE_COLUMNS if m in header):
        col = header.index(measure)
        small = {i for i, r in enumerate(body) if r[col] and 0 < int(r[col]) < threshold}
        hidden = set(small)
        groups: list[list[int]] = []
        for keys in GROUP_COLUMNS:
            if all(k in header for k in keys):
                members: dict[tuple[str, ...], list[int]] = defaultdict(list)
                for i, r in enumerate(body):
                    members[tuple(r[header.index(k)] for k in keys)].append(i)
                groups += list(members.values())
        changed = True
        while changed:
            changed = False
            for group in groups:
                if sum(1 for i in group if i in hidden) == 1 and len(group) > 1:
                    visible = [i for i in group if i not in hidden and body[i][col]]
                    if visible:
                        hidden.add(min(visible, key=lambda i: (int(body[i][col]), i)))
                        changed = True
        for i in hidden:
            body[i][col] = marker if i in small else complement
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
    marker = f"<{threshold}"
    out = [header]
    for row in body:
        if row[bottom].isdigit() and 0 < int(row[bottom]) < threshold:
            row = tuple(marker if i in (top, bottom) else cell for i, cell in enumerate(row))
        out.append(row)
    return out


def markers(spec: StatTableSpec) -> tuple[str, ...]:
    """What a published table of ``spec`` may hold in place of a number (its Table Schema's ``missingValues``)."""
    if spec.suppress_below <= 1:
        return ()
    if spec.role == "counts":
        return (f"<{spec.suppress_below}", COMPLEMENT)
    if spec.role == "rates":
        return (f"<{spec.suppress_below}",)
    return ()


def published_table(table: Document[StatTableSpec]) -> list[tuple[str, ...]]:
    """A table's rows as published: small counts, and rates over few cases, suppressed."""
    rows = list(table.source.rows)
    if not rows or not markers(table.model):
        return rows
    if table.model.role == "counts":
        return suppress(rows, table.model.suppress_below)
    return suppress_rates(rows, table.model.suppress_below)
