"""Keeps the similar-proposal index true: a proposal's words are written when it is submitted,
anew when its text changes, and removed when it is a draft again, just before the transaction
commits, so a search never finds a stale text nor misses a proposal just filed.

Most events change a proposal's state and nothing it is found by: those cost nothing here."""

from __future__ import annotations

from sqlalchemy import delete, event, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from service.db import forget_when_transaction_ends, tables_are_current
from service.models import Proposal, SearchTerm
from service.search.text import term_weights

STALE = "stale_search_terms"
FRESH = "fresh_search_terms"  # proposals inserted in this transaction: no words to delete
TEXT = ("title", "body_text", "background", "analysis", "suggestions")
# Not yet filed: only the proposers see these, and nobody is to be told of them.
UNFILED = frozenset({"draft", "cosigning"})
BATCH = 500
BY_WORD = "ix_search_terms_term_weight"


def indexed(state: str | None) -> bool:
    return state is not None and state not in UNFILED


def _stale(session: Session, proposal: Proposal) -> bool:
    if proposal in session.new or proposal in session.deleted:
        return True
    attrs = inspect(proposal).attrs
    if any(attrs[name].history.has_changes() for name in TEXT):
        return True
    history = attrs.state.history
    if not history.has_changes():
        return False
    before, after = (*history.deleted, None)[0], (*history.added, None)[0]
    return indexed(before) != indexed(after)


def text_of(proposal) -> tuple[str, str]:
    """(title, body): the 正文, or its three parts one after the other."""
    parts = (proposal.body_text, proposal.background, proposal.analysis, proposal.suggestions)
    return proposal.title or "", "\n".join(part for part in parts if part)


def reindex(session: Session, proposals, fresh=frozenset()) -> None:
    """Write these proposals' words anew (none for one not filed); the `fresh` ones, inserted
    in this transaction, have none to delete first."""
    proposals = list(proposals)
    for start in range(0, len(proposals), BATCH):
        chunk = proposals[start : start + BATCH]
        ids = [proposal.id for proposal in chunk if proposal not in fresh]
        if ids:
            session.execute(delete(SearchTerm).where(SearchTerm.proposal_id.in_(ids)))
        rows = [
            {"term": t, "proposal_id": proposal.id, "body_id": proposal.body_id, "weight": w}
            for proposal in chunk
            if indexed(proposal.state)
            for t, w in term_weights(*text_of(proposal)).items()
        ]
        if rows:
            session.execute(insert(SearchTerm), rows)


def rebuild_when_current(session: Session) -> bool:
    """Rebuild the index when its table has the model's columns (see `tables_are_current`)."""
    if not tables_are_current(session.get_bind(), SearchTerm, Proposal):
        return False
    rebuild(session)
    return True


def rebuild(session: Session) -> int:
    """Derive every filed proposal's words anew; the number of proposals indexed. Reads only
    the columns the words come from (a migration runs it on tables of its own time). The index
    by word is built once at the end: kept up to date row by row, it makes the rebuild of a
    large database many times slower."""
    session.execute(delete(SearchTerm))
    connection = session.connection()
    by_word = [index for index in SearchTerm.__table__.indexes if index.name == BY_WORD]
    for index in by_word:
        index.drop(connection)
    columns = [Proposal.id, Proposal.body_id, Proposal.state]
    columns += [getattr(Proposal, name) for name in TEXT]
    filed = select(*columns).where(Proposal.state.not_in(UNFILED)).order_by(Proposal.id)
    count = 0
    for chunk in session.execute(filed.execution_options(yield_per=BATCH)).partitions():
        reindex(session, chunk, fresh=set(chunk))  # every row was deleted above
        count += len(chunk)
    for index in by_word:
        index.create(connection)
    return count


def install(maker: sessionmaker) -> None:
    @event.listens_for(maker, "after_flush")
    def _note(session: Session, _context) -> None:
        for instance in (*session.new, *session.dirty):
            if type(instance) is Proposal and _stale(session, instance):
                session.info.setdefault(STALE, set()).add(instance)
                if instance in session.new:
                    session.info.setdefault(FRESH, set()).add(instance)

    @event.listens_for(maker, "before_commit")
    def _refresh(session: Session) -> None:
        session.flush()
        stale = session.info.pop(STALE, None)
        fresh = session.info.pop(FRESH, frozenset())
        if stale:
            reindex(session, sorted(stale, key=lambda proposal: proposal.id), fresh)

    forget_when_transaction_ends(maker, STALE, FRESH)
