"""Model stage: reception rosters (领导接访安排) — standing rules, explicit receptions, adjustments."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator import codes

from .types import IsoDate, Model, Slug, TimeRange

RECEPTION_TYPES = ("定点接访", "约访", "重点约访", "带案下访", "联合会访", "视频接访", "下访")
"""The reception types a site knows unless its site.yaml lists its own (``reception_types``)."""
ReceptionType = Annotated[str, Field(min_length=1, max_length=20)]
"""One of the site's reception types: checked against site.yaml's list (``unknown-reception-type``)."""
HolidayPolicy = Literal["skip", "previous", "next", "next_week"]
Weekday = Literal[1, 2, 3, 4, 5, 6, 7]


class Reception(Model):
    """One explicit reception: a person at a place on a date and time."""

    date: IsoDate = Field(description="接访日期。")
    person: str = Field(min_length=1, description="接访人员标识（people.yaml 中的 id）。")
    place: str = Field(min_length=1, description="接访地点标识（places.yaml 中的 id）。")
    time: TimeRange = Field(description="接访时间段，例如 08:30-12:00。")
    type: ReceptionType = Field(
        default="定点接访",
        description="接访方式：定点接访、约访、重点约访、带案下访、联合会访、视频接访或下访（site.yaml 的 reception_types 可另列）。",
    )
    backup: str | None = Field(default=None, description="B 岗（备岗）人员标识；A 岗因故不能接访时由其接访。")
    on_holiday: bool = Field(default=False, description="确认在节假日接访（否则节假日的接访会报错）。")
    note: str = Field(default="", description="备注（对外公开）。")


class RuleBase(Model):
    """What every standing rule has: where, when in the day, how, and the dates it covers."""

    place: str = Field(min_length=1, description="接访地点标识（places.yaml 中的 id）。")
    time: TimeRange = Field(description="接访时间段，例如 08:30-12:00。")
    type: ReceptionType = Field(default="定点接访", description="接访方式。")
    start: IsoDate | None = Field(default=None, description="本规则开始日期；不填时为接访安排的开始日期。")
    end: IsoDate | None = Field(default=None, description="本规则结束日期；不填时为接访安排的结束日期。")
    people: tuple[str, ...] = Field(min_length=1, description="按顺序轮值的人员标识列表。")
    backups: tuple[str, ...] = Field(
        default=(), description="B 岗（备岗）人员，按顺序与 A 岗轮值对应；不设 AB 岗的不填。"
    )


class DailyRotation(RuleBase):
    """One person a working day, taking turns in the order listed (每日轮值)."""

    kind: Literal["daily"] = Field(description="规则类型：daily 表示每个工作日轮流一人接访（含调休上班日）。")
    except_weekdays: tuple[Weekday, ...] = Field(
        default=(),
        description="这些星期几不排（1 表示星期一……7 表示星期日），例如 [1]：星期一由主要领导接访（另写 weekday 规则），每日轮值跳过星期一。",
    )


class WeekdayRule(RuleBase):
    """A fixed weekday, e.g. every Monday rotating the principals, or all village secretaries on Tuesday."""

    kind: Literal["weekday"] = Field(description="规则类型：weekday 表示每周固定某一天接访。")
    weekday: Weekday = Field(description="星期几：1 表示星期一……7 表示星期日。")
    rotate: bool = Field(default=True, description="true：名单中的人按周轮流；false：名单中的人每次都接访。")
    holiday_policy: HolidayPolicy = Field(
        default="skip",
        description="遇节假日：skip 取消，previous 提前到上一个工作日，next 顺延到下一个工作日，next_week 顺延一周。",
    )


class MonthDaysRule(RuleBase):
    """Fixed days of the month, e.g. the “三个一” days 1, 11 and 21."""

    kind: Literal["monthdays"] = Field(
        description="规则类型：monthdays 表示每月固定日期接访（如“三个一”：1日、11日、21日）。"
    )
    days: tuple[Annotated[int, Field(ge=1, le=31)], ...] = Field(
        min_length=1, description="每月几号，例如 [1, 11, 21]。"
    )
    rotate: bool = Field(default=False, description="true：名单中的人按次轮流；false：名单中的人每次都接访。")
    holiday_policy: HolidayPolicy = Field(default="next", description="遇节假日或周末的处理方式，同 weekday 规则。")


class AppointmentRule(RuleBase):
    """Appointment-only receptions on rest days (约访不打烊), one person a day in turn."""

    kind: Literal["appointment"] = Field(description="规则类型：appointment 表示休息日（周末）预约接访。")
    type: ReceptionType = Field(default="约访", description="接访方式，默认约访。")
    weekdays: tuple[Weekday, ...] = Field(default=(6, 7), description="在星期几的休息日安排，默认周六、周日 [6, 7]。")


Rule = Annotated[DailyRotation | WeekdayRule | MonthDaysRule | AppointmentRule, Field(discriminator="kind")]


class MinimumFrequency(Model):
    """Each listed person receives at least ``times`` per week (or month), e.g. principal leaders weekly."""

    people: tuple[str, ...] = Field(min_length=1, description="受约束的人员标识，例如党政主要领导。")
    times: int = Field(default=1, ge=1, description="至少接访次数。")
    per: Literal["week", "month"] = Field(default="week", description="统计周期：week 每周，month 每月。")


class Adjustment(Model):
    """A change published as 调整: a reception added, cancelled, or taken over by a substitute."""

    date: IsoDate = Field(description="被调整的接访日期。")
    action: Literal["add", "cancel", "swap"] = Field(
        description="add 增加，cancel 取消，swap 换人（原接访人因故由他人代替）。"
    )
    person: str = Field(min_length=1, description="add：新增的接访人；cancel、swap：原定接访人。")
    substitute: str | None = Field(default=None, description="swap 时代替接访的人员标识。")
    place: str | None = Field(default=None, description="add 时的接访地点标识。")
    time: TimeRange | None = Field(default=None, description="add 时的接访时间段。")
    type: ReceptionType = Field(default="定点接访", description="add 时的接访方式。")
    on_holiday: bool = Field(default=False, description="确认在节假日接访。")
    announced: IsoDate = Field(description="调整公布日期（网站上显示为“某月某日调整”）。")
    reason: str = Field(default="", description="对外公开的调整说明，例如 因公出差。不得含个人隐私。")

    @model_validator(mode="after")
    def _fields_for_action(self) -> Adjustment:
        if self.action == "swap" and not self.substitute:
            raise PydanticCustomError(codes.ADJUSTMENT_FIELDS, "换人（swap）要用 substitute 写明代替接访的人员。")
        if self.action == "add" and (self.place is None or self.time is None):
            raise PydanticCustomError(codes.ADJUSTMENT_FIELDS, "增加接访（add）要写明 place（地点）和 time（时间段）。")
        return self


class CaseLoad(Model):
    """领导包案: how many hard cases a leader has taken charge of and how many are resolved — counts, never cases."""

    person: str = Field(min_length=1, description="包案领导标识（people.yaml 中的 id）。")
    taken: int = Field(ge=0, le=10_000, description="包案件数（只写数字，不写案件内容或信访人）。")
    resolved: int = Field(ge=0, le=10_000, description="其中已化解的件数。")

    @model_validator(mode="after")
    def _resolved_within_taken(self) -> CaseLoad:
        if self.resolved > self.taken:
            raise PydanticCustomError(codes.CASE_COUNTS, "已化解件数（resolved）大于包案件数（taken），请核对。")
        return self


class RosterFields(Model):
    """The body of a reception schedule: rules expanded on the working calendar, plus explicit entries."""

    id: Slug = Field(description="接访安排标识。")
    title: str = Field(min_length=1, description="接访安排表标题。")
    start: IsoDate | None = Field(default=None, description="安排开始日期（有 rules 时必填）。")
    end: IsoDate | None = Field(default=None, description="安排结束日期（有 rules 时必填）。")
    campaign: str | None = Field(default=None, description="所属专项活动方案标识；接访日期须在活动起止日期之内。")
    rules: tuple[Rule, ...] = Field(default=(), description="常规接访规则：daily、weekday、monthdays、appointment。")
    receptions: tuple[Reception, ...] = Field(default=(), description="逐条列出的接访安排（规则之外的）。")
    constraints: tuple[MinimumFrequency, ...] = Field(
        default=(), description="接访频次要求，例如主要领导每周不少于 1 次。"
    )
    adjustments: tuple[Adjustment, ...] = Field(default=(), description="临时调整：增加、取消、换人。")
    cases: tuple[CaseLoad, ...] = Field(
        default=(),
        description="领导包案：每位领导包案件数和已化解件数（只公布数字，不公布案件内容），显示在接访安排页并作为开放数据。",
    )

    @model_validator(mode="after")
    def _dates_for_rules(self) -> RosterFields:
        if self.rules and (self.start is None or self.end is None):
            raise PydanticCustomError(codes.ROSTER_DATES, "使用 rules 时要写明 start（开始日期）和 end（结束日期）。")
        if not self.rules and not self.receptions:
            raise PydanticCustomError(
                codes.ROSTER_EMPTY, "接访安排没有内容：请写 rules（规则）或 receptions（逐条安排）。"
            )
        return self
