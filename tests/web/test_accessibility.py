"""Every page has its own title, every field a label, and no id twice (a label must find its
field); checked on the pages each kind of user works in, with their forms showing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.db import current_session
from service.models import User
from tests.web.conftest import log_in

SUFFIX = " · 政协提案办理系统"


def _user_id(world, username: str) -> int:
    with world.app.app_context():
        return current_session().scalar(select(User.id).where(User.username == username))


@pytest.fixture
def pages(world, flow):
    """Proposals in the states whose pages carry the most forms, and who to open them as."""
    submitted = flow.submitted()
    accepted = flow.accepted(title="关于推进义务教育课后服务的提案")
    replied = flow.replied()
    assigned = flow.assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))
    lead = next(a for a in assigned["assignments"] if a["role"] == "lead")
    world["transport"].act("assignment", lead, "sign")
    answering = flow.assigned(title="关于完善夜间经济配套服务的提案")["assignments"][0]
    answering = world["transport"].act("assignment", answering, "sign")
    contact = {"method": "电话", "date": "2026-03-16", "summary": "电话沟通。"}
    world["transport"].act("assignment", answering, "log_contact", **contact)
    minmeng = {"name": "民盟市委会", "kind": "party", "contacts": ["zhang"]}
    organisation = world["office"].ok("POST", "/organisations", minmeng, status=201)
    return {
        "zhang": [
            "/workbench",
            "/proposals",
            "/proposals/new",
            "/notifications",
            "/notifications?kind=assign&unread=1",
            "/workflows",
            f"/proposals/{submitted['id']}",
            f"/proposals/{replied['id']}",
        ],
        "office": [
            "/workbench",
            "/proposals?state=submitted",
            "/assignments",
            "/deadlines",
            "/deadlines?board=soon",
            f"/proposals/{submitted['id']}",
            f"/proposals/{accepted['id']}",
            f"/proposals/{submitted['id']}/merge",
            f"/assignments/{lead['id']}",
            "/assignment-plans",
            "/assignment-plans/by-category",
            "/assignment-plans/by-category?category=economy",
            "/organisations",
            f"/organisations/{organisation['id']}",
            "/sessions",
            f"/sessions/{submitted['session_id']}",
        ],
        "transport": [
            "/workbench",
            "/assignments",
            f"/assignments/{lead['id']}",
            f"/assignments/{answering['id']}",
            f"/proposals/{assigned['id']}",
        ],
        "admin": [
            "/workbench",
            "/admin/users",
            "/admin/users?q=张",
            "/admin/users/new",
            f"/admin/users/{_user_id(world, 'zhang')}",
            f"/admin/users/{_user_id(world, 'admin')}",
            "/admin/units",
            "/admin/calendar",
            "/admin/settings",
        ],
        "leader": ["/workbench", "/proposals", "/organisations"],
    }


@pytest.mark.parametrize("username", ["zhang", "office", "transport", "admin", "leader"])
def test_each_page_has_a_title_labelled_fields_and_unique_ids(app, pages, username):
    web = log_in(app, username)

    for path in pages[username]:
        page = web.get(path)

        assert page.status == 200, path
        parsed = page.parsed()
        assert parsed.title.endswith(SUFFIX) and parsed.title != SUFFIX, path
        assert parsed.unlabelled() == [], path
        ids = [attrs["id"] for _, attrs in parsed.elements if attrs.get("id")]
        assert len(ids) == len(set(ids)), (path, sorted(i for i in ids if ids.count(i) > 1))


def test_the_login_page_is_titled_and_labelled(app):
    page = app.test_client().get("/login")

    parsed = page.get_data(as_text=True)
    assert "<title>登录 · 政协提案办理系统</title>" in parsed
    assert 'for="username"' in parsed and 'for="password"' in parsed


def test_every_form_that_changes_something_carries_a_csrf_token(app, pages):
    web = log_in(app, "office")

    for path in pages["office"]:
        parsed = web.get(path).parsed()
        forms = [attrs for tag, attrs in parsed.elements if tag == "form"]
        posting = [f for f in forms if f.get("method") == "post"]
        tokens = [a for t, a in parsed.elements if a.get("name") == "csrf_token"]

        assert len(tokens) >= len(posting) > 0, path
