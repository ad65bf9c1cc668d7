"""Keeps `assignment_facts` true: whatever a transaction changed of an assignment, its replies,
ratings, contacts or deadlines, the facts of those assignments are derived anew just before it
commits, in the same transaction, so the figures never read a stale or half-written row."""

from __future__ import annotations

from sqlalchemy import delete, event, insert
from sqlalchemy.orm import Session, sessionmaker

from service.models import Assignment, AssignmentFacts, Contact, Deadline, Rating, Reply
from service.statistics.facts import derivation

STALE = "stale_assignment_facts"
# Rows whose change can change an assignment's facts, and where each names its assignment.
SOURCES = {Assignment: "id", Reply: "assignment_id", Rating: "assignment_id"}
SOURCES |= {Contact: "assignment_id", Deadline: "assignment_id"}
BATCH = 500


def _touched(session: Session) -> set[int]:
    ids = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        column = SOURCES.get(type(instance))
        if column is not None and getattr(instance, column, None) is not None:
            ids.add(getattr(instance, column))
    return ids


def refresh(session: Session, assignment_ids) -> None:
    """Derive the facts of these assignments anew (all of them when None)."""
    if assignment_ids is None:
        session.execute(delete(AssignmentFacts))
        session.execute(derived_rows(derivation()))
        return
    ids = sorted(assignment_ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        session.execute(delete(AssignmentFacts).where(AssignmentFacts.assignment_id.in_(chunk)))
        session.execute(derived_rows(derivation(chunk)))


def derived_rows(query):
    """INSERT the rows of a `derivation` query into `assignment_facts`."""
    return insert(AssignmentFacts).from_select(list(query.selected_columns.keys()), query)


def install(maker: sessionmaker) -> None:
    # after_flush still sees what was flushed, with the ids of new rows already assigned.
    @event.listens_for(maker, "after_flush")
    def _note(session: Session, _context) -> None:
        touched = _touched(session)
        if touched:
            session.info.setdefault(STALE, set()).update(touched)

    @event.listens_for(maker, "before_commit")
    def _refresh(session: Session) -> None:
        session.flush()
        stale = session.info.pop(STALE, None)
        if stale:
            refresh(session, stale)

    @event.listens_for(maker, "after_rollback")
    def _forget(session: Session) -> None:
        session.info.pop(STALE, None)
