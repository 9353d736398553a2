"""Excel workbooks: statistics tables read from ``data/NAME.xlsx`` and published as ``ID.xlsx`` (openpyxl).

Offices keep their ledgers in Excel. Reading keeps each cell's reference (B7) so a bad
cell is reported where the editor will look for it. Writing types numbers and dates as
Excel does, stores every text as text (a cell starting with = + - @ is never a formula),
and fixes the dates inside the file so the same table gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from generator.cache import memoized
from generator.content.models.stats import TableField

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@memoized
def table_xlsx(rows: list[tuple[str, ...]], fields: tuple[TableField, ...], title: str, day: dt.date) -> bytes:
    """A published table as a workbook: the CSV's header, typed cells, no formulas, fixed dates."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "data"
    moment = dt.datetime.combine(day, dt.time())
    book.properties.created = book.properties.modified = moment
    book.properties.title = title
    book.properties.creator = "gongkai"
    types = {field.name: field.type for field in fields}
    header = rows[0] if rows else ()
    sheet.append(list(header))
    for row in rows[1:]:
        sheet.append([_typed(types.get(name, "string"), text) for name, text in zip(header, row, strict=True)])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text: "=1+1" is not a formula here
    from openpyxl.writer.excel import ExcelWriter

    out = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps "modified" with the wall clock.
    ExcelWriter(book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_times(out.getvalue())


def _typed(kind: str, text: str) -> Any:
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
    except ValueError:
        return text  # a suppressed count ("<5", "*") or an empty cell stays text
    return text


def _fixed_times(data: bytes) -> bytes:
    """The same workbook with every zip entry dated 1980-01-01, in a stable order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
