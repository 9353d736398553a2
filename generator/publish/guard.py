"""Write stage guard: no private person's data leaves the build (disclosure.md §4.3).

Every file of the finished tree is scanned before it is published (text files as
they are, PDFs by their text, workbooks by their cells): a resident ID number
(身份证号: 18 digits with the check digit, or the old 15), a bank card number (Luhn),
a mobile number or an e-mail address that is not one of the office's declared public
contacts, or a field of the 来访登记 register followed by a value, stops the build.
The previous site stays as it was.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hashlib
import html
import io
import itertools
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from generator import codes
from generator.cache import digest_of
from generator.content.models.site import Release, SiteSettings
from generator.problems import Problem
from generator.publish.plaintext import (
    BOUNDARY,
    CHINESE_DIGITS,
    INLINE_SPLIT,
    Located,
    digits_pattern,
    located,
    name_pattern,
    number_candidates,
    reading,
    seen,
)
from generator.publish.tabular import (
    Row,
    Table,
    definition_tables,
    delimited_tables,
    html_tables,
    json_tables,
    line_tables,
    office_tables,
    pipe_tables,
    row_tables,
    shared_strings,
    shown_pipe_tables,
)
from generator.publish.unchanged import DENYLIST_VARIABLE
from generator.publish.verify import MANIFEST
from generator.site.model import Site
from generator.source.workbook import unpacks_too_large
from generator.web.assets import image_kind
from generator.web.search import pdf_text

SETTINGS = "content/site.yaml"
CODE_SUFFIXES = (".js", ".mjs", ".css")
"""Scripts carry no content: only number patterns are looked for in them."""
ID_NUMBER = re.compile(
    r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9])"
)
MOBILE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")
OLD_ID_NUMBER = re.compile(r"(?<![0-9])[1-8]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9Xx])")
"""The 15-digit resident ID of before 1999: area, YYMMDD, sequence; it has no check digit."""
NUMBER_RUN = re.compile(r"[0-9]{11,}[Xx]?")
"""A run of 11 or more digits (and an X): a candidate for each kind of number below when it has 11 to 19 (or 17 and the X).
Found left to right and greedy, a match is a whole run; lookarounds would cost a third more."""
CARD = re.compile(r"(?<![0-9])(?:[3-6]\d{15,18}|9559\d{12,15})(?![0-9])")
"""A bank card's number: 16 to 19 digits, its first for the card's network (and 95599…, the Agricultural Bank's)."""
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_SPELLED_AT = (
    r"(?:[ \t]*@[ \t]*|[ \t]*[\[(（【{〔［｛][ \t]*(?:at|AT|At)[ \t]*[\])）】}〕］｝][ \t]*|[#＃]"
    r"|[ \t]*[\[(（【{〔［｛]?[ \t]*(?:艾特|圈[aA])[ \t]*[\])）】}〕］｝]?[ \t]*)"
)
_SPELLED_DOT = (
    r"(?:\.|[ \t]*[\[(（【][ \t]*(?:dot|DOT|Dot|\.)[ \t]*[\])）】][ \t]*|[ \t]+(?:dot|DOT)[ \t]+|[ \t]*点[ \t]*)"
)
_CHINESE_AT = ("艾特", "圈a", "圈A")
"""The @ as Chinese posts spell it to keep addresses from programs (zhangsan艾特qq点com)."""
SPELLED_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++{_SPELLED_AT}[A-Za-z0-9-]+(?:{_SPELLED_DOT}[A-Za-z0-9-]+)*{_SPELLED_DOT}[A-Za-z]{{2,}}"
)
"""An e-mail address written so that programs miss it: zhangsan [at] qq.com, zhangsan@qq dot com, a @ b.cn,
zhangsan#qq.com ("replace # with @"), zhangsan艾特qq点com. A bare "at" is not read as an @: "MkDocs at mkdocs.org"
is English."""
_WORD_AT, _WORD_DOT = r"[ \t]+(?:at|AT|At)[ \t]+", r"[ \t]+(?:dot|DOT|Dot)[ \t]+"
SPELLED_IN_WORDS = re.compile(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++{_WORD_AT}[A-Za-z0-9-]+(?:{_WORD_DOT}[A-Za-z0-9-]+)+"
)
"""zhangsan at qq dot com: the words for both signs (MkDocs at mkdocs.org has no spelled dot, and passes)."""
FILE_ENDINGS = frozenset(
    {"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp", "css", "js", "mjs", "map", "json", "pdf"}
    | {"html", "htm", "xml", "txt", "csv", "woff", "woff2", "ttf", "otf"}
)
"""Suffixes of files, none of them a domain's ending: logo@2x.png is an image's name, not an address."""
MAIL_ENDINGS = frozenset(
    {"com", "cn", "net", "org", "edu", "gov", "mil", "info", "top", "vip", "xyz", "cc", "me", "io"}
)
"""Where a # or a Chinese word stands for the @ or the dot (zhangsan#qq.com, qq点com), the address must end so:
issue#12.md is a file name."""
STOP_FOR_DOT = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++[ \t]*[@＠][ \t]*[A-Za-z0-9-]+(?:[.。][A-Za-z0-9-]+)*。(?:"
    + "|".join(sorted(MAIL_ENDINGS))
    + r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)
"""zhangsan@qq。com: the Chinese full stop for the dot, before a mail domain's ending (a@b.cn。Tel is a sentence)."""
_SPACED_AT = re.compile(r"[ \t]@|@[ \t]")
_BRACKETED_AT = re.compile(r"[\[(（【{〔［｛][ \t]*(?:at|AT|At)[ \t]*[\])）】}〕］｝]")
LABEL_TAIL = (
    r"(?:[ \t\u3000*]|</?[A-Za-z][^<>]{0,200}>)*+(?:[（(](?:签字|签名|盖章|手写)[）)](?:[ \t\u3000*]|</?[A-Za-z][^<>]{0,200}>)*+)?"
    r"(?:[/（(]?[ \t]*[A-Za-z][A-Za-z .'_-]{0,24}[）)]?(?:[ \t\u3000*]|</?[A-Za-z][^<>]{0,200}>)*+)?"
)
"""What may stand between a field and its colon: spaces, Markdown's ** and the tags it makes (<strong>来访人</strong>：),
a form's （签字）, and the field in English (姓名 Name：, 住址（Address）：)."""
PEOPLE_FIELDS = (
    r"(?:来访|来信|信访|上访|反映|投诉|举报|当事|申请|求助|诉求)人员?(?:姓名|名字)?|(?:来访者|来信者)(?:姓名|名字)?"
    r"|(?:来访|信访)群众|(?:群众|户主)(?:姓名|名字)|(?:带头|代表|监护|代理|委托|申诉|控告|检举)人(?:姓名)?|集访代表"
    r"|(?:随行|陪同)人员|陪同人|访客(?:姓名)?|姓[ \t\u3000]*名"
)
INSTRUCTION_STARTS = frozenset("请对指凡不在持携需必可为如若即均按依据仅只填")
"""Letters that begin a rule, an instruction or a note after a field in text (信访人：对处理意见不服的…, 来访人：请…,
身份证号：仅用于核实身份, 住址：填写到门牌号), none of them the first letter of a name in use (a text keeps a surname
the list lacks: tables need one it has)."""
ID_FIELDS = r"身份证件?(?:号码|号)?|证件(?:号码|号)|公民身份(?:号码|证号)|护照(?:号码|号)?"
ADDRESS_FIELDS = (
    r"(?:家庭|现|户籍|居住|常住)?住[ \t\u3000]*址|户籍地址?|居住地址?|住所|(?:家庭|现住|现居住)地址|户籍所在地|现居住地"
    r"|户口(?:所在地|地址)|家住"
)
PHONE_FIELDS = (
    r"(?:联系|家庭|住宅|移动)电话|手机号码|手机号|座机(?:号码|号)?"
    r"|(?:本人|个人|来访人|信访人|申请人|反映人|投诉人|举报人)(?:电话|手机)(?:号码)?"
)
ACCOUNT_FIELDS = (
    r"(?:[Qq]{2}|扣扣)(?:号码|号|邮箱)?|企鹅号|(?:微信|[Vv][Xx]|[Ww][Xx]|[Vv]信|薇信|威信|维信|徽信)(?:号码|号)?"
    r"|(?:抖音|快手|微博)号?"
)
FIELD_KINDS = {
    "people": PEOPLE_FIELDS,
    "id": ID_FIELDS,
    "address": ADDRESS_FIELDS,
    "phone": PHONE_FIELDS,
    "account": ACCOUNT_FIELDS,
}
"""The fields of the 来访登记 register, by what their values are."""
REGISTER_LABEL = re.compile(
    "(" + "|".join(FIELD_KINDS.values()) + ")"
    rf"{LABEL_TAIL}(?:[：:]|[】］\]][：:]?|——?|…+|\.{{3,}})(?:[ \t*]|<[^<>]{{0,200}}>)*([^\s<>，。；、：:,;_＿*\x00（(【\[—…]{{2,}})"
)
"""A field of the 来访登记 register followed by a value (a blank form's column header has none, nor has “（签字）”).
A field of people (来访人员：) counts only with a name after it: 来访人员：请携带身份证件 is an instruction; a
QQ or WeChat field only with an account after it (``ACCOUNT_LIKE``): 微信：青阳信访 is the office's public account."""
NAME_LIKE = re.compile(
    r"[\u3400-\u9fff\U00020000-\U0003134f]{2,4}(?:[·•・‧][\u3400-\u9fff\U00020000-\U0003134f]{1,6}){0,3}"
)
"""Two to four Chinese letters, and up to three more parts of a minority name after dots (买买提·阿卜杜拉·艾力)."""
NOT_NAMES = (
    *("本人", "律师", "父母", "家属", "亲属", "近亲属", "子女", "配偶", "家人", "亲友", "若干", "无", "不限"),
    *("个人", "集体", "退役军人", "农民工", "自然人"),
    *("可以", "应当", "应该", "需要", "必须", "推选", "依法", "法定", "按照", "经过", "不得", "不能", "不予"),
    *("请在", "请于", "请按", "双方", "各方", "一方", "须持", "须携带", "须提交", "须出示", "须本人", "应持", "应提交"),
    *("多名", "多人", "数名", "数人", "部分", "全体", "一些", "有关", "相关", "广大", "实名"),
)
"""What follows a field of people in instructions and rules (委托代理人：律师、近亲属; 随行人员：家属; 当事人：双方;
申请人：须携带…), not a name."""
OFFICE_CHANNELS = ("官方", "公众", "举报", "投诉", "服务", "信访", "单位", "工作", "咨询", "监督")
"""Words before a QQ or WeChat field that make it the office's own channel (官方微信号：…, 举报QQ：…)."""


