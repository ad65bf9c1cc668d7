"""A person's calendar feed address (日历订阅): made anew on request, which revokes the old one."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.models import User


def renew_calendar_token(session: Session, actor: User) -> User:
    """Give the person a new feed address; calendars subscribed to the old one stop updating."""
    user = session.get(User, actor.id, with_for_update=True)
    user.calendar_generation = (user.calendar_generation or 0) + 1
    return user
