"""What the administrator does with the outbox of deliveries: look at them by status and send
a failed one again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.errors import Conflict, NotVisible
from service.models import Delivery
from service.permissions import Permission, ensure


def visible_deliveries(actor, status: str | None = None):
    """The query of deliveries (all of them, or of one status) for the administrator."""
    ensure(actor, Permission.DELIVERIES_MANAGE)
    query = select(Delivery).where(Delivery.body_id == actor.body_id)
    return query.where(Delivery.status == status) if status else query


def figures(session: Session, actor) -> dict[str, dict[str, int]]:
    """How many deliveries of each channel are pending, sent and failed."""
    ensure(actor, Permission.DELIVERIES_MANAGE)
    counted: dict[str, dict[str, int]] = {}
    rows = session.execute(
        select(Delivery.channel, Delivery.status, func.count())
        .where(Delivery.body_id == actor.body_id)
        .group_by(Delivery.channel, Delivery.status)
    )
    for channel, status, count in rows:
        counted.setdefault(channel, {})[status] = count
    return counted


def retry_delivery(session: Session, delivery_id: int, *, actor, now: datetime) -> Delivery:
    """Put a failed delivery back in the queue, due now, with its retries counted afresh.

    Raises:
        NotVisible: there is no such delivery.
        Conflict: it is not failed (a pending one is on its way, a sent one arrived).
    """
    ensure(actor, Permission.DELIVERIES_MANAGE)
    delivery = session.get(Delivery, delivery_id, with_for_update=True)
    if delivery is None or delivery.body_id != actor.body_id:
        raise NotVisible("推送记录")
    if delivery.status != "failed":
        state = "已送达" if delivery.status == "sent" else "正在发送"
        raise Conflict(f"该消息{state}，只有发送失败的消息可以重发。")
    delivery.status, delivery.attempts, delivery.next_attempt_at = "pending", 0, now
    delivery.claimed_by = delivery.claimed_at = None
    return delivery


def present(delivery: Delivery, zone) -> dict:
    """A delivery as the API and the page show it (times in the service's zone)."""

    def local(moment):
        return moment.astimezone(zone) if moment is not None else None

    return {
        "id": delivery.id,
        "channel": delivery.channel,
        "address": delivery.address,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "last_error": delivery.last_error,
        "notification_id": delivery.notification_id,
        "created_at": local(delivery.created_at),
        "sent_at": local(delivery.sent_at),
        "next_attempt_at": local(delivery.next_attempt_at),
        "subject": delivery.subject,
    }