def _a_name(value: str) -> bool:
    """Whether a field of people's value reads as a name: two to four Chinese characters (up to three more parts of
    a minority name after dots), not a word of instructions (``NOT_NAMES``), no word for someone unnamed
    (``NO_NAME_GIVEN``) and not a count (五人以内)."""
    return (
        bool(NAME_LIKE.fullmatch(value))
        and not value.startswith(NOT_NAMES)
        and value[0] not in CHINESE_DIGITS
        and not any(word in value for word in NO_NAME_GIVEN)
    )


NO_NAME_GIVEN = (
    *("先生", "女士", "姓", "群众", "村民", "居民", "网民", "业主", "职工", "住户", "商户", "员工", "匿名", "农民"),
    *("老汉", "大爷", "大妈", "阿姨", "老人", "家长", "教师", "学生", "消费者"),
)
"""Words that say who without a name (张先生, 王姓村民, 小区业主)."""


NAMED_ROLES: tuple[str, ...] = (
    *(f"{who}人员" for who in ("来访", "信访", "上访", "反映", "投诉", "举报", "当事", "申请", "求助")),
    *("带头人", "代表人", "监护人", "代理人", "委托人", "申诉人", "控告人", "检举人", "集访代表", "随行人员"),
    *("来访群众", "信访群众", "陪同人员", "陪同人", "访客", "访客姓名"),
)
"""Fields that count only with a name after them: 来访人员：请携带身份证件 and 代理人：应提交授权委托书 are instructions."""
ACCOUNT_FIELD = re.compile(r"[Qq]{2}|扣扣|企鹅|微信|[Vv][Xx信]|[Ww][Xx]|薇信|威信|维信|徽信|抖音|快手|微博")
"""A QQ or WeChat field (扣扣 and 企鹅号 for QQ; VX, V信, 薇信, 威信, 维信 and 徽信 are how people write 微信 to keep it
from filters)."""
ACCOUNT_LIKE = re.compile(r"[1-9][0-9]{4,11}|[A-Za-z][-_A-Za-z0-9]{5,19}")
"""A QQ number, or a WeChat ID (six to twenty letters, digits, - and _, a letter first) or the phone number it may be."""
PLACE_FIELDS = r"(?:联系|通讯|通信|现)地址|现住地|居住地"
"""Addresses named as an office names its own too (通讯地址): in a table, fields only beside a person of the register."""


def _in_a_cell(field: str, more: str = "") -> re.Pattern[str]:
    """A field as a table's cell writes it: a required field's *, then ``more`` (what else its column holds), a note
    in brackets (（签字）, （姓名）) and a colon (the field is group 1)."""
    return re.compile(rf"[*＊]?({field})(?:{more})?(?:[（(][^（()）]{{1,6}}[）)])?[：:]?")


FIELD_CELLS = {
    kind: _in_a_cell(pattern, r"及[\u4e00-\u9fff]{1,6}|基本情况|基本信息|信息|情况")
    for kind, pattern in {**FIELD_KINDS, "place": PLACE_FIELDS}.items()
}
"""A table's cell that is a field of the register (its value in the next cell or in the column under it): with a
required field's *, what else the column holds (来访人姓名及住址, 信访人基本情况), a note in brackets (（签字）,
（姓名）) and a colon; its spaces taken out (来访人<br>姓名)."""
NAME_CELL = re.compile(NAME_LIKE.pattern + r"(?=$|[\s（(，,、；;等])")
"""A name at the start of a cell, alone or followed by what is said of the person (张三丰（男，45岁）, 王五等3人)."""
SPACED_NAME = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000]+(?=[\u3400-\u9fff])")
"""Spaces that pad a two-letter name to a column's width (张　三)."""
NUMBERING = re.compile(r"^[0-9]{1,3}[.、．)）]\s*")
"""A row's number before a name (1.张三丰)."""
COLUMN_ENDINGS = (
    *("性别", "年龄", "民族", "职业", "籍贯", "学历", "面貌", "程度", "出生", "情况", "问题", "时间", "日期"),
    *("年月", "单位", "事由", "事项", "内容", "诉求", "结果", "方式", "类别", "类型", "编号", "序号", "备注"),
    *("人数", "名称", "地点", "乡镇", "村组", "职务", "电话", "号码", "地址", "签字", "签名", "意见", "原因"),
    *("去向", "级别", "次数", "部门", "领导", "分工", "工作", "人", "人员", "者", "代表", "街道", "社区", "时限"),
    *("期限", "岗位", "职称", "职级", "工号", "邮箱", "专业", "组别", "网格", "片区", "区域", "照片", "科室"),
)
COLUMN_STARTS = (
    *("所属", "所在", "被", "曾用", "接待", "陪同", "经办", "承办", "责任", "办理", "处理", "是否", "有无"),
    *("包案", "化解", "负责", "包联", "驻村", "值班", "签到", "办公"),
)
"""How the other columns of a register or a roster are named: a header's cell after a field is one of them
(来访人 | 性别 | 住址 | 反映问题), not the field's value."""


FIELD_LAST = frozenset("人员名者众表证件号码址所地话QqXx信息况扣字客照住机箱音手博")
"""The last letter of every field (before a form's （签字） and a colon; 信息 and 情况 after a field)."""

FOREIGN_FIELDS = {
    "信访人": (
        "petitioner petitioners petitionername complainant complainantname visitor visitorname visitors applicant "
        "applicantname informant informantname whistleblower laifangren laifangrenxingming xinfangren "
        "xinfangrenxingming shangfangren fanyingren tousuren jubaoren shenqingren dangshiren qiuzhuren lfr xfr"
    ),
    "姓名": "name names fullname realname personname xingming xm",
    "身份证号": (
        "idcard idcardno idcardnumber idno idnumber identitycard identitycardno identitycardnumber identityno "
        "identitynumber nationalid nationalidnumber citizenid residentid shenfenzheng shenfenzhenghao "
        "shenfenzhenghaoma sfz sfzh sfzhm zjhm zhengjianhaoma"
    ),
    "住址": (
        "homeaddress residentialaddress residence residenceaddress domicile householdaddress permanentaddress "
        "hukouaddress zhuzhi jiatingzhuzhi jiatingdizhi jtzz hujidizhi juzhudizhi xianzhuzhi"
    ),
    "通讯地址": "address addr contactaddress mailingaddress postaladdress dizhi lianxidizhi tongxundizhi txdz lxdz",
    "联系电话": (
        "phone phones tel telephone mobile mobilephone mobileno mobilenumber cellphone phoneno phonenumber telno "
        "contactnumber contactphone contacttel lianxidianhua dianhua shouji shoujihao shoujihaoma lxdh sjh sjhm"
    ),
    "微信号": "wechat wechatid wechataccount weixin weixinhao wxid",
    "QQ号": "qqnumber qqno qqhao",
    "反映问题": (
        "issue issues complaint complaints grievance grievances appeal appeals request requests demand demands "
        "petitioncontent petitionmatter matter visitreason visitpurpose fanyingwenti fanyingshixiang suqiu "
        "xinfangshixiang laifangshiyou shiyou"
    ),
}
"""What a table's or a record's field is called in English or in pinyin, by the register's field it stands for: a
record written for programs ({"xingming": …, "zhuzhi": …}, a sheet headed Name | Home address | Issue) names its
fields so. Read as a name without case, spaces, _ - . and a colon (ID_Card, id-card, idCard are idcard); the bare
“id”, “no” and “place” name too much else to count. 姓名 (name) is weak as in Chinese (a roster's leaders have
one); 地址 (address) is an office's too (通讯地址); 反映问题 stands for the columns of cases."""
FOREIGN_ALIASES = {alias: field for field, aliases in FOREIGN_FIELDS.items() for alias in aliases.split()}
FOREIGN_SPELLING = re.compile(r"[ \t_.\-:：]+")
FOREIGN_WORDS = re.compile(r"[（(]?[A-Za-z][A-Za-z \t_.'/\-]*[）)]?|[/|｜]")
"""The English part of a field written in two languages (姓名 Name, Name（姓名）, 家庭住址/Home address)."""


@functools.lru_cache(maxsize=4096)  # a table's fields come again and again
def _chinese(cell: str) -> str:
    """A table's cell as the register names its field: an English or pinyin field's Chinese (``FOREIGN_FIELDS``),
    a field in two languages without its English; any other cell as it is."""
    if cell.isascii():
        return FOREIGN_ALIASES.get(FOREIGN_SPELLING.sub("", cell).lower(), cell)
    if any("A" <= char <= "z" for char in cell) and not ACCOUNT_FIELD.search(cell):  # QQ号, VX keep their letters
        chinese = FOREIGN_WORDS.sub("", cell).strip(" \t\u3000")
        if len(chinese) > 2 and chinese[0] in "（(" and chinese[-1] in "）)":
            return chinese[1:-1]
        return chinese or cell
    return cell


