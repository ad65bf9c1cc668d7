"""The SQL behind the figures, one statement: the assignment facts once, then counts per
handling unit and counts per (category, 界别) cell, side by side (UNION ALL). Every proposal
lies in exactly one cell, so totals and margins are sums of cells."""

from __future__ import annotations

from sqlalchemy import (
    Integer,
    and_,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.selectable import CTE, Subquery

from service.models import FollowUp, Unit
from service.statistics.facts import (
    CATEGORY_CODES,
    assignment_facts,
    flags,
    scoped_proposals,
)
from service.statistics.scope import Scope, bounded

DISPOSITIONS = ("opinion", "social_info", "letter", "reference", "none")
OUTCOMES = ("implemented", "partial", "not_implemented")
# Counts of answers (答复件): the same per proposal, per cell and per unit, by their flag.
ANSWER_FLAGS = {
    "answers": "replied",
    "rated_forms": "rated",
    "satisfied_forms": "satisfied",
    "unsatisfied_forms": "unsatisfied",
    "lapsed_forms": "lapsed",
    "contacted": "contacted",
    **{f"category_{letter}": f"category_{letter}" for letter in CATEGORY_CODES},
}
FOLLOW_UPS = ("follow_ups_started", "follow_ups_completed", *OUTCOMES)
LABELS = ("kind", "unit_id", "name", "category", "sector")


def _count(condition: ColumnElement[bool]):
    return func.count().filter(condition)


def _total(column):
    return cast(func.coalesce(func.sum(column), 0), Integer)


def _per_proposal(facts: CTE, flag) -> Subquery:
    """Per proposal: its assignments, how many are late or overdue, and its answers' counts."""
    return (
        select(
            facts.c.proposal_id,
            func.count().label("assignments"),
            _count(flag.returned).label("returned_assignments"),
            _count(flag.late).label("late"),
            _count(flag.overdue).label("overdue"),
            *[_count(getattr(flag, f)).label(name) for name, f in ANSWER_FLAGS.items()],
        )
        .group_by(facts.c.proposal_id)
        .subquery("per_proposal")
    )


def _follow_ups(scope: Scope, facts: CTE) -> Subquery:
    """Per proposal: 回头看 started, completed, and each outcome (only proposals with
    assignments reach 回头看, so the facts name every proposal that may have one)."""
    return (
        select(
            FollowUp.proposal_id,
            func.count().label("follow_ups_started"),
            func.count(FollowUp.completed_at).label("follow_ups_completed"),
            *[_count(FollowUp.outcome == name).label(name) for name in OUTCOMES],
        )
        .where(
            FollowUp.proposal_id.in_(select(facts.c.proposal_id)),
            *scope.in_proposal_range(FollowUp.proposal_id),
        )
        .group_by(FollowUp.proposal_id)
        .subquery("follow_ups")
    )


def _proposal_counts(proposal, p: Subquery, fu: Subquery) -> dict:
    replied = proposal.replied_at.is_not(None)
    return {
        "received": func.count(),
        "accepted": _count(proposal.accepted_at.is_not(None)),
        "not_accepted": _count(proposal.state == "not_accepted"),
        **{
            f"disposition_{name}": _count(
                and_(proposal.state == "not_accepted", proposal.disposition == name)
            )
            for name in DISPOSITIONS
        },
        "merged": _count(proposal.state == "merged"),
        "withdrawn": _count(proposal.state == "withdrawn"),
        "under_review": _count(proposal.state.in_(("submitted", "returned"))),
        "assigned": _count(p.c.assignments > 0),
        "replied": _count(replied),
        "replied_on_time": _count(and_(replied, p.c.late == 0)),
        "overdue": _count(p.c.overdue > 0),
        "assignments": _total(p.c.assignments),
        "returned_assignments": _total(p.c.returned_assignments),
        **{name: _total(p.c[name]) for name in ANSWER_FLAGS},
        **{name: _total(fu.c[name]) for name in FOLLOW_UPS},
    }


def _unit_counts(flag) -> dict:
    return {
        "assigned": _count(flag.answering),
        "assisting": _count(flag.assisting),
        "opinions": _count(flag.opinion),
        "returned_assignments": _count(flag.returned),
        "replied": _count(flag.replied),
        "replied_on_time": _count(flag.on_time),
        "overdue": _count(flag.overdue),
        **{name: _count(getattr(flag, f)) for name, f in ANSWER_FLAGS.items()},
    }


def _select(labels: dict, counts: dict, names: list[str]):
    """A branch of the union: its labels and counts, zero for the other branch's counts."""
    zero = literal(0, Integer)
    return select(
        *[value.label(name) for name, value in labels.items()],
        *[counts.get(name, zero).label(name) for name in names],
    )


def _unit_branch(facts: CTE, counts: dict, names: list[str]):
    labels = {
        "kind": literal("unit"),
        "unit_id": facts.c.unit_id,
        "name": Unit.name,
        "category": null(),
        "sector": null(),
    }
    return (
        _select(labels, counts, names)
        .join(Unit, Unit.id == facts.c.unit_id)
        .group_by(facts.c.unit_id, Unit.name)
    )


def _cell_branch(proposals: CTE, p: Subquery, fu: Subquery, counts: dict, names: list[str]):
    labels = {
        "kind": literal("cell"),
        "unit_id": null(),
        "name": null(),
        "category": proposals.c.category,
        "sector": proposals.c.sector,
    }
    return (
        _select(labels, counts, names)
        .select_from(proposals)
        .outerjoin(p, p.c.proposal_id == proposals.c.id)
        .outerjoin(fu, fu.c.proposal_id == proposals.c.id)
        .group_by(proposals.c.category, proposals.c.sector)
    )


def statement(scope: Scope, *, units: bool = True, cells: bool = True):
    """The unit rows and/or the cell rows of the scope as one SELECT."""
    proposals = scoped_proposals(scope)
    facts = assignment_facts(scope, proposals)
    flag = flags(facts, scope)
    p, fu = _per_proposal(facts, flag), _follow_ups(scope, facts)
    unit_counts, cell_counts = _unit_counts(flag), _proposal_counts(proposals.c, p, fu)
    names = sorted(set(unit_counts) | set(cell_counts))
    branches = []
    if units:
        branches.append(_unit_branch(facts, unit_counts, names))
    if cells:
        branches.append(_cell_branch(proposals, p, fu, cell_counts, names))
    return union_all(*branches) if len(branches) > 1 else branches[0]


def reporting(session: Session) -> None:
    """On PostgreSQL, settings for this read transaction that suit one big aggregate: no JIT
    (compiling took longer than running a sub-second query) and room to sort in memory."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))


def figures(session: Session, scope: Scope) -> tuple[list[dict], list[dict]]:
    """(unit rows by unit id, cell rows) of the scope, in one round trip (after the look-up of
    the scope's id ranges)."""
    reporting(session)
    query = statement(bounded(session, scope)).order_by(*(literal_column(name) for name in LABELS))
    rows = [dict(r) for r in session.execute(query).mappings()]
    return [r for r in rows if r["kind"] == "unit"], [r for r in rows if r["kind"] == "cell"]


def cells(session: Session, scope: Scope) -> list[dict]:
    """The cell rows of the scope alone (a member's record)."""
    reporting(session)
    query = statement(bounded(session, scope), units=False)
    return [dict(r) for r in session.execute(query).mappings()]
