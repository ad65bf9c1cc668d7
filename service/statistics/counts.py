"""The SQL behind the figures, one statement: counts per handling unit over the assignment
facts, and counts per (category, 界别, type) cell over the proposal facts, side by side (UNION ALL).
Every proposal lies in exactly one cell, so totals and margins are sums of cells."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import (
    Integer,
    and_,
    cast,
    false,
    func,
    literal,
    literal_column,
    not_,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from service.db.scope import name_on, scope_of
from service.models import AssignmentFacts, ProposalFacts, Unit
from service.statistics.facts import (
    ANSWER_FLAGS,
    CATEGORY_CODES,
    OUTCOMES,
    assignment_sums,
    unit_flags,
)
from service.statistics.scope import Scope
from service.vocabulary import Disposition

DISPOSITIONS = Disposition.codes()
FOLLOW_UPS = ("follow_ups_started", "follow_ups_completed", *OUTCOMES)
# What a proposal adds up over its assignments, counted alike per cell and per unit.
SUMMED = (
    "assignments",
    "returned_assignments",
    *ANSWER_FLAGS,
    *(f"category_{letter}" for letter in CATEGORY_CODES),
)
LABELS = ("kind", "unit_id", "name", "category", "sector", "type")


def _count(condition: ColumnElement[bool]):
    return func.count().filter(condition)


def _total(column):
    return cast(func.coalesce(func.sum(column), 0), Integer)


def _before_now(column, scope: Scope):
    return func.coalesce(column < scope.now_literal(), false())


def proposal_counts(p, sums, scope: Scope) -> dict:
    """`p`: the proposal facts; `sums`: their sums over the assignments counted (all of them,
    or one unit's)."""
    late = func.coalesce(sums.late_replies > 0, false()) | _before_now(sums.unreplied_due, scope)
    return {
        "received": func.count(),
        "accepted": _count(p.accepted),
        "not_accepted": _count(p.state == "not_accepted"),
        **{
            f"disposition_{name}": _count(and_(p.state == "not_accepted", p.disposition == name))
            for name in DISPOSITIONS
        },
        "merged": _count(p.state == "merged"),
        "withdrawn": _count(p.state == "withdrawn"),
        "under_review": _count(p.state.in_(("submitted", "returned", "transferring"))),
        "transferred": _count(p.state == "transferred"),
        "assigned": _count(sums.assignments > 0),
        "replied": _count(p.replied),
        "replied_on_time": _count(and_(p.replied, not_(late))),
        "reply_due": _count(or_(p.replied, _before_now(sums.unreplied_due, scope))),
        "overdue": _count(_before_now(sums.owing_due, scope)),
        **{name: _total(sums[name]) for name in SUMMED},
        **{name: _total(p[name]) for name in FOLLOW_UPS},
        **_counted_forms(
            _total(sums.satisfied_forms), _total(sums.rated_forms), _total(sums.lapsed_forms), scope
        ),
    }


def _counted_forms(satisfied, rated, lapsed, scope: Scope) -> dict:
    """The forms the satisfaction rate counts: 未反馈 ones left out, or counted as satisfied."""
    if not scope.lapsed_as_satisfied:
        return {"satisfied_counted": satisfied, "rated_counted": rated}
    return {"satisfied_counted": satisfied + lapsed, "rated_counted": rated + lapsed}


def _unit_counts(scope: Scope) -> dict:
    flag = unit_flags(scope)
    return {
        "assigned": _count(flag.answering),
        "assisting": _count(flag.assisting),
        "opinions": _count(flag.opinion),
        "returned_assignments": _count(flag.returned),
        "replied": _count(flag.replied),
        "replied_on_time": _count(flag.on_time),
        "reply_due": _count(flag.reply_due),
        "overdue": _count(flag.overdue),
        **{name: _count(getattr(flag, f)) for name, f in ANSWER_FLAGS.items()},
        **{f"category_{x}": _count(getattr(flag, f"category_{x}")) for x in CATEGORY_CODES},
        **_counted_forms(_count(flag.satisfied), _count(flag.rated), _count(flag.lapsed), scope),
    }


def _select(labels: dict, counts: dict, names: list[str]):
    """A branch of the union: its labels and counts, zero for the other branch's counts."""
    zero = literal(0, Integer)
    return select(
        *[value.label(name) for name, value in labels.items()],
        *[counts.get(name, zero).label(name) for name in names],
    )


def _unit_branch(scope: Scope, counts: dict, names: list[str]):
    """Counted per unit id first, then named: grouping by the name too cost a third more."""
    f = AssignmentFacts
    narrowed = [] if scope.unit_id is None else [f.unit_id == scope.unit_id]
    per_unit = (
        select(f.unit_id, *[value.label(name) for name, value in counts.items()])
        .where(*scope.conditions(f), *narrowed)
        .group_by(f.unit_id)
        .subquery("per_unit")
    )
    labels = {
        "kind": literal("unit"),
        "unit_id": per_unit.c.unit_id,
        "name": Unit.name,
        "category": null(),
        "sector": null(),
        "type": null(),
    }
    return _select(labels, dict(per_unit.c.items()), names).join(
        Unit, Unit.id == per_unit.c.unit_id
    )


def _cell_source(scope: Scope):
    """(the FROM of the cell branch, the columns of its sums over assignments): the proposal
    facts as they are; for a unit, the unit's proposals summed over that unit's assignments."""
    proposals = ProposalFacts.__table__
    if scope.unit_id is None:
        return proposals, proposals.c
    f = AssignmentFacts
    held = (
        select(f.proposal_id, *[v.label(k) for k, v in assignment_sums(f.__table__.c).items()])
        .where(f.unit_id == scope.unit_id, *scope.conditions(f))
        .group_by(f.proposal_id)
        .subquery("held")
    )
    return proposals.join(held, held.c.proposal_id == proposals.c.proposal_id), held.c


def _cell_branch(scope: Scope, source, counts: dict, names: list[str]):
    p = ProposalFacts
    labels = {
        "kind": literal("cell"),
        "unit_id": null(),
        "name": null(),
        "category": p.category,
        "sector": p.sector,
        "type": p.type,
    }
    return (
        _select(labels, counts, names)
        .select_from(source)
        .where(*scope.conditions(p))
        .group_by(p.category, p.sector, p.type)
    )


def statement(scope: Scope, *, units: bool = True, cells: bool = True):
    """The unit rows and/or the cell rows of the scope as one SELECT."""
    unit_counts = _unit_counts(scope)
    source, sums = _cell_source(scope)
    cell_counts = proposal_counts(ProposalFacts.__table__.c, sums, scope)
    names = sorted(set(unit_counts) | set(cell_counts))
    branches = []
    if units:
        branches.append(_unit_branch(scope, unit_counts, names))
    if cells:
        branches.append(_cell_branch(scope, source, cell_counts, names))
    return union_all(*branches) if len(branches) > 1 else branches[0]


REPORTING = ("SET LOCAL jit = off", "SET LOCAL work_mem = '64MB'")


def reporting(session) -> None:
    """On PostgreSQL, settings for this read transaction that suit one big aggregate: no JIT
    (compiling took longer than running a sub-second query) and room to sort in memory."""
    if session.get_bind().dialect.name == "postgresql":
        for setting in REPORTING:
            session.execute(text(setting))


def figures(session: Session, scope: Scope) -> tuple[list[dict], list[dict]]:
    """(unit rows by unit id, cell rows) of the scope."""
    if session.get_bind().dialect.name == "postgresql":
        return _side_by_side(session.get_bind(), scope, scope_of(session))
    reporting(session)
    query = statement(scope).order_by(*(literal_column(name) for name in LABELS))
    rows = [dict(r) for r in session.execute(query).mappings()]
    return [r for r in rows if r["kind"] == "unit"], [r for r in rows if r["kind"] == "cell"]


def _side_by_side(engine, scope: Scope, bodies) -> tuple[list[dict], list[dict]]:
    """The unit counts and the cell counts at once, on two connections that read one snapshot
    (exported by the first, taken by the second), so they add up exactly as if read together
    while a year's figures take the longer of the two queries rather than their sum."""
    read_only = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with (
        engine.connect().execution_options(**read_only) as first,
        engine.connect().execution_options(**read_only) as second,
    ):
        snapshot = first.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        second.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
        for connection in (first, second):
            name_on(connection, bodies)  # the session's bodies, as it would read them itself
            for setting in REPORTING:
                connection.execute(text(setting))
        with ThreadPoolExecutor(max_workers=1) as pool:
            by_unit = statement(scope, cells=False).order_by(literal_column("unit_id"))
            units = pool.submit(_rows, second, by_unit)
            cells = _rows(first, statement(scope, units=False))
            return units.result(), cells


def _rows(connection, query) -> list[dict]:
    return [dict(r) for r in connection.execute(query).mappings()]


def cells(session: Session, scope: Scope) -> list[dict]:
    """The cell rows of the scope alone (a member's record)."""
    reporting(session)
    return [dict(r) for r in session.execute(statement(scope, units=False)).mappings()]
