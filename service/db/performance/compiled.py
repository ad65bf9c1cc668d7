"""Statements run often with nothing but a list of ids changing, compiled once to the very text
psycopg is sent, their constants written in (PostgreSQL only).

SQLAlchemy binds each constant of a statement as a parameter and rewrites an expanding IN at
every run; psycopg converts a statement's placeholders anew at every run when it has more than
50 parameters or 4 KB. For a big statement sent at each commit that was a millisecond of CPU.
Written out once here, it costs a string lookup. The ids stay one parameter each, so PostgreSQL
plans the prepared statement for "one row per id" as it would a key lookup (an array parameter
makes it guess ten rows, and plan joins for many rows or plan anew at each run)."""

from __future__ import annotations

from sqlalchemy import Boolean
from sqlalchemy.engine import Connection, CursorResult, Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.elements import ColumnElement

IDS = "__ids__"  # where the ids' placeholders go: no `%` nor `:`, so the compiler leaves it be


class InIds(ColumnElement[bool]):
    """`column IN (…)`, with one placeholder for each id given when the text is run."""

    type = Boolean()
    # Its column is not part of a cache key: a statement holding it is compiled once by
    # `CompiledText`, never looked up in SQLAlchemy's statement cache.
    inherit_cache = False

    def __init__(self, column: ColumnElement):
        self.column = column


@compiles(InIds)
def _compile_in_ids(element: InIds, compiler, **kw) -> str:
    return f"{compiler.process(element.column, **kw)} IN ({IDS})"


class CompiledText:
    """A statement's text with its constants written in; `run` fills in the ids."""

    def __init__(self, statement: ClauseElement, dialect: Dialect):
        compiled = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        self.template = compiled.string
        self.texts: dict[int, str] = {}

    def run(self, connection: Connection, ids: list[int]) -> CursorResult:
        text = self.texts.get(len(ids))
        if text is None:
            placeholders = ", ".join(f"%(id_{n})s::INTEGER" for n in range(len(ids))) or "NULL"
            text = self.texts[len(ids)] = self.template.replace(IDS, placeholders)
        return connection.exec_driver_sql(text, {f"id_{n}": id for n, id in enumerate(ids)})
