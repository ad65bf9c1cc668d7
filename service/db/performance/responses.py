"""Responses read with fewer queries: built before the commit (`settle`), one collection of many
rows read at once (`read_together`), a row added without reading its siblings (`add_child`)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from service.db.info import forget_when_transaction_ends

ADDED_OR_DELETED = "kinds_added_or_deleted"


def add_child(parent, key: str, child) -> None:
    """Add a row to one of `parent`'s one-to-many collections without reading the collection:
    an unloaded one is read, new row included, only when something uses it (after the flush).
    A loaded one is appended to, as usual."""
    if key not in inspect(parent).unloaded:
        getattr(parent, key).append(child)
        return
    for parent_column, child_column in inspect(type(parent)).relationships[key].synchronize_pairs:
        setattr(child, child_column.key, getattr(parent, parent_column.key))
    Session.object_session(parent).add(child)


def read_together(session: Session, parents: list, key: str) -> None:
    """Read one one-to-many collection of several loaded rows in one query, not one per row;
    the collections already loaded are left as they are."""
    unread = [parent for parent in parents if key in inspect(parent).unloaded]
    if len(unread) < 2:
        return
    parent_mapper = inspect(type(unread[0]))
    relationship = parent_mapper.relationships[key]
    [(parent_column, child_column)] = relationship.local_remote_pairs
    parent_key = parent_mapper.get_property_by_column(parent_column).key
    child_key = relationship.mapper.get_property_by_column(child_column).key
    children = session.scalars(
        select(relationship.mapper)
        .where(child_column.in_({getattr(parent, parent_key) for parent in unread}))
        .order_by(*(relationship.order_by or relationship.mapper.primary_key))
    )
    by_parent = defaultdict(list)
    for child in children:
        by_parent[getattr(child, child_key)].append(child)
    for parent in unread:
        set_committed_value(parent, key, by_parent[getattr(parent, parent_key)])


def settle(session: Session) -> None:
    """Make the session show what this transaction will commit, for a response built before it.

    Building the response before the commit spares re-reading every row that the commit expires.
    Flushing gives the new versions and ids; a collection loaded before a row of its kind was
    added (a rating by its `assignment_id` alone) or deleted would still show the old rows, so
    the loaded collections of the kinds this transaction added or deleted are reloaded; the
    others stay as they are (no code moves a row from one parent to another). The before_commit
    hooks write only history records and statistics facts, which no response shows.
    """
    session.flush()
    kinds = session.info.get(ADDED_OR_DELETED, set())
    for instance in list(session.identity_map.values()):
        state = inspect(instance)
        stale = [
            r.key
            for r in state.mapper.relationships
            if r.uselist and r.key not in state.unloaded and r.mapper.class_ in kinds
        ]
        if stale:
            session.expire(instance, stale)


def track_added_and_deleted(maker: sessionmaker) -> None:
    """Note the kinds of rows each transaction adds or deletes, for `settle`."""

    @event.listens_for(maker, "before_flush")
    def _note(session: Session, _context, _instances) -> None:
        kinds = session.info.setdefault(ADDED_OR_DELETED, set())
        kinds.update(type(instance) for instance in (*session.new, *session.deleted))

    forget_when_transaction_ends(maker, ADDED_OR_DELETED)
