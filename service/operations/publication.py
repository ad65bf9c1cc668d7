"""公开: what the committee's `publish` and `unpublish` write besides the history, and the
publication generation that tells every instance its cached public pages are stale."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, object_session

from service.models import PublicWindow

WINDOW_ROW = 1


def bump_generation(session: Session) -> None:
    """One more publication change: the row is made if missing, then counted up under its lock."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    made = dialect.insert(PublicWindow.__table__).values(id=WINDOW_ROW, generation=0)
    session.execute(made.on_conflict_do_nothing())
    session.execute(
        update(PublicWindow)
        .where(PublicWindow.id == WINDOW_ROW)
        .values(generation=PublicWindow.generation + 1)
    )


def publish(ctx, record):
    """The proposal, its replies and 回头看 outcome appear in the public window from now on."""
    ctx.subject.published_at, ctx.subject.published_by_id = ctx.now, ctx.actor.id
    bump_generation(object_session(ctx.subject))


def unpublish(ctx, record):
    """Taken back: the public window answers for it as for a proposal that does not exist."""
    ctx.subject.published_at, ctx.subject.published_by_id = None, None
    bump_generation(object_session(ctx.subject))
