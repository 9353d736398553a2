"""Model stage: statistics tables (data/NAME.csv described by data/NAME.yaml with a Table Schema)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .meta import DisclosureMeta
from .types import Model, Slug

FieldType = Literal["string", "integer", "number", "date", "year", "boolean"]


class Constraints(Model):
    """Table Schema field constraints (the subset gongkai checks)."""

    required: bool = Field(default=False, description="是否必填（不能为空）。")
    minimum: float | None = Field(default=None, description="最小值。")
    maximum: float | None = Field(default=None, description="最大值。")
    enum: tuple[str, ...] | None = Field(default=None, description="允许的取值。")


class TableField(Model):
    """One column of a statistics table (Frictionless Table Schema ``field``)."""

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", description="列名（CSV 表头），英文字母、数字和下划线。")
    type: FieldType = Field(description="数据类型：string、integer、number、date、year 或 boolean。")
    title: str = Field(min_length=1, description="中文列名，显示在网页和下载文件说明中。")
    description: str = Field(default="", description="列的说明。")
    unit: str = Field(default="", description="单位，例如 件、人次、%。")
    constraints: Constraints = Field(default_factory=Constraints, description="取值约束。")


class TableSchema(Model):
    """A Frictionless Table Schema."""

    fields: tuple[TableField, ...] = Field(min_length=1, description="列定义，顺序与 CSV 表头一致。")
    primaryKey: tuple[str, ...] = Field(default=(), description="主键列（可选）。")  # noqa: N815 (Table Schema name)


class RateTarget(Model):
    """A rate's target: at least, at most, or between the two (in percent)."""

    at_least: float | None = Field(
        default=None, ge=0, le=100, description="不低于（%），例如 初信初访一次性化解率 不低于 99。"
    )
    at_most: float | None = Field(default=None, ge=0, le=100, description="不高于（%），例如 县级化解占比 不高于 10。")

    @model_validator(mode="after")
    def _one_bound(self) -> RateTarget:
        if self.at_least is None and self.at_most is None:
            raise PydanticCustomError(
                "target-bounds", "目标要写 at_least（不低于）或 at_most（不高于），或两者都写（区间）。"
            )
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise PydanticCustomError("target-bounds", "目标区间的 at_least 大于 at_most，请检查。")
        return self

    @property
    def wording(self) -> str:
        """The target as published: 99%, 不超过10%, 90%至95%."""
        if self.at_most is None:
            return f"{self.at_least:g}%"
        if self.at_least is None:
            return f"不超过{self.at_most:g}%"
        return f"{self.at_least:g}%至{self.at_most:g}%"

    @property
    def value(self) -> str:
        """The bound alone, as a plan states its goal: 10% (at most), 60% (at least), 90%至95% (a range)."""
        if self.at_least is not None and self.at_most is not None:
            return self.wording
        return f"{self.at_least if self.at_least is not None else self.at_most:g}%"

    @property
    def line(self) -> float:
        """Where a chart draws it: the bound (the lower one of a range)."""
        return self.at_least if self.at_least is not None else float(self.at_most or 0)


class Precision(Model):
    """How the table's percentages and averages are printed: decimals and rounding, as the office writes them."""

    decimals: int = Field(
        default=2, ge=0, le=2, description="百分数保留几位小数（0–2），默认 2，例如 22.81%；写 1 得到 26.7%。"
    )
    rounding: Literal["half-up", "truncate"] = Field(
        default="half-up", description="取舍方式：half-up 四舍五入（默认），truncate 截断（直接舍去多余的位数）。"
    )
    average_decimals: int = Field(
        default=0, ge=0, le=2, description="平均数（如近三年平均）保留几位小数，默认 0：件次的平均数取整。"
    )
    trailing_zeros: Literal["keep", "drop"] = Field(
        default="keep",
        description="小数末尾的 0：keep 保留（默认，35.0%），drop 去掉（35%、52.8%，如“分别下降52.8%、35%”）。",
    )


class PeriodRange(Model):
    """A figure's period by dates: from ``start`` to ``end`` (累计 from ``start`` when ``end`` is left out)."""

    start: dt.date = Field(description="起始日期，例如 2020-01-01（“2020年以来”）。")
    end: dt.date | None = Field(default=None, description="截止日期；不写则到最新一期的截止日期（累计）。")

    @model_validator(mode="after")
    def _in_order(self) -> PeriodRange:
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError("figure-period", "period 的 end 早于 start，请检查。")
        return self


NamedPeriod = Literal["latest", "一季度", "二季度", "三季度", "四季度", "上半年", "下半年", "全年", "年初至今"]


class FigureSelection(Model):
    """A named figure over a selection of rows: 赴省访 = 来访 where level = 赴省; 致省以上 = level in [赴省, 进京]."""

    where: dict[str, str | tuple[str, ...]] = Field(
        default_factory=dict,
        description="选取条件：列名（channel、level、unit；tally 表为 item、unit）→ 取值，或取值列表（其中任一）。例如 {channel: 来访, level: 赴省}。",
    )
    period: NamedPeriod | PeriodRange = Field(
        default="latest",
        description="期间：latest 最新一期（默认）；一季度、二季度、三季度、四季度、上半年、下半年、全年、年初至今（最新一期所在年份）；"
        "或 {start: 2020-01-01} 自某日起累计到最新一期，{start: …, end: …} 指定起止。数字由首尾相接、不重叠的数据行相加而得，"
        "凑不成这段期间时报错，不会少算或多算。",
    )

    @model_validator(mode="after")
    def _selects(self) -> FigureSelection:
        if not self.where and self.period == "latest":
            raise PydanticCustomError(
                "figure-selection", "统计数字要写 where（选取条件）或 period（期间），或两者都写。"
            )
        return self


