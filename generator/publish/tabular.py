"""Write stage guard: the tables an output holds, as rows of cells read as shown.

A register laid out as a table puts a field and its value in different cells (来访人 | 张某某)
or a value in a column under its field; no colon joins them, so the guard reads tables
apart (guard.register_text pairs the cells). Tables are read from pages (``<table>``),
from a PDF's lines (its cells apart by spaces), from a sheet's rows (CSV, TSV, a text
file's tab-separated cells or Markdown table), from office documents (a workbook's rows,
a Word, PowerPoint or OpenDocument table) and from JSON (records, columns, lists of rows).

This module knows how tables are written, not what a register is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from generator.publish.plaintext import BOUNDARY, reading, seen

Row = tuple[str, ...]


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    headers: frozenset[int] = frozenset()
    """The rows the markup says are headings (every cell a ``<th>``): never values."""


SPACES = re.compile(r"\s+")
MAX_SPAN = 64
"""A cell spans at most this many columns or rows (a bigger span is read as this)."""
MAX_COLUMNS = 256
"""A sheet's cells beyond this column are not read as a table's (a register has a dozen columns)."""


def _cell(text: str) -> str:
    return SPACES.sub(" ", text.replace(BOUNDARY, " ")).strip()


def _json_text(value: object) -> str:
    """A JSON value as a cell: a lone surrogate (an escape such as \\ud800 decodes to one) read as U+FFFD."""
    return _cell(str(value).encode("utf-8", "surrogatepass").decode("utf-8", "replace"))


HTML_TABLE_TAG = re.compile(r"<table\b[^<>]*>|</table\s*>", re.IGNORECASE)
HTML_ROW = re.compile(r"<tr\b[^<>]*>", re.IGNORECASE)
HTML_CELL = re.compile(
    r"<(t[dh])\b([^<>]*)>(.*?)(?=<t[dh]\b|</tr\s*>|</t(?:head|body|foot)\s*>|$)", re.DOTALL | re.IGNORECASE
)
"""A cell to the next cell or the row's end (HTML lets </td> and </tr> out)."""
COLSPAN = re.compile(r"""\bcolspan\s*=\s*["']?\s*(\d{1,4})""", re.IGNORECASE)
ROWSPAN = re.compile(r"""\browspan\s*=\s*["']?\s*(\d{1,4})""", re.IGNORECASE)


DEFINITION_TAG = re.compile(r"<(/?)(d[ltd])\b[^<>]*>", re.IGNORECASE)
DEFINITION_TERM = re.compile(r"<dt\b[^<>]*>[ \t\r\n]*(?:<[^<>]*>[ \t\r\n]*)*([^<]{1,40})", re.IGNORECASE)


def definition_tables(markup: str, is_field: Callable[[str], object]) -> Iterator[Table]:
    """A page's definition lists (<dl><dt>来访人</dt><dd>张三丰</dd>…, as Markdown's definition lists write them):
    a row a term, its term and then its definitions; none unless a term is one ``is_field`` takes (a page's list
    of its metadata). Read by splitting at their tags: a search for each part's end took a fifth of the guard's
    time."""
    at = markup.find("<dl")
    if at < 0 or not any(is_field(_cell(term)) for term in DEFINITION_TERM.findall(markup, at)):
        return
    rows: list[list[str]] = []
    pieces = DEFINITION_TAG.split(markup[at:])
    for index in range(1, len(pieces), 3):
        closing, tag, text = pieces[index], pieces[index + 1].lower(), pieces[index + 2]
        if tag == "dl":  # a list opens or ends: its rows are a table
            yield from row_tables(rows)
            rows = []
            continue
        if closing:  # the text after </dt> or </dd> is no part
            continue
        cell = _cell(html.unescape(TAG.sub(" ", text))) if "<" in text or "&" in text else _cell(text)
        if tag == "dt" or not rows:
            rows.append([cell])
        else:
            rows[-1].append(cell)
    yield from row_tables(rows)


def shown_pipe_tables(markup: str) -> Iterator[Table]:
    """The Markdown tables a page shows as text (a table typed where Markdown is not read: its lines apart by line
    breaks or paragraphs), with their separator rows."""
    if "|" not in markup or "-" not in markup:
        return iter(())
    return pipe_tables(BLANK_LINES.sub("\n", html.unescape(TAG.sub("\n", markup))), ruled_only=True)


