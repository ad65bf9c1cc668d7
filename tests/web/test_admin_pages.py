"""The administrator's pages: users, units, the calendar and the settings, each change
previewed where it moves deadlines."""

from __future__ import annotations

from sqlalchemy import select

from service.db import current_session
from service.models import User
from service.policy import DEFAULTS


def test_the_administrator_adds_a_unit_clerk(app, web):
    admin = web("admin")

    page = admin.post(
        "/admin/users",
        {
            "username": "huanbao",
            "display_name": "刘干事",
            "role": "unit",
            "unit": "市生态环境局",
            "password": "a long enough password",
        },
    )

    assert page.status == 302
    assert "刘干事" in admin.get("/admin/users").text
    with app.app_context():
        clerk = current_session().scalar(select(User).where(User.username == "huanbao"))
        assert clerk.unit.name == "市生态环境局"


def test_a_taken_username_is_refused_next_to_the_field_with_the_rest_kept(web):
    page = web("admin").post(
        "/admin/users",
        {"username": "zhang", "display_name": "张三", "role": "member", "password": "long enough"},
    )

    assert page.status == 409
    assert 'aria-describedby="username-error"' in page.text
    assert 'id="username-error">用户名已被使用。' in page.text
    assert 'value="张三"' in page.text


def test_a_longer_reply_period_is_previewed_with_the_proposals_it_moves(flow, web):
    proposal = flow.assigned()
    form = {key: value for key, value in DEFAULTS.items() if not isinstance(value, bool)}
    form |= {"reply_months": "4", "apply_to_open": "1"}

    preview = web("admin").post("/admin/settings", form)

    assert preview.status == 200
    assert "答复期限（月）：3 → <strong>4</strong>" in preview.text
    assert proposal["title"] in preview.text.split("将受影响的未到期时限")[1]
    assert 'name="confirm" value="1"' in preview.text


def test_a_calendar_entry_without_a_date_is_refused_at_the_date(web):
    page = web("admin").post("/admin/calendar", {"date": "", "working": "rest"})

    assert page.status == 422
    assert 'id="date-error">请选择日期。' in page.text
