"""A person's calendar feed address (日历订阅): made anew on request, which revokes the old one."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from service.models import User


def renew_calendar_token(session: Session, actor: User) -> User:
    """Give the person a new feed address; calendars subscribed to the old one stop updating."""
    # One UPDATE, so two renewals at once both count (no read-then-write).
    session.execute(
        update(User)
        .where(User.id == actor.id)
        .values(calendar_generation=User.calendar_generation + 1)
        .execution_options(synchronize_session=False)
    )
    user = session.get(User, actor.id)
    session.refresh(user, ["calendar_generation"])
    return user
