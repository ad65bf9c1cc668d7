"""Pages for the channels: the administrator sets a unit's group robot on the 承办单位 page; each
person finds their calendar address on the 通知 page and may replace it."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from tests.web.conftest import log_in


def test_admin_sets_and_removes_a_units_robot_on_the_units_page(app, world, receiver):
    web = log_in(app, "admin")
    unit_id = world.units["市交通运输局"]

    saved = web.post(
        f"/admin/units/{unit_id}/robot", {"webhook_url": receiver.url("/jt"), "webhook_kind": ""}
    )
    page = web.get("/admin/units")
    refused = web.post(f"/admin/units/{unit_id}/robot", {"webhook_url": "robot.example"})
    after_refusal = web.get("/admin/units")
    web.post(f"/admin/units/{unit_id}/robot", {"webhook_url": ""})

    assert saved.status == 302 and "群机器人已保存" in page.text
    assert f'value="{receiver.url("/jt")}"' in page.text
    assert (
        refused.status == 302 and "机器人地址须为以 http:// 或 https:// 开头" in after_refusal.text
    )
    unit = next(u for u in world["admin"].ok("GET", "/units") if u["id"] == unit_id)
    assert unit["webhook_url"] is None


def test_robot_form_is_the_administrators_alone(app, world):
    unit_id = world.units["市交通运输局"]

    answer = log_in(app, "transport").post(
        f"/admin/units/{unit_id}/robot", {"webhook_url": "https://r.example"}
    )

    assert answer.status == 403


def test_person_finds_and_replaces_their_calendar_address(app, world):
    web = log_in(app, "transport")
    shown_by_api = world["transport"].ok("GET", "/me")["calendar_url"]

    page = web.get("/notifications")
    url = html.unescape(page.text.split('id="calendar-url" value="')[1].split('"')[0])
    web.post("/notifications/calendar-token")
    renewed = web.get("/notifications")

    assert "日历订阅" in page.text and url == shown_by_api
    assert "日历订阅地址已更换" in renewed.text
    old = urlsplit(url)
    assert app.test_client().get(f"{old.path}?{old.query}").status_code == 404
