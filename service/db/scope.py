"""Which bodies' rows a transaction may touch, told to PostgreSQL for its row-level security.

Every body-owned table carries a policy (migrations 0028, 0029) that lets a statement see and
write the rows of the bodies named in the transaction's `app.bodies` setting, or every row while
`app.all_bodies` is on; a transaction that names neither sees none. A session keeps its scope in
its info and names it at the start of each transaction with `set_config(..., true)`, which is
`SET LOCAL`: it ends with the transaction, so behind a pooler in transaction mode the next
transaction on the same server connection starts with no body again. Changing the scope in the
middle of a transaction names the new one at once.

Who sets it: a request starts with none and works in its actor's body once authenticated
(its token names that body and is read in it: `actor_for_token`, then `service.policy.in_body`);
the platform's own work (the clock, the workers, the commands, the
public window, the roll-up's counts) works across every body; a transfer works in its two
bodies. SQLite has no row-level security: the scope is kept but not sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

from service.db.info import forget_when_transaction_ends

SCOPE = "db_scope"  # session.info: a frozenset of body ids, or ALL
SENT = "db_scope_sent"  # session.info, this transaction's: the scope PostgreSQL was told
ALL = "all"

_NAME = text(
    "SELECT set_config('app.bodies', :bodies, true), set_config('app.all_bodies', :all, true)"
)


def install(maker: sessionmaker) -> None:
    """Name each transaction's scope as it begins (PostgreSQL only)."""

    @event.listens_for(maker, "after_begin")
    def _begun(session: Session, _transaction, connection) -> None:
        if connection.dialect.name != "postgresql":
            return
        scope = session.info.get(SCOPE)
        if scope:
            connection.execute(_NAME, _values(scope))
        session.info[SENT] = scope

    forget_when_transaction_ends(maker, SENT)


def in_bodies(session: Session, body_ids: Iterable[int]) -> None:
    """From now on, this session's statements reach these bodies' rows only."""
    _set(session, frozenset(body_ids))


def in_no_body(session: Session) -> None:
    """From now on, this session's statements reach no body's rows (as a request starts)."""
    _set(session, None)


def across_all(session: Session) -> None:
    """From now on, this session's statements reach every body's rows (the platform's work)."""
    _set(session, ALL)


def also_in(session: Session, body_ids: Iterable[int]) -> None:
    """From now on, reach these bodies' rows as well as those reached already."""
    before = scope_of(session)
    if before != ALL:
        _set(session, frozenset(body_ids) | (before or frozenset()))


def scope_of(session: Session) -> frozenset[int] | str | None:
    return session.info.get(SCOPE)


@contextmanager
def widened(session: Session, body_ids: Iterable[int] | str = ALL) -> Iterator[None]:
    """Within the block, reach these bodies' rows as well (or every body's); then the scope
    before it again. A read that is by nature the platform's, not one body's (a person's
    memberships, a token of the older form that does not name its body), is made inside one."""
    before = scope_of(session)
    if body_ids == ALL or before == ALL:
        wider = ALL
    else:
        wider = frozenset(body_ids) | (before or frozenset())
    _set(session, wider)
    try:
        yield
    finally:
        _set(session, before)


def name_on(connection, scope) -> None:
    """Name a scope on a connection of the session's engine that the session does not own (a
    second reader of the same snapshot, a backup), within that connection's transaction."""
    if scope and connection.dialect.name == "postgresql":
        connection.execute(_NAME, _values(scope))


def _set(session: Session, scope) -> None:
    if scope is None:
        session.info.pop(SCOPE, None)
    else:
        session.info[SCOPE] = scope
    if SENT in session.info and session.info[SENT] != scope:
        # PostgreSQL is in this transaction already: tell it now.
        session.connection().execute(_NAME, _values(scope))
        session.info[SENT] = scope


def _values(scope) -> dict[str, str]:
    if scope == ALL:
        return {"bodies": "{}", "all": "on"}
    return {"bodies": "{" + ",".join(str(i) for i in sorted(scope or ())) + "}", "all": "off"}
