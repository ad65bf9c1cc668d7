"""Each unit's daily digest: one robot message and one mail per clerk a day, listing its
deadlines due within 5 working days and those overdue; nothing for a unit with nothing due."""

from __future__ import annotations

from datetime import datetime

from service.jobs.daily_digest import queue_digests
from tests.conftest import SHANGHAI


def digests(app, now) -> int:
    with app.app_context():
        return queue_digests(now=now)


def test_unit_gets_one_digest_a_day_of_what_falls_due_soon(
    app, world, flow, outbox, receiver, mail_server
):
    world["office"].ok(
        "PATCH", f"/units/{world.units['市交通运输局']}", {"webhook_url": receiver.url("/jt")}
    )
    outbox.addresses("transport", email="jt@x.cn")
    proposal = flow.assigned()
    morning = datetime(2026, 3, 17, 8, 5, tzinfo=SHANGHAI)

    queued = digests(app, morning)
    again = digests(app, morning.replace(hour=15))
    outbox.send(morning.replace(hour=15))

    [robot] = [b for b in receiver.to("/jt") if "办理时限提醒" in b["text"]]
    text = robot["text"]
    assert (queued, again) == (2, 0)
    assert text.startswith("市交通运输局办理时限提醒（3月17日）")
    assert (
        f"提案{proposal['number_label']}《关于提升城区公交准点率的提案》签收，3月19日到期" in text
    )
    assert "已超期" not in text
    [mail] = [m for m in mail_server.to("jt@x.cn") if "办理时限提醒" in m["Subject"]]
    assert "签收，3月19日到期" in mail.get_content()


def test_overdue_steps_are_listed_apart_and_a_new_day_brings_a_new_digest(
    app, world, flow, outbox, receiver
):
    world["office"].ok(
        "PATCH", f"/units/{world.units['市交通运输局']}", {"webhook_url": receiver.url("/jt")}
    )
    flow.assigned()
    runner = app.test_cli_runner()
    runner.invoke(args=["sweep", "--now", "2026-03-20T09:00"])  # 签收 overdue since the 19th

    first = runner.invoke(args=["digest", "--now", "2026-03-20T09:00"])
    second = runner.invoke(args=["digest", "--now", "2026-03-23T09:00"])
    outbox.send(datetime(2026, 3, 23, 9, 0, tzinfo=SHANGHAI))

    assert (first.output.strip(), second.output.strip()) == ("digest: queued 1", "digest: queued 1")
    texts = [b["text"] for b in receiver.to("/jt") if "办理时限提醒" in b["text"]]
    assert len(texts) == 2
    assert (
        "已超期（1项）：\n1. 提案第0001号《关于提升城区公交准点率的提案》签收，3月19日到期"
        in texts[0]
    )


def test_no_digest_before_eight_or_for_a_unit_with_nothing_due(app, world, flow, outbox, receiver):
    for unit in ("市交通运输局", "市教育局"):
        world["office"].ok(
            "PATCH", f"/units/{world.units[unit]}", {"webhook_url": receiver.url("/r")}
        )
    flow.assigned()  # to 市交通运输局 only

    early = digests(app, datetime(2026, 3, 17, 7, 59, tzinfo=SHANGHAI))
    later = digests(app, datetime(2026, 3, 17, 8, 0, tzinfo=SHANGHAI))

    assert (early, later) == (0, 1)
    assert [r["address"] for r in outbox.rows(notification_id=None)] == [receiver.url("/r")]
