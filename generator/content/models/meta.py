"""Model stage: the disclosure metadata (政府信息公开 元数据) every published document carries."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .types import DocNumber, IsoDate, Model

Disclosure = Literal["主动公开", "依申请公开", "不予公开"]
Validity = Literal["有效", "失效", "废止"]
Genre = Literal[
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告",
    "请示", "批复", "议案", "函", "纪要", "方案", "计划", "总结", "统计数据", "工作动态", "其他",
]  # fmt: skip


class Review(Model):
    """Who approved the item for publication (审核), and when."""

    reviewer: str = Field(min_length=1, description="审核人：批准公开此信息的负责人姓名（或“保密审查”负责人）。")
    date: IsoDate = Field(description="审核日期，格式 YYYY-MM-DD。")


class DisclosureFields(Model):
    """The metadata block of 政府信息公开 (disclosure.md §1), shared by every document kind."""

    suoyinhao: str | None = Field(
        default=None,
        description="索引号：信息的唯一标识，一经生成不再更改。不填时按 site.yaml 中的模板自动生成（会给出警告，请把生成的号码写回文件）。",
    )
    title: str = Field(min_length=1, description="标题（名称）：信息的正式标题，不加书名号。")
    publisher: str | None = Field(
        default=None, description="发布机构：发布机关全称，不用简称。不填时使用 site.yaml 的 publisher.full_name。"
    )
    doc_number: DocNumber | None = Field(
        default=None,
        description="文号（发文字号）：发文机关代字〔年份〕序号号，例如 晋政青〔2024〕62号；没有文号的不填。",
    )
    date_written: IsoDate = Field(description="成文日期：公文签发日期，数据表为数据完整可用的日期。格式 YYYY-MM-DD。")
    date_published: IsoDate = Field(
        description="发布日期：上网公开的日期，格式 YYYY-MM-DD。晚于构建日期的信息暂不发布。"
    )
    subject: str | None = Field(
        default=None,
        pattern=r"^[^\\]+(\\[^\\]+)?$",
        description="主题分类：写成“一级\\二级”，例如 综合政务\\信访。不填时使用 site.yaml 的默认主题分类。",
    )
    genre: Genre = Field(description="体裁分类（文种），例如 通知、通告、方案、统计数据。")
    validity: Validity = Field(default="有效", description="有效性：有效、失效或废止。")
    source: str | None = Field(default=None, description="信息来源：产生信息的单位。不填时同发布机构。")
    keywords: tuple[str, ...] = Field(default=(), description="关键词（主题词）列表，例如 [信访, 接访]。")
    summary: str | None = Field(default=None, max_length=300, description="内容概述：不超过 300 字的摘要。")
    disclosure: Disclosure = Field(
        description="公开属性：主动公开、依申请公开或不予公开。只有“主动公开”且已审核的信息才会发布到网站。"
    )
    review: Review | None = Field(default=None, description="审核：审核人和审核日期。主动公开的信息必须填写。")


class DisclosureMeta(DisclosureFields):
    """Disclosure metadata as a nested block (``meta:``) of a YAML document."""
