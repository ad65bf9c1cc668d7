"""Roll-ups (三级联动): a body's year beside every body below it, each counting its own work,
from the statistics facts in one grouped statement. Counts and rates only: never a title, a
name of a person or a word of a proposal."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.db.scope import widened
from service.models import Body, PlenarySession, ProposalFacts
from service.permissions import ROLE_REFUSED, Permission, ensure
from service.statistics.counts import proposal_counts, reporting
from service.statistics.figures import summary
from service.statistics.scope import Scope

# What each body's row carries besides its rates.
ROLLUP_COUNTS = (
    "received",
    "accepted",
    "assigned",
    "replied",
    "replied_on_time",
    "reply_due",
    "overdue",
    "answers",
    "rated_forms",
    "satisfied_forms",
)
ROLLUP_RATES = ("acceptance_rate", "on_time_reply_rate", "satisfaction_rate")


def has_bodies_below(session: Session, body_id: int) -> bool:
    return session.scalar(select(Body.id).where(Body.parent_id == body_id).limit(1)) is not None


def subtree(session: Session, body_id: int) -> list[Body]:
    """The body and every body below it, each after its parent, siblings by name."""
    everyone = session.scalars(select(Body).order_by(Body.name)).all()
    below: dict[int | None, list[Body]] = defaultdict(list)
    for body in everyone:
        below[body.parent_id].append(body)
    top = next(body for body in everyone if body.id == body_id)
    found, stack = [], [top]
    while stack:
        body = stack.pop()
        found.append(body)
        stack.extend(reversed(below[body.id]))
    return found


def rollup(session: Session, scope: Scope, *, actor) -> list[dict]:
    """One item per body of the scope's body's subtree, in the scope's year (the scope's own
    narrowing aside: a roll-up compares whole bodies), for those who read the office's figures.

    Raises:
        RoleRefused: a member or a unit."""
    ensure(actor, Permission.FIGURES_READ, ROLE_REFUSED)
    bodies = subtree(session, scope.body_id)
    sessions = (
        select(PlenarySession.id, PlenarySession.body_id)
        .where(
            PlenarySession.year == scope.year,
            PlenarySession.body_id.in_([body.id for body in bodies]),
        )
        .subquery("sessions")
    )
    facts = ProposalFacts.__table__
    counted = proposal_counts(facts.c, facts.c, scope)
    query = (
        select(sessions.c.body_id, *[value.label(name) for name, value in counted.items()])
        .select_from(facts.join(sessions, sessions.c.id == facts.c.plenary_session_id))
        .group_by(sessions.c.body_id)
    )
    reporting(session)
    # Read across bodies (counts only; the query narrows to the subtree's sessions itself):
    # naming the subtree's bodies to the row-level policy made every fact of the year search a
    # list of them (116 for a province: three times the time).
    with widened(session):
        rows = {row["body_id"]: row for row in session.execute(query).mappings()}
    items = []
    for body in bodies:
        figures = summary(rows.get(body.id, {}))
        items.append(
            {
                "body_id": body.id,
                "name": body.name,
                "level": body.level,
                "parent_id": body.parent_id if body.id != scope.body_id else None,
                **{name: figures[name] for name in ROLLUP_COUNTS},
                **{name: figures[name] for name in ROLLUP_RATES},
                "rate_parts": {name: figures["rate_parts"][name] for name in ROLLUP_RATES},
            }
        )
    return items
