"""Working lists as Excel files (.xlsx) that WPS and Excel open: Chinese headers in bold, the
header row frozen, column widths set, dates as dates, and what people wrote always as text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from service.lists.cells import Column

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(name="宋体", bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# A text starting with one of these is read as a formula by Excel or WPS (OWASP, CSV injection):
# a member's 案由 "=HYPERLINK(…)" would become a live link in the office's file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _header(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center")
    return cell


def _cell(sheet, value):
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
        return cell
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return _text(value)
    return value


def _text(value: str) -> str:
    """Free text as a cell keeps it: text, never a formula. Control characters that the file
    format cannot hold (rows stored before input refused them) are left out instead of failing
    the whole export; a leading quote keeps a formula-like text as text."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def workbook(title: str, columns: tuple[Column, ...], items: Iterable[dict]) -> bytes:
    """One sheet named `title`: a header row, then one row per item."""
    return workbook_of((title, columns, items))


def workbook_of(*sheets: tuple[str, tuple[Column, ...], Iterable[dict]]) -> bytes:
    """A sheet for each (title, columns, items), in that order: a header row, then a row per
    item."""
    book = Workbook(write_only=True)
    for title, columns, items in sheets:
        _sheet(book, title, columns, items)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Workbook, title: str, columns: tuple[Column, ...], items: Iterable[dict]):
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.append([_header(sheet, column.header) for column in columns])
    rows = 0
    for item in items:
        sheet.append([_cell(sheet, column.value(item)) for column in columns])
        rows += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"


def attachment(file_name: str, ascii_name: str) -> str:
    """Content-Disposition with the Chinese name (RFC 5987) and an ASCII one for old clients."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"


@dataclass(frozen=True)
class ExcelFile:
    """A workbook to download: its bytes, its Chinese name and the ASCII one for old clients."""

    data: bytes
    name: str
    ascii_name: str
    mimetype: str = MIMETYPE

    @property
    def headers(self) -> dict[str, str]:
        return {"Content-Disposition": attachment(self.name, self.ascii_name)}
