"""Model stage: site settings (content/site.yaml), people and places."""

from __future__ import annotations

import string
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from generator import codes
from generator.content.licences import licence_of

from .roster import RECEPTION_TYPES
from .types import IsoDate, Model, Slug


class Publisher(Model):
    """The office that publishes the site (发布机构)."""

    full_name: str = Field(min_length=1, description="发布机构全称，例如 晋江市人民政府青阳街道办事处。")
    short_name: str = Field(min_length=1, description="简称，用于页眉和署名，例如 青阳街道办事处。")
    org_code: str = Field(
        min_length=1, description="机构代码：组织机构代码、统一社会信用代码或本省索引号规定的机构码，例如 qz06901。"
    )
    mark: str | None = Field(
        default=None,
        description="发文机关标志：公文首页的红色机关名称，例如 青阳街道办事处文件。不填时使用发布机构全称。",
    )
    emblem: str | None = Field(
        default=None,
        description="页眉徽标图片（PNG 或 SVG），放在 content/assets/ 下，这里写文件名，例如 emblem.svg。不填则只显示名称。",
    )


SUOYINHAO_PLACEHOLDERS = ("org", "category", "year", "month", "serial")


class SuoyinhaoRule(Model):
    """How a 索引号 is generated when a document does not give one."""

    template: str = Field(
        default="{org}/{year}-{serial}",
        description="索引号模板。可用占位符：{org} 机构代码，{category} 类别号，{year} 四位年份，{month} 两位月份，{serial} 流水号。",
    )
    category: str = Field(default="", description="类别号（如泉州格式中的 2420），模板中用 {category} 引用。")
    serial_width: int = Field(default=5, ge=1, le=8, description="流水号位数，不足时前面补 0。")

    @field_validator("template")
    @classmethod
    def _known_placeholders(cls, template: str) -> str:
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
        except ValueError:
            names = ["{"]
        unknown = [n for n in names if n not in SUOYINHAO_PLACEHOLDERS]
        if unknown or names.count("serial") != 1:
            raise PydanticCustomError(
                codes.SUOYINHAO_TEMPLATE,
                "索引号模板“{template}”有误：必须包含且只包含一个 {{serial}}，其他占位符只能是 {{org}}、{{category}}、{{year}}、{{month}}。",
                {"template": template},
            )
        return template


class Contact(Model):
    """The public contact of the office (信访接待场所的联系方式)."""

    office: str = Field(min_length=1, description="接待机构名称，例如 青阳街道信访办。")
    address: str = Field(min_length=1, description="通信地址或接待地点。")
    phone: str = Field(min_length=1, description="对外公开的办公或投诉电话。")
    hours: str | None = Field(default=None, description="接待时间，例如 工作日 8:30-12:00，14:30-17:30。")
    email: str | None = Field(default=None, description="对外公开的电子信箱。")


class Footer(Model):
    """Identifiers every government page shows in its footer (disclosure.md §2)."""

    sponsor: str = Field(min_length=1, description="主办单位。")
    site_id_code: str | None = Field(default=None, description="网站标识码（例如 3505820001）。")
    icp: str | None = Field(default=None, description="ICP 备案号，页脚链接到工信部备案系统。")
    police_beian: str | None = Field(default=None, description="公安机关备案号，例如 闽公网安备35058202000114号。")
    error_report_url: str | None = Field(
        default=None, pattern=r"^https?://", description="“我为政府网站找错”链接地址（以 https:// 或 http:// 开头）。"
    )


class FontChoice(Model):
    """Font families per type role of GB/T 9704; empty means: discover through fontconfig."""

    fangsong: str | None = Field(
        default=None, description="仿宋字体（正文、文号、署名、版记），例如 仿宋_GB2312。不填时自动查找。"
    )
    xiaobiaosong: str | None = Field(
        default=None, description="小标宋字体（发文机关标志、标题），例如 方正小标宋简体。不填时自动查找。"
    )
    heiti: str | None = Field(default=None, description="黑体字体（一级标题、附件标识），例如 黑体。不填时自动查找。")
    kaiti: str | None = Field(default=None, description="楷体字体（二级标题），例如 楷体_GB2312。不填时自动查找。")
    songti: str | None = Field(default=None, description="宋体字体（页码），例如 宋体。不填时自动查找。")


