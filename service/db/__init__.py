"""The database: engines, sessions and the one transaction boundary, `unit_of_work()`.

- `schema`: `Base` (with the constraint names the migrations use) and `UTCDateTime`, on which
  the models and the migrations are built.
- `engine`: SQLite queues its writers (BEGIN IMMEDIATE and a busy timeout) instead of failing
  on "database is locked"; PostgreSQL connections are checked before use.
- `session`: a session per request or app context, and `unit_of_work()`, which commits once.
  It knows nothing of the models: what the application does as a transaction commits (sealing
  the history, deriving the statistics' facts, keeping settings) is installed by the app factory.
- `info`: entries of a session's info that describe one transaction and end with it.
- `performance`: what exists only to make the service faster, fenced off with the reasons
  (pings only when in doubt, prepared statements kept, responses built before the commit,
  collections read together, statements compiled once); read its docstring before using it.

The names below are what the rest of the service imports from here; the performance machinery is
imported from `service.db.performance` by name, so that each use of it is visible where it is made.
"""

from service.db.engine import make_engine
from service.db.info import forget_when_transaction_ends
from service.db.schema import Base, UTCDateTime, tables_are_current
from service.db.session import (
    close_session,
    current_session,
    make_sessionmaker,
    owners_unit_of_work,
    unit_of_work,
)

__all__ = [
    "Base",
    "UTCDateTime",
    "close_session",
    "current_session",
    "forget_when_transaction_ends",
    "make_engine",
    "make_sessionmaker",
    "owners_unit_of_work",
    "tables_are_current",
    "unit_of_work",
]
