"""A body's administrator gives someone who already logs in to another body a login of this body
too (添加已有账号的人员), by their username: one person, one password, a role in each body."""

from __future__ import annotations

from tests.bodies.conftest import COUNTY, SAME_NAME_UNIT, log_in
from tests.web.conftest import log_in as log_in_to_pages

GRANT = "/admin/users/grant"


def test_the_county_administrator_gives_a_city_member_a_county_login(world, county):
    admin = log_in_to_pages(world.app, "county_admin")

    granted = admin.post(GRANT, {"username": "li", "role": "member"})
    page = admin.get(granted.location)

    assert granted.status == 302
    assert f"已为 李娜（li）开通{COUNTY}的账号（委员）" in page.text
    assert "教育界" in page.text  # the 界别 she had, since none was given
    as_county_member = log_in(world, "li", county.id)
    me = as_county_member.ok("GET", "/me")
    assert me["body"]["id"] == county.id and me["role"] == "member"
    assert {m["body_id"] for m in me["memberships"]} == {world.body_id, county.id}
    assert log_in(world, "li").ok("GET", "/me")["body"]["id"] == world.body_id


def test_a_member_may_sit_in_another_sector_of_the_county(world, county):
    admin = log_in_to_pages(world.app, "county_admin")

    admin.post(GRANT, {"username": "wang", "role": "member", "sector": "农业和农村界"})

    county_me = log_in(world, "wang", county.id).ok("GET", "/me")
    city_me = log_in(world, "wang").ok("GET", "/me")
    assert (county_me["sector"], city_me["sector"]) == ("农业和农村界", "医药卫生界")


def test_a_clerk_is_given_one_of_the_countys_own_units(world, county):
    admin = log_in_to_pages(world.app, "county_admin")

    without = admin.post(GRANT, {"username": "transport", "role": "unit"})
    granted = admin.post(GRANT, {"username": "transport", "role": "unit", "unit": SAME_NAME_UNIT})

    assert without.status == 422 and 'id="unit-error"' in without.text
    assert granted.status == 302
    me = log_in(world, "transport", county.id).ok("GET", "/me")
    assert me["unit_id"] == county.unit_id


def test_an_unknown_username_is_refused_at_the_field(world, county):
    page = log_in_to_pages(world.app, "county_admin").post(
        GRANT, {"username": "nobody_here", "role": "member"}
    )

    assert page.status == 422
    assert "本平台没有用户名为“nobody_here”的人员" in page.text
    assert 'id="username-error"' in page.text


def test_someone_with_a_login_here_already_is_refused(world, county):
    page = log_in_to_pages(world.app, "county_admin").post(
        GRANT, {"username": "zhang", "role": "member"}
    )

    assert page.status == 409
    assert "“zhang”在该政协已有账号" in page.text


def test_only_an_administrator_opens_the_page(world, county):
    office = log_in_to_pages(world.app, "county_office")

    assert office.get(GRANT).status == 403
    assert office.post(GRANT, {"username": "li", "role": "member"}).status == 403
    memberships = log_in(world, "li").ok("GET", "/me")["memberships"]
    assert [m["body_id"] for m in memberships] == [world.body_id]


def test_the_user_list_offers_it_once_there_are_several_bodies(world, app):
    alone = log_in_to_pages(app, "admin").get("/admin/users").text

    assert "添加已有账号的人员" not in alone


def test_the_user_list_and_a_taken_username_lead_to_it(world, county):
    admin = log_in_to_pages(world.app, "county_admin")

    listed = admin.get("/admin/users").text
    taken = admin.post(
        "/admin/users/new", {"username": "li", "role": "member", "password": "a-long-password"}
    )

    assert "添加已有账号的人员" in listed
    assert taken.status == 409
    assert f"{GRANT}?username=li" in taken.text
