"""交办会 pages: the office downloads the 交办表, uploads it filled, reads the dry run row by row,
then applies it; and assigns several accepted proposals of a category at once."""

from __future__ import annotations

import html
import json
import re
from io import BytesIO

import pytest

from tests.api.plans import lead, sheet_rows, xlsx


def upload(browser, data: bytes):
    form = {"file": (BytesIO(data), "交办表.xlsx"), "csrf_token": browser.token()}
    response = browser.client.post("/assignment-plans/check", data=form)
    return response.status_code, response.get_data(as_text=True)


def plan_field(text: str) -> str:
    return html.unescape(re.search(r'name="plan" value="([^"]*)"', text).group(1))


def state(world, proposal) -> str:
    return world["office"].proposal(proposal["id"])["state"]


def test_the_office_finds_the_page_and_downloads_the_template(web, world, flow):
    proposal = flow.accepted()
    office = web("office")

    page = office.get("/assignment-plans")
    download = office.client.get("/assignment-plans/template.xlsx")

    assert page.status == 200 and "下载交办表" in page.text and "上传并检查" in page.text
    assert 'href="/assignment-plans"' in office.get("/workbench").text
    assert sheet_rows(download.data)[1][:2] == ("第0001号", proposal["title"])


def test_the_dry_run_shows_each_row_and_changes_nothing(web, world, flow):
    good, bad = flow.accepted(), flow.accepted(member="li")
    office = web("office")
    data = xlsx([("1", "", "市交通运输局", None, None), ("2", "", "市交通局", None, None)])

    status, text = upload(office, data)

    assert status == 200
    assert "可以交办" in text and "找不到承办单位“市交通局”，请按系统中的单位名称填写。" in text
    assert "确认交办" in text and "市交通运输局（主办）" in text
    assert text.count(f'<td data-label="案由">{html.escape(good["title"])}</td>') == 2
    assert (state(world, good), state(world, bad)) == ("accepted", "accepted")


def test_confirming_applies_the_rows_that_passed(web, world, flow):
    good, bad = flow.accepted(), flow.accepted(member="li")
    office = web("office")
    data = xlsx([("1", "", "市交通运输局", "市教育局", None), ("2", "", "市交通局", None, None)])
    _, checked = upload(office, data)

    page = office.post("/assignment-plans/apply", {"plan": plan_field(checked)})

    assert page.status == 200 and "已交办1件提案。" in page.text
    assert (state(world, good), state(world, bad)) == ("handling", "accepted")


def test_a_file_that_is_no_workbook_is_refused_on_the_page(web, world):
    status, text = upload(web("office"), b"not a workbook")

    assert status == 422
    assert "上传的文件不是 Excel 工作簿（.xlsx）" in text


def test_a_tampered_plan_is_refused_and_changes_nothing(web, world, flow):
    proposal = flow.accepted()

    page = web("office").post("/assignment-plans/apply", {"plan": '[{"proposal_id": "x"}]'})

    assert page.status == 422 and "交办计划已失效，请重新上传交办表。" in page.text
    assert state(world, proposal) == "accepted"


def test_the_office_assigns_ticked_proposals_of_a_category_to_the_same_units(web, world, flow):
    first = flow.accepted(category="economy")
    second = flow.accepted(member="li", category="economy")
    other = flow.accepted(member="wang", category="culture")
    office = web("office")
    listed = office.get("/assignment-plans/by-category?category=economy")
    transport, education = world.units["市交通运输局"], world.units["市教育局"]

    page = office.post(
        "/assignment-plans/by-category",
        {
            "category": "economy",
            "proposal_id": [str(first["id"]), str(second["id"])],
            f"unit_role-{transport}": "lead",
            f"unit_role-{education}": "assisting",
        },
    )

    assert other["title"] in office.get("/assignment-plans/by-category").text
    assert listed.status == 200 and f'value="{first["id"]}"' in listed.text
    assert f'value="{other["id"]}"' not in listed.text
    assert page.status == 200 and "已交办2件提案。" in page.text
    assert [state(world, p) for p in (first, second, other)] == ["handling", "handling", "accepted"]
    units = [a["role"] for a in world["office"].proposal(second["id"])["assignments"]]
    assert sorted(units) == ["assisting", "lead"]


def test_a_category_batch_without_a_lead_assigns_nothing_and_says_why(web, world, flow):
    proposal = flow.accepted()
    education = world.units["市教育局"]

    page = web("office").post(
        "/assignment-plans/by-category",
        {"proposal_id": str(proposal["id"]), f"unit_role-{education}": "assisting"},
    )

    assert "须至少有一家主办或分办单位。" in page.text and "1行未交办" in page.text
    assert state(world, proposal) == "accepted"


def test_a_category_batch_without_a_ticked_proposal_says_so(web, world, flow):
    flow.accepted()

    page = web("office").post("/assignment-plans/by-category", {})

    assert "请勾选要交办的提案。" in page.text


@pytest.mark.parametrize("who", ["zhang", "transport", "leader", "admin"])
@pytest.mark.parametrize(
    "path",
    ["/assignment-plans", "/assignment-plans/template.xlsx", "/assignment-plans/by-category"],
)
def test_only_the_committee_opens_the_pages(web, world, who, path):
    browser = web(who)

    assert browser.get(path).status == 403
    assert 'href="/assignment-plans"' not in browser.get("/workbench").text


@pytest.mark.parametrize("path", ["/assignment-plans/apply", "/assignment-plans/by-category"])
def test_a_member_posting_a_plan_is_refused_and_nothing_is_assigned(web, world, flow, path):
    proposal = flow.accepted()
    transport = world.units["市交通运输局"]
    plan = json.dumps([{"proposal_id": proposal["id"], "units": lead(world)}])

    page = web("zhang").post(
        path, {"plan": plan, "proposal_id": str(proposal["id"]), f"unit_role-{transport}": "lead"}
    )

    assert page.status == 403
    assert state(world, proposal) == "accepted"
