"""A person's notifications (通知): those addressed to them, to their unit or to their role,
each read or unread for that person alone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from service.models import Notification, NotificationRead, User


def addressed_to(user: User) -> ColumnElement[bool]:
    clauses = [Notification.user_id == user.id, Notification.role == user.role]
    if user.unit_id is not None:
        clauses.append(Notification.unit_id == user.unit_id)
    return or_(*clauses)


def _read(user: User):
    return and_(
        NotificationRead.notification_id == Notification.id, NotificationRead.user_id == user.id
    )


def recent(
    session: Session, user: User, *, limit: int = 100
) -> list[tuple[Notification, datetime | None]]:
    """The newest notifications with when this person read them (None: unread)."""
    rows = session.execute(
        select(Notification, NotificationRead.read_at)
        .outerjoin(NotificationRead, _read(user))
        .where(addressed_to(user))
        .order_by(Notification.id.desc())
        .limit(limit)
    )
    return [(notification, read_at) for notification, read_at in rows]


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
    unread = _unread(user)
    if notification_id is not None:
        unread = unread.where(Notification.id == notification_id)
    ids = list(session.scalars(unread))
    if ids:
        session.execute(
            insert(NotificationRead),
            [{"notification_id": i, "user_id": user.id, "read_at": now} for i in ids],
        )
