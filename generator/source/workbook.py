"""Load stage: Excel workbooks read (``data/NAME.xlsx``), each cell keeping its reference (B7).

Offices keep their ledgers in Excel. Reading keeps each cell's reference so a bad cell is
reported where the editor will look for it; a workbook that unpacks too large is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any


class WorkbookError(ValueError):
    """The file is not a workbook openpyxl can read."""


MAX_UNPACKED = 256 << 20


"""A workbook that unpacks to more than this is a zip bomb, not a statistics table."""


def unpacks_too_large(archive: zipfile.ZipFile) -> bool:
    """True for a workbook whose parts add up to more than MAX_UNPACKED (a zip bomb)."""
    return sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED


def read_rows(data: bytes) -> tuple[list[tuple[str, ...]], list[int]]:
    """The first sheet's non-empty rows as text (header first) and the Excel row number of each."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if unpacks_too_large(archive):
                raise WorkbookError("unpacks to more than the limit")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows: list[tuple[str, ...]] = []
        numbers: list[int] = []
        for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            cells = tuple(_text(value) for value in row)
            while cells and cells[-1] == "":
                cells = cells[:-1]
            if any(cells):
                rows.append(cells)
                numbers.append(number)
        book.close()
    except WorkbookError:
        raise
    except Exception as error:  # openpyxl raises zipfile, XML and its own errors for a damaged file
        raise WorkbookError(str(error)) from error
    width = len(rows[0]) if rows else 0
    return [row + ("",) * (width - len(row)) if len(row) < width else row for row in rows], numbers


def _text(value: Any) -> str:
    """A cell as the CSV would hold it: dates as 2023-06-27, whole numbers without “.0”."""
    if value is None:
        return ""
    if isinstance(value, bool):  # Excel's TRUE/FALSE, as a Table Schema boolean is written
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_reference(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"
