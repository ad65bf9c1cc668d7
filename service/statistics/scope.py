"""Which proposals a figure looks at: a session year, narrowed by session, unit, category,
界别 or proposer; and the id ranges those proposals and their assignments occupy.

The ranges change no result: they are implied by the scope. When the scope fills most of its
range (a whole year, a category: ids are given in time order), they let the database read only
the slices of the big tables (assignments, replies, ratings, contacts, follow-ups) that belong
to the scope, by index range, instead of probing them row by row or hashing them whole. A
sparse scope (one session among a hundred, one unit) is better served by probing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import and_, func, literal, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from service.db import UTCDateTime
from service.models import Assignment, PlenarySession, Proposal

# Deadline statuses that still wait for their subject (DOMAIN.md "Deadlines and timers").
OPEN_DEADLINE = ("open", "reminded", "overdue")
ANSWERING_ROLES = ("lead", "separate")
# States in which an assignment still owes its reply or opinion: its deadline is open, and it
# is the one on the row (`due_at`: first round as extended, or the re-handling's).
OWING = ("pending", "handling", "return_requested", "reply_review", "rehandling")
EMPTY = (0, -1)
# A scope with at least this share of the ids in its range reads slices, not single rows.
DENSE = 0.5


@dataclass(frozen=True)
class Scope:
    """A session year and optional narrowing; `now` is when "overdue now" is judged."""

    year: int
    now: datetime
    session_id: int | None = None
    unit_id: int | None = None
    category: str | None = None
    sector: str | None = None
    proposer_id: int | None = None
    # (first, last) ids of the scope's proposals and of their assignments, once looked up.
    proposal_ids: tuple[int, int] | None = None
    assignment_ids: tuple[int, int] | None = None

    def proposal_conditions(self) -> list[ColumnElement[bool]]:
        """Submitted proposals of the year (drafts never count), narrowed as asked."""
        sessions = select(PlenarySession.id).where(PlenarySession.year == self.year)
        conditions = [
            Proposal.submitted_at.is_not(None),
            Proposal.plenary_session_id.in_(sessions.scalar_subquery()),
        ]
        narrowing = {
            Proposal.plenary_session_id: self.session_id,
            Proposal.category: self.category,
            Proposal.sector: self.sector,
            Proposal.lead_proposer_id: self.proposer_id,
        }
        conditions += [column == value for column, value in narrowing.items() if value is not None]
        if self.unit_id is not None:
            held = aliased(Assignment)  # its own alias: the facts select from Assignment too
            conditions.append(
                Proposal.id.in_(select(held.proposal_id).where(held.unit_id == self.unit_id))
            )
        return conditions

    def assignment_conditions(self) -> list[ColumnElement[bool]]:
        """The scope's slice of assignments; with a unit asked for, only that unit's."""
        conditions = []
        if self.proposal_ids is not None:
            conditions.append(Assignment.proposal_id.between(*self.proposal_ids))
        if self.unit_id is not None:
            conditions.append(Assignment.unit_id == self.unit_id)
        return conditions

    def in_proposal_range(self, column) -> list[ColumnElement[bool]]:
        return [] if self.proposal_ids is None else [column.between(*self.proposal_ids)]

    def in_assignment_range(self, column) -> list[ColumnElement[bool]]:
        return [] if self.assignment_ids is None else [column.between(*self.assignment_ids)]

    def now_literal(self):
        return moment(self.now)


def overdue_now(assignment, now: datetime) -> ColumnElement[bool]:
    """The assignment still owes its reply (or opinion) and its deadline has passed."""
    return and_(
        assignment.state.in_(OWING),
        assignment.due_at.is_not(None),
        assignment.due_at < moment(now),
    )


def moment(at: datetime):
    """A time as a bound value typed like the time columns (UTC; naive on SQLite)."""
    return literal(at, UTCDateTime())


def bounded(session: Session, scope: Scope) -> Scope:
    """The scope with the id ranges of its proposals and their assignments, when it is dense."""
    first, last, count = session.execute(
        select(func.min(Proposal.id), func.max(Proposal.id), func.count()).where(
            *scope.proposal_conditions()
        )
    ).one()
    if first is None:
        return replace(scope, proposal_ids=EMPTY, assignment_ids=EMPTY)
    if count < DENSE * (last - first + 1):
        return scope
    # `id + 0`: PostgreSQL would otherwise walk the primary key from one end until a row of
    # the range turns up (a whole table for an old year); this reads the range's own rows.
    low, high = session.execute(
        select(func.min(Assignment.id + 0), func.max(Assignment.id + 0)).where(
            Assignment.proposal_id.between(first, last)
        )
    ).one()
    return replace(
        scope,
        proposal_ids=(first, last),
        assignment_ids=EMPTY if low is None else (low, high),
    )
