"""交办会 with a 交办表: the template lists what awaits 交办; a filled sheet names proposals by
their number and units by name, is checked row by row, and a file that is no 交办表 is refused."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.api.plans import sheet_rows, upload, xlsx
from tests.flows import Flow

TEMPLATE = "/assignment-plans/template.xlsx"


@pytest.fixture
def flow(world):
    return Flow(world)


def states(world, *proposals) -> list[str]:
    return [world["office"].proposal(p["id"])["state"] for p in proposals]


def test_an_uploaded_sheet_is_checked_by_number_and_unit_names(world, flow):
    first, second = flow.accepted(), flow.accepted(member="li")
    data = xlsx(
        [
            ("第0001号", "公交", "市交通运输局", "市教育局、市生态环境局", None),
            (2, "教育", None, None, "市教育局、市卫生健康委员会"),
        ]
    )

    answer = upload(world["office"], data)

    assert answer.status == 200, answer.json
    assert answer.json["applied"] == 0
    assert [(r["row"], r["proposal_id"], r["ok"]) for r in answer.json["rows"]] == [
        (2, first["id"], True),
        (3, second["id"], True),
    ]
    assert states(world, first, second) == ["accepted", "accepted"]


def test_an_uploaded_sheet_is_applied_with_each_units_role(world, flow):
    first, second = flow.accepted(), flow.accepted(member="li")
    data = xlsx(
        [
            ("第0001号", "公交", "市交通运输局", "市教育局、 市生态环境局", None),
            ("2", "教育", None, None, "市教育局、市卫生健康委员会"),
        ]
    )

    answer = upload(world["office"], data, dry_run="false")

    assert answer.json["applied"] == 2
    roles = {
        a["unit_name"]: a["role"] for a in world["office"].proposal(first["id"])["assignments"]
    }
    assert roles == {"市交通运输局": "lead", "市教育局": "assisting", "市生态环境局": "assisting"}
    assert states(world, first, second) == ["handling", "handling"]


def test_blank_rows_and_rows_without_units_are_skipped(world, flow):
    proposal = flow.accepted()
    flow.accepted(member="li")
    data = xlsx(
        [
            (None, None, None, None, None),
            ("第0002号", "未定", None, None, None),
            ("1", "公交", "市交通运输局", None, None),
        ]
    )

    answer = upload(world["office"], data, dry_run="0")

    assert [(r["row"], r["proposal_id"]) for r in answer.json["rows"]] == [(4, proposal["id"])]
    assert answer.json["applied"] == 1


@pytest.mark.parametrize(
    "number, units, message",
    [
        ("1", "市交通局", "找不到承办单位“市交通局”，请按系统中的单位名称填写。"),
        ("一号", "市交通运输局", "提案号“一号”无法识别，请填写如“第0123号”或“123”。"),
        ("第0099号", "市交通运输局", "2026年全体会议没有第0099号提案。"),
        (None, "市交通运输局", "请填写提案号。"),
    ],
)
def test_a_row_that_names_nothing_known_says_so(world, flow, number, units, message):
    proposal = flow.accepted()

    answer = upload(world["office"], xlsx([(number, "", units, None, None)]), dry_run="false")

    assert answer.json["applied"] == 0
    assert answer.json["rows"][0]["errors"] == [message]
    assert states(world, proposal) == ["accepted"]


def test_a_sheet_row_gets_the_assign_rules_messages(world, flow):
    flow.accepted()

    answer = upload(world["office"], xlsx([("1", "", "市交通运输局", None, "市教育局")]))

    assert answer.json["rows"][0]["errors"] == [
        "主办和分办不能同时使用：请选择一家主办单位（可加会办单位），或全部分办。"
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b"%PDF-1.7 not a workbook",
            "上传的文件不是 Excel 工作簿（.xlsx），请下载交办表模板，填写后上传。",
        ),
        (
            b"PK\x03\x04broken zip",
            "上传的文件不是 Excel 工作簿（.xlsx），请下载交办表模板，填写后上传。",
        ),
        (
            xlsx([("1", "市交通运输局")], headers=("编号", "主办单位")),
            "交办表第一行须有这些列：提案号、主办单位、会办单位、分办单位；缺少：提案号、会办单位、"
            "分办单位。请使用下载的模板。",
        ),
    ],
)
def test_a_file_that_is_no_plan_is_refused_as_a_whole(world, flow, data, message):
    proposal = flow.accepted()

    answer = upload(world["office"], data, dry_run="false")

    assert answer.status == 422
    assert (answer.json["error"]["message"], list(answer.json["error"]["details"])) == (
        message,
        ["file"],
    )
    assert states(world, proposal) == ["accepted"]


def test_an_upload_without_its_file_or_with_an_unreadable_dry_run_is_refused(world):
    office = world["office"]
    no_file = office.client.post(
        "/api/v1/assignment-plans",
        data={"dry_run": "true"},
        headers={"Authorization": f"Bearer {office.token}"},
        content_type="multipart/form-data",
    )
    bad_flag = upload(office, xlsx([]), dry_run="也许")

    assert no_file.status_code == 422 and "file" in no_file.get_json()["error"]["details"]
    assert bad_flag.status == 422 and "dry_run" in bad_flag.json["error"]["details"]


def test_the_template_lists_the_accepted_proposals_awaiting_assignment(world, flow):
    flow.assigned()
    waiting = flow.accepted(member="li", title="关于加强校园周边交通安全的提案", category="society")
    flow.submitted(member="wang")

    response = world["office"].client.get(
        "/api/v1" + TEMPLATE, headers={"Authorization": f"Bearer {world['office'].token}"}
    )

    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    rows = sheet_rows(response.data)
    assert rows == [
        ("提案号", "标题", "类别", "领衔人", "主办单位", "会办单位", "分办单位"),
        ("第0002号", waiting["title"], "社会建设", "李娜", None, None, None),
    ]
    book = load_workbook(BytesIO(response.data))
    assert book.worksheets[0].column_dimensions["B"].width >= 40
    units = [row[0] for row in book["承办单位"].iter_rows(min_row=2, values_only=True)]
    assert sorted(units) == sorted(world.units)


def test_the_filled_template_uploads_as_it_was_downloaded(world, flow):
    proposal = flow.accepted()
    office = world["office"]
    response = office.client.get(
        "/api/v1" + TEMPLATE, headers={"Authorization": f"Bearer {office.token}"}
    )
    book = load_workbook(BytesIO(response.data))
    book.worksheets[0]["E2"] = "市交通运输局"
    book.worksheets[0]["F2"] = "市教育局"
    buffer = BytesIO()
    book.save(buffer)

    answer = upload(office, buffer.getvalue(), dry_run="false")

    assert answer.json["applied"] == 1
    assert states(world, proposal) == ["handling"]
