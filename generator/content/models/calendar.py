"""Model stage: content/calendar.yaml — holidays and 调休 working days the holidays package does not know yet."""

from __future__ import annotations

from pydantic import Field

from .types import IsoDate, Model


class Holiday(Model):
    """A rest day (法定节假日 or 调休 rest day)."""

    date: IsoDate = Field(description="放假日期。")
    name: str = Field(min_length=1, description="名称，例如 春节、休息日（由 2027-02-20 调休）。")


class CalendarYear(Model):
    """One year's arrangement, from the State Council's 部分节假日安排的通知."""

    year: int = Field(ge=2000, le=2100, description="年份。")
    source: str = Field(min_length=1, description="依据，例如 国办发明电〔2026〕×号。")
    holidays: tuple[Holiday, ...] = Field(default=(), description="放假的日子（含调休形成的休息日）。")
    workdays: tuple[IsoDate, ...] = Field(default=(), description="调休上班的周末日期。")
    replace: bool = Field(default=False, description="true：本年完全以这里为准，不使用 holidays 软件包中的该年数据。")


class CalendarFile(Model):
    """content/calendar.yaml: corrections and additions to the Chinese working calendar."""

    years: tuple[CalendarYear, ...] = Field(default=(), description="按年份列出的节假日安排。")