@functools.lru_cache(maxsize=4096)  # a table's fields and a record's names come again and again
def _field_kind(cell: str) -> str | None:
    """What a table's cell is a field of (people, id, address, phone, account, place), or None: not a field."""
    cell = _chinese(cell)
    if not 2 <= len(cell) <= 24 or (
        cell.rstrip("：: \u3000）)")[-1:] not in FIELD_LAST and "（" not in cell and "(" not in cell
    ):
        return None
    return _field(cell)[0]


@functools.lru_cache(maxsize=4096)
def _field(cell: str) -> tuple[str | None, str]:
    """What a table's cell is a field of, and the field as the register names it (来访人 in *来访人姓名及住址：)."""
    cell = _chinese(cell).replace(" ", "").replace("\u3000", "")
    for kind, pattern in FIELD_CELLS.items():
        if found := pattern.fullmatch(cell):
            return kind, found.group(1)
    return None, ""


def _a_value(kind: str, value: str) -> bool:
    """Whether a table's cell is a value of a field of ``kind``: a person's name (a surname first, not masked:
    张某某 and 张XX are how a register is published), an address below a township (a village, a road, a number),
    an account. An ID or a phone number is found as the number it is (a masked one may be published)."""
    if not value or _field_kind(value) or MASKED.search(value):
        return False
    if kind == "people":
        name = NAME_CELL.match(NUMBERING.sub("", SPACED_NAME.sub("", value)))
        if name is None or not _a_name(name.group()) or not _surname_first(name.group()):
            return False
        return name.group() != value or not (value.endswith(COLUMN_ENDINGS) or value.startswith(COLUMN_STARTS))
    if value.endswith(COLUMN_ENDINGS) or value.startswith(COLUMN_STARTS):
        return False
    if kind in ("address", "place"):
        return any(char in LOCAL_PLACES or char.isdigit() for char in value)
    return kind == "account" and ACCOUNT_LIKE.fullmatch(value) is not None


