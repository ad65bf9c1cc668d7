"""Who hears of an event and what they are told: each workflow event names its audiences; this
turns them into inbox rows, each with the sentence for its reader (wording.py, clock_wording.py)
and the assignment it leads a unit to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from service.models import Notification
from service.notifications.clock_wording import CLOCK_WORDING
from service.notifications.happening import LEADER, OFFICE, PROPOSER, UNIT, Happening, Told
from service.notifications.wording import KINDS, OTHER, WORDING, Wording
from workflows.assignment import ON_PROPOSAL

__all__ = ["AUDIENCES", "KINDS", "OTHER", "Happening", "events_of", "kind_of", "notify"]


@dataclass
class Recipients:
    users: dict[int, str] = field(default_factory=dict)  # user id → reader
    units: set[int] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    # 跨级转办: the committee of the body a transfer goes to, by the transfer.
    transfers: list = field(default_factory=list)

    def add_people(self, ids, reader: str) -> None:
        for user_id in ids:
            if user_id is not None:
                self.users.setdefault(user_id, reader)


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
    "proposers": lambda to, p, a, n: to.add_people(sorted(p.follower_ids), PROPOSER),
    "lead": lambda to, p, a, n: to.add_people([p.lead_proposer_id], PROPOSER),
    "cosigners": lambda to, p, a, n: to.add_people(sorted(p.pending_cosigner_ids), PROPOSER),
    "committee": lambda to, p, a, n: to.roles.add("committee"),
    "leader": lambda to, p, a, n: to.add_people(p.supervisor_ids, LEADER),
    "unit": lambda to, p, a, n: to.units.update({a.unit_id} if a else set()),
    "handlers": _handlers,
    "new_units": lambda to, p, a, n: to.units.update(n),
    "assisting_units": lambda to, p, a, n: to.units.update(_units(p.assignments, "assisting")),
    "lead_unit": lambda to, p, a, n: to.units.update(_units(p.assignments, "lead")),
    "receiving_committee": lambda to, p, a, n: to.transfers.extend(p.transfers[-1:]),
}


def wording_for(event_name: str) -> Wording | None:
    return WORDING.get(event_name) or CLOCK_WORDING.get(event_name)


def kind_of(event_name: str) -> str | None:
    """The inbox kind of an event (None for one no longer declared)."""
    wording = wording_for(event_name)
    return wording.kind if wording else None


def events_of(kind: str) -> list[str]:
    """The events of one inbox kind."""
    tables = (WORDING, CLOCK_WORDING)
    return [name for table in tables for name, wording in table.items() if wording.kind == kind]


# The office hears of each unit whose attitude (办理态度) the proposer rated 不满意, whatever the
# result: only an unsatisfied result re-opens handling, so otherwise nobody would notice it.
ATTITUDE_UNSATISFIED = "attitude_unsatisfied"


def _attitude_unsatisfied(happening: Happening) -> list[Notification]:
    if happening.event.name != "evaluate":
        return []
    wording = WORDING[ATTITUDE_UNSATISFIED]
    return [
        Notification(
            body_id=happening.proposal.body_id,
            proposal_id=happening.proposal.id,
            assignment_id=rating["assignment"].id,
            event=ATTITUDE_UNSATISFIED,
            message=wording.say(OFFICE, Told(happening, rating["assignment"].unit_id)),
            created_at=happening.now,
            role="committee",
        )
        for rating in happening.payload.get("ratings", ())
        if rating.get("attitude") == "unsatisfied"
    ]


def notify(session: Session, happening: Happening, *, new_units: list[int]) -> list[Notification]:
    """Write one notification row per user, unit or role the event's audiences name, each
    with its reader's sentence; a unit's row leads to its own assignment on the proposal."""
    event, proposal, assignment = happening.event, happening.proposal, happening.assignment
    to = Recipients()
    for audience in event.notify:
        AUDIENCES[audience](to, proposal, assignment, new_units)
    wording = wording_for(event.name) or Wording(OTHER)
    subject_id = assignment.id if assignment else None

    def row(
        told: Told, reader: str, assignment_id: int | None, body_id=None, **to_whom
    ) -> Notification:
        return Notification(
            body_id=body_id or proposal.body_id,
            proposal_id=proposal.id,
            assignment_id=assignment_id,
            event=event.name,
            message=wording.say(reader, told),
            created_at=happening.now,
            **to_whom,
        )

    told = Told(happening)
    rows = [row(told, reader, subject_id, user_id=u) for u, reader in sorted(to.users.items())]
    for unit_id in sorted(to.units):
        unit_told = Told(happening, unit_id)
        own_id = unit_told.own.id if unit_told.own is not None else subject_id
        rows.append(row(unit_told, UNIT, own_id, unit_id=unit_id))
    rows += [row(told, OFFICE, subject_id, role=role) for role in sorted(to.roles)]
    # The receiving committee's notice is its own body's, and leads to the transfer.
    rows += [
        row(told, OFFICE, None, role="committee", body_id=t.to_body_id, transfer=t)
        for t in to.transfers
    ]
    rows += _attitude_unsatisfied(happening)
    session.add_all(rows)
    return rows
