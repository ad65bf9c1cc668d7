"""Documents an event asks for are written as pending rows in the event's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from service.db.performance.responses import read_together
from service.documents.snapshot import build_snapshot
from service.models import Document
from service.policy import load_policy
from workflows.spec import Event


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
        snapshot = build_snapshot(
            notice.kind,
            proposal,
            assignment,
            event=event.name,
            data=data,
            now=now,
            zone=zone,
            policy=load_policy(session),
        )
        rows.append(
            Document(
                proposal_id=proposal.id,
                assignment_id=assignment.id if assignment else None,
                kind=notice.kind,
                status="pending",
                snapshot=snapshot,
                next_attempt_at=now,
                created_at=now,
            )
        )
    session.add_all(rows)
    return rows
