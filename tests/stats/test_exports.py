"""Every working list as an Excel file: Chinese headers, frozen header row, set column widths,
one row per item, a Chinese file name, and the same scoping as the list."""

import io
from datetime import datetime
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LISTS = {
    "proposals": (
        "提案清单",
        "提案清单（2026年）.xlsx",
        ["编号", "会次", "案由", "第一提案人", "集体提案单位"],
    ),
    "assignments": ("交办清单", "交办清单（2026年）.xlsx", ["承办单位", "办理方式", "提案编号"]),
    "tracking": ("跟踪清单", "跟踪清单（2026年）.xlsx", ["提案编号", "案由", "承办单位"]),
}


def _download(client, path: str):
    return client.client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {client.token}"})


def _sheet(response):
    return load_workbook(io.BytesIO(response.data)).active


def _chinese(text) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


@pytest.mark.parametrize("kind", LISTS)
def test_office_exports_the_filtered_list_to_excel(world, history, kind):
    title, file_name, first_headers = LISTS[kind]
    total = world["office"].ok("GET", f"/lists/{kind}?year=2026")["total"]

    response = _download(world["office"], f"/lists/{kind}?year=2026&format=xlsx")

    assert (response.status_code, response.mimetype) == (200, XLSX)
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{kind}-2026.xlsx"')
    assert f"filename*=UTF-8''{quote(file_name)}" in disposition
    sheet = _sheet(response)
    headers = [cell.value for cell in sheet[1]]
    assert sheet.title == title and headers[: len(first_headers)] == first_headers
    assert all(_chinese(header) for header in headers)
    assert sheet.freeze_panes == "A2"
    widths = [
        sheet.column_dimensions[get_column_letter(i)].width for i in range(1, len(headers) + 1)
    ]
    assert all(width >= 8 for width in widths)
    assert sheet.max_row == total + 1


def test_exported_cells_are_dates_and_chinese_words(world, history):
    response = _download(world["office"], "/lists/assignments?year=2026&overdue=true&format=xlsx")

    sheet = _sheet(response)
    row = dict(zip([c.value for c in sheet[1]], [c for c in sheet[2]], strict=True))

    assert row["承办单位"].value == "市教育局"
    assert (row["办理状态"].value, row["是否超期"].value, row["剩余天数（负数为超期）"].value) == (
        "办理中",
        "是",
        -1,
    )
    assert row["办理期限"].value == datetime(2026, 6, 16)
    assert row["办理期限"].number_format == "yyyy-mm-dd"


def test_a_unit_exports_only_its_own_assignments(world, history):
    response = _download(world["transport"], "/lists/assignments?format=xlsx")

    sheet = _sheet(response)

    assert sheet.max_row == 1 + 3
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"市交通运输局"}


@pytest.mark.parametrize("kind", LISTS)
def test_a_member_cannot_export_office_lists(world, kind):
    response = _download(world["zhang"], f"/lists/{kind}?format=xlsx")

    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
