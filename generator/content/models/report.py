"""Model stage: the 政府信息公开工作年度报告 in the format of 国办公开办函〔2021〕30号 (disclosure.md §3.3).

Six sections; the tables are data, typed once: the page sets them as the format's tables and
adds the totals. The 收到和处理政府信息公开申请情况 matrix has one row per line of the format
and one number per kind of applicant (``APPLICANTS``); 一 + 二 = 三 + 四 is checked per column
(``site/reports.py``), so an unbalanced table is a located error at its cell.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .meta import DisclosureMeta
from .types import Model, Slug

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
"""The columns of the application matrix: 自然人, then the five kinds of 法人或其他组织 (总计 is computed)."""

Counts = tuple[int, int, int, int, int, int]


def _counts(description: str) -> Any:
    """A row of the matrix: one count per kind of applicant, none by default."""
    return Field(default=(0, 0, 0, 0, 0, 0), description=description + "（六个数：" + "、".join(APPLICANTS) + "）")


class Rules(Model):
    """第二十条第（一）项: 规章 and 行政规范性文件."""

    issued: int = Field(default=0, ge=0, description="本年制发件数。")
    repealed: int = Field(default=0, ge=0, description="本年废止件数。")
    in_force: int = Field(default=0, ge=0, description="现行有效件数。")


class Proactive(Model):
    """二、主动公开政府信息情况: the four small tables, and what was published elsewhere than this site."""

    rules: Rules = Field(default_factory=Rules, description="规章和行政规范性文件（第二十条第（一）项）。")
    licensing: int = Field(default=0, ge=0, description="行政许可本年处理决定数量（第二十条第（五）项）。")
    penalties: int = Field(default=0, ge=0, description="行政处罚和行政强制本年处理决定数量（第二十条第（六）项）。")
    fees: float = Field(default=0, ge=0, description="行政事业性收费本年收费金额（万元，第二十条第（八）项）。")
    elsewhere: int = Field(
        default=0,
        ge=0,
        description="本年在本站以外的平台（如县政府门户网站、政务公众号）主动公开的信息条数。本站当年发布的条数由网站自动统计。",
    )


class Withheld(Model):
    """（三）不予公开, by reason."""

    state_secret: Counts = _counts("1.属于国家秘密")
    forbidden_by_law: Counts = _counts("2.其他法律行政法规禁止公开")
    three_safeties: Counts = _counts("3.危及“三安全一稳定”")
    third_party: Counts = _counts("4.保护第三方合法权益")
    internal_affairs: Counts = _counts("5.属于三类内部事务信息")
    process_information: Counts = _counts("6.属于四类过程性信息")
    enforcement_files: Counts = _counts("7.属于行政执法案卷")
    inquiries: Counts = _counts("8.属于行政查询事项")


class Unavailable(Model):
    """（四）无法提供, by reason."""

    not_held: Counts = _counts("1.本机关不掌握相关政府信息")
    needs_making: Counts = _counts("2.没有现成信息需要另行制作")
    still_unclear: Counts = _counts("3.补正后申请内容仍不明确")


class NotHandled(Model):
    """（五）不予处理, by reason."""

    petition_or_complaint: Counts = _counts("1.信访举报投诉类申请")
    repeated: Counts = _counts("2.重复申请")
    publications: Counts = _counts("3.要求提供公开出版物")
    unreasonable: Counts = _counts("4.无正当理由大量反复申请")
    confirm_or_reissue: Counts = _counts("5.要求行政机关确认或重新出具已获取信息")


class OtherHandling(Model):
    """（六）其他处理."""

    no_correction: Counts = _counts("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    no_fee: Counts = _counts("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    other: Counts = _counts("3.其他")


class Results(Model):
    """三、本年度办理结果."""

    disclosed: Counts = _counts("（一）予以公开")
    partly: Counts = _counts("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    withheld: Withheld = Field(default_factory=Withheld, description="（三）不予公开。")
    unavailable: Unavailable = Field(default_factory=Unavailable, description="（四）无法提供。")
    not_handled: NotHandled = Field(default_factory=NotHandled, description="（五）不予处理。")
    other: OtherHandling = Field(default_factory=OtherHandling, description="（六）其他处理。")


class Applications(Model):
    """三、收到和处理政府信息公开申请情况."""

    received: Counts = _counts("一、本年新收政府信息公开申请数量")
    carried_in: Counts = _counts("二、上年结转政府信息公开申请数量")
    results: Results = Field(default_factory=Results, description="三、本年度办理结果。")
    carried_out: Counts = _counts("四、结转下年度继续办理")


REVIEW_OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结")

Outcomes = tuple[int, int, int, int]


def _outcomes(description: str) -> Any:
    return Field(default=(0, 0, 0, 0), description=description + "（四个数：" + "、".join(REVIEW_OUTCOMES) + "）")


class Reviews(Model):
    """四、政府信息公开行政复议、行政诉讼情况."""

    reconsideration: Outcomes = _outcomes("行政复议")
    lawsuit: Outcomes = _outcomes("未经复议直接起诉")
    lawsuit_after_reconsideration: Outcomes = _outcomes("复议后起诉")


class AnnualReport(Model):
    """content/reports/ID.yaml: one year's 政府信息公开工作年度报告 (six sections, tables as data)."""

    id: Slug = Field(description="年报标识，用于网址，例如 2024-nianbao。")
    column: Slug = Field(default="nianbao", description="所属栏目的标识，默认 nianbao（政府信息公开年报）。")
    meta: DisclosureMeta = Field(description="公开元数据（标题如 某某街道办事处2024年政府信息公开工作年度报告）。")
    year: int = Field(ge=2008, le=2100, description="报告年度（按《条例》第五十条，次年1月31日前公布）。")
    overview: str = Field(min_length=1, description="一、总体情况（可用 Markdown）。")
    proactive: Proactive = Field(default_factory=Proactive, description="二、主动公开政府信息情况。")
    applications: Applications = Field(default_factory=Applications, description="三、收到和处理政府信息公开申请情况。")
    reviews: Reviews = Field(default_factory=Reviews, description="四、政府信息公开行政复议、行政诉讼情况。")
    problems: str = Field(min_length=1, description="五、存在的主要问题及改进情况。")
    other: str = Field(default="无。", description="六、其他需要报告的事项。")
