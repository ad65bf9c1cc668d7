"""A row that hangs on a proposal (an assignment, a deadline, a history record …) or on one of its
rows carries its body's id as well, copied from the row it hangs on as it is inserted
(`__body_from__` names that row's column): PostgreSQL's row-level security reads the body on
the row itself (migration 0029), and nobody has to remember to set it."""

from __future__ import annotations

import functools

from sqlalchemy import event, select
from sqlalchemy.orm import Mapper, object_session
from sqlalchemy.orm.util import identity_key

from service.db import Base


@event.listens_for(Base, "before_insert", propagate=True)
def _copy_body(mapper: Mapper, connection, target) -> None:
    column_name = getattr(target, "__body_from__", None)
    if column_name is not None and target.body_id is None:
        target.body_id = _body_of(mapper, connection, target, column_name)


def _body_of(mapper: Mapper, connection, target, column_name: str) -> int:
    """The body of the row this one hangs on: from the session when it holds that row (it
    almost always does: it was just read, locked or inserted), else read."""
    [key] = mapper.columns[column_name].foreign_keys
    parent_id = getattr(target, column_name)
    session = object_session(target)
    if session is not None:
        held = session.identity_map.get(identity_key(_mapped(key.column.table), parent_id))
        if held is not None:
            return held.body_id
    return connection.scalar(
        select(key.column.table.c.body_id).where(key.column == parent_id)
    )


@functools.cache
def _mapped(table):
    return next(m.class_ for m in Base.registry.mappers if m.local_table is table)
