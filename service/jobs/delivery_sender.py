"""The delivery sender: sends the pending deliveries of the outbox, each exactly once.

A batch is claimed with one conditional UPDATE (only rows still pending and unclaimed, or
claimed by a sender that died longer than `LEASE` ago), in a transaction of its own, so two
senders never take the same row, on PostgreSQL as on SQLite. Each row is then sent and its
outcome recorded in a transaction of its own, on the condition that the claim is still ours.
A failure is retried after 1, 5 and 30 minutes, 2 and 12 hours, then the row is `failed`
until an administrator retries it.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from service.channels.transports import Transports
from service.db import unit_of_work
from service.models import Delivery
from service.policy import load_policy

log = logging.getLogger(__name__)
RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
# A claim older than this belongs to a sender that stopped; its rows are taken over. A send
# gives up long before (the SMTP and HTTP time-outs are under a minute).
LEASE = timedelta(minutes=5)
BATCH = 50


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"sent {self.sent}, retrying {self.retrying}, failed {self.failed}"


@dataclass(frozen=True)
class Outgoing:
    """What a claimed row sends, read before its transaction ends."""

    id: int
    channel: str
    address: str
    robot_kind: str | None
    subject: str
    text: str
    link: str
    office: str  # the name the mail comes from: the office of the delivery's body


def deliver_pending(*, now: datetime, limit: int = 10000) -> DeliveryResult:
    """Send up to `limit` due deliveries as of `now`; safe in several processes at once."""
    result, token = DeliveryResult(), uuid.uuid4().hex
    started = time.monotonic()
    with unit_of_work() as session:
        settings = session.info["settings"]
    with Transports(settings) as transports:
        while result.sent + result.retrying + result.failed < limit:
            # A long run claims with the time it has reached, so that its fresh claims never
            # look abandoned to a sender started later.
            claimed_at = now + timedelta(seconds=time.monotonic() - started)
            batch = _claim(token, now, claimed_at, min(BATCH, limit))
            if not batch:
                break
            for outgoing in batch:
                outcome = _send(transports, outgoing, token, now)
                setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _claim(token: str, now: datetime, claimed_at: datetime, size: int) -> list[Outgoing]:
    with unit_of_work() as session:
        claimable = and_(
            Delivery.status == "pending",
            Delivery.next_attempt_at <= now,
            or_(Delivery.claimed_at.is_(None), Delivery.claimed_at < claimed_at - LEASE),
        )
        due = (
            select(Delivery.id)
            .where(claimable)
            .order_by(Delivery.next_attempt_at, Delivery.id)
            .limit(size)
            .with_for_update(skip_locked=True)
        )
        ids = list(session.scalars(due))
        if not ids:
            return []
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids), claimable)
            .values(claimed_by=token, claimed_at=claimed_at)
            .execution_options(synchronize_session=False)
        )
        rows = session.scalars(
            select(Delivery)
            .where(Delivery.claimed_by == token, Delivery.status == "pending")
            .order_by(Delivery.id)
        )
        return [
            Outgoing(
                r.id,
                r.channel,
                r.address,
                r.robot_kind,
                r.subject,
                r.text,
                r.link,
                load_policy(session, r.body_id)["office_name"],
            )
            for r in rows
        ]


def _send(transports: Transports, outgoing: Outgoing, token: str, now: datetime) -> str:
    try:
        transports.send(outgoing)
    except Exception as error:  # noqa: BLE001 - any fault of a receiver is retried, then shown
        log.info("delivery %s failed: %s", outgoing.id, error)
        return _record_failure(outgoing.id, token, now, _reason(error))
    _record(outgoing.id, token, status="sent", sent_at=now, next_attempt_at=None)
    return "sent"


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def _record_failure(delivery_id: int, token: str, now: datetime, reason: str) -> str:
    with unit_of_work() as session:
        attempts = session.scalar(select(Delivery.attempts).where(Delivery.id == delivery_id))
    attempts = (attempts or 0) + 1
    if attempts > len(RETRY_AFTER):
        _record(delivery_id, token, status="failed", last_error=reason, next_attempt_at=None)
        return "failed"
    retry_at = now + RETRY_AFTER[attempts - 1]
    _record(delivery_id, token, last_error=reason, next_attempt_at=retry_at)
    return "retrying"


def _record(delivery_id: int, token: str, **values) -> None:
    """Write an attempt's outcome, only while the claim is still this sender's."""
    with unit_of_work() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.claimed_by == token)
            .values(attempts=Delivery.attempts + 1, claimed_by=None, claimed_at=None, **values)
            .execution_options(synchronize_session=False)
        )