class Column(Model):
    """A 栏目: a list of items, paginated, with its own feed."""

    id: Slug = Field(description="栏目标识，用于网址，例如 tzgg。")
    name: str = Field(min_length=1, description="栏目名称，例如 通知公告。")
    parent: Literal["xxgk"] | None = Field(
        default=None, description="上级栏目：写 xxgk 表示放在“政府信息公开”下；不填为一级栏目。"
    )
    description: str = Field(default="", description="栏目说明，显示在栏目页顶部。")
    update_limit_days: int | None = Field(
        default=None,
        ge=1,
        description="更新期限（天）：最新一条信息超过这么多天，gongkai check 提醒栏目未更新。不填按检查标准：年报栏目366天，公开指南、公开制度、法定主动公开内容不检查，其他栏目183天（半年）。",
    )


DEFAULT_COLUMNS = (
    Column(id="tzgg", name="通知公告", description="本机关发布的通知、通报、实施方案。"),
    Column(id="jfap", name="接访安排", description="领导接访安排表。每天的接访领导见“领导接访”日历。"),
    Column(id="tjsj", name="统计数据", description="信访统计数据，可下载 CSV、Excel、JSON。"),
    Column(id="zhinan", name="政府信息公开指南", parent="xxgk"),
    Column(id="zhidu", name="政府信息公开制度", parent="xxgk"),
    Column(id="fdzdgknr", name="法定主动公开内容", parent="xxgk"),
    Column(id="nianbao", name="政府信息公开年报", parent="xxgk"),
)
RESERVED = frozenset({"assets", "calendar", "css", "jiefang", "js", "pagefind", "search", "wzdt", "xxgk"})
"""Top-level folders the site uses besides the kinds' own (``content/kinds.py``): a column cannot take one."""


class Release(Model):
    """One reviewed exception to the personal-data guard: one text in one source file."""

    text: str = Field(min_length=2, description="被拦下的文字，照源文件里的写法抄录，例如 13912345678。")
    file: str = Field(
        pattern=r"^(content|data)/", description="这段文字所在的源文件，例如 content/notices/2024-xinfang-month.md。"
    )
    reviewer: str = Field(min_length=1, description="审核人（谁同意公开）。")
    date: IsoDate = Field(description="审核日期。")
    reason: str = Field(min_length=2, description="放行理由，例如 该号码是社区对外公布的服务热线。")


class Guard(Model):
    """The personal-data guard's private name list and its reviewed exceptions."""

    denylist: str | None = Field(
        default=None,
        description="不得公开的姓名名单（每行一个姓名，# 开头为注释）的路径，相对于项目根目录。名单必须放在 content/ 之外，不要提交到公开仓库；也可以用环境变量 GONGKAI_DENYLIST 指定。",
    )
    releases: tuple[Release, ...] = Field(
        default=(), description="经审核放行的个别命中：每条写明文字、所在文件、审核人、日期和理由。"
    )


