"""Plenary sessions (届次·会次): which one a new proposal belongs to, and its gapless numbering."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from service.errors import InvalidInput
from service.models import PlenarySession, Proposal
from service.models.plenary import session_year


def current_plenary(session: Session, body_id: int, *, now: datetime, zone) -> PlenarySession:
    """The body's session marked current, or one made for this year when none was set up."""
    current = marked_current(session, body_id, now=now, zone=zone)
    if current is not None:
        return current
    year = session_year(now, zone)
    try:  # the first proposals of a year may be filed at once: one insert wins, all use it
        with session.begin_nested():
            session.add(
                PlenarySession(
                    body_id=body_id,
                    name=f"{year}年全体会议",
                    term=0,
                    meeting=0,
                    year=year,
                    current=True,
                    last_number=0,
                )
            )
    except IntegrityError:
        pass
    return session.scalars(_of_body(body_id).where(PlenarySession.year == year)).one()


def marked_current(session: Session, body_id: int, *, now: datetime, zone) -> PlenarySession | None:
    """The body's session a bare 提案号 refers to: the one marked current, else the one of this
    session year; None when there is none yet (and, unlike `current_plenary`, none is made)."""
    found = session.scalars(_of_body(body_id).where(PlenarySession.current)).first()
    if found is not None:
        return found
    year = session_year(now, zone)
    return session.scalars(_of_body(body_id).where(PlenarySession.year == year)).first()


def _of_body(body_id: int):
    return select(PlenarySession).where(PlenarySession.body_id == body_id)


def file_in_session(session: Session, proposal: Proposal, *, now: datetime) -> None:
    """At its first submission a proposal joins the session current then (unless it was filed
    naming its session) and is fixed as 大会提案 (`plenary`: by the end of the session's
    `plenary_until` day in the office's time zone) or 平时提案 (`regular`)."""
    if proposal.filed_during is not None:
        return
    zone = session.info["settings"].zone
    if not proposal.session_chosen:
        proposal.plenary_session = current_plenary(session, proposal.body_id, now=now, zone=zone)
    until = proposal.plenary_session.plenary_until
    in_time = until is not None and now.astimezone(zone).date() <= until
    proposal.filed_during = "plenary" if in_time else "regular"


def find_plenary(session: Session, ref: int | str, body_id: int) -> PlenarySession:
    """One of the body's sessions, by id or by name."""
    column = PlenarySession.id if isinstance(ref, int) else PlenarySession.name
    found = session.scalars(_of_body(body_id).where(column == ref)).first()
    if found is None:
        raise InvalidInput("所选会次不存在。", details={"session": ["所选会次不存在。"]})
    return found


def take_number(session: Session, proposal: Proposal) -> int:
    """The next number of the proposal's session, written on the proposal.

    The counter's UPDATE takes its row lock, which stays until the accepting transaction
    commits: concurrent accepts wait in turn and a rolled-back one leaves no gap. So it is taken
    as late in the event as it can be (`Handler.last`) and in one statement, not a SELECT …
    FOR UPDATE and an UPDATE at the flush. The proposal's version already moved with its state:
    the number is written beside it without another version step."""
    counters, proposals = PlenarySession.__table__, Proposal.__table__
    number = session.execute(
        update(counters)
        .where(counters.c.id == proposal.plenary_session_id)
        .values(last_number=counters.c.last_number + 1)
        .returning(counters.c.last_number)
    ).scalar_one()
    session.execute(update(proposals).where(proposals.c.id == proposal.id).values(number=number))
    set_committed_value(proposal, "number", number)
    counter = session.identity_map.get(identity_key(PlenarySession, proposal.plenary_session_id))
    if counter is not None:
        set_committed_value(counter, "last_number", number)
    return number