def html_tables(page: str) -> Iterator[Table]:
    """The tables of a page, a table inside a cell of another apart from it: each cell's text as a browser shows
    it, in its column: a cell that spans columns is followed by empty ones, one that spans rows stands in each
    (a merged 序号 or 来访人 over two header rows)."""
    if "<table" not in page and "<TABLE" not in page:  # pages come out of the sanitiser in small letters
        return
    for body in _html_table_bodies(page):
        rows: list[Row] = []
        headers: set[int] = set()
        spanning: dict[int, tuple[str, int]] = {}  # column → (text, rows it still spans)
        for part in HTML_ROW.split(body)[1:]:
            cells: list[str] = []
            heads = True

            for cell in HTML_CELL.finditer(part):
                _carry(cells, spanning)
                text = _cell(reading(seen(cell.group(3), True)))
                width = _span(COLSPAN, cell.group(2))
                height = _span(ROWSPAN, cell.group(2))
                for column in range(len(cells), len(cells) + width):
                    if height > 1:
                        spanning[column] = (text if column == len(cells) else "", height - 1)
                cells += [text] + [""] * (width - 1)
                heads = heads and cell.group(1).lower() == "th"
            _carry(cells, spanning)
            for column in sorted(spanning):  # a short row: the cells spanning down from above still stand in it
                if column >= len(cells):
                    cells += [""] * (column - len(cells))
                    _carry(cells, spanning)
            if cells:
                if heads:
                    headers.add(len(rows))
                rows.append(tuple(cells))
        if rows:
            yield Table(tuple(rows), frozenset(headers))


def _carry(cells: list[str], spanning: dict[int, tuple[str, int]]) -> None:
    """Into a row being read, the cells of rows above that span down to it, at its next columns."""
    while len(cells) in spanning:
        text, left = spanning[len(cells)]
        if left > 1:
            spanning[len(cells)] = (text, left - 1)
        else:
            del spanning[len(cells)]
        cells.append(text)


def _span(attribute: re.Pattern[str], attributes: str) -> int:
    found = attribute.search(attributes)
    return max(1, min(int(found.group(1)), MAX_SPAN)) if found else 1


def _html_table_bodies(page: str) -> Iterator[str]:
    """The markup of each table, without the tables inside it; in one pass (a table left open ends with the page)."""
    open_tables: list[list[str]] = []
    last = 0
    for tag in HTML_TABLE_TAG.finditer(page):
        if open_tables:
            open_tables[-1].append(page[last : tag.start()])
        if tag.group()[1] != "/":
            open_tables.append([])
        elif open_tables:
            yield "".join(open_tables.pop())
        last = tag.end()
    if open_tables:
        open_tables[-1].append(page[last:])
    while open_tables:
        yield "".join(open_tables.pop())


def line_tables(text: str) -> Iterator[Table]:
    """A PDF's tables as its text has them: a row a line, its cells apart by spaces. Lines of two cells or more in a
    run are one table, as long as none has more cells than the first (a row whose last cells are empty has fewer:
    the text leaves them out). Lines of one cell (running text, a title) are no table."""
    block: list[Row] = []
    for line in text.splitlines():
        cells = tuple(line.split())
        if block and (len(cells) < 2 or len(cells) > len(block[0])):
            yield Table(tuple(block))
            block = []
        if len(cells) >= 2:
            block.append(cells)
    if block:
        yield Table(tuple(block))


def delimited_tables(text: str, delimiter: str) -> Iterator[Table]:
    """The tables of delimited text (cells copied from a sheet: a row a line, its cells apart by ``delimiter``)."""
    return row_tables([line.split(delimiter) for line in text.splitlines()])


def row_tables(rows: Sequence[Sequence[str]]) -> Iterator[Table]:
    """The tables of a sheet's rows: blocks of rows of two cells or more (a title, an empty row or a note of one
    cell stands between two tables: a blank template above a roster is not the roster's header)."""
    block: list[Row] = []
    for row in [*rows, ()]:
        cells = tuple(_cell(cell) for cell in row)
        if sum(1 for cell in cells if cell) >= 2:
            block.append(cells)
        elif block:
            yield Table(tuple(block))
            block = []


