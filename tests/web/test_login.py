"""Logging in and out of the pages, and forms refused without their CSRF token."""

from __future__ import annotations

import pytest

from tests.client import PASSWORD
from tests.web.conftest import WebClient


def test_a_member_is_sent_to_log_in_and_then_back_to_the_page_asked_for(app, world):
    web = WebClient(app.test_client())

    asked = web.get("/proposals?state=draft")
    logged_in = web.post(asked.location, {"username": "zhang", "password": PASSWORD})

    assert asked.status == 302 and asked.location.startswith("/login?next=")
    assert logged_in.status == 302 and logged_in.location == "/proposals?state=draft"
    assert "张伟" in web.get("/workbench").text


def test_logging_out_ends_the_session(app, world):
    web = WebClient(app.test_client())
    web.post("/login", {"username": "zhang", "password": PASSWORD})

    out = web.post("/logout")

    assert out.status == 302 and out.location == "/login"
    assert web.get("/workbench").status == 302
    assert "您已安全退出" in web.get("/login").text


def test_a_wrong_password_is_refused_and_the_username_kept(app, world):
    web = WebClient(app.test_client())

    page = web.post("/login", {"username": "zhang", "password": "wrong horse"})

    assert page.status == 401
    assert "用户名或密码不正确" in page.text
    assert 'value="zhang"' in page.text


@pytest.mark.parametrize(
    "elsewhere", ["//evil.example/", "/\\evil.example/", "https://evil.example/"]
)
def test_login_never_sends_the_browser_to_another_site(app, world, elsewhere):
    web = WebClient(app.test_client())

    page = web.post(f"/login?next={elsewhere}", {"username": "zhang", "password": PASSWORD})

    assert page.location == "/workbench"


def test_a_form_posted_without_its_csrf_token_is_refused_and_changes_nothing(app, world, flow, web):
    proposal = flow.submitted()
    office = web("office")

    page = office.post(
        f"/proposals/{proposal['id']}/events/accept",
        {"version": proposal["version"]},
        token=False,
    )

    assert page.status == 400
    assert "表单已过期" in page.text
    assert world["office"].proposal(proposal["id"])["state"] == "submitted"


def test_logging_out_needs_the_token_too(app, world, web):
    member = web("zhang")

    refused = member.post("/logout", token=False)

    assert refused.status == 400
    assert member.get("/workbench").status == 200