class IndexMeasure(Model):
    """One measure of a composite index: a numeric column, its weight, and which way is better."""

    column: str = Field(description="列名（数字列），例如 first_resolution_rate。")
    weight: float = Field(gt=0, description="权重，例如 40（各项权重按比例折算，不必加起来等于 100）。")
    better: Literal["higher", "lower"] = Field(
        default="higher", description="higher：越高越好（如化解率）；lower：越低越好（如万人信访量）。"
    )


class IndexSpec(Model):
    """A composite index (信访工作指数) of several measures per unit, with its ranking and 红榜/黑榜."""

    name: str = Field(
        min_length=1, description="指数名称，例如 信访工作指数，正文用 {{ stats.信访工作指数.红榜 }} 引用。"
    )
    measures: tuple[IndexMeasure, ...] = Field(min_length=1, description="组成指数的指标及权重。")
    scale: Literal["min-max", "none"] = Field(
        default="min-max",
        description="min-max（默认）：每项指标在各单位之间折算为 0–100 分（最好的 100 分，最差的 0 分）再加权平均；"
        "none：数值本身就是得分，直接加权平均（各项的 better 要一致）。",
    )
    podium: int = Field(default=3, ge=1, le=20, description="红榜、黑榜各列几个单位，默认 3。")
    decimals: int = Field(default=1, ge=0, le=2, description="指数保留几位小数（四舍五入），默认 1。")

    @model_validator(mode="after")
    def _one_direction_unscaled(self) -> IndexSpec:
        if self.scale == "none" and len({m.better for m in self.measures}) > 1:
            raise PydanticCustomError(
                "index-spec", "scale: none 时各项指标的 better 必须一致（都越高越好，或都越低越好），否则请用 min-max。"
            )
        return self


class StatTableSpec(Model):
    """data/NAME.yaml: metadata and schema of data/NAME.csv."""

    id: Slug = Field(description="数据表标识，也是开放数据资源名。")
    meta: DisclosureMeta = Field(description="公开元数据。")
    update_frequency: Literal["日", "周", "月", "季", "年", "不定期"] = Field(
        default="不定期", description="更新周期。"
    )
    role: Literal["table", "counts", "rates", "tally", "index"] = Field(
        default="table",
        description="counts：信访量汇总表，必须有 period_start、period_end、unit、channel 和 batches（批次）、persons（人次）列，"
        "网站据此计算同比等数字，供正文用 {{ stats.信访总量.批次 }} 引用；rates：比率表（如初信初访一次性化解率），"
        "必须有 period_start、period_end、metric（指标名）、numerator（分子）、denominator（分母）列，可有 unit 列；"
        "tally：工作量台账汇总（交办单、督办单、屋场恳谈场次、积案等），必须有 period_start、period_end、item（项目名）、"
        "count（数量）列，可有 unit 列，正文用 {{ stats.交办单.数量 }} 引用；index：综合指数（信访工作指数），"
        "必须有 period_start、period_end、unit 列和 index 中列出的指标列，网站按权重计算各单位的指数、排名和红黑榜；table：普通数据表。",
    )
    targets: dict[str, RateTarget] = Field(
        default_factory=dict,
        description="rates 表的目标（百分数），指标名 → 目标。只写一个数表示不低于，例如 初信初访一次性化解率: 99；不高于写 {at_most: 10}；区间写 {at_least: 90, at_most: 95}。",
    )

    @model_validator(mode="after")
    def _index_with_its_role(self) -> StatTableSpec:
        if (self.role == "index") != (self.index is not None):
            raise PydanticCustomError("index-spec", "role: index 的表要写 index（指数定义）；其他表不能写 index。")
        return self

    @field_validator("targets", mode="before")
    @classmethod
    def _number_is_a_floor(cls, targets: object) -> object:
        """A bare number is a floor (初信初访一次性化解率: 99), as offices write most targets."""
        if isinstance(targets, dict):
            return {
                k: {"at_least": v} if isinstance(v, int | float) and not isinstance(v, bool) else v
                for k, v in targets.items()
            }
        return targets

    suppress_below: int = Field(
        default=5, ge=1, le=100,
        description="小数值保护：counts 表中小于此数的批次、人次显示为“<5”，并连带隐藏可据合计反推的格；rates 表中分母小于此数的行，分子分母显示为“<5”，该单位的比率不公布。防止识别到个人。1 表示不隐藏。",
    )  # fmt: skip
    max_rows: int = Field(
        default=100_000, ge=1, le=2_000_000,
        description="数据行数上限，默认 10 万行：超过时报错（往往是导出错了文件），以免构建长时间没有反应。确需更多行时调大。",
    )  # fmt: skip
    figures: dict[str, FigureSelection] = Field(
        default_factory=dict,
        description="按条件组合的统计数字（counts 表）：名称 → 选取条件，正文用 {{ stats.名称.批次 }} 等引用，和渠道、级别一样有同比、环比、占比。例如 赴省访: {where: {channel: 来访, level: 赴省}}；致省以上: {where: {level: [赴省, 进京]}}。",
    )
    index: IndexSpec | None = Field(default=None, description="综合指数的定义（role: index 时必填）。")
    precision: Precision = Field(
        default_factory=Precision,
        description="百分数和平均数的小数位数与取舍方式（同比、环比、占比、比率、近三年平均）。",
    )
    table_schema: TableSchema = Field(description="表结构（Frictionless Table Schema）。")