RULE_ROW = re.compile(r"^(?:\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?|\|[ \t]*:?-+:?[ \t]*\|)$")
"""A Markdown table's separator row (|---|:--:|, or --- | --- without the outer bars)."""


def pipe_tables(text: str, ruled_only: bool = False) -> Iterator[Table]:
    """The Markdown tables of a text file (| 来访人 | 张某某 |), their separator rows (|---|---|) left out.

    A table may be written without its outer bars (来访人 | 住址, then --- | ---), as GitHub and
    Python-Markdown read it: its lines count from the line above a separator row on. ``ruled_only``:
    only such tables (a page's text, where a line between bars may be anything)."""
    block: list[Row] = []
    lines = [line.strip() for line in [*text.splitlines(), ""]]
    ruled = False
    for at, stripped in enumerate(lines):
        rule = RULE_ROW.match(stripped) is not None
        ruled = ruled or rule or (at + 1 < len(lines) and "|" in stripped and RULE_ROW.match(lines[at + 1]) is not None)
        barred = not ruled_only and stripped.startswith("|") and stripped.count("|") >= 2
        if barred or (ruled and "|" in stripped):
            if not rule:
                block.append(tuple(_cell(cell) for cell in stripped.strip("|").split("|")))
        else:
            ruled = False
            if block:
                yield Table(tuple(block))
                block = []


OFFICE_TABLE_END = re.compile(r"</(?:w:tbl|a:tbl|table:table)>")
OFFICE_ROW = re.compile(r"<(?:w:tr|a:tr|table:table-row|row)\b([^<>]*)>")
ROW_NUMBER = re.compile(r"""\br\s*=\s*["'](\d{1,7})["']""")
OFFICE_CELL = re.compile(r"<(w:tc|a:tc|table:table-cell|table:covered-table-cell|c)\b([^<>]*)>")
"""Where a row or a cell opens (<row …/> is an empty row, <c …/> an empty cell)."""
OFFICE_PARAGRAPH_END = re.compile(r"</(?:w:p|a:p|text:p)>|<(?:w:br|w:tab|text:tab|text:line-break)\b[^<>]*/>")
CELL_REFERENCE = re.compile(r"""\br\s*=\s*["']([A-Z]{1,3})\d+["']""")
CELL_TYPE = re.compile(r"""\bt\s*=\s*["'](\w+)["']""")
REPEATED = re.compile(r"""\btable:number-columns-repeated\s*=\s*["'](\d{1,4})["']""")
"""The same cell again (OpenDocument); a cell spanning columns is followed by covered cells, which are read."""
GRID_SPAN = re.compile(r"""<w:gridSpan\b[^<>]*\bw:val\s*=\s*["'](\d{1,4})["']""")
"""A Word cell over several columns (no cells follow for them)."""
GRID_BEFORE = re.compile(r"""<w:gridBefore\b[^<>]*\bw:val\s*=\s*["'](\d{1,4})["']""")
"""Word columns left empty before a row's first cell (a row that starts further right: its cells stand under the
header's later columns)."""
SHEET_VALUE = re.compile(r"<v>(.*?)</v>", re.DOTALL)
TAG = re.compile(r"<[^<>]*>")
BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def shared_strings(xml: str) -> list[str]:
    """A workbook's shared strings (xl/sharedStrings.xml) in order: a cell of type s holds an index into them."""
    return [_text(item) for item in re.findall(r"<si\b[^<>]*?(?:/>|>(.*?)</si>)", xml, re.DOTALL)]


