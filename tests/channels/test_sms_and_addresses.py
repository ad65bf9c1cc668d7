"""SMS for what needs a person soon, within 70 characters and never at night; units' robots
and the office's robot are set with a clear refusal of a bad address."""

from __future__ import annotations

from datetime import datetime, timedelta

from service.jobs.delivery_sender import RETRY_AFTER
from tests.conftest import SHANGHAI


def test_member_gets_an_sms_when_a_reply_awaits_rating(flow, outbox, receiver):
    outbox.addresses("zhang", phone="13800000000")

    flow.replied()
    outbox.send()

    texts = receiver.to("/sms")
    assert texts, outbox.rows()
    assert {t["phone"] for t in texts} == {"13800000000"}
    assert all(len(t["text"]) <= 70 and t["text"].startswith("【政协提案】") for t in texts)
    assert any("答复" in t["text"] for t in texts)


def test_no_sms_for_news_that_can_wait(flow, outbox, receiver):
    outbox.addresses("zhang", phone="13800000000")

    flow.accepted()
    outbox.send()

    assert outbox.rows(channel="sms") == [] and receiver.to("/sms") == []


def test_sms_queued_at_night_waits_for_the_morning(world, flow, outbox, receiver, clock):
    outbox.addresses("zhang", phone="13800000000")
    proposal = flow.assigned()
    clock.set(datetime(2026, 3, 16, 22, 30, tzinfo=SHANGHAI))
    world.login("transport")  # a clerk working late
    flow.handle(proposal["assignments"][0])

    at_night = outbox.send(datetime(2026, 3, 17, 7, 59, tzinfo=SHANGHAI))
    sent_at_night = list(receiver.to("/sms"))
    morning = outbox.send(datetime(2026, 3, 17, 8, 0, tzinfo=SHANGHAI))

    assert (at_night.sent, sent_at_night) == (0, [])
    assert morning.sent >= 1 and receiver.to("/sms")


def test_person_with_only_a_phone_gets_no_mail(flow, outbox, mail_server):
    outbox.addresses("zhang", phone="13800000000")

    flow.replied()
    outbox.send()

    assert outbox.rows(channel="email") == [] and mail_server.messages == []


def test_committee_sets_a_units_robot_and_only_the_office_sees_its_address(world, receiver):
    unit_id = world.units["市交通运输局"]

    changed = world["office"].ok(
        "PATCH",
        f"/units/{unit_id}",
        {"webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"},
    )
    seen_by_clerk = next(u for u in world["transport"].ok("GET", "/units") if u["id"] == unit_id)
    seen_by_admin = next(u for u in world["admin"].ok("GET", "/units") if u["id"] == unit_id)

    assert changed["webhook_kind"] == "wecom"  # known from the address
    assert (seen_by_clerk["webhook_url"], seen_by_clerk["webhook_kind"]) == (None, "wecom")
    assert seen_by_admin["webhook_url"].endswith("key=k")


def test_bad_robot_address_or_kind_is_refused_and_changes_nothing(world):
    unit_id = world.units["市交通运输局"]
    office = world["office"]

    bad_url = office.request("PATCH", f"/units/{unit_id}", {"webhook_url": "ftp://robot"})
    bad_kind = office.request(
        "PATCH", f"/units/{unit_id}", {"webhook_url": "https://r.example", "webhook_kind": "qq"}
    )
    member = world["zhang"].request(
        "PATCH", f"/units/{unit_id}", {"webhook_url": "https://r.example"}
    )

    assert (bad_url.status, list(bad_url.error["details"])) == (422, ["webhook_url"])
    assert "http://" in bad_url.error["message"]
    assert (bad_kind.status, list(bad_kind.error["details"])) == (422, ["webhook_kind"])
    assert "wecom" in bad_kind.error["details"]["webhook_kind"][0]
    assert member.status == 403
    unit = next(u for u in office.ok("GET", "/units") if u["id"] == unit_id)
    assert (unit["webhook_url"], unit["webhook_kind"]) == (None, None)


def test_a_blank_address_takes_the_robot_away(world, flow, outbox, receiver):
    unit_id = world.units["市交通运输局"]
    world["office"].ok("PATCH", f"/units/{unit_id}", {"webhook_url": receiver.url("/w")})

    cleared = world["office"].ok("PATCH", f"/units/{unit_id}", {"webhook_url": ""})
    flow.assigned()

    assert (cleared["webhook_url"], cleared["webhook_kind"]) == (None, None)
    assert outbox.rows(channel="webhook") == []


def test_admin_adds_a_unit_with_its_robot(world, receiver):
    added = world["admin"].ok(
        "POST",
        "/units",
        {"name": "市民政局", "webhook_url": receiver.url("/mz"), "webhook_kind": "dingtalk"},
        status=201,
    )

    assert (added["name"], added["webhook_kind"]) == ("市民政局", "dingtalk")


def test_office_robot_setting_refuses_a_bad_address(world):
    refused = world["admin"].post(
        "/settings", {"changes": {"office_webhook_url": "robot"}, "confirm": True}
    )
    bad_kind = world["admin"].post(
        "/settings", {"changes": {"office_webhook_kind": "qq"}, "confirm": True}
    )

    assert refused.status == 422 and "http://" in refused.error["message"]
    assert bad_kind.status == 422 and "钉钉" in bad_kind.error["message"]


def test_retry_pauses_grow_as_the_contract_says():
    assert [p.total_seconds() / 60 for p in RETRY_AFTER] == [1, 5, 30, 120, 720]
    assert sum(RETRY_AFTER, timedelta()) < timedelta(days=1)
