"""One proposal from filing to rating: every recipient gets each of their notifications once by
mail (the proposer, the clerk, the office's staff) and once by robot (the unit's, the office's),
however often the sender runs."""

from __future__ import annotations

from collections import Counter

from service.db import unit_of_work
from service.models import Notification


def notifications(app) -> list[Notification]:
    with app.app_context(), unit_of_work() as session:
        rows = session.query(Notification).order_by(Notification.id).all()
        session.expunge_all()
        return rows


def test_each_recipient_hears_of_each_step_once_by_mail_and_robot(
    app, world, flow, outbox, mail_server, receiver
):
    world["admin"].ok(
        "POST",
        "/settings",
        {"changes": {"office_webhook_url": receiver.url("/office")}, "confirm": True},
    )
    world["office"].ok(
        "PATCH",
        f"/units/{world.units['市交通运输局']}",
        {"webhook_url": receiver.url("/unit"), "webhook_kind": "dingtalk"},
    )
    for username, email in (("zhang", "zw@x.cn"), ("transport", "jt@x.cn"), ("office", "o@x.cn")):
        outbox.addresses(username, email=email)

    proposal = flow.replied()  # filed, accepted, assigned, signed, contacted, replied
    outbox.send()
    member = world["zhang"]
    member.act(
        "proposal", member.proposal(proposal["id"]), "evaluate", ratings=flow.ratings(proposal)
    )
    for _ in range(3):
        outbox.send()

    told = notifications(app)
    to_zhang = [n for n in told if n.user_id is not None]
    to_unit = [n for n in told if n.unit_id is not None]
    to_office = [n for n in told if n.role == "committee"]
    assert to_zhang and to_unit and to_office
    assert len(mail_server.to("zw@x.cn")) == len(to_zhang)
    assert len(mail_server.to("jt@x.cn")) == len(receiver.to("/unit")) == len(to_unit)
    assert len(mail_server.to("o@x.cn")) == len(receiver.to("/office")) == len(to_office)
    assert Counter(r["status"] for r in outbox.rows()) == {"sent": len(outbox.rows())}
    assert [n.event for n in to_zhang] == [
        "accept",
        "assign",
        "log_contact",
        "reply",
        "complete_handling",
    ]
    assert [n.event for n in to_unit] == ["assign", "evaluate"]
    assert [n.event for n in to_office] == ["reply", "evaluate"]
