"""Keeps the statistics' facts true: whatever a transaction changed of an assignment (its
replies, ratings, contacts, deadlines) or of a proposal (its 回头看, what it is filed under),
the facts of what it touched are derived anew just before it commits, in the same transaction,
so the figures never read a stale or half-written row."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import bindparam, delete, event, insert, inspect, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from service.db import forget_when_transaction_ends, tables_are_current
from service.db.performance.compiled import CompiledText, InIds
from service.models import (
    Assignment,
    AssignmentFacts,
    Contact,
    Deadline,
    FollowUp,
    Proposal,
    ProposalFacts,
    Rating,
    Reply,
)
from service.statistics.facts import (
    assignment_derivation,
    assignment_state_class,
    proposal_derivation,
)

STALE = "stale_statistics_facts"
# What the facts are derived from: per kind of row, the columns whose change changes them (a
# new or deleted row always does). Events bump versions and times on many rows; those leave
# the facts as they were and cost nothing here.
ASSIGNMENT_SOURCES = {
    Assignment: ("proposal_id", "unit_id", "role", "state", "round", "due_at"),
    Reply: ("assignment_id", "kind", "round", "category", "status", "created_at"),
    Rating: ("assignment_id", "round", "cosigner", "lapsed", "result", "attitude"),
    Contact: ("assignment_id", "status", "created_at"),
    Deadline: ("assignment_id", "rule", "due_at"),
}
PROPOSAL_SOURCES = {
    Proposal: ("plenary_session_id", "category", "sector", "type", "lead_proposer_id", "state")
    + ("disposition", "submitted_at", "accepted_at", "replied_at"),
    FollowUp: ("proposal_id", "completed_at", "outcome"),
}
# The proposal's own columns that its assignments' facts carry (to count them by session,
# category, 界别 and type).
CARRIED = ("plenary_session_id", "category", "sector", "type")
BATCH = 500


def _changed(session: Session, instance, columns) -> bool:
    if instance in session.new or instance in session.deleted:
        return True
    state = inspect(instance)
    return any(_column_changed(type(instance), state.attrs[name]) for name in columns)


def _column_changed(kind, attribute) -> bool:
    history = attribute.history
    if not history.has_changes():
        return False
    if kind is Assignment and attribute.key == "state":
        # Most moves (签收 pending → handling) leave every flag as it was: only the moves that
        # change what the facts read of a state count.
        before, after = (*history.deleted, None)[0], (*history.added, None)[0]
        return assignment_state_class(before) != assignment_state_class(after)
    return True


def _touched(session: Session) -> tuple[set[int], set[int], set[int]]:
    """(assignments, proposals, proposals whose assignments carry a changed column)."""
    assignments, proposals, carried = set(), set(), set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        kind = type(instance)
        if kind in ASSIGNMENT_SOURCES and _changed(session, instance, ASSIGNMENT_SOURCES[kind]):
            if kind is Assignment:
                assignments.add(instance.id)
                proposals.add(instance.proposal_id)
            elif kind is not Deadline or instance.rule == "reply":
                assignments.add(instance.assignment_id)
        elif kind in PROPOSAL_SOURCES and _changed(session, instance, PROPOSAL_SOURCES[kind]):
            if kind is Proposal:
                proposals.add(instance.id)
                # A new proposal's assignments are new too, and noted as such: none to look up.
                if instance not in session.new and _changed(session, instance, CARRIED):
                    carried.add(instance.id)
            else:
                proposals.add(instance.proposal_id)
    assignments.discard(None)
    return assignments, proposals, carried


def refresh(
    session: Session, assignment_ids=(), proposal_ids=(), carried=(), *, everything=False
) -> None:
    """Derive anew the facts of these assignments, of all the assignments of the `carried`
    proposals, and of the proposals of all these (all facts, with `everything`)."""
    if everything:
        for table in (ProposalFacts, AssignmentFacts):
            session.execute(delete(table))
        session.execute(derived_rows(AssignmentFacts, assignment_derivation()))
        session.execute(derived_rows(ProposalFacts, proposal_derivation()))
        return
    assignments, proposals = set(assignment_ids), set(proposal_ids) | set(carried)
    for chunk in _chunks(set(carried)):
        assignments.update(
            session.scalars(select(Assignment.id).where(Assignment.proposal_id.in_(chunk)))
        )
    for chunk in _chunks(assignments):
        proposals.update(_replace(session, AssignmentFacts, chunk))
    for chunk in _chunks(proposals):
        _replace(session, ProposalFacts, chunk)


def _chunks(ids: set[int]):
    ordered = sorted(ids)
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def _replace(session: Session, table, chunk: list[int]) -> set[int]:
    """Derive these rows' facts anew; the proposals they belong to."""
    return set(_upsert(table, session.get_bind().dialect)(session, chunk))


