"""The iCalendar feed of a person's deadlines (`GET /api/v1/deadlines.ics?token=…`), which a
clerk subscribes to in Outlook or a phone's calendar.

A calendar cannot send a bearer token, so the address itself is the key: `ID.MAC`, the MAC an
HMAC of the user id and their `calendar_generation` under the service's secret key. Nothing of
it is stored; bumping the generation revokes the old address at once.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from service.access import deadline_filter
from service.db.scope import widened
from service.models import Deadline, User
from service.policy import in_body
from service.validation import MAX_ID
from service.vocabulary import DEADLINE_KINDS, OPEN_DEADLINE_STATUSES

MAC_LENGTH = 32


def feed_token(user: User, secret: str) -> str:
    message = f"calendar:{user.id}:{user.calendar_generation}".encode()
    mac = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:MAC_LENGTH]
    return f"{user.id}.{mac}"


def feed_url(user: User, *, secret: str, base_url: str) -> str:
    return f"{base_url}/api/v1/deadlines.ics?token={feed_token(user, secret)}"


def find_feed_user(session: Session, token: str, secret: str) -> User | None:
    """The active person whose current feed token this is, else None."""
    user_id, _, mac = (token or "").partition(".")
    if not (user_id.isascii() and user_id.isdecimal() and len(user_id) <= 10 and mac):
        return None
    if int(user_id) > MAX_ID:
        return None
    with widened(session):  # the address names the person, and so the body: none until read
        user = session.get(User, int(user_id))
    if user is None or not user.active or not hmac.compare_digest(feed_token(user, secret), token):
        return None
    in_body(session, user.body_id)
    return user


def feed(session: Session, user: User, *, base_url: str, zone, now: datetime) -> bytes:
    """The person's open deadlines as all-day events on their due day."""
    calendar = Calendar()
    calendar.add("prodid", "-//政协提案办理服务//deadlines//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "提案办理时限")
    calendar.add("x-wr-timezone", str(zone))
    deadlines = session.scalars(
        select(Deadline)
        .where(deadline_filter(user), Deadline.status.in_(OPEN_DEADLINE_STATUSES))
        .options(joinedload(Deadline.proposal))
        .order_by(Deadline.due_at, Deadline.id)
    )
    host = base_url.split("://", 1)[-1].split("/", 1)[0]
    for deadline in deadlines:
        calendar.add_component(_event(deadline, base_url=base_url, host=host, zone=zone, now=now))
    return calendar.to_ical()


def _event(deadline: Deadline, *, base_url: str, host: str, zone, now: datetime) -> Event:
    proposal = deadline.proposal
    label = DEADLINE_KINDS.get(deadline.kind, deadline.kind)
    link = (
        f"{base_url}/assignments/{deadline.assignment_id}"
        if deadline.assignment_id
        else f"{base_url}/proposals/{deadline.proposal_id}"
    )
    day = deadline.due_at.astimezone(zone).date()
    overdue = "（已超期）" if deadline.status == "overdue" else ""
    event = Event()
    event.add("uid", f"deadline-{deadline.id}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add(
        "summary", f"{label}期限{overdue}：提案{proposal.number_label or ''}《{proposal.title}》"
    )
    event.add("description", f"{deadline.explanation.get('text', '')}\n{link}".strip())
    event.add("url", link)
    return event