MASKED = re.compile(r"某|[XxＸｘ×*＊○〇]{2}|^[XxＸｘ×*＊○〇]|[\u3400-\u9fff][*＊×Xx]")
"""A value written to be published: 张某某, 某男, 张XX, 张*, XX县XX镇, ○○村."""
LOCAL_PLACES = frozenset("村组号路街巷弄胡同屯楼栋单元室苑园庄寨坊社舍")
"""What an address below a township has (a town or a county alone is not a person's address: 城关镇 | 12 is a count)."""


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """The single and the compound surnames (data/surnames.txt)."""
    lines = [
        line.strip()
        for line in (Path(__file__).parent / "data" / "surnames.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    singles = frozenset("".join(line for line in lines if len(line) > 2))
    return singles, frozenset(line for line in lines if len(line) == 2)


def _surname_first(name: str) -> bool:
    """Whether a name starts with a Chinese surname, a letter beyond the first plane (a rare one, as names have:
    𠮷), or a Latin letter (Zhang San); or is a minority name, its parts apart by dots."""
    singles, compounds = _surnames()
    first = name[:1]
    return (
        first in singles
        or name[:2] in compounds
        or first > "\uffff"
        or (first.isascii() and first.isalpha())
        or any(dot in name for dot in "·•・‧")
    )


def register_text(tables: Iterable[Table]) -> str:
    """The register's fields and their values that tables hold, a “field：value” line each, read then as any text.

    A table counts only with a field no table of the office's own has (``_a_register``): a roster's 姓名 and a
    directory's 联系电话, 住所 or QQ alone are the office's staff and offices. Each row with fields is read as a
    form (each field's cell and the value in the next cell) and, when it holds such a field itself, as a header
    (each field's column in the rows under it, down to the next row with fields: a title may stand above it, a
    short row's missing cells are empty; a roster's header below a blank template is no register's). A value must
    be one of its field's (``_a_value``), so that a header read as a form, or a blank form, holds none. Left out
    as values: rows of headings (all <th>), examples (示例), and, under a header with no person of the register,
    rows whose first word names an organisation (a directory of law firms' 住所)."""
    lines: list[str] = []
    for table in tables:
        rows = table.rows
        kinds = [[_field_kind(cell) for cell in row] for row in rows]
        if not _a_register(rows, kinds):
            continue
        with_fields = [at for at, row_kinds in enumerate(kinds) if any(row_kinds)]
        for number, at in enumerate(with_fields):
            row, row_kinds = rows[at], kinds[at]
            header = _a_register([row], [row_kinds])  # a list's header holds a field only the register has
            for column in range(len(row) - 1):  # as a form: the value in the next cell with text (a merged
                kind = row_kinds[column]  # label's or a spacer's empty cells between)
                beside = next((at for at in range(column + 1, min(len(row), column + 4)) if row[at].strip()), None)
                if (
                    kind is not None
                    and beside is not None
                    and row_kinds[beside] is None
                    and _a_value(kind, row[beside])
                ):
                    lines.append(f"{_field(row[column])[1]}：{row[beside]}")
            people = any(kind == "people" for kind in row_kinds)
            below = (with_fields[number + 1] if number + 1 < len(with_fields) else len(rows)) if header else at
            for under in range(at + 1, below):  # as a header
                values = rows[under]
                if under in table.headers or EXAMPLE_ROW.match(values[0] if values else ""):
                    continue
                if not people and _an_organisations(values, row_kinds):
                    continue
                for kind, field, value in zip(row_kinds, row, values, strict=False):
                    if kind is not None and _a_value(kind, value):
                        lines.append(f"{_field(field)[1]}：{value}")
    return "\n".join(lines)


EXAMPLE_ROW = re.compile(r"(?:填写|填表)?(?:示例|样例|例)[：:）)]?")
CASE_WORDS = ("反映问题", "反映事项", "信访事项", "诉求", "来访时间", "来访日期", "来访事由", "信访目的", "来访原因")
"""Columns of a register of cases: beside them, 姓名 is a petitioner's."""


def _a_register(rows: Sequence[Row], kinds: Sequence[Sequence[str | None]]) -> bool:
    """Whether a table has a field only the register has, or a 姓名 beside the columns of cases. A name field in
    English or pinyin (name, xingming) counts only beside a column of cases named so too (issue, suqiu), or in
    Chinese: a record's other values (a leader's duties: 化解群众诉求) are no column's name."""
    named = foreign = False
    for row, row_kinds in zip(rows, kinds, strict=True):
        for cell, kind in zip(row, row_kinds, strict=True):
            if _strong(kind, cell):
                return True
            if kind == "people" and _chinese(cell) == cell:
                named = True
            elif kind == "people":
                foreign = True
    cells = [cell for row in rows for cell in row]
    return (named and any(word in cell for cell in cells for word in CASE_WORDS)) or (
        foreign and any(_chinese(cell).strip(" *＊：:") in CASE_WORDS for cell in cells)
    )


def _strong(kind: str | None, cell: str) -> bool:
    """A field only the register has: not a roster's 姓名, a directory's phone, QQ or WeChat, an office's 通讯地址."""
    if kind not in ("people", "id", "address"):
        return False
    cell = _chinese(cell)
    return not NAME_FIELD.fullmatch(cell) and not WEAK_ADDRESS.fullmatch(cell)


WEAK_ADDRESS = _in_a_cell("住所")
"""住所 is also an organisation's address in law (a law firm's, a company's)."""


NAME_FIELD = _in_a_cell(r"姓[ \t\u3000]*名")


ORGANISATION_ENDINGS = (
    *("局", "办", "所", "中心", "公司", "委", "会", "院", "站", "队", "部", "厅", "处", "科", "室", "馆"),
    *("政府", "街道", "镇", "乡", "村", "社区", "委员会", "集团", "银行", "学校", "医院", "法庭", "派出所"),
)


def _after_an_organisation(text: str, start: int) -> bool:
    """Whether the field at ``start`` follows an organisation's name or the word 单位 on its line."""
    before = text[max(0, text.rfind("\n", 0, start) + 1, start - 40) : start].rstrip(" \t\u3000：:，,、")
    return before.endswith(("单位", "机构", "企业", *ORGANISATION_ENDINGS))


def _an_organisations(row: Row, header_kinds: Sequence[str | None]) -> bool:
    """Whether a list's row is an organisation's: its first word (not a number or a date, not under a field of the
    register) names one (县信访局, 某某律师事务所)."""
    for cell, kind in zip(row, [*header_kinds, *[None] * len(row)], strict=False):
        if not cell or any(char.isdigit() for char in cell):
            continue
        return kind is None and re.sub(r"[（(][^（()）]*[）)]$", "", cell).endswith(ORGANISATION_ENDINGS)
    return False


_ENCODED_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/=_-")
"""A run of 32 or more of these around a number is a digest or base64 data, not text a person wrote."""
LABEL_STARTS = (
    "上访",
    "求助",
    "证件",
    "户籍",
    "居住",
    "住所",
    "常住",
    "当事",
    "申请",
    "姓",
    "联系",
    "电话",
    "手机",
    "住址",
    "身份",
    "姓名",
    "家庭",
    "现住",
    "来访",
    "信访",
    "反映",
    "投诉",
    "举报",
    "公民",
)
LABEL_HEAD = re.compile(
    r"(?:人|人员|名|证号|件号|机号|号码|份证|证件|址|籍地|住地|在地|住所|电话|QQ号?|qq号?|微信号?|VX号?|vx号?|Vx号?|V信号?|v信号?"
    r"|薇信号?|扣扣号?|企鹅号|威信号?|维信号?|徽信号?|代表|访者|信者|群众|签字[）)]|签名[）)]|盖章[）)]|手写[）)]"
    r"|名字|访客|护照|家住|座机|手机|邮箱|WX|wx|Wx|抖音号?|快手号?|微博号?)"
    rf"{LABEL_TAIL}(?:[：:】］\]]|[—…]|\.{{3}})"
)
"""Every REGISTER_LABEL ends so: texts without are not searched for labels (a quarter of the time). Each ending is
written out as letters: a class of characters first ([Qq], [签盖手]) keeps the engine from skipping ahead to the
endings' first characters, and the search took ten times as long."""


_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_HEX = frozenset("0123456789abcdef")


def _coded(text: str, start: int, end: int, hashes: bool = False) -> bool:
    """True when text[start:end] is glued to letters or digits inside a run of 32 or more letters, digits and
    base64 signs (a digest, base64 data), or, with ``hashes`` (the search index, which names its files by content
    hash), in a word of lowercase hexadecimal; a number between slashes in a long address is not."""
    glued = (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())
    if not glued:
        return False
    first, last = start, end
    while first > 0 and text[first - 1] in _ALNUM:
        first -= 1
    while last < len(text) and text[last] in _ALNUM:
        last += 1
    if hashes and last - first > end - start and set(text[first:last]) <= _HEX:  # zh-cn_5c14852357349
        return True
    while start > 0 and text[start - 1] in _ENCODED_CHARS:
        start -= 1
    while end < len(text) and text[end] in _ENCODED_CHARS:
        end += 1
    return end - start >= 32


def is_id_number(text: str) -> bool:
    """True for an 18-character resident ID number (GB 11643) with a right check character and a real birth date.

    python-stdnum's ``cn.ric`` does the arithmetic. Its area list is not consulted: it lags
    behind the areas in use, and a real number with a new area code must still be caught.
    """
    number = text.upper()
    try:
        ric.get_birth_date(number)
    except ValidationError:
        return False
    return ric.calc_check_digit(number) == number[17]


def public_numbers(site: Site) -> set[str]:
    """Phone numbers the office publishes on purpose: its contact, its places, the contacts of its plans."""
    texts = [site.settings.contact.phone, *(p.phone or "" for p in site.places.values())]
    for item in site.by_kind("campaign"):
        contact = item.document.model.contact
        texts += [contact.phone] if contact else []
    numbers = {number for text in texts for number in re.findall(r"\d{7,}", text.replace("-", ""))}
    emails = {site.settings.contact.email.lower()} if site.settings.contact.email else set()
    return numbers | emails


def _mask(number: str) -> str:
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def scan_text(rel: str, text: str, allowed: set[str]) -> Iterator[Problem]:
    """Problems for the personal data in one output file's text."""
    return (problem for problem, _ in findings(rel, text, allowed, markup=rel.endswith(MARKUP_SUFFIXES)))


class PrivateNames:
    """The private name list as one pattern that finds each name however it is written."""

    def __init__(self, names: list[str]) -> None:
        self.names = sorted(set(names), key=lambda n: (-len(n), n))
        self.pattern = name_pattern(self.names)

    def name_of(self, found: str) -> str:
        """The listed name a match stands for."""
        return next((n for n in self.names if name_pattern([n]).fullmatch(found)), found)


def load_denylist(root: Path, settings: SiteSettings) -> tuple[PrivateNames | None, list[Problem]]:
    """The private name list (``GONGKAI_DENYLIST`` or ``guard.denylist``).

    The list names people whose names must never be published (petitioners, for
    instance). It is kept outside content/ and out of the public repository.
    """
    where = os.environ.get(DENYLIST_VARIABLE) or settings.guard.denylist
    if not where:
        return None, []
    path = (root / where).resolve()
    shown = where if os.environ.get(DENYLIST_VARIABLE) else "content/site.yaml"
    if path.is_relative_to((root / "content").resolve()):
        message = f"姓名名单 {where} 放在了 content/ 目录里，可能被公开。请把它移到 content/ 之外（例如 private/names.txt），不要提交到公开仓库。"
        return None, [Problem(path=shown, code=codes.DENYLIST_IN_CONTENT, message=message)]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        message = f"读不到姓名名单 {path}：请检查路径，文件要用 UTF-8 编码，每行一个姓名。"
        return None, [Problem(path=shown, code=codes.DENYLIST_MISSING, message=message)]
    names: list[str] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        if len(name) < 2:
            message = f"名单第 {number} 行“{name}”太短：一个字会在任何文字中出现。请写完整的姓名。"
            problems.append(Problem(path=where, line=number, column=1, code=codes.DENYLIST_ENTRY, message=message))
            continue
        names.append(name)
    if problems or not names:
        return None, problems
    return PrivateNames(names), []


def _mask_name(name: str) -> str:
    return name[0] + "*" * (len(name) - 2) + name[-1] if len(name) > 2 else name[0] + "*"


def findings(
    rel: str, text: str, allowed: set[str], names: PrivateNames | None = None, markup: bool = False
) -> Iterator[tuple[Problem, re.Pattern[str]]]:
    """Each problem in one output text, with a pattern that finds the value in the sources.

    The text is read as :mod:`plaintext` reads it: every number, however written; names,
    e-mail addresses and register fields in the text as shown (``markup``: a page, whose
    markup is dropped first); numbers also in the characters as written, for the ones in
    attributes and links.
    """
    chars = seen(text, markup, lookalikes=not rel.startswith(SEARCH_INDEX))
    runs: list[tuple[str, Iterable[tuple[str, int, int]]]]
    if rel.endswith(CODE_SUFFIXES):  # code: numbers as one run of digits
        runs = [(chars, _runs(chars))]
    elif rel.endswith(".svg"):  # a drawing: its coordinates as runs of digits, the text it shows as any text
        text = reading(chars)
        runs = [(chars, _runs(chars)), (text, number_candidates(text, True))]
    else:
        runs = [(chars, number_candidates(chars, markup))]
        if markup and INLINE_SPLIT.search(chars):  # a number split by emphasis: the text as shown, too
            shown = reading(chars)
            runs.append((shown, number_candidates(shown, markup)))
    reported: set[str] = set()
    for where, candidates in runs:
        for number, start, end in candidates:
            if number in reported or _coded(where, start, end, rel.startswith("pagefind/")):
                continue
            message = _number_message(number, allowed)
            if message:
                reported.add(number)
                yield Problem(path=rel, code=codes.PRIVATE_DATA, message=message), digits_pattern(number)
    shown = chars
    if rel.endswith(CODE_SUFFIXES):
        return
    for match in names.pattern.finditer(shown) if names else ():
        name = names.name_of(match.group()) if names else match.group()
        message = f"输出文件中有不得公开名单中的姓名“{_mask_name(name)}”。请从内容中删除；如确需公开，请在 site.yaml 的 guard.releases 中登记审核人、日期和理由。"
        yield Problem(path=rel, code=codes.PRIVATE_DATA, message=message), name_pattern([name])
    for match, address in _addresses(shown, markup):
        local = address.split("@")[0]
        if address.lower() in allowed or re.fullmatch(r"[0-9a-f]{16,}", local):  # calendar UIDs
            continue
        message = f"输出文件中有电子邮箱 {address[:2]}***@{address.split('@')[1]}，它不是登记的公开邮箱。请删除；单位公开邮箱请写入 site.yaml 的 contact.email。"
        yield Problem(path=rel, code=codes.PRIVATE_DATA, message=message), re.compile(re.escape(match.group()))
    for match in _labels(shown):
        value, text = match.group(2), match.string  # the text, or a field's letters written together (_labels)
        if value.startswith(LABEL_STARTS) or text[match.end(2) : match.end(2) + 1] in ("：", ":"):
            continue  # a blank form: the next field's label, no value
        if match.group(1) in NAMED_ROLES and not _a_name(value):  # an instruction, no name
            continue
        kind = _field(match.group(1))[0]
        if not _a_text_value(kind, value, text[match.start(2) : match.start(2) + 40]):
            continue
        if ACCOUNT_FIELD.match(match.group(1)) and (
            not ACCOUNT_LIKE.match(text, match.start(2))
            or text[max(0, match.start(1) - 2) : match.start(1)] in OFFICE_CHANNELS
        ):  # a public account's name, or the office's own channel (官方微信号：…, 举报QQ：…)
            continue
        if match.group(1) == "住所" and _after_an_organisation(text, match.start(1)):
            continue  # 某某律师事务所 住所：…, 单位住所：… (an organisation's address in law)
        written = re.sub(r"\D", "", text[match.start(2) : match.start(2) + 40])
        if any(number in written for number in allowed if number.isdigit()):  # the office's own number
            continue
        message = f"输出文件中有登记表字段“{match.group(1)}”及其内容。信访人的登记信息不得公开：请删除这部分内容。"
        if kind == "phone":  # most often the office's own number, not declared
            message += "如果这是单位对外公开的电话，请写入 site.yaml 的 contact.phone（或 places 中接待地点的 phone），登记后即可发布。"
        # the value's end differs from output to output (markup, quotes): look up the field and the value's start
        # (up to four letters or digits: with two, 联系电话：13800000000 elsewhere was taken for 联系电话：139…; a
        # quote or bracket after them is the output's, as in JSON)
        lead = re.match(r"\w{2,4}", value)
        field = re.escape(match.group(1)) + r"[^\n]{0,40}?" + re.escape(lead.group() if lead else value[:2])
        yield Problem(path=rel, code=codes.PRIVATE_DATA, message=message), re.compile(field)
    if rel.startswith(SEARCH_INDEX):  # the pages' own words, read in the pages: only its numbers are its own (Pagefind
        return  # writes full-width digits in ASCII)
    for around, name, role in _told(shown):
        message = (
            f"输出文件中写出了{role}的姓名“{_mask_name(name)}”。信访人的个人信息不得公开：请删除，"
            f"或写作“{name[0]}某某”。"
        )
        yield (
            Problem(path=rel, code=codes.PRIVATE_DATA, message=message),
            re.compile((re.escape(around) + r".{0,3}?" if around != name else "") + re.escape(name)),
        )
    for written, field, value in _foreign_labels(shown):
        message = f"输出文件中有登记表字段“{written}”（{field}）及其内容。信访人的登记信息不得公开：请删除这部分内容。"
        where = re.escape(written) + r"[^\n]{0,40}?" + re.escape(value[:2])
        yield Problem(path=rel, code=codes.PRIVATE_DATA, message=message), re.compile(where)


FOREIGN_COLON = re.compile(
    r"([:：])(?:[ \t\u3000\"'“*]|</?[A-Za-z][^<>]{0,200}>)*+"
    r"([\u3400-\u9fff\U00020000-\U0003134f][^\s<>，。；、,;\"'”*]{1,40})"
)
"""A colon with a Chinese value after it (quotes, emphasis and tags before the value), where a field named in
English or pinyin may end (Petitioner: 王小明, "zhuzhi": "东风村三组", home_address: …): looked for first, and a
field before it then (a search that starts at every Latin letter of a page took four times as long)."""
FOREIGN_FIELD = re.compile(
    r"(?<![A-Za-z0-9_.\-])([A-Za-z][A-Za-z_.\-]*+(?:[ ][A-Za-z][A-Za-z_.\-]*+){0,2})[\"']?[ \t]*$"
)
"""The field before such a colon: up to three words (home address, Name of petitioner)."""
FOREIGN_TEXT_FIELDS = frozenset(("信访人", "住址"))
"""The fields that count so in running text and in code (a record's name, address or phone may be an office's:
``FOREIGN_FIELDS``; an ID number is found as the number it is)."""


def _foreign_labels(text: str) -> Iterator[tuple[str, str, str]]:
    """Each field of the register named in English or pinyin with a value of its kind after a colon (Petitioner:
    王小明, "zhuzhi": "东风村三组", home_address: …): the field as written, its Chinese, and the value."""
    for colon in FOREIGN_COLON.finditer(text):
        last = text[max(0, colon.start() - 3) : colon.start()].rstrip(" \t\"'")[-1:]
        if not (last.isascii() and last.isalpha()):
            continue
        head = FOREIGN_FIELD.search(text, max(0, colon.start() - 47), colon.start())
        if head is None or (field := _chinese(head.group(1))) not in FOREIGN_TEXT_FIELDS:
            continue
        kind, written = _field(field)[0], colon.group(2)
        if kind == "people":
            name = NAME_CELL.match(written)
            if name is None or not _a_name(name.group()) or not _surname_first(name.group()):
                continue
        elif kind != "address" or not _a_value("address", written):
            continue
        yield head.group(1), field, written


VALUE_WORD = re.compile(r"[^\s，。；、,;<>]{1,30}")
MARKDOWN_AFTER = re.compile(r"(?<=[\u3400-\u9fff]{2})[*_]+$")
"""Markdown's ** after a name (来访人：**张三丰**), not a mask (张**)."""
COUNTED = re.compile(r"[0-9]+[ \t]*(?:人次|人|件|批次|批|次|户|家|起|名|个)")
ORGANISATION_WORDS = ("委员会", "居委会", "村委会", "公司", "有限", "合作社", "协会", "中心", "事务所", "政府", "学校")


def _a_text_value(kind: str | None, value: str, after: str) -> bool:
    """Whether what follows a field in text is a person's value: not an instruction or a note on the form (身份证号：
    请填写18位号码, 住址：只公开到乡镇), not a value masked as it is published (张某某, 王XX, 139****5678), not
    a count (举报人：实名12件, 居住地：本街道68人次), not someone unnamed (反映人：多名群众) or an organisation
    (申请人：…居民委员会). ``after``: the text from the value on."""
    written = VALUE_WORD.match(after)
    word = MARKDOWN_AFTER.sub("", written.group()) if written else value
    if value[0] in INSTRUCTION_STARTS or MASKED.search(word):
        return False
    if kind not in ("people", "address", "place"):
        return True
    if word.isdigit():  # a contents line's page (来访人……12), a count
        return False
    name = NAME_CELL.match(word) or NAME_LIKE.match(word)
    named = name is not None and _surname_first(name.group()) and not name.group().startswith(NOT_NAMES)
    if COUNTED.search(word[:14]) and not (kind == "people" and named):
        return False
    unnamed = value.startswith(NOT_NAMES) or value.startswith(NO_NAME_GIVEN)  # 投诉人：消费者
    return kind != "people" or not (unnamed or any(w in word for w in ORGANISATION_WORDS))  # 申请人：…居民委员会


TOLD_ROLE_WORDS = (
    *(f"{who}人" for who in ("来访", "来信", "信访", "上访", "反映", "投诉", "举报", "当事", "申请", "求助", "诉求")),
    *("村民", "居民", "群众"),
)
TOLD_ROLE = re.compile("|".join(TOLD_ROLE_WORDS))
TOLD_NAME = re.compile(
    rf"({TOLD_ROLE.pattern})(为|是|系|——|—|…+|[（(])?([\u3400-\u9fff\U00020000-\U0003134f]{{2,3}})"
    r"(反映|来访|来信|来电|诉称|称|等[0-9一二三四五六七八九十]+人|等人|一行|多次|联名|同志|[（(）)]|[，,。](?=.))"
)
"""A person of the register named in a sentence, without a colon: 信访人张三丰反映…, 来访人为张三丰，…, 来访人（张三丰）,
村民张三丰等5人联名反映 — what a case is told with before it is masked (信访人张某某反映)."""
TOLD_STRONG = ("反映", "来访", "来信", "来电", "诉称", "等", "一行", "联名", "同志")
TOLD_WORDS = ("来信", "来访", "来电", "上访", "信访", "投诉", "举报", "反映", "代表", "诉求", "求助")
"""What a sentence goes on with, never part of the name (群众来信来访 names nobody)."""
NOT_IN_NAMES = frozenset("日月年时天次期间前后内外中上下里处方面")
"""Letters of time and place that no name here has (申请人于当日来访, 信访人在此期间)."""
PARTICULARS = re.compile(
    r"([\u3400-\u9fff]{2,3})[，,][ \t]*[男女][，,][^。\n]{0,40}?[，,]住(?:址|在|于)?[：:]?"
    r"([^，。,；;\s]{2,40})"
)
"""A person's particulars as a 处理意见书 opens: 张三丰，男，1965年3月出生，汉族，住青阳街道东风村三组12号 (a
leader's published biography names no home)."""
SEX = re.compile(r"[，,][ \t]*[男女][，,]")
"""Where particulars are: looked for first, and the name before it then (a search for the name tried every letter)."""


SALUTATION_NAME = re.compile(r"(?<![\u3400-\u9fff])([\u3400-\u9fff]{2,3})(?:同志|先生|女士)?[：:]$")
SALUTATION_GAP = re.compile(r"[ \t\r\n\u3000]*(?:</?[A-Za-z][^<>]{0,200}>[ \t\r\n\u3000]*)*$")
SALUTATION_NEXT = re.compile(r"(?:于|在|的|反映|来信|来访|提出|所|对)")
"""A reply to a petitioner, as it opens: 张三丰同志：你于2024年3月反映的问题收悉 (a 答复意见书)."""


def _a_person(name: str) -> bool:
    """Whether a name written in a sentence is a person's: two to four letters, a surname first, not masked."""
    return _a_name(name) and _surname_first(name) and not MASKED.search(name)


def _told(text: str) -> Iterator[tuple[str, str, str]]:
    """Each person of the register a sentence names (``TOLD_NAME``, a reply's salutation, ``PARTICULARS``): what
    was written around the name, the name, and what the name is of."""
    for match in _told_names(text):
        role, joined, name, after = match.groups()
        strong = after.startswith(TOLD_STRONG)
        if role in ("村民", "居民", "群众") and not strong:
            continue  # 村民张三丰等5人联名反映, not 村民代表（…）
        if after in "，,。" and joined not in ("为", "是", "系"):
            continue  # 来访人为张三丰，… names him; 信访人权益，… does not
        if len(name) == 2 and not strong and joined is None:
            continue  # 信访人权益（…）
        if _a_person(name) and not NOT_IN_NAMES.intersection(name) and not any(word in name for word in TOLD_WORDS):
            yield role, name, role if role.endswith("人") else "信访人"
    for you in _places(text, "你您"):  # from the 你 back to the name and its colon
        if not SALUTATION_NEXT.match(text, you + 1):
            continue
        before = text[max(0, you - 400) : you]
        colon = max(before.rfind("："), before.rfind(":"))
        if colon < 0 or not SALUTATION_GAP.match(before, colon + 1):
            continue
        saluted = SALUTATION_NAME.search(before[max(0, colon - 8) : colon + 1])
        name = saluted.group(1) if saluted else ""
        if saluted and _a_person(name):
            yield name, name, "信访人"
    if "男" in text or "女" in text:
        for sex in SEX.finditer(text):  # from the 男 or 女 back to the name
            told = PARTICULARS.match(text, max(0, sex.start() - 3)) or PARTICULARS.match(text, max(0, sex.start() - 2))
            if told is None or (told.start(1) > 0 and "\u3400" <= text[told.start(1) - 1] <= "\u9fff"):
                continue
            name = told.group(1)
            if _a_person(name) and _a_value("address", told.group(2)):
                yield name, name, "当事人"


def _told_names(text: str) -> Iterator[re.Match[str]]:
    """``TOLD_NAME`` tried where one of its roles is (``TOLD_ROLE``: the search with the name after the role took
    twice as long)."""
    for role in TOLD_ROLE.finditer(text):
        if (match := TOLD_NAME.match(text, role.start())) is not None:
            yield match


MAIL_BY_TAG = re.compile(r">[ \t]*[@＠]|[@＠][ \t]*<")
"""Markup against an @ (<strong>zhangsan</strong>@qq.com): the page is then read without its markup as well."""


def _addresses(shown: str, markup: bool) -> Iterator[tuple[re.Match[str], str]]:
    """Each address in a text, once; in a page with markup against an @, in the text as shown too."""
    found: set[str] = set()
    by_tag = markup and ("@" in shown or "＠" in shown) and MAIL_BY_TAG.search(shown)
    for where in (shown, reading(shown)) if by_tag else (shown,):
        for match, address in _emails(where):
            if address.lower() not in found:
                found.add(address.lower())
                yield match, address


def _emails(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each e-mail address, as written or spelled out (the spelled pattern only where ``_spelled`` says), with
    the address it stands for."""
    pattern = SPELLED_EMAIL if _spelled(text) else EMAIL if "@" in text else None
    for match in pattern.finditer(text) if pattern is not None else ():
        written, address = match.group(), _plain_address(match.group())
        stand_in = ("@" not in written and any(c in written for c in "#＃艾圈")) or "点" in written
        if _ending(address) not in FILE_ENDINGS and (not stand_in or _ending(address) in MAIL_ENDINGS):
            yield match, address  # (logo@2x.png is an image)
        elif (plain := EMAIL.search(text, match.start(), match.end())) and _ending(plain.group()) not in FILE_ENDINGS:
            yield plain, plain.group()  # zhangsan@qq.com点PDF下载: the address in it
    if "。" in text and ("@" in text or "＠" in text):  # zhangsan@qq。com: the dot typed in Chinese
        for match in STOP_FOR_DOT.finditer(text):
            yield match, re.sub(r"[ \t]*[@＠][ \t]*", "@", match.group().replace("。", "."), count=1)
    if " dot " in text or " DOT " in text or " Dot " in text:  # zhangsan at qq dot com: "at" with a spelled dot
        for match in SPELLED_IN_WORDS.finditer(text):
            address = re.sub(_WORD_DOT, ".", re.sub(_WORD_AT, "@", match.group(), count=1))
            if _ending(address) in MAIL_ENDINGS:
                yield match, address


def _ending(address: str) -> str:
    """An address's last label, in small letters (com in zhangsan@qq.com)."""
    return address.rsplit(".", 1)[-1].lower()


def _spelled(text: str) -> bool:
    """Whether ``text`` may hold a spelled-out address; found with ``str.find`` (regular expressions that start
    with a class of characters cost tens of microseconds a page, and most pages have none of these)."""
    if "@" in text:  # the spelled pattern finds every address the plain one does, and (dot) after an @
        return True
    if any(0 < at < len(text) - 1 and text[at - 1] in _ALNUM and text[at + 1] in _ALNUM for at in _places(text, "#＃")):
        return True
    if any(text.startswith(_CHINESE_AT, at) for at in _places(text, "艾圈")):
        return True
    brackets = "([（【{〔［｛" if "at" in text or "AT" in text or "At" in text else ""
    return any(_BRACKETED_AT.match(text, at) for at in _places(text, brackets))


def _places(text: str, chars: str) -> Iterator[int]:
    """Where each of ``chars`` is in ``text``, one character after another."""
    for char in chars:
        at = text.find(char)
        while at != -1:
            yield at
            at = text.find(char, at + 1)


def _plain_address(written: str) -> str:
    """zhangsan [at] qq [dot] com → zhangsan@qq.com."""
    plain = re.sub(_SPELLED_AT, "@", written, count=1)
    return re.sub(_SPELLED_DOT, ".", plain)


def _labels(text: str) -> Iterator[re.Match[str]]:
    """Each register field with a value: looked for only where a field's ending and a colon are (a few places a page).
    A field whose letters stand apart (来 访 人：) is matched in its neighbourhood written together: in that text."""
    after = 0
    for head in LABEL_HEAD.finditer(text):
        if head.start() < after:
            continue
        end = head.end() + 240
        # the leftmost field that starts at most 10 characters before the ending: tried at those places only
        # (a search would try the whole window after them, where no field can start that ends here)
        starts = range(max(after, head.start() - 10), head.start() + 1)  # not again in the field before
        match = next((m for at in starts if (m := REGISTER_LABEL.match(text, at, end))), None)
        if match:
            after = match.end()
            yield match
        elif text[head.start() - 1 : head.start()] in (" ", "\u3000"):  # 来 访 人：张 三 丰, its letters spread out
            spread = text[max(after, head.start() - 24) : end]
            match = REGISTER_LABEL.search(_letters_together(spread))
            if match:
                after = head.end()
                yield match  # of the letters written together (its .string)


def _runs(text: str) -> Iterator[tuple[str, int, int]]:
    """Numbers written as one run of ASCII digits, anywhere (in attributes, links, scripts)."""
    for match in NUMBER_RUN.finditer(text):
        number = match.group().upper()
        if len(number) <= 19 and not (number.endswith("X") and len(number) != 18):
            yield number, match.start(), match.end()


def _number_message(number: str, allowed: set[str]) -> str | None:
    """What a number is, if it is private: a resident ID, a mobile number not published on purpose, a bank card."""
    if len(number) == 18 and ID_NUMBER.fullmatch(number) and is_id_number(number):
        return f"输出文件中有身份证号码 {_mask(number)}。个人信息不得公开：请从内容中删除后再构建。"
    if number in allowed:
        return None
    if MOBILE.fullmatch(number):
        return f"输出文件中有手机号码 {_mask(number)}，它不是登记的公开联系电话。请删除；如确为单位公开电话，请写入 site.yaml、places.yaml 或方案的联系人电话。"
    if OLD_ID_NUMBER.fullmatch(number):
        return f"输出文件中有疑似15位身份证号码 {_mask(number)}。个人信息不得公开：请从内容中删除后再构建。"
    if CARD.fullmatch(number) and luhn.is_valid(number):  # ISO/IEC 7812 check digit
        return f"输出文件中有疑似银行卡号 {_mask(number)}。个人信息不得公开：请从内容中删除后再构建。"
    return None


SOURCE_SUFFIXES = (".md", ".yaml", ".yml", ".csv", ".txt", ".tsv", ".json", ".html", ".htm", ".xml", ".svg")
"""Files whose text an editor typed: sources, and attachments in ``content/assets/`` published as they are."""


class SourceIndex:
    """The editors' files as read (:func:`plaintext.located`), to say where a leaked value came from.

    ``quoted`` texts are blanked out of site.yaml first: the guard's releases quote the
    values they release, and a quotation is not a source.
    """

    def __init__(self, root: Path | None, quoted: Iterable[str] = ()) -> None:
        self.root, self.quoted = root, tuple(quoted)
        self._read: dict[str, Located] = {}

    @functools.cached_property
    def raw(self) -> dict[str, str]:
        """The source files' text, read on the first question (a build without a hit reads none)."""
        raw: dict[str, str] = {}
        for folder in ("content", "data") if self.root else ():
            assert self.root is not None
            for path in sorted((self.root / folder).rglob("*")) if (self.root / folder).is_dir() else []:
                if path.is_file() and path.suffix.lower() in SOURCE_SUFFIXES:
                    raw[path.relative_to(self.root).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
        for text in self.quoted:
            if SETTINGS in raw:
                raw[SETTINGS] = raw[SETTINGS].replace(text, " " * len(text))
        return raw

    def read(self, rel: str) -> Located:
        if rel not in self._read:
            self._read[rel] = located(self.raw[rel])
        return self._read[rel]

    def locate(self, value: str | re.Pattern[str]) -> list[tuple[str, int, int]]:
        """Every place ``value`` was written, however (a pattern), or as it is (a string): file, start and end."""
        if not value:
            return []
        pattern = value if isinstance(value, re.Pattern) else re.compile(re.escape(value))
        places = []
        for rel in self.raw:
            text = self.read(rel)
            for match in pattern.finditer(text.text):
                places.append((rel, text.place(match.start()), text.place(match.end() - 1) + 1))
        return places

    def released(self, place: tuple[str, int, int], release: Release) -> bool:
        """True when the written value at ``place`` lies inside the release's text, written in its file."""
        rel, start, end = place
        if rel != release.file:
            return False
        return any(at <= start and end <= at + len(release.text) for at in _occurrences(self.raw[rel], release.text))

    def at_source(self, problem: Problem, place: tuple[str, int, int]) -> Problem:
        """The problem located where the value was written (line, column), naming the output it reached."""
        rel, at, _ = place
        text = self.raw[rel]
        line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        return Problem(
            path=rel,
            line=line,
            column=column,
            code=problem.code,
            message=f"{problem.message}（见输出文件 {problem.path}）",
        )


def _occurrences(text: str, value: str) -> Iterator[int]:
    at = text.find(value)
    while at >= 0:
        yield at
        at = text.find(value, at + len(value))


Finding = tuple[Problem, "re.Pattern[str] | str"]
"""A problem found in an output, with what finds its value in the sources."""


ENTRY_BREAK = "\n    },\n    {\n"
"""What stands between two items in ``manifest.json`` (``json.dumps`` with an indent of 2; a line break inside a
value is written ``\\n``). The manifest changes with every edit and holds every item (megabytes at 10,000 items),
so it is scanned item by item and an item's text scanned by an earlier build is not scanned again."""


class Guard:
    """The guard over one finished tree: fed each file's bytes once, then asked for its problems."""

    def __init__(self, site: Site, names: PrivateNames | None = None) -> None:
        self.site, self.names = site, names
        self.allowed = public_numbers(site)
        self.by_file: dict[str, list[Finding]] = {}
        self.parts_known: Mapping[bytes, tuple[Finding, ...]] = {}
        """Findings in the manifest's items by the sha256 of their text, from an earlier build with the same ``key``."""
        self.parts: dict[bytes, tuple[Finding, ...]] = {}
        """The same, for this build's manifest."""

    @functools.cached_property
    def key(self) -> str:
        """What a file's findings depend on besides its bytes: the public numbers and the private names."""
        return digest_of(sorted(self.allowed), self.names.names if self.names else None)

    @property
    def found(self) -> list[Finding]:
        return [finding for findings in self.by_file.values() for finding in findings]

    def add(self, rel: str, data: bytes) -> None:
        """Scan one output file through every channel a reader or a program can get at: see :func:`readable`."""
        if rel == MANIFEST and data.startswith(b"{"):
            with contextlib.suppress(UnicodeDecodeError):
                self.by_file[rel] = self._by_entry(rel, data.decode("utf-8"))
                return
        self.by_file[rel] = self.scan(rel, data)

    def scan(self, rel: str, data: bytes) -> list[Finding]:
        """One file's findings, not kept (a page worker scans the pages it wrote: see :mod:`generator.web.pages`)."""
        found: list[Finding] = []
        try:
            texts = list(readable(rel, data))
        except Exception:  # a damaged file from content/assets/: pypdf, zipfile and Pillow raise many kinds
            return [(_unreadable(rel), "")]
        for text, markup in texts:
            found += findings(rel, text, self.allowed, self.names, markup)
        return found

    def _by_entry(self, rel: str, text: str) -> list[Finding]:
        """The findings in the manifest's text, item by item (see ``ENTRY_BREAK``), each finding once."""
        found: list[Finding] = []
        seen: set[tuple[str, str]] = set()
        for part in text.split(ENTRY_BREAK):
            key = hashlib.sha256(part.encode("utf-8", "surrogatepass")).digest()
            known = self.parts_known.get(key)
            if known is None:
                known = tuple(findings(rel, part, self.allowed, self.names))
            self.parts[key] = known
            for finding in known:
                ident = (finding[0].message, finding[1] if isinstance(finding[1], str) else finding[1].pattern)
                if ident not in seen:
                    seen.add(ident)
                    found.append(finding)
        return found

    def add_known(self, rel: str, found: Sequence[Finding]) -> None:
        """A file scanned elsewhere: by an earlier build with the same ``key`` (the same bytes), or by the page
        worker that wrote it (:meth:`scan`); its findings."""
        self.by_file[rel] = list(found)

    def problems(self, root: Path | None = None) -> list[Problem]:
        """Every hit; with ``root``, located at each source place it was written, once per place.

        The reviewed releases of site.yaml let one text in one file through; an unused
        release is a warning.
        """
        if root is None:
            return [problem for problem, _ in self.found]
        releases = self.site.settings.guard.releases
        sources, located = SourceIndex(root, (r.text for r in releases)), []
        seen: set[tuple[str, object]] = set()
        used: set[int] = set()
        for problem, value in self.found:
            places = sources.locate(value)
            if not places and (problem.path, problem.message) not in seen:  # not typed anywhere: the output says
                seen.add((problem.path, problem.message))
                source = _source_of(problem.path)
                located.append(problem if source == problem.path else dataclasses.replace(problem, path=source))
            for place in places:
                if place[:2] in seen:
                    continue
                seen.add(place[:2])
                match = [i for i, r in enumerate(releases) if sources.released(place, r)]
                if match:
                    used.add(match[0])
                else:
                    located.append(sources.at_source(problem, place))
        written = (root / SETTINGS).read_text(encoding="utf-8") if len(used) < len(releases) else ""
        for index, release in enumerate(releases):
            if index not in used:
                at = written.find(release.text)
                line = written.count("\n", 0, at) + 1 if at >= 0 else None
                message = f"放行条目“{release.text}”（{release.file}）没有拦下任何内容：内容已改，请删除这条放行。"
                located.append(
                    Problem(path=SETTINGS, line=line, column=None, code=codes.RELEASE_UNUSED, message=message)
                )
        return located


def _unreadable(rel: str) -> Problem:
    message = f"无法读取 {rel} 的内容，也就无法检查其中有没有个人信息：文件可能已损坏。请重新导出后再放入。"
    return Problem(path=_source_of(rel), code=codes.UNREADABLE_OUTPUT, message=message)


def _source_of(rel: str) -> str:
    """The source of an output file when it is one, as it is (an attachment in ``content/assets/``), else ``rel``."""
    return "content/" + rel if rel.startswith("assets/") else rel


SEARCH_INDEX = "pagefind/"
"""The search index: the words of the pages (and of the PDFs' stand-ins), which are read themselves."""
MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".svg", ".rss", ".atom")
PAGEFIND_PREFIX = b"pagefind_dcd"
MAX_UNPACKED = 256 << 20
"""A compressed file (search index part, office document) may unpack to this much; more is refused."""


LINE_ENDS = re.compile(r"[ \t]*(?:\r\n?|\n)[ \t]*")
"""A line break in a PDF's text, with the spaces around it."""
ENCODED_END = re.compile(r"[0-9A-Za-z+/=_-]{32,}$")
"""A line that ends in a digest or a link's code: not joined to the next, where a number may start."""


def _unwrapped(text: str) -> str:
    """A PDF's text with its lines of running text joined by a space: a number the layout wrapped (139 1234⏎5678)
    is one number again. A short line of figures alone (a chart's axis, a column of values) stays a line of its own:
    joined, 25⏎50⏎75⏎100 … would be read as one long number. Running text is a line with a letter in it (Chinese or
    Latin), and not one that ends in a digest or a link's code."""

    def joined(end: re.Match[str]) -> str:
        start = max(text.rfind("\n", 0, end.start()), text.rfind("\r", 0, end.start())) + 1
        line = text[start : end.start()]
        return " " if any(c.isalpha() for c in line) and not ENCODED_END.search(line[-64:]) else "\n"

    return LINE_ENDS.sub(joined, text) if "\n" in text or "\r" in text else text


SPACED_LETTERS = re.compile(r"(?<![\u3400-\u9fff])[\u3400-\u9fff](?:[ \u3000]+[\u3400-\u9fff](?![\u3400-\u9fff])){1,}")
"""Two or more Chinese letters each standing alone between spaces: a PDF's text of a field spread over its cell
(来 访 人, a form's distributed alignment)."""


def _letters_together(text: str, fields_only: bool = False) -> str:
    """A PDF's text with its spread-out words written together again: 来 访 人 ： 张 三 丰 is 来访人 ： 张三丰.
    ``fields_only``: only the register's fields, for reading its lines as rows of cells (a cell may be one letter:
    张三丰 男 汉 东街5号 keeps its cells)."""
    if " " not in text and "\u3000" not in text:
        return text

    def together(spread: re.Match[str]) -> str:
        joined = re.sub(r"[ \u3000]+", "", spread.group())
        return joined if not fields_only or _field_kind(joined) else spread.group()

    return SPACED_LETTERS.sub(together, text)


def readable(rel: str, data: bytes, depth: int = 0) -> Iterator[tuple[str, bool]]:
    """Every text one output file carries, and whether it is markup: its name, then by what the bytes are.

    Text files (whatever their suffix) as they are; PDFs by their text, metadata,
    annotations, form fields and embedded files; office documents (xlsx, docx …) by the
    text of their parts; compressed files (the search index) unpacked; images by their
    metadata (text chunks, EXIF, XMP); other binaries by the text runs in them.
    """
    name = unquote(rel.rsplit("/", 1)[-1] if depth else rel)
    if not name.isascii() or "@" in name or sum(map(str.isdigit, name)) >= 11:  # else no number or address fits
        yield name, False
    if data.startswith(b"%PDF-"):
        for text in pdf_texts(data, depth):
            yield _unwrapped(_letters_together(text)), False
            if register := register_text(line_tables(_letters_together(text, fields_only=True))):
                yield register, False
        if register := _laid_out_register(data):
            yield register, False
    elif data.startswith(b"PK\x03\x04"):
        yield from ((text, False) for text in office_texts(data, depth))
    elif data.startswith(b"\x1f\x8b"):
        unpacked = _gunzip(data)
        yield from readable(rel.removesuffix(".gz") + "#", unpacked.removeprefix(PAGEFIND_PREFIX), depth + 1)
    elif image_kind(data) or data[:4] in (b"II*\x00", b"MM\x00*"):  # the published kinds, and TIFF
        yield from ((text, False) for text in image_texts(data))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield " ".join(re.findall(r"[\x20-\x7e]{6,}", data.decode("latin-1"))), False  # strings of a binary
            return
        markup = rel.endswith(MARKUP_SUFFIXES)
        tables: Iterable[Table] = ()
        if rel.endswith(".ics"):
            text = re.sub(r"\r?\n[ \t]", "", text)  # folded lines are one line
        elif rel.lower().endswith((".csv", ".tsv")) and (rows := _csv_rows(text, rel)) is not None:
            text = "\n".join(BOUNDARY.join(row) for row in rows)
            tables = row_tables(rows)
        else:
            tables = _text_tables(rel, text, markup)
        tables = list(tables)
        yield text, markup
        if register := register_text(tables):
            yield register, False
        if boxed := _boxed_numbers(tables):
            yield boxed, False
        if depth < 2 and "base64," in text:  # data: addresses carry a file of their own (an SVG's image, a link)
            for encoded in DATA_ADDRESS.finditer(text):
                yield from _data_address(rel, encoded.group(1), depth + 1)


REGISTER_WORDS = re.compile("|".join((PEOPLE_FIELDS, ID_FIELDS, ADDRESS_FIELDS)))
"""A field only the register has, anywhere in a text: a PDF with one is read again as laid out."""
WHITE_SPACE = re.compile(r"\s+")


def _laid_out_register(data: bytes) -> str:
    """The register in a PDF's tables read as pypdf lays the pages out (:func:`pdf_text` with ``layout``), for a PDF
    whose text names a field only the register has (来访人, 住址 …, however its lines broke it: 来访⏎人). The plain
    text gives a table's cells in the order they were drawn: a cell over two lines (李四⏎光) comes apart from its
    row, and the rows under a header no longer line up with it; laid out, a row is a line again."""
    if not REGISTER_WORDS.search(WHITE_SPACE.sub("", pdf_text(data))):
        return ""
    try:
        laid_out = pdf_text(data, layout=True)
    except Exception:  # pypdf's layout is its own code: the plain text of this PDF has been read whatever it raises
        return ""
    rows = "\n".join(line for line in laid_out.splitlines() if line.strip())
    return register_text(line_tables(_letters_together(rows, fields_only=True)))


DATA_ADDRESS = re.compile(r"data:[-\w.+/;=]{0,100};base64,([A-Za-z0-9+/=]{8,})")
"""A data: address with its bytes in base64 (data:text/plain;base64,…, data:image/png;base64,…)."""


def _data_address(rel: str, encoded: str, depth: int) -> Iterator[tuple[str, bool]]:
    """What a data: address's bytes carry, read as a file of their own; bytes no reader takes (a cut-off picture)
    by the text runs in them, as any binary."""
    try:
        data = base64.b64decode(encoded[: len(encoded) // 4 * 4], validate=False)
    except ValueError:  # padding inside: no address a browser reads either
        return
    try:
        yield from list(readable(rel + "#data", data, depth))
    except Exception:  # a damaged picture: pypdf, zipfile and Pillow raise many kinds
        yield " ".join(re.findall(r"[\x20-\x7e]{6,}", data.decode("latin-1"))), False


def _text_tables(rel: str, text: str, markup: bool) -> Iterator[Table]:
    """The tables of a text file, as its kind writes them (a CSV's: see ``_csv_rows``)."""
    name = rel.lower()
    if markup:
        return itertools.chain(html_tables(text), shown_pipe_tables(text), definition_tables(text, _field_kind))
    if name.endswith((".json", ".jsonld", ".geojson")):  # a record's members (not the search index's parts)
        return json_tables(text)
    tables: list[Iterable[Table]] = []
    if "\t" in text:  # cells copied from a sheet into a text file
        tables.append(delimited_tables(text, "\t"))
    if "|" in text:
        tables.append(pipe_tables(text))
    if name.endswith(PROSE_SUFFIXES) and (" " in text or "\u3000" in text):  # 来访人 张三丰 住址 东风村: cells apart
        tables.append(line_tables(_letters_together(text, fields_only=True)))  # by spaces, as a PDF's lines
    return itertools.chain.from_iterable(tables)


DIGIT_CELL = re.compile(r"[0-9Xx]")


def _boxed_numbers(tables: Iterable[Table]) -> str:
    """Numbers written a digit to a cell, as a form's boxes hold an ID (1 | 1 | 0 | 1 | 0 | 5 | …): each run of
    seven cells or more that hold one digit each, its digits together, a line each."""
    lines = []
    for table in tables:
        for row in table.rows:
            if len(row) < 7:  # (most rows)
                continue
            run: list[str] = []
            for cell in [*row, ""]:
                if DIGIT_CELL.fullmatch(cell.strip()):
                    run.append(cell.strip())
                    continue
                if len(run) >= 7:
                    lines.append("".join(run))
                run = []
    return "\n".join(lines)


PROSE_SUFFIXES = (".txt", ".md", ".text", ".markdown")
"""Text files a person writes (an attachment): a line may be a row of cells apart by spaces."""


def _csv_rows(text: str, rel: str) -> list[list[str]] | None:
    """A CSV's or TSV's rows as a program reads them (None: not a table after all, read as it is; a first line with
    more ; than , is a CSV as European spreadsheets write it, cells apart by ;). Its cells are
    then apart (``BOUNDARY``): figures in a row are values of their own (350,1503,1511,394 holds no phone number),
    a quoted cell's "139,1234,5678" one text, a quoted cell over two lines one cell of its row."""
    import csv

    head = text[:2000].split("\n", 1)[0]
    delimiter = "\t" if rel.lower().endswith(".tsv") else ";" if head.count(";") > head.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        return None


def _gunzip(data: bytes) -> bytes:
    import zlib

    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    unpacked = inflate.decompress(data, MAX_UNPACKED)
    if inflate.unconsumed_tail:
        raise ValueError("unpacks to more than the limit")
    return unpacked


def pdf_texts(data: bytes, depth: int = 0) -> Iterator[str]:
    """A PDF's page text, document information and XMP, annotations and links, form fields and embedded files."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    yield pdf_text(data)
    yield " ".join(str(value) for value in (reader.metadata or {}).values())
    xmp = reader.xmp_metadata
    if xmp is not None:
        yield xmp.stream.get_data().decode("utf-8", "replace")
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            fields = annotation.get_object()
            yield " ".join(str(fields[key]) for key in ("/Contents", "/T", "/TU", "/V", "/NM", "/RC") if key in fields)
            action = fields.get("/A")
            if action is not None and "/URI" in action.get_object():
                yield unquote(str(action.get_object()["/URI"]))
    yield " ".join(_outline_titles(reader.outline))  # the bookmarks
    for name, field in (reader.get_fields() or {}).items():
        yield f"{name} {field.get('/V', '')} {field.get('/DV', '')} {field.get('/TU', '')}"
    if depth < 2:
        for name, contents in reader.attachments.items():
            for content in contents:
                yield from (text for text, _ in readable(name, content, depth + 1))


def _outline_titles(outline: Any, depth: int = 0) -> Iterator[str]:
    """Every bookmark's title in a PDF's outline (pypdf gives a list of items and nested lists)."""
    for entry in outline if depth < 32 else ():
        if isinstance(entry, list):
            yield from _outline_titles(entry, depth + 1)
        else:
            yield str(getattr(entry, "title", "") or "")


_XML_BREAK = re.compile(r"</(?:si|c|row|w:p|w:tc|a:p|text:p|table:table-cell)>|<(?:w:tab|w:br|text:tab)\b[^>]*/>")


SHARED_STRINGS = "xl/sharedStrings.xml"
XML_ATTRIBUTE = re.compile(r"""=[ \t]*(?:"([^"<]*)"|'([^'<]*)')""")
"""An attribute's value in an XML part: a hyperlink's target (tel:…, mailto:…), a comment's author."""


def office_texts(data: bytes, depth: int = 0) -> Iterator[str]:
    """The text of an Office Open XML or OpenDocument file: each XML part as read (a cell, a paragraph apart), and what it embeds."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        if unpacks_too_large(book):
            raise ValueError("unpacks to more than the limit")
        names = book.namelist()
        strings = (
            shared_strings(book.read(SHARED_STRINGS).decode("utf-8", "replace")) if SHARED_STRINGS in names else []
        )
        for name in names:
            yield name
            part = book.read(name)
            if name.endswith((".xml", ".rels")):
                raw = part.decode("utf-8", "replace")
                tables = list(office_tables(raw, strings))
                if register := register_text(tables):
                    yield register  # a register laid out as a table: its cells paired
                if boxed := _boxed_numbers(tables):
                    yield boxed  # a number a digit to a cell
                xml = _XML_BREAK.sub(BOUNDARY, raw)
                yield html.unescape(re.sub(r"<[^<>]*>", "", xml))
                values = (html.unescape(found[1] or found[2] or "") for found in XML_ATTRIBUTE.finditer(xml))
                yield BOUNDARY.join(values)  # a link's target, a comment's author
            elif depth < 2:
                yield from (text for text, _ in readable(name, part, depth + 1))


def image_texts(data: bytes) -> Iterator[str]:
    """What an image carries besides its pixels: text chunks, comments, EXIF and XMP."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        for value in image.info.values():
            if isinstance(value, bytes | str):
                yield _metadata_text(value)
        for tag, value in image.getexif().items():
            if isinstance(value, bytes) and tag in XP_TAGS:
                yield value.decode("utf-16-le", "replace")
            else:
                yield _metadata_text(value) if isinstance(value, bytes | str) else str(value)


XP_TAGS = range(0x9C9B, 0x9CA0)
"""EXIF tags Windows writes in UTF-16 (XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject)."""


def _metadata_text(value: bytes | str) -> str:
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def _xlsx_text(data: bytes) -> str:
    """The XML of a workbook's parts, where its cells' text is (a workbook that unpacks to too much is refused)."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        if unpacks_too_large(book):
            raise ValueError("unpacks to more than the limit")
        return "\n".join(
            book.read(name).decode("utf-8", "replace") for name in book.namelist() if name.endswith(".xml")
        )
