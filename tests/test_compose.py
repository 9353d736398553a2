"""Chinese line composition: 避头尾, whole numbers, lines spread to the measure."""

from __future__ import annotations

import pytest

from generator.fonts import choose_fonts
from generator.gongwen.compose import NO_LINE_END, NO_LINE_START, Measure, Run, char_advance, compose

CELL = 156 * 72 / 25.4 / 28
MEASURE = Measure(size=16, tracking=round(CELL - 16, 4), width=28 * CELL, indent=2 * CELL)
TEXT = (
    "为全面落实习近平总书记关于加强和改进人民信访工作的重要思想，结合信访问题源头治理三年攻坚行动、"
    "群众身边不正之风和腐败问题集中整治工作的要求，深入运用“四下基层”、信访分级分类闭环处置、常态化调度等机制，"
    "决定在辖区范围内开展“大排查”“大接访”“大化解”信访月专项活动（联系电话：13800000000），"
    "推动群众初信初访一次性化解率达99%以上。"
)


@pytest.fixture(scope="module")
def faces() -> tuple:
    fonts = choose_fonts()
    return fonts.faces["fangsong"], fonts.faces["heiti"]


def _text(line) -> str:
    return "".join(run.text for run in line.runs)


def test_no_forbidden_character_at_either_end_of_a_line(faces: tuple) -> None:
    for shift in range(12):  # the same text from different starting points meets different breaks
        lines = compose((Run(TEXT[shift:]),), faces, MEASURE)
        texts = [_text(line) for line in lines]
        assert "".join(texts) == TEXT[shift:]
        assert all(t[0] not in NO_LINE_START for t in texts[1:])
        assert all(t[-1] not in NO_LINE_END for t in texts[:-1])


def test_numbers_and_words_stay_whole(faces: tuple) -> None:
    for shift in range(12):
        texts = [_text(line) for line in compose((Run(TEXT[shift:]),), faces, MEASURE)]
        assert any("13800000000" in t for t in texts)
        assert any("99%" in t for t in texts)


def test_every_line_but_the_last_fills_the_measure(faces: tuple) -> None:
    lines = compose((Run("一、", runin=True), Run(TEXT)), faces, MEASURE)
    assert len(lines) > 3
    for number, line in enumerate(lines[:-1]):
        chars = [(c, run.runin) for run in line.runs for c in run.text]
        ink = sum(char_advance(c, faces[1] if runin else faces[0]) * 16 for c, runin in chars)
        ink += (len(chars) - 1) * line.spacing
        available = MEASURE.width - (MEASURE.indent if number == 0 else 0) - MEASURE.tracking
        assert ink == pytest.approx(available, abs=0.01)
    assert lines[-1].spacing == MEASURE.tracking
    assert lines[0].runs[0] == Run("一、", runin=True)


def test_a_closing_quote_may_end_a_line(faces: tuple) -> None:
    """Unicode keeps “ and ” glued to both neighbours; Chinese typesetting lets a line end after ”."""
    text = "要求，决定在辖区范围内开展“大排查”“大接访”“大化解”等活动，全面排查各类矛盾纠纷和信访问题。"
    first = _text(compose((Run(text),), faces, Measure(16, MEASURE.tracking, 28 * CELL, 0))[0])
    assert first == "要求，决定在辖区范围内开展“大排查”“大接访”“大化解”"


def test_a_word_longer_than_a_line_breaks_rather_than_overflows(faces: tuple) -> None:
    url = "https://example.org/" + "a" * 80
    lines = compose((Run("详见" + url + "。"),), faces, MEASURE)
    assert "".join(_text(line) for line in lines) == "详见" + url + "。"
    assert len(lines) >= 2 and all(line.spacing >= MEASURE.tracking for line in lines)
    for number, line in enumerate(lines):
        chars = [c for run in line.runs for c in run.text]
        natural = sum(char_advance(c, faces[0]) * 16 + MEASURE.tracking for c in chars)
        assert natural <= MEASURE.width - (MEASURE.indent if number == 0 else 0) + 0.01
