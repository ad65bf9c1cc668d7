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


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.com",
        "/%0A/evil.com",
        "/%0D/evil.com",
        "/%0D%0ALocation:%20http://evil.com",
        "//evil.com",
        "/%5Cevil.com",
        "/\\evil.com",
        "https://evil.com/",
        "/%20/evil.com",
        "/%E2%80%8B/evil.com",
    ],
)
def test_logging_in_never_leaves_the_site_whatever_next_says(app, world, target):
    web = WebClient(app.test_client())
    web.get(f"/login?next={target}")

    token = web.token(f"/login?next={target}")
    response = web.client.post(
        f"/login?next={target}",
        data={"username": "zhang", "password": PASSWORD, "csrf_token": token},
    )

    assert response.status_code == 302
    assert response.location == "/workbench"
    assert "张伟" in web.get("/workbench").text  # the login was kept


def test_a_plain_next_page_with_a_query_is_still_honoured(app, world):
    web = WebClient(app.test_client())

    page = web.post(
        "/login?next=/proposals%3Fq%3D%E5%85%AC%E4%BA%A4",
        {"username": "zhang", "password": PASSWORD},
    )

    assert page.status == 302 and page.location == "/proposals?q=%E5%85%AC%E4%BA%A4"


def _session_cookie(response) -> str:
    return next(v for k, v in response.headers.items() if k == "Set-Cookie" and "session=" in v)


def test_the_session_cookie_is_secure_over_https_and_not_over_plain_http(app, world):
    form = {"username": "zhang", "password": PASSWORD}
    app.config["WTF_CSRF_ENABLED"] = False

    plain = app.test_client().post("/login", data=form)
    secure = app.test_client().post("/login", data=form, base_url="https://proposals.example")

    assert "Secure" not in _session_cookie(plain)
    assert "; Secure" in _session_cookie(secure) and "HttpOnly" in _session_cookie(secure)


def test_a_document_that_is_not_ready_answers_a_page_not_a_redirect_to_the_referer(
    app, world, flow
):
    proposal = flow.accepted()
    office = WebClient(app.test_client())
    office.post("/login", {"username": "office", "password": PASSWORD})
    [document] = world["office"].get(f"/proposals/{proposal['id']}/documents").json

    response = office.client.get(
        f"/documents/{document['id']}", headers={"Referer": "https://evil.example/"}
    )

    assert response.status_code == 409
    assert "正在生成" in response.get_data(as_text=True)
    assert response.location is None
