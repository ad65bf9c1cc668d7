"""The 交办清单 export names whom to call before handling: the lead proposer's employer, phone
and e-mail, for the office on every row and for a unit on its own rows while they stand."""

import io

from openpyxl import load_workbook

from tests.flows import Flow

ZHANG = {"phone": "13912345678", "email": "zhang@example.cn", "employer": "市工商联副主席"}


def _rows(client) -> list[dict]:
    response = client.client.get(
        "/api/v1/lists/assignments?format=xlsx",
        headers={"Authorization": f"Bearer {client.token}"},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    headers = [c.value for c in sheet[1]]
    return [
        dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def _assigned(world):
    world["zhang"].ok("PATCH", "/me", ZHANG)
    units = [
        {"unit_id": world.units["市交通运输局"], "role": "lead"},
        {"unit_id": world.units["市教育局"], "role": "assisting"},
    ]
    proposal = Flow(world).accepted()
    return world["office"].act("proposal", proposal, "assign", units=units)


def test_a_unit_exports_the_contacts_of_its_own_rows(world):
    _assigned(world)

    [row] = _rows(world["transport"])

    assert (row["承办单位"], row["第一提案人"], row["工作单位及职务"]) == (
        "市交通运输局",
        "张伟",
        "市工商联副主席",
    )
    assert (row["联系电话"], row["电子邮箱"]) == ("13912345678", "zhang@example.cn")


def test_the_office_exports_every_rows_contacts(world):
    _assigned(world)

    rows = _rows(world["office"])

    assert [r["联系电话"] for r in rows] == ["13912345678", "13912345678"]


def test_a_returned_row_no_longer_carries_them(world):
    proposal = _assigned(world)
    brief = next(a for a in proposal["assignments"] if a["unit_name"] == "市交通运输局")
    assignment = world["transport"].assignment(brief["id"])
    requested = world["transport"].act(
        "assignment", assignment, "request_return", reason="该事项不属于本单位职责。"
    )
    world["office"].act("assignment", requested, "approve_return")

    [row] = _rows(world["transport"])

    assert row["办理状态"] == "已退回"
    assert (row["联系电话"], row["电子邮箱"], row["工作单位及职务"]) == (
        None,
        None,
        "市工商联副主席",
    )
    assert [r["联系电话"] for r in _rows(world["education"])] == ["13912345678"]


def test_the_json_list_carries_no_contacts(world):
    _assigned(world)

    [item] = world["transport"].ok("GET", "/lists/assignments")["items"]

    assert "lead_phone" not in item and "lead_email" not in item
