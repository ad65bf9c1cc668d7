"""The sender delivers each row exactly once, also with several senders at once and after one
died holding its claim; failures are retried after 1, 5, 30 minutes, 2 and 12 hours, then the
row is failed until the administrator retries it."""

from __future__ import annotations

import threading
from datetime import timedelta

from service.jobs import delivery_sender
from service.jobs.delivery_sender import LEASE, RETRY_AFTER

SCHEDULE = [timedelta(0), *RETRY_AFTER]


def clerks_with_mail(world, outbox, count: int) -> list[str]:
    addresses = []
    for number in range(count):
        username = f"jt{number:02d}"
        world.add_user(username, "unit", unit="市交通运输局")
        addresses.append(f"{username}@jt.example.gov.cn")
        outbox.addresses(username, email=addresses[-1])
    return addresses


def test_two_senders_at_once_deliver_each_mail_exactly_once(
    app, world, flow, outbox, mail_server, clock
):
    addresses = clerks_with_mail(world, outbox, 24)
    flow.assigned()
    results = []

    def sender():
        with app.app_context():
            results.append(delivery_sender.deliver_pending(now=clock.now(), limit=1000))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(m["To"] for m in mail_server.messages) == sorted(addresses)
    assert sum(r.sent for r in results) == 24
    assert {row["status"] for row in outbox.rows()} == {"sent"}


def test_rows_claimed_by_a_sender_that_died_are_sent_once_after_its_lease(
    app, world, flow, outbox, mail_server, clock
):
    clerks_with_mail(world, outbox, 3)
    flow.assigned()
    with app.app_context():  # a sender claims a batch, then dies before sending any
        delivery_sender._claim("dead-sender", clock.now(), clock.now(), 2)

    first = outbox.send()
    during_lease = outbox.send(clock.advance(minutes=4))
    after_lease = outbox.send(clock.advance(seconds=LEASE.total_seconds() - 4 * 60 + 1))

    assert (first.sent, during_lease.sent, after_lease.sent) == (1, 0, 2)
    assert len(mail_server.messages) == 3
    assert outbox.send(clock.advance(hours=1)).sent == 0


def test_a_failing_robot_is_retried_on_schedule_then_marked_failed(
    world, flow, outbox, receiver, clock
):
    world["office"].ok(
        "PATCH", f"/units/{world.units['市交通运输局']}", {"webhook_url": receiver.url("/down")}
    )
    receiver.answer("/down", *[500] * 10)
    flow.assigned()
    start, attempts = clock.now(), []

    for pause in SCHEDULE:
        early = outbox.send(clock.advance(seconds=pause.total_seconds() - 1))
        due = outbox.send(clock.advance(seconds=1))
        attempts.append((early.retrying + early.failed, due.retrying + due.failed))

    [row] = outbox.rows(channel="webhook")
    assert attempts == [(0, 1)] * 6
    assert (row["status"], row["attempts"], row["next_attempt_at"]) == ("failed", 6, None)
    assert "HTTP 500" in row["last_error"]
    assert clock.now() - start == sum(SCHEDULE, timedelta())
    assert outbox.send(clock.advance(days=3)).failed == 0


def test_admin_lists_failed_deliveries_and_a_retry_sends_it(world, flow, outbox, receiver, clock):
    world["office"].ok(
        "PATCH", f"/units/{world.units['市交通运输局']}", {"webhook_url": receiver.url("/x")}
    )
    receiver.answer("/x", *[503] * 6)
    flow.assigned()
    for pause in SCHEDULE:
        outbox.send(clock.advance(seconds=pause.total_seconds()))
    admin = world.login("admin")  # the morning's token ran out during the retries

    [failed] = admin.ok("GET", "/deliveries?status=failed")["items"]
    retried = admin.ok("POST", f"/deliveries/{failed['id']}/retry")
    sent = outbox.send()

    assert failed["channel"] == "webhook" and failed["address"] == receiver.url("/x")
    assert "HTTP 503" in failed["last_error"] and failed["created_at"].endswith("+08:00")
    assert (retried["status"], retried["attempts"]) == ("pending", 0)
    assert sent.sent == 1 and len(receiver.to("/x")) == 1
    [row] = admin.ok("GET", "/deliveries?status=sent")["items"]
    assert row["sent_at"] == clock.now().isoformat()


def test_retry_of_a_delivery_that_is_not_failed_is_refused(world, flow, outbox, receiver):
    world["office"].ok(
        "PATCH", f"/units/{world.units['市交通运输局']}", {"webhook_url": receiver.url("/ok")}
    )
    flow.assigned()
    outbox.send()
    [row] = outbox.rows()

    refused = world["admin"].post(f"/deliveries/{row['id']}/retry")
    not_admin = world["office"].post(f"/deliveries/{row['id']}/retry")
    bad_status = world["admin"].get("/deliveries?status=lost")

    assert (refused.status, refused.error["code"]) == (409, "conflict")
    assert "已送达" in refused.error["message"]
    assert not_admin.status == 403
    assert bad_status.status == 422
    assert outbox.rows()[0]["status"] == "sent" and len(receiver.to("/ok")) == 1


def test_deliver_pending_command_sends_as_of_the_given_time(app, world, flow, outbox, receiver):
    world["office"].ok(
        "PATCH", f"/units/{world.units['市交通运输局']}", {"webhook_url": receiver.url("/r")}
    )
    receiver.answer("/r", 500)
    flow.assigned()
    runner = app.test_cli_runner()

    first = runner.invoke(args=["deliver-pending"])
    too_soon = runner.invoke(args=["deliver-pending", "--now", "2026-03-16T09:00:30"])
    later = runner.invoke(args=["deliver-pending", "--now", "2026-03-16T09:01"])

    assert first.output.strip() == "deliver-pending: sent 0, retrying 1, failed 0"
    assert too_soon.output.strip() == "deliver-pending: sent 0, retrying 0, failed 0"
    assert later.output.strip() == "deliver-pending: sent 1, retrying 0, failed 0"
