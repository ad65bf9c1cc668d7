"""Input no office worker could type — NUL, control characters, lone surrogates, numbers past any
column, JSON nested a hundred thousand deep — gets a 4xx in Chinese, never a 500, and changes
nothing."""

from __future__ import annotations

import pytest

from tests.client import PASSWORD
from tests.flows import Flow
from tests.security.test_input_limits import assert_clean_error
from tests.web.conftest import WebClient


@pytest.fixture
def flow(world):
    return Flow(world)


DRAFT = {
    "title": "关于加强公交站台遮阳的建议",
    "category": "society",
    "body": "建议在站台加装遮阳棚。",
}


@pytest.mark.parametrize("text", ["a\u0000b", "a\u0001b", "a\u001fb", "tab\tand\r\nnewline"])
def test_a_title_with_a_control_character_is_refused_naming_the_field(world, text):
    member = world["zhang"]

    created = member.post("/proposals", {**DRAFT, "title": text})

    if "\u0001" in text or "\u0000" in text or "\u001f" in text:
        error = assert_clean_error(created, 422)
        assert "title" in error["details"], error
        assert "控制字符" in error["message"]
        assert member.get("/proposals").json["total"] == 0
    else:  # tab, CR and LF are what forms send
        assert created.status == 422 or created.status == 201


def test_nul_in_a_nested_field_of_an_event_is_refused_and_nothing_changes(world, flow):
    proposal = flow.submitted()

    refused = world["office"].fire(
        "proposal", proposal, "return_for_revision", reason="请补充\u0000数据"
    )

    error = assert_clean_error(refused, 422)
    assert "reason" in error["details"]
    after = world["office"].proposal(proposal["id"])
    assert (after["state"], after["version"]) == (proposal["state"], proposal["version"])


def test_a_lone_surrogate_in_a_title_is_refused(app, world):
    client = app.test_client()
    body = '{"title": "\\ud800 案由", "category": "society", "body": "正文"}'

    response = client.post(
        "/api/v1/proposals",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {world['zhang'].token}"},
    )

    assert response.status_code == 422
    assert "title" in response.get_json()["error"]["details"]


def test_json_nested_a_hundred_thousand_deep_is_refused(app, world):
    client = app.test_client()

    response = client.post(
        "/api/v1/proposals",
        data="[" * 100_000,
        content_type="application/json",
        headers={"Authorization": f"Bearer {world['zhang'].token}"},
    )

    assert response.status_code == 422
    assert "层级过深" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/proposals?q=%00",
        "/proposals?state=%00",
        "/assignments?q=a%01b",
        "/stats?sector=%00",
        "/stats/members/zh%00ang",
        "/lists/proposals?q=%00",
        "/deadlines?kind=%00",
    ],
)
def test_nul_in_a_query_filter_or_a_path_is_refused(world, path):
    response = world["office"].get(path)

    error = assert_clean_error(response, 422)
    assert "控制字符" in error["message"]


def test_nul_in_the_login_username_is_refused(app, world):
    client = app.test_client()

    response = client.post(
        "/api/v1/auth/token", json={"username": "zhang\u0000", "password": PASSWORD}
    )

    assert response.status_code == 422
    assert "username" in response.get_json()["error"]["details"]


def test_a_session_number_past_any_integer_is_refused_on_create(world):
    created = world["zhang"].post("/proposals", {**DRAFT, "session": 10**30})

    error = assert_clean_error(created, 422)
    assert "session" in error["details"]


@pytest.mark.parametrize(
    "query",
    [
        "from=9999-12-25&days=30",
        "from=9999-12-31&days=1",
        "from=0001-01-01&days=-1",
        "from=2026-03-16&days=100000000",
    ],
)
def test_working_days_past_the_calendar_are_refused(world, query):
    response = world["office"].get(f"/calendar/add-working-days?{query}")

    assert_clean_error(response, 422)


