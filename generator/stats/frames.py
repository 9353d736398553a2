"""Model stage: a counts table as a pandas frame, its latest periods, and the measures of one slice.

Shared by the named figures of counts, rates and tally tables and by the charts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from generator.cn import cn_date, cn_month_day
from generator.content import periods as spans
from generator.content.documents import Document
from generator.content.models import StatTableSpec
from generator.content.models.stats import FigureSelection
from generator.content.tables import parse_cell

if TYPE_CHECKING:  # pandas is imported where a table is computed: a site without one does not pay for it
    import pandas as pd

MEASURES = {"batches": "批次", "persons": "人次"}


DIMENSIONS = ("channel", "level", "unit")


@dataclass(frozen=True)
class Rounding:
    """The table's ``precision``: how many decimals, half up or cut off."""

    decimals: int = 2
    truncate: bool = False
    average_decimals: int = 0
    drop_zeros: bool = False

    @classmethod
    def of(cls, table: Document[StatTableSpec]) -> Rounding:
        spec = table.model.precision
        return cls(spec.decimals, spec.rounding == "truncate", spec.average_decimals, spec.trailing_zeros == "drop")

    def text(self, value: Decimal) -> str:
        """A rounded value as printed: 35.0 stays 35.0, or reads 35 where the office drops trailing zeros."""
        if not self.drop_zeros or value == value.to_integral_value():
            return str(value.to_integral_value()) if self.drop_zeros else str(value)
        return str(value).rstrip("0").rstrip(".")

    def round(self, value: Decimal, decimals: int | None = None) -> Decimal:
        """``value`` to the table's decimals (or ``decimals``), half up or truncated, never by binary floats."""
        places = self.decimals if decimals is None else decimals
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN if self.truncate else ROUND_HALF_UP)


HALF_UP_TWO = Rounding()
"""Two decimals, half up: what the offices print unless a table says otherwise."""


def change_wording(
    current: float | Decimal, previous: float | Decimal, base: str = "上年同期", rounding: Rounding = HALF_UP_TWO
) -> str:
    """同比/环比 in the official idiom: 下降23.92% / 上升5.10% / 持平.

    The percentage is (current − previous) / previous, rounded as the table says (two decimals,
    half up, unless its ``precision`` says otherwise).
    From an earlier value of 0 no percentage exists: “上年同期为0” (``base`` names the
    comparison: 上年同期, 上期, 近三年平均). A period with no rows at all says “无…数据”
    instead, at the caller.
    """
    if previous == 0:
        return "持平" if current == 0 else f"{base}为0"
    percent = (Decimal(str(current)) - Decimal(str(previous))) / Decimal(str(previous)) * 100
    rounded = rounding.round(percent)
    if rounded == 0:
        return "持平"
    return f"{'上升' if rounded > 0 else '下降'}{rounding.text(abs(rounded))}%"


def counts_frame(table: Document[StatTableSpec]) -> pd.DataFrame:
    """A counts table as a typed DataFrame (cells already validated against the schema)."""
    fields = {f.name: f for f in table.model.table_schema.fields}
    header, *rows = table.source.rows
    records = [
        {name: parse_cell(fields[name], cell) if cell else None for name, cell in zip(header, row, strict=True)}
        for row in rows
    ]
    import pandas as pd

    return pd.DataFrame.from_records(records, columns=list(header))


def categories(table: Document[StatTableSpec], frame: pd.DataFrame, column: str) -> list[object]:
    """A column's values in the table's own order: its schema's ``enum`` first, then as they first appear.

    Offices list 来信, 来访, 网上 … (or 到市, 来县, 赴省, 进京) in a fixed order; sorting by
    character code would print them in another.
    """
    present = list(dict.fromkeys(frame[column].dropna())) if column in frame else []
    field = next((f for f in table.model.table_schema.fields if f.name == column), None)
    listed = [value for value in (field.constraints.enum or ()) if value in present] if field else []
    return [*listed, *(value for value in present if value not in listed)]


def shift_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def percent(part: float, whole: float, rounding: Rounding = HALF_UP_TWO) -> str:
    """A share as published: two decimals, half up (e.g. 53.10%), unless the table's precision says otherwise."""
    value = rounding.round(Decimal(str(part)) / Decimal(str(whole)) * 100) if whole else rounding.round(Decimal(0))
    return f"{rounding.text(value)}%"


class FigureWithoutDataError(Exception):
    """Raised where a figure without data is quoted: the narrative turns it into a located error."""

    def __init__(self, missing: NoData) -> None:
        super().__init__(missing.figure)
        self.missing = missing


@dataclass(frozen=True)
class NoData:
    """A figure asked of the latest period, for which the table has no row then: quoting it is an error, never 0.

    ``found`` lists the periods the table does have rows for it (a cumulative count since
    2020 beside this half-year's counts, say), for the message.
    """

    figure: str
    latest: tuple[dt.date, dt.date]
    found: tuple[tuple[dt.date, dt.date], ...]

    def __str__(self) -> str:
        raise FigureWithoutDataError(self)


