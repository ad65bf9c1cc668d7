"""The overdue and due-soon boards: open deadlines a person answers for or oversees, soonest
first, with the proposal and the unit they belong to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.access import deadline_filter
from service.models import Assignment, Deadline, Proposal, Unit
from service.permissions import Permission, can

# The first 催办 of a reply comes 15 days before its deadline, so that is what "soon" means.
SOON_DAYS = 15
OPEN = ("open", "reminded", "overdue")
# What a member and a unit answer for; the office and leaders oversee every kind but the
# silent return window, which only limits what a unit may still ask.
KINDS = {
    Permission.PROPOSALS_FILE: ("evaluation",),
    Permission.ASSIGNMENTS_HANDLE: ("sign", "contact", "opinion", "reply"),
}
OVERSEEN = ("review", "sign", "contact", "opinion", "reply", "evaluation", "follow_up")


@dataclass(frozen=True)
class BoardRow:
    deadline: Deadline
    proposal: Proposal
    unit_name: str | None
    link_to_assignment: bool


def _query(user):
    return (
        select(Deadline, Proposal, Unit.name)
        .join(Proposal, Proposal.id == Deadline.proposal_id)
        .outerjoin(Assignment, Assignment.id == Deadline.assignment_id)
        .outerjoin(Unit, Unit.id == Assignment.unit_id)
        .where(
            Deadline.status.in_(OPEN),
            Deadline.kind.in_(_kinds(user)),
            deadline_filter(user),
        )
    )


def _kinds(user) -> tuple[str, ...]:
    return next((kinds for held, kinds in KINDS.items() if can(user, held)), OVERSEEN)


def _window(query, board: str, now: datetime):
    if board == "overdue":
        return query.where(Deadline.due_at < now)
    return query.where(Deadline.due_at >= now, Deadline.due_at <= now + timedelta(days=SOON_DAYS))


def board_rows(
    session: Session, user, board: str, *, now: datetime, kind: str | None = None, limit: int = 20
) -> tuple[list[BoardRow], int]:
    """The rows of one board ("overdue" or "soon") and how many there are in all."""
    query = _window(_query(user), board, now)
    if kind:
        query = query.where(Deadline.kind == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(Deadline.due_at, Deadline.id).limit(limit)).all()
    readable = can(user, Permission.ASSIGNMENT_PAGES_OPEN)
    return [
        BoardRow(d, p, unit, readable and d.assignment_id is not None) for d, p, unit in rows
    ], total
