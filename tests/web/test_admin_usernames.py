"""The admin's user pages and the login page take usernames in their normal form: a name that
breaks a page's address or looks like another is refused next to its field."""

import pytest
from sqlalchemy import func, select

from service.db import current_session
from service.models import User
from service.usernames import RULE
from tests.client import PASSWORD
from tests.web.conftest import WebClient


def _count_users(app) -> int:
    with app.app_context():
        return current_session().scalar(select(func.count()).select_from(User))


def _login(app, username: str):
    return app.test_client().post(
        "/api/v1/auth/token", json={"username": username, "password": PASSWORD}
    )


@pytest.mark.parametrize(
    ("username", "status", "message"),
    [("a/b", 422, RULE), ("../x", 422, RULE), ("ＺＨＡＮＧ", 409, "已被使用")],
    ids=["slash", "dot-dot", "full-width"],
)
def test_the_admin_page_refuses_a_bad_or_look_alike_name_next_to_the_field(
    app, web, username, status, message
):
    before = _count_users(app)

    page = web("admin").post(
        "/admin/users",
        {"username": username, "display_name": "新用户", "role": "member", "password": PASSWORD},
    )

    assert page.status == status
    assert 'aria-describedby="username-error"' in page.text
    assert message in page.text
    assert 'value="新用户"' in page.text
    assert _count_users(app) == before


def test_a_name_added_on_the_admin_page_can_be_stopped_from_the_page(app, world, web):
    admin = web("admin")
    form = {"username": "Liu.Gan-shi", "display_name": "刘干事", "role": "member"}
    added = admin.post("/admin/users", {**form, "password": PASSWORD})

    stopped = admin.post(f"{added.location}/active", {"active": "0"})

    assert stopped.status == 302
    assert "已停用用户 刘干事（liu.gan-shi）" in admin.get(added.location).text
    assert _login(app, "Liu.Gan-shi").status_code == 401


def test_the_login_page_takes_the_name_in_capitals(app, world):
    page = WebClient(app.test_client()).post("/login", {"username": "ZHANG", "password": PASSWORD})

    assert page.status == 302
