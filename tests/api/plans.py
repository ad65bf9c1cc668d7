"""Building and sending 交办会 plans in tests: JSON rows, and 交办表 workbooks from openpyxl."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook, load_workbook

from tests.client import Response

HEADERS = ("提案号", "标题", "主办单位", "会办单位", "分办单位")


def xlsx(rows, headers=HEADERS) -> bytes:
    """A workbook whose first sheet has `headers`, then `rows` (tuples in the headers' order)."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, *, dry_run="true", name="交办表.xlsx") -> Response:
    """POST the file as a browser or a script would (multipart, `dry_run` a form field)."""
    form = {"file": (BytesIO(data), name)}
    if dry_run is not None:
        form["dry_run"] = dry_run
    response = client.client.post(
        "/api/v1/assignment-plans",
        data=form,
        headers={"Authorization": f"Bearer {client.token}"},
        content_type="multipart/form-data",
    )
    return Response(response.status_code, response.get_json(silent=True), dict(response.headers))


def sheet_rows(data: bytes, title: str | None = None) -> list[tuple]:
    book = load_workbook(BytesIO(data))
    sheet = book[title] if title else book.worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def lead(world, name: str = "市交通运输局") -> list[dict]:
    return [{"unit_id": world.units[name], "role": "lead"}]