@lru_cache(maxsize=16)
def _upsert(table, dialect):
    """The INSERT…SELECT of some rows' facts that replaces the rows already there, made once per
    database: a function that runs it for a list of ids. On PostgreSQL it is sent as text
    compiled once (`service.db.performance.compiled`): it is 6 KB with 55 constants, sent at
    each commit."""
    if dialect.name == "postgresql":
        upsert = CompiledText(_upsert_statement(table, postgresql.insert, InIds), dialect)
        return lambda session, chunk: upsert.run(session.connection(), chunk).scalars()
    ids = bindparam("ids", expanding=True)
    upsert = _upsert_statement(table, sqlite.insert, lambda column: column.in_(ids))
    return lambda session, chunk: session.scalars(upsert, {"ids": chunk})


def _upsert_statement(table, dialect_insert, chosen):
    """One statement, not a DELETE and an INSERT: assignments and submitted proposals are never
    deleted nor unsubmitted, so every id chosen derives exactly one row to write over the old."""
    derive = assignment_derivation if table is AssignmentFacts else proposal_derivation
    derivation = derive(chosen)
    # Core statements on the tables: an ORM INSERT given parameters would take them for rows.
    core = table.__table__
    [key] = core.primary_key.columns
    columns = list(derivation.selected_columns.keys())
    # SQLite reads `… JOIN x ON CONFLICT` as a join condition unless the SELECT has a WHERE.
    upsert = dialect_insert(core).from_select(columns, derivation.where(true()))
    upsert = upsert.on_conflict_do_update(
        index_elements=[key.key], set_={c: upsert.excluded[c] for c in columns if c != key.key}
    )
    return upsert.returning(core.c.proposal_id)


def derived_rows(table, query):
    """INSERT the rows of a derivation query into its facts table."""
    return insert(table).from_select(list(query.selected_columns.keys()), query)


def refill_when_current(session: Session) -> bool:
    """Derive every fact anew, when the database's facts tables have the columns of the models
    (a migration calls it: an older migration, run on a fresh database, finds the tables still
    without the columns later migrations add, and leaves them to the one that adds them)."""
    if not tables_are_current(session.get_bind(), AssignmentFacts, ProposalFacts):
        return False
    refresh(session, everything=True)
    return True


def install(maker: sessionmaker) -> None:
    # after_flush still sees what was flushed (ids of new rows assigned, attribute history kept).
    @event.listens_for(maker, "after_flush")
    def _note(session: Session, _context) -> None:
        touched = _touched(session)
        if any(touched):
            stale = session.info.setdefault(STALE, (set(), set(), set()))
            for kept, new in zip(stale, touched, strict=True):
                kept.update(new)

    @event.listens_for(maker, "before_commit")
    def _refresh(session: Session) -> None:
        session.flush()
        stale = session.info.pop(STALE, None)
        if stale:
            refresh(session, *stale)

    forget_when_transaction_ends(maker, STALE)  # a rolled-back transaction's changes are gone
