"""Measure a 公文 PDF against GB/T 9704-2012 (shared/domain/gbt9704.md): element, measured, target.

Positions use the ideographic em box (0.88 em above the baseline, 0.12 em below),
in mm from the top-left corner, as the spec's coordinates do.
Run as ``python tests/gongwen_check.py FILE.pdf`` to print the table.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pdfplumber

MM = 72 / 25.4
PITCH = 29.6 / MM  # body line pitch in mm
CELL = 156 / 28


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    font: str
    color: Any
    fonts: frozenset[str]


@dataclass(frozen=True)
class Check:
    element: str
    measured: str
    target: str
    ok: bool


def _font(name: str) -> str:
    return name.split("+", 1)[-1]


def read_lines(pdf: Any) -> list[Line]:
    """Text lines (chars sharing a baseline), in reading order."""
    lines = []
    for number, page in enumerate(pdf.pages, start=1):
        rows: dict[float, list[dict[str, Any]]] = {}
        for char in page.chars:
            if abs(char["matrix"][1]) > 1e-6:  # turned: an example's slanted 示例 mark, deliberately off the grid
                continue
            rows.setdefault(round(page.height - char["matrix"][5], 1), []).append(char)
        for baseline, chars in sorted(rows.items()):
            chars.sort(key=lambda c: c["x0"])
            size = max(c["size"] for c in chars)
            if baseline / MM < 28 and "".join(c["text"] for c in chars).startswith("示例"):
                continue  # an example's label in the top margin, off the grid like its slanted mark
            lines.append(
                Line(
                    number,
                    "".join(c["text"] for c in chars),
                    (baseline - 0.88 * size) / MM,
                    (baseline + 0.12 * size) / MM,
                    chars[0]["x0"] / MM,
                    chars[-1]["x1"] / MM,
                    size,
                    _font(chars[0]["fontname"]),
                    chars[0]["non_stroking_color"],
                    frozenset(_font(c["fontname"]) for c in chars),
                )
            )
    return lines


@dataclass(frozen=True)
class Turned:
    """The page number of a page turned sideways (a 横排 table), read as set: turned a quarter clockwise."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def landscape_pages(pdf: Any) -> set[int]:
    return {n for n, page in enumerate(pdf.pages, start=1) if page.width > page.height}


def turned_folios(pdf: Any) -> list[Turned]:
    """On each landscape page, the turned characters of its number (the 示例 mark is left out)."""
    found = []
    for number in sorted(landscape_pages(pdf)):
        page = pdf.pages[number - 1]
        chars = sorted(
            (c for c in page.chars if c["matrix"][1] < -1e-6 and c["text"] not in "示例"), key=lambda c: c["top"]
        )
        if chars:
            text = "".join(c["text"] for c in chars)
            found.append(
                Turned(
                    number,
                    text,
                    min(c["x0"] for c in chars) / MM,
                    max(c["x1"] for c in chars) / MM,
                    chars[0]["top"] / MM,
                    chars[-1]["bottom"] / MM,
                )
            )
    return found


def blank_lines(upper_bottom: float, lower: Line) -> float:
    """k: how many blank body lines lie between two elements (gbt9704.md §2)."""
    return (lower.top - upper_bottom + lower.size / MM) / PITCH - 1


