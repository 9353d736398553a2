"""Model stage: campaign plans, reception rosters, notices and pages."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from generator import codes

from .meta import DisclosureFields, DisclosureMeta
from .roster import RosterFields
from .types import IsoDate, Model, Slug


class Metric(Model):
    """A measurable target, e.g. 初信初访一次性化解率 ≥ 99%."""

    name: str = Field(min_length=1, description="指标名称，例如 初信初访一次性化解率。")
    op: Literal[">=", "<=", "=", ">", "<"] = Field(description="比较方式：>= 表示“达到…以上”。")
    value: float = Field(description="目标值（数字）。")
    unit: str = Field(default="", description="单位，例如 %。")


class Target(Model):
    """One 目标任务 of a plan, optionally with a measurable metric."""

    name: str = Field(min_length=1, description="目标名称，例如 “大化解”目标任务。")
    text: str = Field(min_length=1, description="目标内容（可用 Markdown）。")
    metrics: tuple[Metric, ...] = Field(default=(), description="可量化的指标。")


class Measure(Model):
    """A numbered measure (措施) of a sub-campaign."""

    title: str = Field(min_length=1, description="措施标题，例如 全面排查动态管理。")
    text: str = Field(min_length=1, description="措施内容。")


class SubCampaign(Model):
    """A 子活动 such as 矛盾纠纷大排查, with its lead-in and measures."""

    name: str = Field(min_length=1, description="子活动名称，例如 矛盾纠纷大排查。")
    text: str = Field(default="", description="导语。")
    measures: tuple[Measure, ...] = Field(default=(), description="措施列表，按顺序编号。")


class Phase(Model):
    """One 实施步骤 stage with its date range."""

    name: str = Field(min_length=1, description="阶段名称，例如 动员部署阶段。")
    start: IsoDate = Field(description="开始日期。")
    end: IsoDate = Field(description="结束日期（当天一天的阶段与开始日期相同）。")
    text: str = Field(default="", description="本阶段的工作内容。")
    sub_campaigns: tuple[SubCampaign, ...] = Field(
        default=(), description="本阶段开展的子活动及其措施（如活动实施阶段的三大活动）。"
    )


class Deadline(Model):
    """A reporting deadline: a date, or a weekly rhythm (weekdays 1 = Monday … 7 = Sunday)."""

    what: str = Field(min_length=1, description="报送事项，例如 信访突出问题清单。")
    who: str = Field(default="", description="报送单位，例如 各社区。")
    to: str = Field(default="", description="报送给谁，例如 街道信访办。")
    date: IsoDate | None = Field(default=None, description="一次性截止日期。与 weekdays 二选一。")
    weekdays: tuple[Literal[1, 2, 3, 4, 5, 6, 7], ...] = Field(
        default=(), description="每周报送日，1 表示星期一，7 表示星期日，例如 [3, 5] 表示每周三、五。"
    )

    @model_validator(mode="after")
    def _one_rule(self) -> Deadline:
        if (self.date is None) == (not self.weekdays):
            raise PydanticCustomError(
                codes.DEADLINE_RULE, "报送时限要么写 date（一次性日期），要么写 weekdays（每周几），两者只能写一个。"
            )
        return self


class Attachment(Model):
    """An 附件 of a notice or plan. Filled-in internal forms are never published."""

    number: int = Field(ge=1, description="附件序号。")
    title: str = Field(min_length=1, description="附件标题，与附件说明一致。")
    kind: Literal["公开内容", "空白模板"] = Field(
        description="公开内容：附件本身公开（如接访安排表）；空白模板：内部表格，只公开不含任何数据的空白样表。"
    )
    roster: str | None = Field(default=None, description="公开内容为接访安排表时，引用的接访安排标识。")
    columns: tuple[str, ...] = Field(default=(), description="空白模板的表头列。")
    layout: Literal["自动", "横排", "缩小"] = Field(
        default="自动",
        description="PDF 中表格的排法。自动：竖排放得下就竖排，否则横排（A4 横向，GB/T 9704 第10章）；横排：总是横排；缩小：允许把字号从12磅缩到最小9磅。",
    )

    @model_validator(mode="after")
    def _content_matches_kind(self) -> Attachment:
        if self.kind == "空白模板" and (self.roster or not self.columns):
            raise PydanticCustomError(codes.ATTACHMENT_KIND, "空白模板附件要列出 columns（表头），不能引用接访安排。")
        if self.kind == "公开内容" and not self.roster:
            raise PydanticCustomError(codes.ATTACHMENT_KIND, "公开内容附件要用 roster 指明引用的接访安排。")
        return self


class ContactPerson(Model):
    """The contact named in a plan for reports (an official role, not a petitioner)."""

    name: str = Field(min_length=1, description="联系人姓名（工作人员）。")
    phone: str = Field(min_length=1, description="联系电话（工作电话）。")
    role: str = Field(default="", description="联系人的岗位，例如 街道信访办。")


class Section(Model):
    """A titled paragraph, e.g. one 工作要求."""

    title: str = Field(min_length=1, description="小标题。")
    text: str = Field(min_length=1, description="内容。")


class PartOf(Model):
    """Either own disclosure metadata, or publication as part of a notice."""

    meta: DisclosureMeta | None = Field(default=None, description="本文件自己的公开元数据；随通知印发的不填。")
    published_with: str | None = Field(default=None, description="随哪个通知印发（通知的 id）；与 meta 二选一。")

    @model_validator(mode="after")
    def _one_origin(self) -> PartOf:
        if (self.meta is None) == (self.published_with is None):
            raise PydanticCustomError(
                codes.META_OR_NOTICE,
                "请填写 meta（本文件的公开元数据）或 published_with（随哪个通知印发），两者只能填一个。",
            )
        return self


class CampaignPlan(PartOf):
    """An 实施方案 of a campaign: goal, targets, phases, sub-campaigns, requirements, attachments."""

    id: Slug = Field(description="方案标识，用于网址，例如 2024-xinfang-month。")
    title: str = Field(min_length=1, description="方案标题。")
    preamble: str = Field(default="", description="开头段落（为了……，决定开展……）。")
    goal: str = Field(default="", description="总体目标。")
    targets: tuple[Target, ...] = Field(default=(), description="目标任务。")
    start: IsoDate = Field(description="活动开始日期。")
    end: IsoDate = Field(description="活动结束日期。")
    phases_intro: str = Field(default="", description="实施步骤的导语。")
    phases: tuple[Phase, ...] = Field(default=(), description="实施步骤（阶段）。")
    deadlines: tuple[Deadline, ...] = Field(default=(), description="报送时限。")
    contact: ContactPerson | None = Field(default=None, description="报送联系人。")
    requirements: tuple[Section, ...] = Field(default=(), description="工作要求。")
    attachments: tuple[Attachment, ...] = Field(default=(), description="附件。")


class ReceptionRoster(PartOf, RosterFields):
    """A reception schedule (领导接访安排表), with its own metadata or printed with a notice."""


class Notice(DisclosureFields):
    """A 通知 (front matter of a Markdown file); the body is its 正文."""

    id: Slug = Field(description="通知标识，用于网址。")
    addressee: str = Field(
        default="",
        description="主送机关，例如 各社区居委会，各相关单位。结尾的冒号可写可不写，公文中统一加全角冒号“：”。",
    )
    signer: str = Field(min_length=1, description="署名（发文机关署名）。")
    plan: str | None = Field(default=None, description="随通知印发的实施方案标识（campaigns 中的 id）。")
    seal: str | None = Field(
        default=None,
        description="印章图片（透明背景 PNG），放在 content/assets/ 下，这里写文件名，例如 seal.png。不填则不加盖印章。",
    )
    note: str = Field(
        default="", description="附注：如“此件公开发布”或联系人、电话；公文中在成文日期下一行加圆括号排出。不用写括号。"
    )
    cc: str = Field(default="", description="抄送机关。")
    printer: str = Field(default="", description="印发机关。")
    print_date: IsoDate | None = Field(default=None, description="印发日期。")

    @field_validator("addressee")
    @classmethod
    def _without_colon(cls, addressee: str) -> str:
        return addressee.rstrip(":：").rstrip()


class Article(DisclosureFields):
    """An item published on the web only (front matter of a Markdown file): a 指南, a 制度, a 年报, a 工作动态."""

    id: Slug = Field(description="信息标识，用于网址，例如 2024-xxgk-zhinan。")
    column: Slug = Field(
        description="所属栏目的标识（site.yaml 的 columns），例如 zhinan（政府信息公开指南）、nianbao（年报）。"
    )


class Page(Model):
    """A free page (front matter of a Markdown file), e.g. 联系我们."""

    id: Slug = Field(description="页面标识，用于网址。")
    title: str = Field(min_length=1, description="页面标题。")
    summary: str = Field(default="", description="一句话说明。")
