"""Write stage guard: text as a reader sees it, the one normalisation before every match.

A number or a name reaches a reader however it was written: in full-width digits, with
an entity or a %-escape, with a soft hyphen or a zero-width space between its characters,
split by emphasis or a line break, spaced out or grouped with hyphens. The guard matches
on :func:`seen` (the characters as read) and :func:`reading` (the text of a page as read,
markup gone); :func:`number_candidates` reads digit runs across the separators people put
in numbers, and :func:`name_pattern` names across spaces and dots, in simplified or
traditional characters. :func:`located` normalises a source file the same way while
keeping each character's place, so a hit is reported where it was typed.
"""

from __future__ import annotations

import functools
import html
import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

INLINE_TAGS = (
    "a|abbr|b|bdi|bdo|big|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|strong|sub|sup"
    "|time|tt|u|var|wbr|acronym|tspan"
)
INLINE_TAG = re.compile(rf"</?(?:{INLINE_TAGS})\b[^<>]{{0,2000}}>", re.IGNORECASE)
"""Markup inside a line of text: a number or a name split by it still reads as one."""
LINE_BREAK = re.compile(r"<br\b[^<>]{0,200}>", re.IGNORECASE)
OTHER_TAG = re.compile(r"<[!?/]?[A-Za-z][^<>]{0,4000}>|<!--.*?-->", re.DOTALL)
"""Block markup (paragraphs, cells, scripts): a boundary no number or name runs across."""
BOUNDARY = "\x00"
BRACKETS = "()[]（）［］"
"""Around a group of digits ((139)1234-5678): not a separator that must be the same throughout."""
SEPARATORS = " \t-‐‑‒–—―−.·•・‧∙⋅〜/_~'\"&+／～＿－．＋＆＇＂" + BRACKETS
"""What people put between the digits of one number: 139-1234-5678, 1101 0519 …, 139.1234.5678; and the
full-width forms of these (NFKC would fold them, but a page with no full-width digit or letter is not folded:
Chinese text is full of （）)."""
WEAK_SEPARATORS = ",，、:：;；|｜*＊#＃=＝\\＼。"
"""Punctuation that also lists or groups figures (1、3、5 …; 15,000,000,000): a separator between the digits of
a number only where its groups are as a number's are (see :func:`_grouped_as_a_number`): 139，1234，5678."""
CHINESE_DIGITS = "〇零幺一二三四五六七八九壹贰叁肆伍陆柒捌玖两拐洞"
"""幺 is 1 as a phone number is read aloud (幺三九…); 两 2, 拐 7 and 洞 0 as it is read over a radio."""
_TO_ASCII = str.maketrans(
    {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
    | {"零": "0", "幺": "1", "两": "2", "拐": "7", "洞": "0"}
    | {c: str(i + 1) for i, c in enumerate("壹贰叁肆伍陆柒捌玖")}
)
_DIGIT = f"[0-9{CHINESE_DIGITS}]"


def _digit_run(separators: str) -> re.Pattern[str]:
    sep = "[" + re.escape(separators) + "]{1,3}"
    # found left to right and greedy, a match is a whole run: no lookaround needed (it costs a third)
    return re.compile(rf"{_DIGIT}(?:(?:{sep})?{_DIGIT}){{10,}}(?:(?:{sep})?[Xx])?")


def _loose(separators: str) -> re.Pattern[str]:
    chars = "0-9" + CHINESE_DIGITS
    return re.compile(f"[{chars}][{chars}{re.escape(separators)}]{{10,}}[Xx]?")


ALL_SEPARATORS = SEPARATORS + WEAK_SEPARATORS
LOOSE_RUN, LOOSE_RUN_PAGE = _loose(ALL_SEPARATORS), _loose(ALL_SEPARATORS + "\r\n")
"""Where a run may be: one character class repeated, which the regex engine scans twice as fast as the exact
pattern; the exact one then reads only these stretches."""
DIGIT_RUN = _digit_run(ALL_SEPARATORS)
"""Eleven or more digits (ASCII or Chinese), one kind of separator between groups allowed: a candidate number."""
DIGIT_RUN_PAGE = _digit_run(ALL_SEPARATORS + "\r\n")
"""The same in a page, where a line break inside a paragraph reads as a space."""
_GROUP = re.compile(rf"({_DIGIT}+|[Xx])([{re.escape(ALL_SEPARATORS)}\r\n]{{1,3}})?")
INLINE_SPLIT = re.compile(rf"[0-9][ \t\r\n]*(?:</?(?:{INLINE_TAGS}|br)\b[^<>]*>[ \t\r\n]*)+[0-9]", re.IGNORECASE)
"""Digits on both sides of inline markup (**139**12345678): the page is then read without its markup as well."""


COUNTRY_CODES = ("0086", "86")


def _ranges(points: list[int]) -> str:
    """A regex character class of code points, written as ranges (a long list of single characters is slow)."""
    ranges: list[list[int]] = []
    for point in sorted(set(points)):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"


@functools.cache
def _invisible(astral: bool) -> re.Pattern[str]:
    """Format characters (Unicode Cf: soft hyphen, zero-width, bidi controls) and variation selectors.

    Two classes: one of the Basic Multilingual Plane, which the regex engine tests in one
    step, and one with the planes above, tested range by range (four times slower), used
    only for a text that has such characters.
    """
    planes = [*range(0x20000), *range(0xE0000, 0xE1000)]  # Cf lives in planes 0, 1 and 14 only
    points = [c for c in planes if unicodedata.category(chr(c)) == "Cf"]
    points += [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
    return re.compile(_ranges([p for p in points if astral or p <= 0xFFFF]))


@functools.cache
def _foldable(astral: bool) -> re.Pattern[str]:
    """Characters NFKC turns into what the guard looks for: digits, Latin letters, @ . + - _ :, spaces, ideographs.

    Full-width Chinese punctuation is not among them, so a page without any of these (most
    pages) skips NFKC, the costliest step; nor is the full-width colon ：, which every page has
    and every field's pattern takes as it is (the small ﹕ and the vertical ︓ are among them).
    """
    wanted = set(string.ascii_letters + string.digits + "@.+-_: ")
    points = []
    for point in range(0x30000 if astral else 0x10000):  # compatibility characters end in plane 2
        folded = unicodedata.normalize("NFKC", chr(point))
        if (
            folded != chr(point)
            and point != 0xFF1A
            and folded
            and (
                all(c in wanted for c in folded)
                or (len(folded) == 1 and unicodedata.name(folded, "").startswith("CJK"))
            )
        ):
            points.append(point)
    return re.compile(_ranges(points))


_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_ENTITY_START = re.compile(r"&[#A-Za-z]")
"""Where an entity may start. Any entity is decoded: one may stand for a digit, a space or an @, and the five
markup needs stand for separators people put in numbers (139&amp;1234&amp;5678 reads 139&1234&5678)."""


@functools.cache
def _digit_forms() -> dict[int, str]:
    """Every other character that is read as a digit (Arabic-Indic ١, Devanagari १, ❶, ➀, ⑴ …) → the ASCII digit.

    NFKC folds some of them (full-width, ①, 𝟏); these stay as they are under NFKC.
    """
    forms = {}
    for point in range(0x20000):  # characters with a digit value end in plane 1
        digit = unicodedata.digit(chr(point), None)
        if digit is not None and point > 0x7F:
            forms[point] = str(digit)
    return forms


@functools.cache
def _digit_like(astral: bool) -> re.Pattern[str]:
    return re.compile(_ranges([p for p in _digit_forms() if astral or p <= 0xFFFF]))


def seen(text: str, markup: bool = True, lookalikes: bool = True) -> str:
    """The characters as read: entities and %-escapes decoded, NFKC (full-width → ASCII), format characters dropped;
    with ``lookalikes``, letters typed for digits in a number read as the digits (``LETTER_FOR_DIGIT``: the search
    for them is two fifths of this function's time, so the search index, whose words the pages have, goes without)."""
    if markup and "&" in text and _ENTITY_START.search(text):
        text = html.unescape(text)
    if "%" in text:
        text = _PERCENT.sub(lambda m: unquote(m.group()), text)
    if not text.isascii():
        text = text.replace("\u200b", "")  # zero-width spaces: Pagefind puts one between every two words
        if "ⓐ" in text or "Ⓐ" in text:  # a circled a typed for the @ (NFKC would make it a letter)
            text = text.replace("ⓐ", "@").replace("Ⓐ", "@")
        astral = len(text.encode("utf-16-le")) != 2 * len(text)  # a character above U+FFFF takes two units
        if astral or _unusual().search(text):
            if _foldable(astral).search(text):
                text = unicodedata.normalize("NFKC", text)
            text = _invisible(astral).sub("", text)
            if _digit_like(astral).search(text):
                text = text.translate(_digit_forms())
        if "×" in text:
            text = TIMES_FOR_X.sub("X", text)
    if lookalikes and LETTER_FOR_DIGIT.search(text):
        text = DIGITS_WITH_LETTERS.sub(_lookalikes_read, text)
    return text


LETTER_FOR_DIGIT = re.compile(r"[OoIl](?:(?<=[0-9][OoIl])|(?<=[0-9][ .\-][OoIl])|(?=[ .\-]?[0-9]))")
"""A letter that looks like a digit beside a digit: a number may be written with it (139O1234567, 139 l234 5678, 139-OO12:
O for 0, l and I for 1). Written letter first: a search that starts at every digit took twice as long."""
DIGITS_WITH_LETTERS = re.compile(r"[0-9][0-9OoIl .\-]{5,}[0-9]")
LOOKALIKES = str.maketrans("OoIl", "0011")


def _lookalikes_read(run: re.Match[str]) -> str:
    """A run of digits, look-alike letters and separators as digits, when it has seven digits or more (a number's
    length: 2O24 or H2O stay as they are)."""
    text = run.group()
    return text.translate(LOOKALIKES) if sum(c.isdigit() for c in text) >= 7 else text


TIMES_FOR_X = re.compile(r"(?<=[0-9])×(?![0-9])")
"""× typed for an ID's check character X (11010519491231002×); 3×4 is a product."""


@functools.cache
def _unusual() -> re.Pattern[str]:
    """Foldable, invisible or digit-like characters of the Basic Multilingual Plane, in one class: most pages have
    none."""
    return re.compile(_foldable(False).pattern[:-1] + _invisible(False).pattern[1:-1] + _digit_like(False).pattern[1:])


def reading(text: str) -> str:
    """A page's text as a browser shows it: inline markup gone (its text joined), a line break a space, blocks apart."""
    if "<" in text:
        text = INLINE_TAG.sub("", text)
        text = LINE_BREAK.sub(" ", text)
        text = OTHER_TAG.sub(BOUNDARY, text)
    return text


def _same_separators(seps: list[str]) -> bool:
    """One kind of separator throughout; brackets do not count ((139)1234-5678, (0571)8888-8888, full width too)."""
    return len({s for s in (sep.strip(BRACKETS) for sep in seps) if s}) <= 1


MIXED_LAYOUTS = frozenset({(3, 4, 4), (6, 8, 4), (6, 4, 4, 4), (6, 4, 2, 2, 4)})
"""How a mobile number (139 1234 5678) and a resident ID (110105 19491231 002X, 110105 1949.12.31 002X) are printed,
group by group: a number so grouped is one whatever stands between its groups (139 1234-5678). Not a card's fours:
3500-4000 4000-4500 元 is two ranges."""
PRINTED_LAYOUTS = MIXED_LAYOUTS | {(4, 4, 4, 4), (4, 4, 4, 4, 1), (4, 4, 4, 4, 2), (4, 4, 4, 4, 3)} | {(3, 2, 2, 2, 2)}
"""The same, a bank card's fours (6222 6002 6000 1072 444) and a mobile read out in pairs (139 12 34 56 78): groups
a number is printed in."""


def _one_number(groups: list[str], seps: list[str]) -> bool:
    """The groups, with ``seps`` between them, read as one number: one kind of separator throughout or mixed ones
    in a mobile's or an ID's layout, and grouped as a number's are (:func:`_grouped_as_a_number`)."""
    mixed_well = _same_separators(seps) or tuple(len(group) for group in groups) in MIXED_LAYOUTS
    return mixed_well and _grouped_as_a_number(groups, seps)


def _grouped_as_a_number(groups: list[str], seps: list[str]) -> bool:
    """True unless ``seps`` hold a weak separator or a space and ``groups`` are not as a number's.

    A number written with one of these has groups of three or more digits (not a list: 1、3、5、7、9、11、13、15,
    nor a row of counts: 17 72 97 8 32 15 63), and they are not thousands (15,000,000,000 or 13 912 345 678: a
    first group of one to three digits, then threes); or it is in a printed layout (1101 0519 4912 3100 2X), or,
    with spaces, spelled out digit by digit (1 3 9 1 2 3 4 5 6 7 8).
    """
    weak = any(c in WEAK_SEPARATORS for sep in seps for c in sep)
    spaced = any(c.isspace() for sep in seps for c in sep)
    if not weak and not spaced:
        return True
    digits = [g.rstrip("Xx") for g in groups]
    if tuple(len(g) for g in groups) in PRINTED_LAYOUTS or (spaced and not weak and {len(g) for g in digits} == {1}):
        return True
    if any(len(g) < 3 for g in digits):
        return False
    return not (len(digits[0]) <= 3 and all(len(g) == 3 for g in digits[1:]))


def number_candidates(text: str, page: bool = False) -> Iterator[tuple[str, int, int]]:
    """Each number a run of digits may hold, as ASCII digits (and a final X).

    A candidate is the run whole or a stretch of its groups written with one and the same
    separator (139-1234-5678, 1 3 9 1 …): ``2024-09-18 13912345678`` holds 13912345678 and
    no number made of the date and the phone. A leading country code (86, 0086) is also
    taken off. Each comes with the span of its run in ``text``.
    """
    exact = DIGIT_RUN_PAGE if page else DIGIT_RUN
    for stretch in (LOOSE_RUN_PAGE if page else LOOSE_RUN).finditer(text):
        yield from _candidates(exact, text, stretch.start(), stretch.end())


def _candidates(exact: re.Pattern[str], text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    for match in exact.finditer(text, start, end):
        run = match.group()
        if run.isdigit():  # one group: the run is the candidate (most runs)
            if run[0] != "0" or run.startswith("0086"):
                yield from _with_country(run.translate(_TO_ASCII), match)
            continue
        parts = _GROUP.findall(run)
        if len(parts) > 1 and parts[-1][0] in "Xx" and parts[-2][1] == "":  # the check character of an ID
            parts[-2:] = [(parts[-2][0] + "X", "")]
        groups = [g.translate(_TO_ASCII) for g, _ in parts]
        seps = [s for _, s in parts][:-1]
        left = sum(len(g) for g in groups)
        found: set[str] = set()
        for start in range(len(groups)):
            if start:
                left -= len(groups[start - 1])
            if left < 11:
                break
            if groups[start][0] == "0" and groups[start] != "0086":  # no private number starts with 0
                continue
            number = ""
            for end in range(start, len(groups)):
                number += groups[end]
                if len(number) > 19:
                    break
                inner = seps[start:end]
                country = groups[start] in COUNTRY_CODES and end > start
                if (
                    len(number) >= 11
                    and number not in found
                    and (
                        _one_number(groups[start : end + 1], inner)
                        or (country and _one_number(groups[start + 1 : end + 1], inner[1:]))
                    )
                ):
                    found.add(number)
                    yield number.upper(), match.start(), match.end()
                    if country and len(number) - len(groups[start]) == 11:
                        yield number[len(groups[start]) :], match.start(), match.end()


def _with_country(number: str, match: re.Match[str]) -> Iterator[tuple[str, int, int]]:
    if len(number) <= 19 or number.upper().endswith("X"):
        yield number.upper(), match.start(), match.end()
    for code in COUNTRY_CODES:
        if number.startswith(code) and len(number) == len(code) + 11:
            yield number[len(code) :], match.start(), match.end()


def digits_pattern(number: str) -> re.Pattern[str]:
    """A number as it may be written in a source: ASCII, full-width or Chinese digits, anything but letters between."""
    classes = []
    for digit in number:
        if digit.isdigit():
            chinese = "".join(c for c in CHINESE_DIGITS if c.translate(_TO_ASCII) == digit)
            classes.append(f"[{digit}{chinese}]")
        else:
            classes.append("[Xx×]")
    return re.compile(r"[^0-9A-Za-z\n]{0,12}".join(classes))


@dataclass(frozen=True)
class Located:
    """A source text as :func:`seen` reads it, with the offset in the file of each character."""

    text: str
    origin: tuple[int, ...]

    def place(self, at: int) -> int:
        """The offset in the file of character ``at`` of the normalised text."""
        if not self.origin:
            return 0
        return self.origin[at] if at < len(self.origin) else self.origin[-1] + 1


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def located(raw: str) -> Located:
    """:func:`seen` of a source file, character by character, keeping where each character came from."""
    if raw.isascii() and "&" not in raw and "%" not in raw:
        return Located(raw, tuple(range(len(raw))))
    text: list[str] = []
    origin: list[int] = []
    invisible = _invisible(True)
    at = 0
    while at < len(raw):
        char, width = raw[at], 1
        if char == "&" and (entity := _ENTITY.match(raw, at)):
            char, width = html.unescape(entity.group()), len(entity.group())
        elif char == "%" and (escape := _PERCENT.match(raw, at)):
            char, width = unquote(escape.group()), len(escape.group())
        for piece in char if char.isascii() else unicodedata.normalize("NFKC", char).translate(_digit_forms()):
            if not invisible.match(piece):
                text.append(piece)
                origin.append(at)
        at += width
    return Located("".join(text), tuple(origin))


@functools.cache
def _converters() -> tuple[Any, Any]:
    import opencc

    return opencc.OpenCC("s2t"), opencc.OpenCC("t2s")


def character_forms(char: str) -> str:
    """A Chinese character in its simplified and traditional forms (王 → 王; 欧 → 欧歐)."""
    to_traditional, to_simplified = _converters()
    forms = {char, to_traditional.convert(char), to_simplified.convert(char)}
    forms |= {to_traditional.convert(form) for form in list(forms)}
    return "".join(sorted(form for form in forms if len(form) == 1))


NAME_SEPARATOR = rf"(?:[\s·・•‧.\-_*'\"/／|｜]|{INLINE_TAG.pattern}|{LINE_BREAK.pattern}){{0,3}}"
"""What may stand between the characters of a name as read: 王 小 明, 王·小明, 王/小/明, 王**小明 in plain text."""


def name_pattern(names: list[str]) -> re.Pattern[str]:
    """One pattern for the private names: each in any character form, across spaces and dots, longest first."""
    alternatives = []
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        chars = [c for c in seen(name, markup=False) if not c.isspace() and c not in "·・•‧."]
        alternatives.append(NAME_SEPARATOR.join(f"[{re.escape(character_forms(c))}]" for c in chars))
    return re.compile("|".join(f"(?:{a})" for a in alternatives))