def _near(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= tolerance


def _is_red(color: Any) -> bool:
    return isinstance(color, tuple | list) and len(color) == 3 and color[0] > 0.7 and color[1] < 0.2 and color[2] < 0.3


def check_gongwen(path: str, faces: dict[str, str], attachments: list[str]) -> list[Check]:
    """Every measurable element of the notice; ``faces`` maps role → PostScript name prefix."""
    checks: list[Check] = []

    def add(element: str, measured: float | str, target: str, ok: bool) -> None:
        text = f"{measured:.2f}" if isinstance(measured, float) else measured
        checks.append(Check(element, text, target, ok))

    with pdfplumber.open(path) as pdf:
        lines = read_lines(pdf)
        pages = pdf.pages
        landscape = landscape_pages(pdf)
        turned_numbers = turned_folios(pdf)
        add(
            "页面",
            f"{pages[0].width / MM:.1f}×{pages[0].height / MM:.1f}",
            "210×297 (A4)",
            _near(pages[0].width / MM, 210, 0.5) and _near(pages[0].height / MM, 297, 0.5),
        )
        first = [line for line in lines if line.page == 1]
        mark, number = first[0], first[1]
        add("发文机关标志 上沿 y", mark.top, "72 ± 1", _near(mark.top, 72, 1))
        add("发文机关标志 宽度", mark.x1 - mark.x0, "≤ 156", mark.x1 - mark.x0 <= 156.2)
        add("发文机关标志 中心 x", (mark.x0 + mark.x1) / 2, "106 ± 1", _near((mark.x0 + mark.x1) / 2, 106, 1))
        add(
            "发文机关标志 颜色/字体",
            f"{'红' if _is_red(mark.color) else mark.color}/{mark.font}",
            "红色, 小标宋",
            _is_red(mark.color) and mark.font.startswith(faces["xiaobiaosong"]),
        )
        add(
            "发文字号 格式",
            number.text,
            "机关代字〔年〕序号号",
            bool(re.fullmatch(r"[\u4e00-\u9fff]+〔\d{4}〕[1-9]\d*号", number.text)),
        )
        add(
            "发文字号 字号/字体",
            f"{number.size:.1f}pt/{number.font}",
            "16pt 仿宋",
            _near(number.size, 16, 0.3) and number.font.startswith(faces["fangsong"]),
        )
        add(
            "发文字号 空行 k",
            blank_lines(mark.bottom, number),
            "2 ± 0.5",
            _near(blank_lines(mark.bottom, number), 2, 0.5),
        )
        add("发文字号 中心 x", (number.x0 + number.x1) / 2, "106 ± 1", _near((number.x0 + number.x1) / 2, 106, 1))
        red = [
            r
            for r in pages[0].rects + pages[0].lines
            if _is_red(r.get("non_stroking_color")) or _is_red(r.get("stroking_color"))
        ]
        rule = red[0] if red else None
        add(
            "版头分隔线 位置",
            f"x {rule['x0'] / MM:.2f}–{rule['x1'] / MM:.2f}, 距字号 {rule['top'] / MM - number.bottom:.2f}"
            if rule
            else "无",
            "x 28–184, 字号下 4 mm",
            bool(rule)
            and _near(rule["x0"] / MM, 28, 0.5)
            and _near(rule["x1"] / MM, 184, 0.5)
            and _near(rule["top"] / MM - number.bottom, 4, 0.5),
        )
        title = [line for line in first if _near(line.size, 22, 0.3)]
        add(
            "标题 字号/字体",
            f"{title[0].size:.1f}pt/{title[0].font}",
            "22pt 小标宋",
            title[0].font.startswith(faces["xiaobiaosong"]),
        )
        add(
            "标题 空行 k",
            blank_lines(rule["bottom"] / MM if rule else 0, title[0]),
            "2 ± 0.5",
            bool(rule) and _near(blank_lines(rule["bottom"] / MM, title[0]), 2, 0.5),
        )
        centres = [(t.x0 + t.x1) / 2 for t in title]
        add(
            "标题 各行居中 x",
            " / ".join(f"{c:.1f}" for c in centres),
            "106 ± 1",
            all(_near(c, 106, 1) for c in centres),
        )
        widths = [len(t.text) for t in title]
        hourglass = any(a > b < c for a, b, c in zip(widths, widths[1:], widths[2:], strict=False))
        add("标题 行长", "/".join(map(str, widths)), "≤ 20 字, 梯形或菱形", max(widths) <= 20 and not hourglass)
        addressee = first[len(title) + 2]
        add(
            "主送机关 x0 / 结尾",
            f"{addressee.x0:.2f} / {addressee.text[-1]}",
            "28 ± 0.3, 以“：”结尾",
            _near(addressee.x0, 28, 0.3) and addressee.text.endswith("："),
        )
        add(
            "主送机关 空行 k",
            blank_lines(title[-1].bottom, addressee),
            "1 ± 0.5",
            _near(blank_lines(title[-1].bottom, addressee), 1, 0.5),
        )
        body = first[len(title) + 3]
        add("正文 首行缩进 x0", body.x0, "39.1–39.3 ± 0.3", _near(body.x0, 39.2, 0.4))
        add(
            "正文 空行 k（紧接主送）",
            blank_lines(addressee.bottom, body),
            "0 ± 0.5",
            _near(blank_lines(addressee.bottom, body), 0, 0.5),
        )
        body_lines = [
            line
            for line in lines
            if _near(line.size, 16, 0.3) and line.font.startswith(faces["fangsong"]) and line.page > 1
        ]
        full = [line for line in body_lines if len(line.text) == 28]
        add(
            "正文 满行 28 字 右端 x1",
            full[0].x1 if full else "无",
            "184 ± 0.5",
            bool(full) and _near(full[0].x1, 184, 0.5),
        )
        ragged = [
            upper.x1
            for upper, lower in pairwise(body_lines)
            if upper.page == lower.page and _near(lower.x0, 28, 0.3) and _near(lower.top - upper.top, PITCH, 0.2)
        ]
        add(
            "正文 两端对齐 非段末行 x1 范围",
            f"{min(ragged):.2f}–{max(ragged):.2f}（{len(ragged)} 行）" if ragged else "无",
            "184 ± 0.5",
            len(ragged) > 10 and all(_near(x, 184, 0.5) for x in ragged),
        )
        add(
            "正文 回行 x0",
            min(line.x0 for line in body_lines),
            "28 ± 0.3",
            _near(min(line.x0 for line in body_lines), 28, 0.3),
        )
        pitches = [
            round((b.top - a.top) * MM, 2) for a, b in pairwise(body_lines) if a.page == b.page and b.top - a.top < 12
        ]
        add("正文 行距", f"{min(pitches):.2f}pt", "28.0–29.8 pt", 28.0 <= min(pitches) <= 29.8)
        page2 = [line for line in lines if line.page == 3]
        add("版心 首行上沿 y（第 3 页）", page2[0].top, "37 ± 1", _near(page2[0].top, 37, 1))
        per_page = max(sum(1 for line in body_lines if line.page == p and line.top < 262) for p in range(2, 8))
        add("每面行数", str(per_page), "22", per_page == 22)
        for marker, role, name in (
            ("一、", "heiti", "一级标题 黑体"),
            ("（一）", "kaiti", "二级标题 楷体"),
            ("1.", "fangsong", "三级标题 仿宋"),
            ("（1）", "fangsong", "四级标题 仿宋"),
        ):
            found = next((line for line in lines if line.text.startswith(marker)), None)
            add(name, found.font if found else "无", faces[role], bool(found) and found.font.startswith(faces[role]))
        signer = next(line for line in first if line.text == "青阳街道办事处")
        date = next(line for line in first if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line.text))
        add("成文日期 右空二字 x1", date.x1, f"{184 - 2 * CELL:.2f} ± 0.5", _near(date.x1, 184 - 2 * CELL, 0.5))
        add(
            "署名 x0 = 日期 x0 − 2字",
            signer.x0,
            f"{date.x0 - 2 * CELL:.2f} ± 0.5",
            _near(signer.x0, date.x0 - 2 * CELL, 0.5),
        )
        note = [line for line in lines if line.text.startswith("附件：")]
        if note:
            first_item = note[0]
            following = [
                line
                for line in lines
                if line.page == first_item.page and line.top > first_item.top and re.match(r"\d+\.", line.text)
            ]
            add("附件说明 x0", first_item.x0, "39.1–39.3 ± 0.3", _near(first_item.x0, 39.2, 0.4))
            add(
                "附件说明 序号对齐",
                " / ".join(f"{line.x0:.2f}" for line in following),
                f"{first_item.x0 + 3 * CELL:.2f} ± 0.5",
                all(_near(line.x0, first_item.x0 + 3 * CELL, 0.6) for line in following),
            )
        for n, name in enumerate(attachments, start=1):
            label = next((line for line in lines if line.text == f"附件{n}"), None)
            if label is None:
                add(f"附件{n} 标识", "无", "新页首行", False)
                continue
            on_page = [line for line in lines if line.page == label.page]
            heading = on_page[1]
            turned = label.page in landscape
            top, left, centre = (28, 35, 35 + 225 / 2) if turned else (37, 28, 106)
            add(
                f"附件{n} 标识 位置/字体",
                f"页 {label.page}{'（横排）' if turned else ''} y {label.top:.2f} x {label.x0:.2f} {label.font}",
                f"新页, y {top} ± 1, x {left}, 黑体",
                on_page[0] is label
                and _near(label.top, top, 1)
                and _near(label.x0, left, 0.3)
                and label.font.startswith(faces["heiti"]),
            )
            add(
                f"附件{n} 标题",
                heading.text,
                name,
                heading.text == name and _near((heading.x0 + heading.x1) / 2, centre, 1),
            )
        last = len(pages)
        banji_rules = sorted(
            (r for r in pages[-1].rects + pages[-1].lines if r["width"] / MM > 150), key=lambda r: r["bottom"]
        )
        add("版记 所在页", str(last), "最后一页, 偶数页", last % 2 == 0 and bool(banji_rules))
        add(
            "版记 末条分隔线 下沿 y",
            banji_rules[-1]["bottom"] / MM if banji_rules else "无",
            "262 ± 0.5",
            bool(banji_rules) and _near(banji_rules[-1]["bottom"] / MM, 262, 0.5),
        )
        printer = next((line for line in lines if line.page == last and "印发" in line.text), None)
        add(
            "印发机关 x0 / 印发日期 x1",
            f"{printer.x0:.2f} / {printer.x1:.2f}" if printer else "无",
            f"{28 + 14 / MM:.2f} / {184 - 14 / MM:.2f} ± 0.5",
            bool(printer) and _near(printer.x0, 28 + 14 / MM, 0.5) and _near(printer.x1, 184 - 14 / MM, 0.5),
        )
        add(
            "印发 字号/字体",
            f"{printer.size:.1f}pt/{printer.font}" if printer else "无",
            "14pt 仿宋",
            bool(printer) and _near(printer.size, 14, 0.3) and printer.font.startswith(faces["fangsong"]),
        )
        folios = [line for line in lines if re.fullmatch(r"— \d+ —", line.text)]
        odd = [f for f in folios if f.page % 2 == 1]
        even = [f for f in folios if f.page % 2 == 0]
        count = len(folios) + len(turned_numbers)
        add("页码 数量", str(count), f"{last}（每页一个）", count == last)
        for f in turned_numbers:  # the sheet turned back upright: landscape x is upright y, landscape y upright x
            dash = 35 - (f.x0 + f.x1) / 2
            side = 184 - 14 / MM - f.bottom if f.page % 2 else f.top - (28 + 14 / MM)
            add(
                f"页码 横排页 {f.page}",
                f"{f.text} 一字线距版心 {dash:.2f}, 空一字偏差 {side:.2f}",
                f"— {f.page} —, 6–10 mm, 0 ± 0.6",
                f.text == f"— {f.page} —" and 6 <= dash <= 10 and abs(side) <= 0.6,
            )
        add(
            "页码 单页右空一字 x1",
            odd[0].x1,
            f"{184 - 14 / MM:.2f} ± 0.6",
            all(_near(f.x1, 184 - 14 / MM, 0.6) for f in odd),
        )
        add(
            "页码 双页左空一字 x0",
            even[0].x0,
            f"{28 + 14 / MM:.2f} ± 0.6",
            all(_near(f.x0, 28 + 14 / MM, 0.6) for f in even),
        )
        dash = folios[0].top + 0.5 * folios[0].size / MM
        add("页码 一字线距版心下沿", dash - 262, "7（6–10 mm）", 6 <= dash - 262 <= 10)
        add(
            "页码 字号/字体",
            f"{folios[0].size:.1f}pt/{folios[0].font}",
            "14pt 宋体（不加粗）",
            _near(folios[0].size, 14, 0.3)
            and all(f.font.startswith(faces["songti"]) and "Bold" not in f.font for f in folios),
        )
    return checks


def print_table(checks: list[Check]) -> None:
    print("| 要素 | 实测 | 目标 | 结果 |\n| --- | --- | --- | --- |")
    for c in checks:
        print(f"| {c.element} | {c.measured} | {c.target} | {'✓' if c.ok else '✗'} |")


if __name__ == "__main__":
    from generator.fonts import choose_fonts

    chosen = choose_fonts()
    prefixes = {role: face.family.replace(" ", "-") for role, face in chosen.faces.items() if face}
    print_table(check_gongwen(sys.argv[1], prefixes, sys.argv[2:]))
