"""Who hears of an event: each workflow event names its audiences; this turns them into rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from service.models import Notification
from workflows.assignment import ON_PROPOSAL
from workflows.spec import Event


@dataclass
class Recipients:
    users: set[int] = field(default_factory=set)
    units: set[int] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)


def _units(assignments, role: str | None = None) -> set[int]:
    return {
        a.unit_id
        for a in assignments
        if a.state in ON_PROPOSAL and (role is None or a.role == role)
    }


def _handlers(to: Recipients, proposal, assignment, new_units) -> None:
    to.units |= {assignment.unit_id} if assignment else _units(proposal.assignments)
    if not to.units:  # before assignment the office itself handles the proposal
        to.roles.add("committee")


AUDIENCES: dict[str, Callable[[Recipients, object, object, list[int]], None]] = {
    "proposers": lambda to, p, a, n: to.users.update(p.proposer_ids),
    "lead": lambda to, p, a, n: to.users.add(p.lead_proposer_id),
    "cosigners": lambda to, p, a, n: to.users.update(p.pending_cosigner_ids),
    "committee": lambda to, p, a, n: to.roles.add("committee"),
    "leader": lambda to, p, a, n: to.users.update({p.key_leader_id} - {None}),
    "unit": lambda to, p, a, n: to.units.update({a.unit_id} if a else set()),
    "handlers": _handlers,
    "new_units": lambda to, p, a, n: to.units.update(n),
    "assisting_units": lambda to, p, a, n: to.units.update(_units(p.assignments, "assisting")),
    "lead_unit": lambda to, p, a, n: to.units.update(_units(p.assignments, "lead")),
}


def notify(
    session: Session,
    event: Event,
    *,
    proposal,
    assignment,
    new_units: list[int],
    message: str,
    now: datetime,
) -> None:
    """Write one notification row per user, unit or role the event's audiences name."""
    to = Recipients()
    for audience in event.notify:
        AUDIENCES[audience](to, proposal, assignment, new_units)
    common = dict(
        proposal_id=proposal.id,
        assignment_id=assignment.id if assignment else None,
        event=event.name,
        message=message,
        created_at=now,
    )
    session.add_all(
        [Notification(user_id=u, **common) for u in sorted(to.users)]
        + [Notification(unit_id=u, **common) for u in sorted(to.units)]
        + [Notification(role=r, **common) for r in sorted(to.roles)]
    )
