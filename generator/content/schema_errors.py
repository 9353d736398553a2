"""Validate stage helper: pydantic validation errors → located Chinese problems."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from generator import codes
from generator.problems import Problem
from generator.source.yamldoc import Loc, LocatedData


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType, tuple, list) or get_args(annotation):
        for arg in get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None


def model_at(root: type[BaseModel], loc: Loc) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that owns the last key of ``loc``'s container, and that key's field info."""
    model: type[BaseModel] | None = root
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None, None
        info = model.model_fields[part]
        model = _inner_model(info.annotation)
    return model, info


def field_label(root: type[BaseModel], loc: Loc) -> str:
    """``key``（中文名）for a message, e.g. “suoyinhao”（索引号）."""
    keys = [p for p in loc if isinstance(p, str)]
    if not keys:
        return "此项"
    _, info = model_at(root, loc)
    name = re.split(r"[：，（。]", info.description or "")[0] if info else ""
    label = f"“{keys[-1]}”（{name}）" if name and len(name) <= 12 else f"“{keys[-1]}”"
    if isinstance(loc[-1], int):
        label += f"的第 {loc[-1] + 1} 项"
    return label


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, int | float):
        return f"数字 {value}"
    if isinstance(value, dt.date):
        return f"日期 {value.isoformat()}"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "一组字段"
    return f"文字“{value}”"


_EXPECTED = (
    ("string", "文字（数字或日期要加引号）"),
    ("int", "整数"),
    ("float", "数字"),
    ("bool", "true 或 false"),
    ("list", "列表（每项一行，以“- ”开头）"),
    ("tuple", "列表（每项一行，以“- ”开头）"),
    ("dict", "一组“键: 值”字段（下一行缩进书写）"),
    ("model", "一组“键: 值”字段（下一行缩进书写）"),
)


def _choices(expected: str) -> str:
    return expected.replace(" or ", ", ").replace("'", "").replace(", ", "、")


def error_to_problem(path: str, located: LocatedData, root: type[BaseModel], error: ErrorDetails) -> Problem:
    """One pydantic error as a located problem with a Chinese message and a stable code."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    label = field_label(root, loc)
    mark = located.mark_for(loc)
    code, message = codes.WRONG_TYPE, ""
    if kind == "missing":
        mark = located.mark_for(loc[:-1])
        code, message = codes.MISSING_FIELD, f"缺少必填字段{label}，请补上。"
    elif kind == "extra_forbidden":
        mark = located.mark_for(loc, key=True)
        code, message = codes.UNKNOWN_KEY, _unknown_key_message(root, loc)
    elif kind in codes.CATALOGUE:  # our own PydanticCustomError codes
        code, message = codes.CATALOGUE[kind], error["msg"]
    elif kind == "literal_error":
        code = codes.BAD_CHOICE
        message = f"{label}只能填写：{_choices(str(error.get('ctx', {}).get('expected', '')))}。"
    elif kind in ("string_too_short", "too_short"):
        code, message = codes.EMPTY_VALUE, f"{label}不能为空。"
    elif kind in ("string_too_long", "too_long"):
        code, message = codes.TOO_LONG, f"{label}太长了（{error['msg']}），请精简。"
    elif kind == "string_pattern_mismatch":
        code, message = codes.BAD_FORMAT, f"{label}的写法不对：{_describe(error['input'])}。请按说明填写。"
    elif kind.startswith(("greater", "less")):
        code, message = codes.OUT_OF_RANGE, f"{label}超出允许范围：{_describe(error['input'])}。"
    else:
        expected = next((text for prefix, text in _EXPECTED if kind.startswith(prefix)), "其他类型")
        message = f"{label}应该是{expected}，这里写的是{_describe(error['input'])}。"
    return Problem(
        path=path, line=mark.line if mark else None, column=mark.column if mark else None, code=code, message=message
    )


def _unknown_key_message(root: type[BaseModel], loc: Loc) -> str:
    model, _ = model_at(root, loc[:-1])
    key = str(loc[-1])
    allowed = list(model.model_fields) if model else []
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"是不是要写“{close[0]}”？" if close else f"可用的键有：{'、'.join(allowed)}。"
    return f"不认识的键“{key}”。{hint}"