def test_working_days_of_an_ordinary_date_still_count(world):
    response = world["office"].get("/calendar/add-working-days?from=2026-09-30&days=1")

    assert response.json["date"] == "2026-10-08"


def _web(app, username: str = "office") -> WebClient:
    web = WebClient(app.test_client())
    assert web.post("/login", {"username": username, "password": PASSWORD}).status == 302
    return web


@pytest.mark.parametrize(
    "path",
    [
        "/proposals?page=9223372036854775807",
        "/proposals?page=%C2%B2",
        "/proposals?year=9223372036854775808",
        "/proposals?year=%C2%B2",
        "/assignments?unit=2147483648",
        "/assignments?unit=%C2%B2",
        "/proposals?q=%00",
    ],
)
def test_page_filters_out_of_range_answer_a_chinese_4xx(app, world, path):
    web = _web(app)

    page = web.get(path)

    assert 400 <= page.status < 500, page.status
    assert "出错了" in page.text or "有误" in page.text


def test_ordinary_page_filters_still_work(app, world, flow):
    flow.submitted()
    web = _web(app)

    page = web.get("/proposals?page=1&year=2026")

    assert page.status == 200
    assert "关于" in page.text


@pytest.mark.parametrize("value", ["%C2%B2", "99999999999999999999"])
def test_an_event_form_with_a_bad_version_or_rating_key_is_refused_not_crashed(
    app, world, flow, value
):
    proposal = flow.submitted()
    web = _web(app)
    token = web.token(f"/proposals/{proposal['id']}")

    response = web.client.post(
        f"/proposals/{proposal['id']}/events/return_for_revision",
        data=f"csrf_token={token}&version={value}&reason=x&rating-{value}-attitude=satisfied",
        content_type="application/x-www-form-urlencoded",
    )

    assert 400 <= response.status_code < 500 or response.status_code == 200
    assert world["office"].proposal(proposal["id"])["state"] == "submitted"


def test_an_error_repeats_at_most_the_start_of_what_was_sent(world, flow):
    proposal = flow.submitted()

    refused = world["office"].fire("proposal", proposal, "接" * 5000)

    error = assert_clean_error(refused, 422)
    assert len(error["message"]) < 100
    assert "接" * 40 + "…" in error["message"]


def _contacted(world, flow) -> dict:
    proposal = flow.assigned()
    clerk = world["transport"]
    assignment = clerk.act("assignment", clerk.assignment(proposal["assignments"][0]["id"]), "sign")
    return assignment


def test_a_contact_dated_in_year_one_or_9999_is_refused(world, flow):
    assignment = _contacted(world, flow)
    contact = {"method": "电话", "summary": "电话沟通。"}

    early = world["transport"].fire(
        "assignment", assignment, "log_contact", date="0001-01-01", **contact
    )
    late = world["transport"].fire(
        "assignment", assignment, "log_contact", date="9999-12-31", **contact
    )

    for refused in (early, late):
        error = assert_clean_error(refused, 422)
        assert "date" in error["details"]
        assert "2000-01-01 至 2099-12-31" in error["message"]
    assert world["transport"].assignment(assignment["id"])["contacts"] == []


def test_a_commitment_due_in_9999_is_refused_naming_its_row(world, flow):
    assignment = _contacted(world, flow)
    clerk = world["transport"]
    clerk.act(
        "assignment", assignment, "log_contact", method="电话", date="2026-03-16", summary="沟通。"
    )
    reply = {
        "category": "B",
        "body": "已列入计划。",
        "signed_by": "陈局长",
        "contact_name": "刘科员",
        "contact_phone": "0571-87000000",
        "commitments": [{"text": "建成专用道", "due_date": "9999-12-31"}],
    }

    refused = clerk.fire("assignment", clerk.assignment(assignment["id"]), "reply", **reply)

    assert "commitments.0.due_date" in assert_clean_error(refused, 422)["details"]
