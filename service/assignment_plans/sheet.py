"""Reading a filled 交办表 (.xlsx): the columns 提案号, 主办单位, 会办单位 and 分办单位 found by
their headers in the first row, wherever they stand, several units in a cell separated by 、.
A file that is no workbook, or lacks a column, is refused as a whole (422)."""

from __future__ import annotations

import re
from io import BytesIO
from itertools import islice

from openpyxl import load_workbook

from service.errors import InvalidInput
from service.operations.assignment_plans import SheetLine

NUMBER_HEADER = "提案号"
UNIT_COLUMNS = (("主办单位", "lead"), ("会办单位", "assisting"), ("分办单位", "separate"))
HEADERS = (NUMBER_HEADER, *(header for header, _ in UNIT_COLUMNS))
# 、 as the office writes lists; commas, semicolons and line breaks typed instead also separate.
SEPARATORS = re.compile(r"[、，,；;\n\r]+")
# A meeting assigns at most the year's accepted proposals; a national committee has ~5,000.
MAX_ROWS = 5000
# Rows read at all, empty ones included; a sheet formatted far down still fits.
MAX_SHEET_ROWS = 20000
NOT_A_WORKBOOK = "上传的文件不是 Excel 工作簿（.xlsx），请下载交办表模板，填写后上传。"


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, details={"file": [message]})


def read_sheet(data: bytes) -> list[SheetLine]:
    """The plan's lines in the first sheet, blank rows and rows without units left out."""
    rows = _rows(data)
    header = [_text(cell) for cell in next(rows, ())]
    missing = [name for name in HEADERS if name not in header]
    if missing:
        raise _refuse(
            f"交办表第一行须有这些列：{'、'.join(HEADERS)}；缺少：{'、'.join(missing)}。"
            "请使用下载的模板。"
        )
    where = {name: header.index(name) for name in HEADERS}
    lines = []
    for number, cells in enumerate(rows, start=2):
        line = _line(number, cells, where)
        if line is not None:
            lines.append(line)
        if len(lines) > MAX_ROWS:
            raise _refuse(f"一次最多交办{MAX_ROWS}件提案，请分几次上传。")
    return lines


def _rows(data: bytes):
    """The first sheet's rows as values. Whatever openpyxl's zip and XML readers raise on a
    damaged or foreign file means the same to the office: this is no workbook."""
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
        rows = list(islice(book.worksheets[0].iter_rows(values_only=True), MAX_SHEET_ROWS + 1))
        book.close()
    except Exception:  # noqa: BLE001 - see the docstring
        raise _refuse(NOT_A_WORKBOOK) from None
    if len(rows) > MAX_SHEET_ROWS:
        raise _refuse(f"交办表最多{MAX_SHEET_ROWS}行，请分几次上传。")
    return iter(rows)


def _line(number: int, cells: tuple, where: dict[str, int]) -> SheetLine | None:
    def cell(name: str) -> str:
        index = where[name]
        return _text(cells[index]) if index < len(cells) else ""

    units = tuple(
        (name, role)
        for header, role in UNIT_COLUMNS
        for name in SEPARATORS.split(cell(header))
        if name.strip()
    )
    if not units:  # a template row left empty: not assigned at this meeting
        return None
    return SheetLine(number, cell(NUMBER_HEADER), tuple((n.strip(), r) for n, r in units))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed as 123 may come back as 123.0
    return str(value).strip()