@dataclass(frozen=True)
class Periods:
    """The rows of the current period, the same dates a year earlier (同比) and the period just before (环比)."""

    current: pd.DataFrame
    year_before: pd.DataFrame
    before: pd.DataFrame
    known: tuple[bool, bool]
    """Whether the table has any row a year before and any the period before: a unit with no
    row there then counts 0 (上年同期为0), not 无上年同期数据."""

    def matching(self, where: Mapping[str, tuple[object, ...]]) -> Periods:
        """The rows whose every column named in ``where`` holds one of its values."""
        return Periods(
            _only(self.current, where), _only(self.year_before, where), _only(self.before, where), self.known
        )

    def selecting(self, frame: pd.DataFrame, selection: FigureSelection) -> Periods | None:
        """A named figure's rows: this period's (``latest``) or those making up its period exactly, and the same
        dates a year before; None when its rows cannot make up the period (reported at the table)."""
        where = _where(selection)
        if selection.period == "latest":
            return self.matching(where)
        rows = _only(frame, where)
        first, last = spans.resolve(selection.period, spans.latest(_spans(frame)))
        now = spans.tiling(_spans(rows), first, last)
        if now is None:
            return None
        then = spans.tiling(_spans(rows), shift_year(first), shift_year(last))
        none = rows.iloc[0:0]
        return Periods(_in(rows, now), _in(rows, then) if then else none, none, (then is not None, False))

    def where(self, column: str, key: object) -> Periods:
        def only(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame[column] == key] if column in frame else frame

        return Periods(only(self.current), only(self.year_before), only(self.before), self.known)


def _where(selection: FigureSelection) -> dict[str, tuple[object, ...]]:
    return {c: (v,) if isinstance(v, str) else tuple(v) for c, v in selection.where.items()}


def selected_rows(frame: pd.DataFrame, selection: FigureSelection) -> pd.DataFrame:
    """Every row of the table (any period) that a named figure's ``where`` selects."""
    return _only(frame, _where(selection))


def _only(frame: pd.DataFrame, where: Mapping[str, tuple[object, ...]]) -> pd.DataFrame:
    for column, values in where.items():
        frame = frame[frame[column].isin(values)] if column in frame else frame.iloc[0:0]
    return frame


def _spans(frame: pd.DataFrame) -> list[spans.Period]:
    return list(zip(frame["period_start"], frame["period_end"], strict=True))


def _in(frame: pd.DataFrame, chosen: tuple[spans.Period, ...]) -> pd.DataFrame:
    wanted = set(chosen)
    return frame[[span in wanted for span in _spans(frame)]]


def figures_of(
    periods: Periods,
    measures: Mapping[str, str] = MEASURES,
    totals: Mapping[str, int] | None = None,
    rounding: Rounding = HALF_UP_TWO,
) -> dict[str, object]:
    """Each measure (column → Chinese name) now, a year before, its 同比 and 环比, and 占比 of ``totals``."""
    values: dict[str, object] = {}
    for column, name in measures.items():
        if column not in periods.current:
            continue
        now = int(periods.current[column].sum())
        year_before = int(periods.year_before[column].sum()) if column in periods.year_before else 0
        before = int(periods.before[column].sum()) if column in periods.before else 0
        known_year_before, known_before = periods.known
        values[name] = now
        values[f"{name}上年同期"] = year_before
        values[f"{name}上期"] = before
        values[f"{name}同比"] = (
            change_wording(now, year_before, rounding=rounding) if known_year_before else "无上年同期数据"
        )
        values[f"{name}环比"] = change_wording(now, before, "上期", rounding) if known_before else "无上期数据"
        if totals is not None:
            values[f"{name}占比"] = percent(now, totals[name], rounding)
    return values


def latest_periods(frame: pd.DataFrame, shortest: bool = False) -> Periods:
    """The latest period's rows, the same dates a year before, and the period just before.

    The latest period ends last; of those ending then it is the longest, or with ``shortest``
    the shortest (a tally that keeps a running total since 2020 beside this half-year's counts:
    the half-year is the latest period, and the running total is not read as it).
    """
    end = frame["period_end"].max()
    starts = frame.loc[frame["period_end"] == end, "period_start"]
    start = starts.max() if shortest else starts.min()
    length = end - start
    previous_end = start - dt.timedelta(days=1)

    def rows(first: dt.date, last: dt.date) -> pd.DataFrame:
        return frame[(frame["period_start"] == first) & (frame["period_end"] == last)]

    # 环比: the period that ends the day before this one starts, of the most similar length (months differ in days).
    starts = list(frame.loc[frame["period_end"] == previous_end, "period_start"])
    target = previous_end - length
    previous_start = min(starts, key=lambda d: (abs((d - target).days), d)) if starts else target
    year_before, before = rows(shift_year(start), shift_year(end)), rows(previous_start, previous_end)
    return Periods(rows(start, end), year_before, before, (not year_before.empty, not before.empty))


def dates_of(periods: Periods) -> dict[str, object]:
    """A figure's own first and last day, as its text says them (2020年1月1日以来 …)."""
    first, last = periods.current["period_start"].min(), periods.current["period_end"].max()
    return {"起始日期": cn_date(first), "截止日期": cn_month_day(last)}


def months_without(frame: pd.DataFrame, rows: pd.DataFrame, measure: str, end: dt.date) -> int:
    """How many calendar months in a row, up to the one holding ``end``, had a zero count (连续N个月零进京).

    Months are the table's monthly periods: the 1st to the month's last day, or to ``end`` for
    the month still running (截至6月27日, June counts as a month without). A month the table
    does not cover ends the run, since nothing is known about it.
    """

    def last_day(month: dt.date) -> dt.date:
        return min(month_end(month), end)

    spans_ = set(_spans(frame))
    count, month = 0, end.replace(day=1)
    while (month, last_day(month)) in spans_:
        mine = rows[(rows["period_start"] == month) & (rows["period_end"] == last_day(month))]
        if int(mine[measure].sum()) != 0:
            break
        count += 1
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return count


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)
