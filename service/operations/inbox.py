"""A person's notifications (通知): those addressed to them, to their unit or to their role,
each read or unread for that person alone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from service.models import Notification, NotificationRead, User
from service.notifications import events_of, kind_of


def addressed_to(user: User) -> ColumnElement[bool]:
    clauses = [
        Notification.user_id == user.id,
        and_(Notification.role == user.role, Notification.body_id == user.body_id),
    ]
    if user.unit_id is not None:
        clauses.append(Notification.unit_id == user.unit_id)
    return or_(*clauses)


def _read(user: User):
    return and_(
        NotificationRead.notification_id == Notification.id, NotificationRead.user_id == user.id
    )


def _narrowed(user: User, kind: str | None, unread_only: bool):
    """This person's notifications, of one kind (wording.py's KINDS) and only the unread ones
    when asked."""
    query = (
        select(Notification, NotificationRead.read_at)
        .outerjoin(NotificationRead, _read(user))
        .where(addressed_to(user))
    )
    if kind is not None:
        query = query.where(Notification.event.in_(events_of(kind)))
    if unread_only:
        query = query.where(NotificationRead.notification_id.is_(None))
    return query


def recent(
    session: Session,
    user: User,
    *,
    kind: str | None = None,
    unread_only: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[tuple[Notification, datetime | None]]:
    """The newest notifications with when this person read them (None: unread)."""
    rows = session.execute(
        _narrowed(user, kind, unread_only)
        .order_by(Notification.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [(notification, read_at) for notification, read_at in rows]


def count(session: Session, user: User, *, kind: str | None = None, unread_only: bool = False):
    query = _narrowed(user, kind, unread_only).subquery()
    return session.scalar(select(func.count()).select_from(query)) or 0


def by_kind(session: Session, user: User) -> dict[str, tuple[int, int]]:
    """How many notifications, and how many unread, this person has of each kind they have
    any of (notifications of events no longer declared belong to none)."""
    by_event = session.execute(
        _narrowed(user, None, False)
        .with_only_columns(
            Notification.event, func.count(), func.count(NotificationRead.notification_id)
        )
        .group_by(Notification.event)
    )
    counts: dict[str, tuple[int, int]] = {}
    for event, total, read in by_event:
        kind = kind_of(event)
        if kind is not None:
            before = counts.get(kind, (0, 0))
            counts[kind] = (before[0] + total, before[1] + total - read)
    return counts


def _unread(user: User):
    return select(Notification.id).where(
        addressed_to(user), ~select(NotificationRead.notification_id).where(_read(user)).exists()
    )


def unread_count(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).select_from(_unread(user).subquery())) or 0


def find(session: Session, user: User, notification_id: int) -> Notification | None:
    """One of this person's notifications (None when it is not addressed to them)."""
    return session.scalars(
        select(Notification).where(addressed_to(user), Notification.id == notification_id)
    ).first()


def mark_read(
    session: Session, user: User, *, now: datetime, notification_id: int | None = None
) -> None:
    """Mark one (or every) unread notification of this person read, for them alone."""
    unread = _unread(user).add_columns(Notification.body_id)
    if notification_id is not None:
        unread = unread.where(Notification.id == notification_id)
    found = session.execute(unread).all()
    if found:
        session.execute(
            insert(NotificationRead),
            [
                {"notification_id": i, "body_id": body, "user_id": user.id, "read_at": now}
                for i, body in found
            ],
        )
