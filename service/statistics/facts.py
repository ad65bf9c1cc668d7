"""One row of facts per assignment, and the flags the figures count, as SQL expressions.

`derivation` says what the facts of an assignment are: MIN/MAX aggregates over its final
replies, its proposer's ratings and its contacts, joined at once (MIN and MAX do not change when
a join repeats a row, so one GROUP BY suffices). "The category of the latest final reply" is an
arg-max, taken with a packed key: MAX(round * 10 + code) is the latest round, and `% 10` its
code; the same for the rating. Only assignments handled more than once look up their
first-round reply deadline. `service.statistics.upkeep` keeps the result in
`assignment_facts` as each transaction commits, so the figures read that narrow table, as a
materialized CTE that the unit and the proposal figures share.
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import and_, case, func, not_, or_, select
from sqlalchemy.sql.selectable import CTE

from service.models import (
    Assignment,
    AssignmentFacts,
    Contact,
    Deadline,
    Proposal,
    Rating,
    Reply,
)
from service.statistics.scope import ANSWERING_ROLES, Scope, overdue_now

PACK = 10
CATEGORY_CODES = {"A": 1, "B": 2, "C": 3, "D": 4}
# A form's code: 1 未反馈 (lapsed), 2 unsatisfied, 3 basically satisfied, 4 satisfied, 5 very.
LAPSED, UNSATISFIED = 1, 2
RESULT_CODES = {"unsatisfied": 2, "basically_satisfied": 3, "satisfied": 4, "very_satisfied": 5}


def _packed_reply():
    code = case(CATEGORY_CODES, value=Reply.category, else_=0)
    return func.max(Reply.round * PACK + code)


def _packed_form():
    code = case(
        (Rating.lapsed.is_(True), LAPSED),
        else_=case(RESULT_CODES, value=Rating.result, else_=UNSATISFIED),
    )
    return func.max(Rating.round * PACK + code)


def _first_round_due():
    """The first-round reply deadline: on the row until a re-handling replaced it."""
    kept = (
        select(func.min(Deadline.due_at))
        .where(Deadline.assignment_id == Assignment.id, Deadline.rule == "reply")
        .scalar_subquery()
    )
    return case((Assignment.round == 1, Assignment.due_at), else_=kept)


def derivation(assignment_ids=None):
    """Per assignment (all, or those of `assignment_ids`): the row of `assignment_facts`, as
    the source tables say it is now."""
    chosen = [] if assignment_ids is None else [Assignment.id.in_(assignment_ids)]
    final_replies = and_(
        Reply.assignment_id == Assignment.id, Reply.kind == "reply", Reply.status == "final"
    )
    forms = and_(Rating.assignment_id == Assignment.id, not_(Rating.cosigner))
    contacts = and_(Contact.assignment_id == Assignment.id, Contact.status != "denied")
    return (
        select(
            Assignment.id.label("assignment_id"),
            Assignment.proposal_id,
            Assignment.unit_id,
            Assignment.role,
            Assignment.state,
            Assignment.due_at,
            func.min(_first_round_due()).label("reply_due"),
            func.min(Reply.created_at).label("first_reply_at"),
            _packed_reply().label("last_reply"),
            _packed_form().label("last_form"),
            func.min(Contact.created_at).label("contact_at"),
        )
        .select_from(Assignment)
        .outerjoin(Reply, final_replies)
        .outerjoin(Rating, forms)
        .outerjoin(Contact, contacts)
        .where(*chosen)
        .group_by(Assignment.id)
    )


def scoped_proposals(scope: Scope) -> CTE:
    """The scope's proposals with what the figures read of them, looked up once."""
    columns = ("id", "category", "sector", "state", "disposition", "accepted_at", "replied_at")
    return (
        select(*(getattr(Proposal, name) for name in columns))
        .where(*scope.proposal_conditions())
        .cte("scoped")
        .prefix_with("MATERIALIZED")
    )


def assignment_facts(scope: Scope, proposals: CTE) -> CTE:
    """The kept facts of the scope's assignments, with "overdue now" judged at the scope's
    time."""
    f = AssignmentFacts
    conditions = [] if scope.proposal_ids is None else [f.proposal_id.between(*scope.proposal_ids)]
    if scope.unit_id is not None:
        conditions.append(f.unit_id == scope.unit_id)
    owing = overdue_now(f, scope.now)
    query = (
        select(
            f.assignment_id.label("id"),
            f.proposal_id,
            f.unit_id,
            f.role,
            f.state,
            f.first_reply_at,
            f.last_reply,
            f.last_form,
            f.reply_due,
            case((owing, 1), else_=0).label("overdue"),
            f.contact_at,
        )
        .join(proposals, proposals.c.id == f.proposal_id)
        .where(*conditions)
    )
    return query.cte("facts").prefix_with("MATERIALIZED")


def flags(facts: CTE, scope: Scope) -> SimpleNamespace:
    """Boolean and code expressions over the facts, named as the figures use them."""
    f = facts.c
    answering = and_(f.role.in_(ANSWERING_ROLES), f.state != "returned")
    replied = and_(answering, f.last_reply.is_not(None))
    form = case((f.last_form // PACK == f.last_reply // PACK, f.last_form % PACK), else_=0)
    category = f.last_reply % PACK
    late = or_(
        f.first_reply_at > f.reply_due,
        and_(f.first_reply_at.is_(None), f.reply_due < scope.now_literal()),
    )
    return SimpleNamespace(
        answering=answering,
        assisting=and_(f.role == "assisting", f.state != "returned"),
        opinion=and_(f.role == "assisting", f.state == "replied"),
        returned=f.state == "returned",
        replied=replied,
        on_time=and_(replied, f.first_reply_at <= f.reply_due),
        late=and_(answering, late),
        overdue=and_(answering, f.overdue == 1),
        rated=and_(replied, form > LAPSED),
        satisfied=and_(replied, form > UNSATISFIED),
        unsatisfied=and_(replied, form == UNSATISFIED),
        lapsed=and_(replied, form == LAPSED),
        contacted=and_(replied, f.contact_at <= f.first_reply_at),
        **{
            f"category_{letter}": and_(replied, category == code)
            for letter, code in CATEGORY_CODES.items()
        },
    )