class SiteSettings(Model):
    """Site-wide settings: who publishes, how 索引号 are made, the footer, the address."""

    title: str = Field(min_length=1, description="网站（栏目）名称，显示在每页顶部。")
    base_url: str = Field(
        pattern=r"^https?://[^\s]+/$",
        description="网站发布后的根地址，以 / 结尾，例如 https://www.example.gov.cn/xfgk/。",
    )
    publisher: Publisher = Field(description="发布机构信息。")
    suoyinhao: SuoyinhaoRule = Field(default_factory=SuoyinhaoRule, description="索引号生成规则。")
    default_subject: str = Field(
        default="综合政务\\信访", description="默认主题分类，写成“一级\\二级”。信访工作一般为 综合政务\\信访。"
    )
    contact: Contact = Field(description="对外公开的联系方式。")
    reception_types: tuple[str, ...] = Field(
        default=RECEPTION_TYPES,
        min_length=1,
        description="本单位使用的接访方式（接访安排中的 type 只能从中选）。默认：定点接访、约访、重点约访、带案下访、联合会访、视频接访、下访。",
    )
    footer: Footer = Field(description="页脚标识信息。")
    home_update_limit_days: int = Field(
        default=14,
        ge=1,
        description="首页更新期限（天）：全站最新一条信息超过这么多天，gongkai check 提醒首页未更新（检查标准为两周）。",
    )
    data_licence_url: str | None = Field(
        default=None,
        pattern=r"^https?://\S+$",
        description="许可文本的网址。常见许可（CC BY 4.0、CC0、ODC-By、ODbL、PDDL）会自动填写；其他许可必须填写。",
    )
    data_licence: str = Field(
        default="署名 4.0 国际（CC BY 4.0）",
        description="开放数据的使用许可，显示在数据目录和每个数据集页面。可写许可标识（如 CC-BY-4.0、CC0-1.0、ODbL-1.0）或中文名称。",
    )
    pdf_archival: bool = Field(
        default=False, description="是否把公文 PDF 生成为 PDF/A-3u 归档格式（便于长期保存，文件略大）。"
    )
    fonts: FontChoice = Field(
        default_factory=FontChoice, description="公文 PDF 使用的字体；不填时自动选择本机已安装的字体。"
    )
    columns: tuple[Column, ...] = Field(
        default=DEFAULT_COLUMNS,
        description="栏目列表。通知、接访安排、数据表分别列入 tzgg、jfap、tjsj；其他信息（content/articles/）用 column 指定栏目。",
    )
    guard: Guard = Field(default_factory=Guard, description="个人信息检查：不得公开的姓名名单和经审核放行的个别命中。")
    example: bool = Field(
        default=False, description="是否为示例数据。为 true 时每个页面都显示“示例数据”标记，正式发布前必须改为 false。"
    )

    @field_validator("data_licence")
    @classmethod
    def _licence_has_a_text(cls, written: str, info: ValidationInfo) -> str:
        """A licence must link to its text: known ones do by themselves, others by ``data_licence_url``."""
        if licence_of(written, info.data.get("data_licence_url")).path is None:
            raise PydanticCustomError(
                codes.LICENCE_URL,
                "开放数据许可“{licence}”不是常见许可，请用 data_licence_url 写明许可文本的网址（数据包和数据目录要链接到它）；"
                "常见许可可直接写 CC-BY-4.0、CC0-1.0、ODC-BY-1.0、ODbL-1.0 或 PDDL-1.0。",
                {"licence": written},
            )
        return written

    @field_validator("columns")
    @classmethod
    def _columns_once(cls, columns: tuple[Column, ...]) -> tuple[Column, ...]:
        """Each id once; which columns must exist and which ids are taken is checked with the kinds (validate.py)."""
        ids = [c.id for c in columns]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise PydanticCustomError(codes.COLUMN_TWICE, "栏目标识重复：{ids}。", {"ids": "、".join(twice)})
        return columns


Level = Literal["市级", "县级", "乡镇级", "村级"]


class Person(Model):
    """A leader or cadre who receives the public: only 姓名, 职务, 分管工作 are ever published."""

    id: Slug = Field(description="人员标识，供接访安排引用，例如 zhang-wei。")
    name: str = Field(min_length=1, description="姓名。")
    post: str = Field(min_length=1, description="职务，例如 街道党工委书记。")
    duties: str = Field(default="", description="分管工作，例如 信访、综治。")
    level: Level = Field(description="层级：市级、县级、乡镇级（含街道）或村级（含社区）。")
    unit: str = Field(min_length=1, description="所在单位，例如 青阳街道 或 某某社区。")


class PeopleFile(Model):
    """content/people.yaml: everyone named in rosters."""

    people: tuple[Person, ...] = Field(description="人员列表。")


class Place(Model):
    """A reception place (接访地点)."""

    id: Slug = Field(description="地点标识，供接访安排引用。")
    name: str = Field(min_length=1, description="地点名称，例如 街道基层治理中心2楼接访室。")
    address: str = Field(default="", description="详细地址。")
    phone: str | None = Field(default=None, description="接待电话（对外公开的办公电话）。")


class PlacesFile(Model):
    """content/places.yaml: every reception place."""

    places: tuple[Place, ...] = Field(description="接访地点列表。")
