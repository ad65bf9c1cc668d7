"""Documents an event asks for are written as pending rows in the event's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from service.db.performance.responses import read_together
from service.documents.snapshot import build_snapshot
from service.models import Document
from service.policy import load_policy
from service.vocabulary import in_listing_order
from workflows.assignment import ON_PROPOSAL
from workflows.spec import Event, Notice


def queue_documents(
    session: Session, event: Event, *, proposal, assignment, dest: str, data: dict, now: datetime
) -> list[Document]:
    """Write one pending document per notice the event declares for this destination."""
    zone = session.info["settings"].zone
    rows = []
    if event.documents:  # every notice lists what the units promised in their replies
        read_together(session, proposal.assignments, "replies")
    for notice in event.documents:
        if notice.on_dest is not None and notice.on_dest != dest:
            continue
        for addressed in _copies(notice, proposal, assignment):
            snapshot = build_snapshot(
                notice.kind,
                proposal,
                addressed,
                event=event.name,
                data=data,
                now=now,
                zone=zone,
                policy=load_policy(session, proposal.body_id),
            )
            rows.append(
                Document(
                    body_id=proposal.body_id,
                    proposal_id=proposal.id,
                    assignment_id=addressed.id if addressed else None,
                    kind=notice.kind,
                    status="pending",
                    snapshot=snapshot,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
    session.add_all(rows)
    return rows


def _copies(notice: Notice, proposal, assignment) -> list:
    """The assignment each copy is written for: each unit still on the proposal (not returned
    or withdrawn) when the notice goes to every unit, in listing order; else the event's own."""
    if not notice.per_unit:
        return [assignment]
    return [a for a in in_listing_order(proposal.assignments) if a.state in ON_PROPOSAL]
