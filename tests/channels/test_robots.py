"""Group robots: a unit's notifications go to its robot (企业微信, 钉钉 or a generic receiver) in
the JSON body each kind expects, the office's to the office's robot; a unit without one has none."""

from __future__ import annotations

import pytest

from tests.channels.conftest import BASE_URL

TITLE = "《关于提升城区公交准点率的提案》"


def set_robot(world, receiver, unit: str, kind: str | None, path: str) -> dict:
    body = {"webhook_url": receiver.url(path)} | ({"webhook_kind": kind} if kind else {})
    return world["office"].ok("PATCH", f"/units/{world.units[unit]}", body)


@pytest.mark.parametrize("kind", ["wecom", "dingtalk"])
def test_chat_robot_gets_a_text_message_naming_the_proposal(world, flow, outbox, receiver, kind):
    set_robot(world, receiver, "市交通运输局", kind, f"/{kind}")

    proposal = flow.assigned()
    outbox.send()

    [body] = receiver.to(f"/{kind}")
    assert body["msgtype"] == "text" and set(body) == {"msgtype", "text"}
    content = body["text"]["content"]
    assert content.startswith(f"【政协提案】提案{proposal['number_label']}{TITLE}已交办给贵单位")
    assert f"{BASE_URL}/assignments/{proposal['assignments'][0]['id']}" in content


def test_generic_receiver_gets_title_text_and_url(world, flow, outbox, receiver):
    unit = set_robot(world, receiver, "市交通运输局", "generic", "/generic")

    proposal = flow.assigned()
    outbox.send()

    [body] = receiver.to("/generic")
    assert set(body) == {"title", "text", "url"}
    assert body["title"] == f"【政协提案】交办：提案{proposal['number_label']}{TITLE}"
    assert body["url"] == f"{BASE_URL}/assignments/{proposal['assignments'][0]['id']}"
    assert unit["webhook_kind"] == "generic"


def test_office_robot_from_the_settings_gets_the_office_notices(world, flow, outbox, receiver):
    world["admin"].ok(
        "POST",
        "/settings",
        {
            "changes": {
                "office_webhook_url": receiver.url("/office"),
                "office_webhook_kind": "dingtalk",
            },
            "confirm": True,
        },
    )

    assignment = flow.assigned()["assignments"][0]
    world["transport"].act("assignment", assignment, "request_return", reason="不属本单位职责。")
    outbox.send()

    [body] = receiver.to("/office")
    assert body["msgtype"] == "text"
    assert "申请退回" in body["text"]["content"]
    assert "关于提升城区公交准点率的提案" in body["text"]["content"]


def test_unit_without_a_robot_gets_no_robot_message(world, flow, outbox, receiver):
    set_robot(world, receiver, "市教育局", "wecom", "/wecom")

    flow.assigned()  # to 市交通运输局, which has no robot
    outbox.send()

    assert outbox.rows(channel="webhook") == []
    assert receiver.posts == []


def test_robot_refusing_with_an_errcode_is_a_failure_retried(world, flow, outbox, receiver, clock):
    set_robot(world, receiver, "市交通运输局", "wecom", "/wecom")
    receiver.answer("/wecom", {"errcode": 93000, "errmsg": "invalid webhook url"})

    flow.assigned()
    first = outbox.send()
    second = outbox.send(clock.advance(minutes=1))

    assert (first.retrying, second.sent) == (1, 1)
    [row] = outbox.rows(channel="webhook")
    assert "93000" in row["last_error"] and row["attempts"] == 2
    assert len(receiver.to("/wecom")) == 1


def test_unit_clerks_get_their_own_mail_besides_the_robot(
    world, flow, outbox, receiver, mail_server
):
    set_robot(world, receiver, "市交通运输局", "wecom", "/wecom")
    world.add_user("transport2", "unit", unit="市交通运输局")
    outbox.addresses("transport", email="a@jt.example.gov.cn")
    outbox.addresses("transport2", email="b@jt.example.gov.cn")

    flow.assigned()
    outbox.send()

    assert len(receiver.to("/wecom")) == 1
    assert [len(mail_server.to(a)) for a in ("a@jt.example.gov.cn", "b@jt.example.gov.cn")] == [
        1,
        1,
    ]
