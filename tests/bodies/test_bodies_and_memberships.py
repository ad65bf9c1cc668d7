"""Bodies on one platform (三级联动): the one a new database has, adding bodies under it, a person
with memberships in two bodies logging in to either and switching, and the refusals."""

from __future__ import annotations

import pytest

from tests.bodies.conftest import COUNTY, log_in
from tests.client import PASSWORD, ApiClient
from tests.web.conftest import log_in as log_in_to_pages


def test_a_new_database_has_one_body_named_after_the_office(world):
    me = world["zhang"].ok("GET", "/me")

    assert me["body"] == {"id": world.body_id, "name": "政协示范市委员会", "level": "city"}
    assert me["memberships"] == [
        {
            "body_id": world.body_id,
            "body_name": "政协示范市委员会",
            "role": "member",
            "unit_id": None,
        }
    ]
    assert [b["name"] for b in world["zhang"].ok("GET", "/bodies")] == ["政协示范市委员会"]


def test_the_platform_administrator_adds_a_county_under_the_city(world):
    added = world["admin"].ok(
        "POST",
        "/bodies",
        {"name": COUNTY, "level": "county", "parent_id": world.body_id, "region_code": "330122"},
        status=201,
    )

    assert added["parent_id"] == world.body_id and added["region_code"] == "330122"
    assert [b["name"] for b in world["admin"].ok("GET", "/bodies")] == ["政协示范市委员会", COUNTY]
    # A member sees only the bodies they belong to.
    assert [b["name"] for b in world["zhang"].ok("GET", "/bodies")] == ["政协示范市委员会"]


@pytest.mark.parametrize(
    ("body", "status", "field", "message"),
    [
        ({"name": "政协某县", "level": "county"}, 422, "parent_id", "县级政协须指明上一级政协。"),
        ({"name": "政协某省", "level": "province", "parent_id": "city"}, 422, "parent_id", "省级"),
        ({"name": "政协某区", "level": "county", "parent_id": 99}, 422, "parent_id", "不存在"),
        (
            {"name": "政协某区", "level": "county", "parent_id": "city", "region_code": "33"},
            422,
            "region_code",
            "6位数字",
        ),
        ({"name": "政协示范市委员会", "level": "city"}, 409, "name", "已存在"),
        ({"name": "政协某区", "level": "town", "parent_id": "city"}, 422, "level", "层级"),
    ],
)
def test_a_body_that_does_not_fit_is_refused_with_a_reason(world, body, status, field, message):
    if body.get("parent_id") == "city":
        body = {**body, "parent_id": world.body_id}
    answer = world["admin"].post("/bodies", body)

    assert answer.status == status, answer.json
    assert message in answer.error["message"]
    assert field in answer.error["details"]
    assert len(world["admin"].ok("GET", "/bodies")) == 1


def test_no_body_may_be_added_under_a_county(world, county):
    answer = world["admin"].post(
        "/bodies", {"name": "政协某乡", "level": "county", "parent_id": county.id}
    )

    assert answer.status == 422
    assert answer.error["message"] == f"“{COUNTY}”是县级政协，其下不能再设政协。"


def test_only_the_top_bodys_administrator_adds_bodies(world, county):
    body = {"name": "政协某区委员会", "level": "county", "parent_id": world.body_id}

    assert world["office"].post("/bodies", body).status == 403
    refused = county["county_admin"].post("/bodies", body)
    assert refused.status == 403
    assert "平台管理员" in refused.error["message"]


def test_a_member_of_two_bodies_logs_in_to_either_and_sees_both_memberships(world, county):
    in_city = log_in(world, "zhang")
    in_county = log_in(world, "zhang", county.id)

    assert in_city.ok("GET", "/me")["body"]["name"] == "政协示范市委员会"
    me = in_county.ok("GET", "/me")
    assert me["body"]["name"] == COUNTY
    assert [(m["body_name"], m["role"]) for m in me["memberships"]] == [
        ("政协示范市委员会", "member"),
        (COUNTY, "member"),
    ]
    # One person: the same name and details in both.
    assert me["username"] == "zhang" and me["display_name"] == "张伟"


