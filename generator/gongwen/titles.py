"""Render stage helper: break a 公文 title into balanced centred lines (梯形 or 菱形, never 沙漏).

GB/T 9704 §7.3.1 asks for line breaks that keep words whole, lines of suitable
and symmetric lengths, forming a trapezoid or a diamond. Without a dictionary
the breaker cuts only between words (rjieba, a Rust port of jieba), prefers the
seams such titles have (around 关于, 印发, 《》, quotes, 的通知), keeps place
names with their 街道/镇/县 and scores every partition by shape and evenness.
"""

from __future__ import annotations

import functools
import itertools
import math
import re

MAX_CHARS = 20
"""2号 (22 pt) characters that fit the 156 mm 版心 (156 / 7.76, GB/T 9704 grid)."""

_GOOD_BEFORE = re.compile(r"(《|“|的(通知|通告|意见|决定|报告|批复|函|方案)$)")
_GOOD_AFTER = re.compile(r"(关于|印发|转发|》|”|、|，)$")
_NO_BREAK_AFTER = "《“（〔"
_NO_BREAK_BEFORE = "》”）〕，、。：；！？"
_ADMIN_UNITS = ("街道", "办事处", "镇", "乡", "村", "社区", "县", "市", "区", "省", "人民政府", "委员会")


MAX_PARTITIONS = 20000
"""Beyond this many ways to cut, a title is far too long to balance: it is filled greedily instead."""


def _greedy(title: str, max_width: float) -> list[str]:
    lines, line = [], ""
    for char in title:
        if text_width(line + char) > max_width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line]


def char_width(char: str) -> float:
    """Width in 字: ASCII letters and digits are half-width."""
    return 0.5 if ord(char) < 0x2E80 else 1.0


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


def word_boundaries(title: str) -> set[int]:
    """Offsets between words; a cut anywhere else would split a word."""
    import rjieba  # here, not at the top: PDF workers import this module for text_width only

    return {start for _, start, _ in rjieba.tokenize(title)}


def _seam_cost(title: str, cut: int, boundaries: set[int]) -> float:
    before, after = title[:cut], title[cut:]
    if cut not in boundaries:
        return 100.0
    if before[-1] in _NO_BREAK_AFTER or after[0] in _NO_BREAK_BEFORE:
        return 50.0
    if after.startswith(_ADMIN_UNITS) and before[-1] not in "》”":
        return 30.0
    if _GOOD_AFTER.search(before) or _GOOD_BEFORE.match(after) or _GOOD_BEFORE.search(after[:4]):
        return 0.0
    return 6.0


def _shape_cost(widths: list[float]) -> float:
    """0 for 梯形 (non-increasing) or 菱形 (rising then falling); 沙漏 is ruled out."""
    peak = widths.index(max(widths))
    rising = all(a <= b for a, b in itertools.pairwise(widths[: peak + 1]))
    falling = all(a >= b for a, b in itertools.pairwise(widths[peak:]))
    if not (rising and falling):
        return 1000.0
    return 0.0 if peak == 0 else 3.0  # 上长下短 is preferred over a diamond


@functools.lru_cache(maxsize=1024)  # a notice's PDF source is made at every build, to look it up in the cache
def break_title(title: str, max_width: float = MAX_CHARS) -> tuple[str, ...]:
    """Title lines, each at most ``max_width`` 字 wide, balanced and well cut."""
    if text_width(title) <= max_width:
        return (title,)
    best: tuple[float, list[str]] | None = None
    boundaries = word_boundaries(title)
    candidates = sorted(b for b in boundaries if 0 < b < len(title)) or list(range(1, len(title)))
    lines_needed = int(text_width(title) // max_width) + 1
    for count in range(lines_needed, lines_needed + 2):
        if math.comb(len(candidates), count - 1) > MAX_PARTITIONS:
            return tuple(_greedy(title, max_width))
        for cuts in itertools.combinations(candidates, count - 1):
            lines = [title[a:b] for a, b in itertools.pairwise((0, *cuts, len(title)))]
            widths = [text_width(line) for line in lines]
            if max(widths) > max_width:
                continue
            cost = sum(_seam_cost(title, cut, boundaries) for cut in cuts) + _shape_cost(widths)
            cost += (max(widths) - min(widths)) * 0.8 + count * 4
            if best is None or cost < best[0]:
                best = (cost, lines)
        if best is not None and best[0] < 1000:
            break
    return tuple(best[1]) if best else (title,)
