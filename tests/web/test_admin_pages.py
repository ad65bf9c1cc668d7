"""The administrator's pages: units, the calendar and the settings, each change previewed where
it moves deadlines (users: test_user_management.py)."""

from __future__ import annotations

from datetime import datetime

from service.db import current_session
from service.models import CalendarYear
from service.policy import DEFAULTS
from service.web.setting_values import coded_lines
from tests.conftest import SHANGHAI


def test_a_longer_reply_period_is_previewed_with_the_proposals_it_moves(flow, web):
    proposal = flow.assigned()
    form = {key: value for key, value in DEFAULTS.items() if not isinstance(value, bool)}
    form["rejection_grounds"] = coded_lines(DEFAULTS["rejection_grounds"])  # as the page shows it
    form |= {"reply_months": "4", "apply_to_open": "1"}

    preview = web("admin").post("/admin/settings", form)

    assert preview.status == 200
    assert "答复期限（月）：3 → <strong>4</strong>" in preview.text
    assert proposal["title"] in preview.text.split("将受影响的未到期时限")[1]
    assert 'name="confirm" value="1"' in preview.text


def test_a_calendar_entry_without_a_date_is_refused_at_the_date(web):
    page = web("admin").post("/admin/calendar", {"date": "", "working": "rest"})

    assert page.status == 422
    assert 'id="date-national-error">请选择日期。' in page.text


def _into_2027(world, clock, flow) -> dict:
    """A proposal assigned on 2026-11-20, whose reply deadline falls in 2027 (provisional)."""
    clock.set(datetime(2026, 11, 20, 9, tzinfo=SHANGHAI))
    for username in list(world.clients):
        world.login(username)
    return flow.assigned()


def _year_2027(app) -> CalendarYear | None:
    with app.app_context():
        return current_session().get(CalendarYear, 2027)


def test_the_administrator_publishes_2027_after_seeing_the_deadlines_it_makes_firm(
    app, world, clock, flow, web
):
    proposal = _into_2027(world, clock, flow)
    admin = web("admin")
    assert "2027年</td>" in admin.get("/admin/calendar").text

    preview = admin.post("/admin/calendar/years", {"year": "2027", "published": "1"})

    assert preview.status == 200
    assert proposal["title"] in preview.text.split("将受影响的未到期时限")[1]
    assert "日期不变，改为确定" in preview.text
    assert "尚未录入任何放假日" in preview.text
    assert _year_2027(app) is None
    confirmed = admin.post(
        "/admin/calendar/years", {"year": "2027", "published": "1", "confirm": "1"}
    )
    assert confirmed.status == 302
    assert "2027年已标记为已公布，1 个未到期时限已重新核定" in admin.get("/admin/calendar").text
    assert _year_2027(app).published is True


def test_a_published_year_offers_to_take_the_mark_back_and_a_built_in_one_no_switch(app, web):
    admin = web("admin")
    admin.post("/admin/calendar/years", {"year": "2027", "published": "1", "confirm": "1"})

    page = admin.get("/admin/calendar").text

    row_2026, row_2027 = page.split('<td data-label="年度">')[1:3]
    assert "系统内置" in row_2026 and "<form" not in row_2026
    assert "已公布" in row_2027 and "撤销公布标记" in row_2027


def test_the_office_may_not_publish_a_year_and_nothing_changes(app, web):
    office = web("office")

    page = office.post("/admin/calendar/years", {"year": "2027", "published": "1", "confirm": "1"})

    assert page.status == 403
    assert office.get("/admin/calendar").status == 403
    assert _year_2027(app) is None


def test_a_built_in_year_cannot_be_marked_and_nothing_changes(app, web):
    admin = web("admin")

    page = admin.post("/admin/calendar/years", {"year": "2026", "published": "1", "confirm": "1"})

    assert page.status == 422
    assert "已由系统内置日历提供" in page.text
    with app.app_context():
        assert current_session().get(CalendarYear, 2026) is None