def test_switching_gives_a_token_of_the_other_body_and_the_old_one_stays(world, county):
    city = world["zhang"]

    answer = city.post("/auth/switch", {"body_id": county.id})

    assert answer.status == 200
    switched = ApiClient(world.app.test_client(), answer.json["token"], "zhang")
    assert answer.json["user"]["body"]["id"] == county.id
    assert switched.ok("GET", "/me")["body"]["id"] == county.id
    assert city.ok("GET", "/me")["body"]["id"] == world.body_id


def test_a_switch_or_login_to_a_body_without_membership_is_refused(world, county):
    switch = world["li"].post("/auth/switch", {"body_id": county.id})
    login = ApiClient(world.app.test_client(), None).post(
        "/auth/token", {"username": "li", "password": PASSWORD, "body_id": county.id}
    )
    unknown = world["li"].post("/auth/switch", {"body_id": 999})

    assert switch.status == 403 and login.status == 403 and unknown.status == 403
    assert switch.error["message"] == "您不是该政协的成员，不能进入。"
    assert world["li"].post("/auth/switch", {}).status == 422


def test_a_wrong_password_with_a_body_is_still_a_wrong_password(world, county):
    answer = ApiClient(world.app.test_client(), None).post(
        "/auth/token", {"username": "zhang", "password": "wrong-password", "body_id": county.id}
    )

    assert answer.status == 401


def test_a_new_password_ends_the_persons_logins_in_every_body(world, county):
    runner = world.app.test_cli_runner()

    result = runner.invoke(
        args=["user", "password", "zhang", "--password-stdin"], input="新密码-2026\n"
    )

    assert result.exit_code == 0, result.output
    assert world["zhang"].get("/me").status == 401
    assert county["zhang"].get("/me").status == 401


def test_asking_for_a_body_without_membership_is_no_failed_login(world, county):
    anonymous = ApiClient(world.app.test_client(), None)
    wrong_body = {"username": "li", "password": PASSWORD, "body_id": county.id}

    refusals = [anonymous.post("/auth/token", wrong_body).status for _ in range(8)]

    assert refusals == [403] * 8
    assert anonymous.post("/auth/token", {"username": "li", "password": PASSWORD}).status == 200


def test_a_new_database_already_has_its_body_for_the_body_commands(app):
    runner = app.test_cli_runner()

    updated = runner.invoke(args=["body", "update", "政协示范市委员会", "--region-code", "330100"])
    added = runner.invoke(
        args=["body", "add", COUNTY, "--level", "county", "--parent", "政协示范市委员会"]
    )
    under_county = runner.invoke(
        args=["body", "add", "政协某乡委员会", "--level", "county", "--parent", COUNTY]
    )

    assert updated.exit_code == 0, updated.output
    assert "已更新政协：政协示范市委员会（市级）" in updated.output
    assert added.exit_code == 0 and f"已添加政协：{COUNTY}" in added.output
    assert under_county.exit_code == 1
    assert f"“{COUNTY}”是县级政协，其下不能再设政协。" in under_county.output


def test_a_persons_own_contact_details_change_in_every_body_they_sit_in(world, county):
    changed = county["zhang"].request(
        "PATCH", "/me", {"phone": "13800001234", "email": "zhang@example.cn", "notify_by": ["sms"]}
    )

    assert changed.status == 200, changed.json
    city_me = world["zhang"].ok("GET", "/me")
    county_me = county["zhang"].ok("GET", "/me")
    assert (city_me["phone"], city_me["email"]) == ("13800001234", "zhang@example.cn")
    assert (county_me["phone"], county_me["email"]) == ("13800001234", "zhang@example.cn")
    assert county_me["notify_by"] == ["sms"]
    assert city_me["notify_by"] == ["email", "sms"]
    assert world["li"].ok("GET", "/me")["phone"] != "13800001234"


def test_the_profile_page_says_where_the_details_change(world, county):
    two_bodies = log_in_to_pages(world.app, "zhang").get("/me").text
    one_body = log_in_to_pages(world.app, "li").get("/me").text

    assert "手机、邮箱和工作单位及职务在您所在的各级政协一并更新" in two_bodies
    assert "一并更新" not in one_body
