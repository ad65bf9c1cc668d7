"""Who receives each notification outside the service, and by which channel: one `Delivery`
row per (notification, channel, address), written in the event's transaction.

A person (a proposer, the supervising leader) gets mail and SMS at their own addresses; a unit's
notice goes to the unit's group robot and to each of its clerks' own addresses; the office's
notice to the office's robot (settings `office_webhook_url`/`office_webhook_kind`) and to its
staff's own addresses. Mail is queued only when SMTP_URL is set and SMS only when SMS_URL is;
a person without an address simply has no delivery of that channel.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.channels import messages
from service.models import Delivery, Notification, Proposal, Unit, User
from service.notifications import KINDS, OTHER, kind_of
from service.policy import load_policy
from service.vocabulary import Channel, WebhookKind

# SMS only for what needs a person soon: a deadline reminder or an overdue step, a reply to
# rate. The rest reaches people by mail and the inbox.
SMS_KINDS = ("催办", "测评", "答复")
# No SMS at night: one queued then waits for the morning.
QUIET_FROM, QUIET_UNTIL = time(21, 0), time(8, 0)
CHANNELS_OF_PERSON = (Channel.EMAIL, Channel.SMS)


class Address(NamedTuple):
    channel: str
    address: str
    greeting: str
    robot_kind: str | None = None


def queue_deliveries(session: Session, notifications: Iterable[Notification], *, now) -> int:
    """Write the deliveries of freshly added notifications; returns how many."""
    notifications = list(notifications)
    if not notifications:
        return 0
    session.flush()  # the notifications' ids
    queued = 0
    for notification in notifications:
        proposal = session.get(Proposal, notification.proposal_id)
        seen: set[tuple[str, str]] = set()
        for to in addresses(session, notification):
            if (to.channel, to.address) in seen:
                continue
            seen.add((to.channel, to.address))
            session.add(_delivery(session, notification, proposal, to, now=now))
            queued += 1
    return queued


def addresses(session: Session, notification: Notification) -> Iterator[Address]:
    """Every (channel, address) the notification goes to."""
    settings = session.info["settings"]
    if notification.user_id is not None:
        yield from _own(session.get(User, notification.user_id), notification, settings)
        return
    if notification.unit_id is not None:
        people = select(User).where(
            User.unit_id == notification.unit_id, User.role == "unit", User.active.is_(True)
        )
        unit = session.get(Unit, notification.unit_id)
        if unit is not None and unit.webhook_url:
            yield Address(Channel.WEBHOOK, unit.webhook_url, unit.name, unit.webhook_kind)
    else:
        people = select(User).where(
            User.body_id == notification.body_id,
            User.role == notification.role,
            User.active.is_(True),
        )
        policy = load_policy(session, notification.body_id)
        if policy["office_webhook_url"]:
            kind = policy["office_webhook_kind"] or WebhookKind.WECOM
            yield Address(Channel.WEBHOOK, policy["office_webhook_url"], "办公室", kind)
    if settings.smtp_url or settings.sms_url:  # else nobody's own address can be used
        for person in session.scalars(people.order_by(User.id)):
            yield from _own(person, notification, settings)


def _own(person: User | None, notification: Notification, settings) -> Iterator[Address]:
    """A person's own channels, those they chose (`notify_by`, both when they never chose)."""
    if person is None or not person.active:
        return
    chosen = set(CHANNELS_OF_PERSON if person.notify_by is None else person.notify_by)
    greeting = person.display_name or person.username
    email, phone = person.email, person.phone
    if email and settings.smtp_url and Channel.EMAIL in chosen:
        yield Address(Channel.EMAIL, email, greeting)
    sms_worthy = kind_label(notification.event) in SMS_KINDS
    if phone and settings.sms_url and Channel.SMS in chosen and sms_worthy:
        yield Address(Channel.SMS, phone, greeting)


def kind_label(event: str) -> str:
    """交办, 催办, 答复 … as the inbox names the event's kind."""
    return KINDS.get(kind_of(event) or "", OTHER)


def link_of(notification: Notification, base_url: str) -> str:
    """A unit's notice leads to its assignment's page, a receiving office's to the transfer's,
    any other to the proposal's."""
    if notification.transfer_id is not None:
        return f"{base_url}/transfers/{notification.transfer_id}"
    if notification.unit_id is not None and notification.assignment_id is not None:
        return f"{base_url}/assignments/{notification.assignment_id}"
    return f"{base_url}/proposals/{notification.proposal_id}"


def _delivery(session: Session, notification, proposal, to: Address, *, now) -> Delivery:
    settings = session.info["settings"]
    link = link_of(notification, settings.base_url)
    kind = kind_label(notification.event)
    subject = messages.mail_subject(kind, proposal)
    if to.channel == Channel.EMAIL:
        office = load_policy(session, notification.body_id)["office_name"]
        text = messages.mail_body(to.greeting, notification.message, proposal, link, office)
    elif to.channel == Channel.SMS:
        text = messages.sms_text(notification.message)
    else:
        text = messages.robot_text(notification.message, link)
    due = _after_quiet_hours(now, settings.zone) if to.channel == Channel.SMS else now
    return Delivery(
        body_id=notification.body_id,
        notification_id=notification.id,
        channel=to.channel,
        address=to.address,
        robot_kind=to.robot_kind,
        subject=subject[:300],
        text=text,
        link=link[:500],
        status="pending",
        attempts=0,
        next_attempt_at=due,
        created_at=now,
    )


def _after_quiet_hours(now: datetime, zone) -> datetime:
    local = now.astimezone(zone)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return now
    morning = local.replace(hour=QUIET_UNTIL.hour, minute=0, second=0, microsecond=0)
    return morning if local.time() < QUIET_UNTIL else morning + timedelta(days=1)
