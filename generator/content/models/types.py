"""Model stage: constrained field types shared by the content models (dates, ids, 文号, times)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel as _PydanticBase
from pydantic import BeforeValidator, ConfigDict, PlainSerializer
from pydantic_core import PydanticCustomError

from generator import codes


class Model(_PydanticBase):
    """Base of every content model: frozen, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if _ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError(
                codes.BAD_DATE, "“{value}”不是真实存在的日期，请检查月份和日期。", {"value": text}
            ) from None
    raise PydanticCustomError(
        codes.BAD_DATE,
        "日期“{value}”格式不对，请写成“年-月-日”，例如 2024-09-18（月和日要两位数）。",
        {"value": text},
    )


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), PlainSerializer(lambda d: d.isoformat())]
"""A calendar date written as ISO 8601 ``YYYY-MM-DD``."""

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _slug(value: Any) -> str:
    text = str(value).strip()
    if not _ID.match(text):
        raise PydanticCustomError(
            codes.BAD_ID,
            "标识“{value}”只能包含小写英文字母、数字和连字符“-”，例如 2024-xinfang-month。",
            {"value": text},
        )
    return text


Slug = Annotated[str, BeforeValidator(_slug)]
"""A stable identifier used in URLs and cross-references: lowercase letters, digits, hyphens."""

_DOC_NUMBER = re.compile(r"^(?P<agency>[^〔〕\s]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")
_WRONG_BRACKETS = re.compile(r"[\[【(（［{]\s*\d{4}\s*[\]】)）］}]")


def _doc_number(value: Any) -> str:
    text = str(value).strip()
    if _DOC_NUMBER.match(text):
        return text
    if _WRONG_BRACKETS.search(text):
        fixed = _WRONG_BRACKETS.sub(lambda m: "〔" + re.sub(r"\D", "", m.group()) + "〕", text)
        raise PydanticCustomError(
            codes.DOC_NUMBER_BRACKETS,
            "文号“{value}”中的年份要用六角括号〔〕括起来，不能用方括号或圆括号，应写成“{fixed}”。",
            {"value": text, "fixed": fixed},
        )
    raise PydanticCustomError(
        codes.DOC_NUMBER_FORMAT,
        "文号“{value}”格式不对，应为“发文机关代字〔年份〕序号号”，例如 晋政青〔2024〕62号（序号不编虚位，不加“第”）。",
        {"value": text},
    )


DocNumber = Annotated[str, BeforeValidator(_doc_number)]
"""发文字号 (wenhao): agency code + year in 六角括号 〔〕 + serial + 号, per GB/T 9704 §7.2.4."""

_TIME_RANGE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


def _time_range(value: Any) -> str:
    text = str(value).strip().replace("—", "-").replace("–", "-").replace("～", "-")
    if not _TIME_RANGE.match(text) or text[:5] >= text[6:]:
        raise PydanticCustomError(
            codes.BAD_TIME_RANGE,
            "时间段“{value}”格式不对，请写成“开始-结束”的 24 小时制，例如 08:30-12:00。",
            {"value": str(value)},
        )
    return text


TimeRange = Annotated[str, BeforeValidator(_time_range)]
"""A time of day range ``HH:MM-HH:MM`` in 24-hour clock, start before end."""
