"""The administrator's 消息推送 page: figures per channel, the failed deliveries with their
reason, and a button that sends one again."""

from __future__ import annotations

from tests.channels.test_sender import SCHEDULE
from tests.web.conftest import log_in


def failed_robot_message(world, flow, outbox, receiver, clock) -> dict:
    world["office"].ok(
        "PATCH", f"/units/{world.units['市交通运输局']}", {"webhook_url": receiver.url("/down")}
    )
    receiver.answer("/down", *[502] * 6)
    flow.assigned()
    for pause in SCHEDULE:
        outbox.send(clock.advance(seconds=pause.total_seconds()))
    [row] = outbox.rows(status="failed")
    return row


def test_admin_sees_failed_messages_and_sends_one_again(app, world, flow, outbox, receiver, clock):
    row = failed_robot_message(world, flow, outbox, receiver, clock)
    web = log_in(app, "admin")

    page = web.get("/admin/deliveries")
    after = web.post(f"/admin/deliveries/{row['id']}/retry")
    sent = outbox.send()

    assert page.status == 200
    assert "群机器人" in page.text and "HTTP 502" in page.text and "重发" in page.text
    assert f'action="/admin/deliveries/{row["id"]}/retry"' in page.text
    assert after.status == 302
    assert "已重新排队" in web.get("/admin/deliveries?status=pending").text
    assert sent.sent == 1 and outbox.rows()[0]["status"] == "sent"


def test_retrying_a_sent_message_from_the_page_says_why_not(app, world, flow, outbox, receiver):
    world["office"].ok(
        "PATCH", f"/units/{world.units['市交通运输局']}", {"webhook_url": receiver.url("/ok")}
    )
    flow.assigned()
    outbox.send()
    [row] = outbox.rows()
    web = log_in(app, "admin")

    web.post(f"/admin/deliveries/{row['id']}/retry")
    page = web.get("/admin/deliveries?status=sent")

    assert "只有发送失败的消息可以重发" in page.text
    assert outbox.rows()[0]["attempts"] == 1 and len(receiver.to("/ok")) == 1


def test_the_page_is_the_administrators_alone(app, world):
    for username in ("office", "transport", "zhang"):
        assert log_in(app, username).get("/admin/deliveries").status == 403
    assert log_in(app, "admin").get("/admin/deliveries?status=nonsense").status == 200