def office_tables(xml: str, strings: Sequence[str] = ()) -> Iterator[Table]:
    """The tables of an office document's XML part: a worksheet's rows (each cell in its column, shared strings
    looked up in ``strings``), each table of a Word, PowerPoint or OpenDocument part, a cell that spans columns
    followed by empty ones. Read in one pass: each row and each cell runs to where the next one starts."""
    if "row" not in xml and ":tr" not in xml:
        return
    for part in OFFICE_TABLE_END.split(xml):
        rows: list[Row] = []
        last = None
        for opened, row in _pieces(OFFICE_ROW, part):
            number = ROW_NUMBER.search(opened.group(1))
            if number is not None and last is not None and int(number.group(1)) > last + 1:
                rows.append(())  # rows left out of a sheet: an empty row between two tables
            last = int(number.group(1)) if number is not None else None
            before = GRID_BEFORE.search(row.split("<w:tc", 1)[0])
            cells: list[str] = [""] * min(int(before.group(1)), MAX_SPAN) if before is not None else []
            for cell, rest in _pieces(OFFICE_CELL, row):
                tag, attributes = cell.group(1), cell.group(2)
                empty = attributes.endswith("/")
                inner = "" if empty else rest.split(f"</{tag}>", 1)[0]
                text = "" if empty else _office_cell(tag, attributes, inner, strings)
                column = CELL_REFERENCE.search(attributes)
                if column is not None:  # a sheet leaves empty cells out: each cell with text to its column
                    if not text or _column_index(column.group(1)) >= MAX_COLUMNS:
                        continue
                    cells += [""] * max(0, _column_index(column.group(1)) - len(cells))
                span = REPEATED.search(attributes) or GRID_SPAN.search(inner)
                width = min(int(span.group(1)), MAX_SPAN) if span is not None else 1
                if span is not None and "repeated" in span.group(0):  # the same cell again (OpenDocument)
                    cells += [text] * width
                else:  # one cell over several columns
                    cells += [text] + [""] * (width - 1)
            rows.append(tuple(cells))
        yield from row_tables(rows)


def _pieces(opening: re.Pattern[str], text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each element ``opening`` finds in ``text``, with the text from there to where the next one opens."""
    found = list(opening.finditer(text))
    ends = [match.start() for match in found[1:]] + [len(text)] if found else []
    for match, end in zip(found, ends, strict=True):
        yield match, text[match.end() : end]


def _office_cell(tag: str, attributes: str, inner: str, strings: Sequence[str]) -> str:
    if tag != "c":
        return _text(inner)
    kind = CELL_TYPE.search(attributes)
    value = SHEET_VALUE.search(inner)
    if kind is not None and kind.group(1) == "s" and value is not None:
        try:
            return strings[int(value.group(1))]
        except (ValueError, IndexError):
            return ""
    if kind is not None and kind.group(1) == "inlineStr":
        return _text(inner)
    return _cell(html.unescape(value.group(1))) if value is not None else ""


def _text(xml: str) -> str:
    return _cell(html.unescape(TAG.sub("", OFFICE_PARAGRAPH_END.sub(" ", xml))))


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def json_tables(text: str) -> Iterator[Table]:
    """A JSON document's tables, as programs write them (escapes read: "\\u6765\\u8bbf\\u4eba" is 来访人): each
    object's members whose values are strings or numbers (its names the header, its values the row under it); an
    object of columns ({"来访人": {"0": "张三丰"}}, as pandas writes by default); columns and data apart
    ({"columns": […], "data": [[…]]}); a list of lists (the first the header)."""
    import json

    try:
        document = json.loads(text)
    except (ValueError, RecursionError):  # not JSON after all, or nested past reading: its text is read as text
        return
    objects = [document]
    while objects:
        value = objects.pop()
        if isinstance(value, dict):
            scalars = {key: item for key, item in value.items() if _scalar(item)}
            if scalars:
                yield Table((tuple(map(_json_text, scalars)), tuple(map(_json_text, scalars.values()))))
            columns = {key: item for key, item in value.items() if isinstance(item, dict) and item}
            if len(columns) >= 2 and all(all(map(_scalar, column.values())) for column in columns.values()):
                keys = list(next(iter(columns.values())))
                rows = [tuple(_json_text(column.get(key, "")) for column in columns.values()) for key in keys]
                yield Table((tuple(map(_json_text, columns)), *rows))
            if isinstance(value.get("columns"), list) and isinstance(value.get("data"), list):
                objects.append([value["columns"], *value["data"]])
            objects += [item for item in value.values() if isinstance(item, dict | list)]
        elif isinstance(value, list):
            if len(value) >= 2 and all(isinstance(row, list) and all(map(_scalar, row)) for row in value):
                yield Table(tuple(tuple(map(_json_text, row)) for row in value))
            else:
                objects += [item for item in value if isinstance(item, dict | list)]


def _scalar(value: object) -> bool:
    return isinstance(value, str | int | float)
