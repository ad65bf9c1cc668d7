"""用户管理: the administrator finds a login by part of a name, unit or role in a paged table,
adds one, and on the person's own page changes their profile, resets their password or stops
their login; nobody else opens these pages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from service.db import current_session, unit_of_work
from service.models import User
from service.operations import users
from tests.client import PASSWORD


def _user(app, username: str) -> User:
    with app.app_context():
        found = current_session().scalar(select(User).where(User.username == username))
        current_session().expunge(found)
        return found


def _page_of(app, username: str) -> str:
    return f"/admin/users/{_user(app, username).id}"


def _names_listed(page) -> list[str]:
    return re.findall(r'<td data-label="用户名">([^<]+)</td>', page.text)


def _login_status(world, username: str, password: str = PASSWORD) -> int:
    response = world.app.test_client().post(
        "/api/v1/auth/token", json={"username": username, "password": password}
    )
    return response.status_code


def test_searching_part_of_a_name_finds_that_person_only(web):
    page = web("admin").get("/admin/users?q=娜")

    assert page.status == 200
    assert _names_listed(page) == ["li"]
    assert 'href="/admin/users/' in page.text and "李娜" in page.text


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("交通", ["transport"]),  # the unit's name
        ("督办", ["leader"]),  # the role's name
        ("ZHA", ["zhang"]),  # part of the username, typed in capitals
        ("医药", ["wang"]),  # the member's 界别
    ],
)
def test_search_reads_the_unit_the_role_the_username_and_the_sector(web, words, found):
    page = web("admin").get(f"/admin/users?q={words}")

    assert _names_listed(page) == found


def test_the_role_and_status_filters_narrow_the_table(world, web):
    admin = web("admin")
    admin.post(_page_of(world.app, "li") + "/active", {"active": "0"})

    members = _names_listed(admin.get("/admin/users?role=member"))
    stopped = _names_listed(admin.get("/admin/users?status=inactive"))

    assert sorted(members) == ["li", "wang", "zhang"]
    assert stopped == ["li"]


def _add_members(app, clock, count: int) -> None:
    with app.app_context(), unit_of_work() as session:
        for n in range(count):
            users.add_user(
                session, f"member{n:02d}", role="member", password=PASSWORD, now=clock.now()
            )


def test_the_second_page_shows_the_people_the_first_has_no_room_for(app, clock, web):
    _add_members(app, clock, 25)
    admin = web("admin")

    first, second = admin.get("/admin/users"), admin.get("/admin/users?page=2")

    assert len(_names_listed(first)) == 20 and "第 1 / 2 页" in first.text
    assert len(_names_listed(second)) == 16 and "第 2 / 2 页" in second.text
    assert not set(_names_listed(first)) & set(_names_listed(second))
    assert 'href="/admin/users?page=1">上一页' in second.text


def test_the_pager_keeps_the_search_and_the_table_holds_no_password_form(app, clock, web):
    _add_members(app, clock, 25)

    page = web("admin").get("/admin/users?q=member")

    assert 'value="member"' in page.text
    assert 'href="/admin/users?q=member&amp;page=2">下一页' in page.text
    assert 'type="password"' not in page.text


def test_a_persons_page_offers_every_action_on_their_login(app, web):
    path = _page_of(app, "li")

    page = web("admin").get(path)

    assert page.status == 200
    assert "<h1>李娜</h1>" in page.text
    for action, button in (
        (path, "保存资料"),
        (f"{path}/password", "重置密码"),
        (f"{path}/active", "停用账号"),
    ):
        form = page.text.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
        assert f">{button}</button>" in form, action
    assert 'value="李娜"' in page.text and '<option value="member" selected>' in page.text


def test_an_added_clerk_is_shown_on_their_own_page(app, web):
    admin = web("admin")
    form = {
        "username": "huanbao",
        "display_name": "刘干事",
        "role": "unit",
        "unit": "市生态环境局",
        "password": "a long enough password",
    }

    page = admin.post("/admin/users/new", form)

    clerk = _user(app, "huanbao")
    assert clerk.unit.name == "市生态环境局"
    assert page.status == 302 and page.location == f"/admin/users/{clerk.id}"
    assert "刘干事" in admin.get("/admin/users?q=刘").text



def test_a_new_login_has_its_role_chosen_not_preset(app, web):
    admin = web("admin")
    form = {"username": "xinren", "display_name": "新同事", "password": "a long enough password"}

    blank = admin.get("/admin/users/new").text
    page = admin.post("/admin/users/new", form)

    assert '<option value="" selected>请选择</option>' in blank
    assert page.status == 422
    assert 'id="role-error">请选择角色。' in page.text
    assert 'value="新同事"' in page.text

def test_a_taken_username_is_refused_next_to_the_field_with_the_rest_kept(web):
    page = web("admin").post(
        "/admin/users",
        {"username": "zhang", "display_name": "张三", "role": "member", "password": "long enough"},
    )

    assert page.status == 409
    assert 'aria-describedby="username-error"' in page.text
    assert 'id="username-error">用户名已被使用。' in page.text
    assert 'value="张三"' in page.text


def test_a_stopped_user_is_logged_out_everywhere_and_cannot_log_in_until_started(app, world, web):
    admin, member, path = web("admin"), web("zhang"), _page_of(app, "zhang")
    assert member.get("/workbench").status == 200

    page = admin.post(f"{path}/active", {"active": "0"})

    assert page.status == 302 and page.location == path
    assert "已停用用户 张伟（zhang）" in admin.get(path).text
    assert member.get("/workbench").status == 302  # back to the login page
    assert world["zhang"].get("/me").status == 401  # the API token ended too
    assert _login_status(world, "zhang") == 401
    assert ">启用账号</button>" in admin.get(path).text
    admin.post(f"{path}/active", {"active": "1"})
    assert _login_status(world, "zhang") == 200


def test_the_administrator_cannot_stop_their_own_login(app, web):
    admin, path = web("admin"), _page_of(app, "admin")
    assert "不能停用" in admin.get(path).text

    admin.post(f"{path}/active", {"active": "0"})

    assert "不能停用自己正在使用的账号" in admin.get(path).text
    assert _user(app, "admin").active is True


def test_a_reset_password_replaces_the_old_one_and_ends_open_logins(app, world, web):
    page = web("admin").post(f"{_page_of(app, 'li')}/password", {"password": "a brand new one"})

    assert page.status == 302
    assert world["li"].get("/me").status == 401
    assert _login_status(world, "li") == 401
    assert _login_status(world, "li", "a brand new one") == 200


def test_a_too_short_new_password_is_refused_at_the_field_and_the_old_one_kept(app, world, web):
    page = web("admin").post(f"{_page_of(app, 'li')}/password", {"password": "short"})

    assert page.status == 422
    assert 'id="password-error">密码至少需要8个字符。' in page.text
    assert 'value="李娜"' in page.text  # the profile form still shows the person
    assert _login_status(world, "li") == 200


def test_a_clerk_moved_to_another_unit_works_for_that_unit_only(app, world, flow, web):
    transport_work = flow.assigned()["assignments"][0]
    form = {"display_name": "交通办理员", "role": "unit", "unit": "市教育局"}

    admin = web("admin")

    page = admin.post(_page_of(app, "transport"), form)

    assert page.status == 302
    assert "已保存 交通办理员（transport）的资料" in admin.get(page.location).text
    assert _user(app, "transport").unit.name == "市教育局"
    assert world["transport"].get(f"/assignments/{transport_work['id']}").status == 404


def test_a_member_with_proposals_keeps_the_role_and_is_told_why(app, flow, web):
    flow.submitted("zhang")

    page = web("admin").post(_page_of(app, "zhang"), {"display_name": "张伟", "role": "committee"})

    assert page.status == 409
    assert 'id="role-error">该委员已有提案，不能修改角色。' in page.text
    assert _user(app, "zhang").role == "member"


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"display_name": "王芳", "role": "unit"}, "unit", "请选择所属承办单位。"),
        ({"display_name": "王芳", "role": "member", "unit": "市教育局"}, "unit", "不适用。"),
        ({"display_name": " ", "role": "member"}, "display_name", "请填写姓名。"),
        (
            {"display_name": "王芳", "role": "member", "proxy_rater": "on"},
            "proxy_rater",
            "不适用于该角色。",
        ),
    ],
    ids=["unit-without-unit", "member-with-unit", "blank-name", "member-as-proxy"],
)
def test_a_profile_that_breaks_the_rules_is_refused_at_its_field(app, web, form, field, message):
    page = web("admin").post(_page_of(app, "wang"), form)

    assert page.status == 422
    assert f'id="{field}-error">{message}' in page.text
    wang = _user(app, "wang")
    assert (wang.role, wang.unit_id, wang.display_name) == ("member", None, "王芳")


def test_the_administrator_cannot_change_their_own_role(app, web):
    page = web("admin").post(_page_of(app, "admin"), {"display_name": "管理员", "role": "member"})

    assert page.status == 409
    assert _user(app, "admin").role == "admin"


@pytest.mark.parametrize("username", ["office", "zhang", "transport"])
def test_nobody_but_the_administrator_opens_or_changes_a_login(app, web, username):
    person = web(username)
    path = _page_of(app, "li")

    assert person.get(path).status == 403
    assert person.post(path, {"display_name": "改名", "role": "member"}).status == 403
    assert person.post(f"{path}/password", {"password": "a brand new one"}).status == 403
    assert person.post(f"{path}/active", {"active": "0"}).status == 403
    li = _user(app, "li")
    assert (li.display_name, li.active) == ("李娜", True)


def test_a_login_that_does_not_exist_is_not_found(web):
    admin = web("admin")

    assert admin.get("/admin/users/999999").status == 404
    assert admin.post("/admin/users/999999/active", {"active": "0"}).status == 404
