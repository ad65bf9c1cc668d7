"""The facts the figures count, as SQL: how they are derived, and the flags read from them.

`assignment_derivation` says what the facts of an assignment are. First MIN/MAX aggregates
over its final replies, its proposer's ratings and its contacts, joined at once (MIN and MAX do
not change when a join repeats a row, so one GROUP BY suffices). "The category of the latest
final reply" is an arg-max, taken with a packed key: MAX(round * 10 + code) is the latest
round, and `% 10` its code; the same for the rating. Only assignments handled more than once
look up their first-round reply deadline. Then the flags the figures count (replied, on time,
rated, satisfied …) are decided from those, once. `proposal_derivation` sums a proposal's
assignment facts and its 回头看 beside what the proposal itself says.

`service.statistics.upkeep` keeps both in their tables as each transaction commits, so a year's
figures only count flags and add sums: no joins over the big tables, and no expression per row
but the two that depend on the moment asked about (overdue now, late now).
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import and_, case, false, func, not_, or_, select

from service.models import (
    Assignment,
    AssignmentFacts,
    Contact,
    Deadline,
    FollowUp,
    Proposal,
    Rating,
    Reply,
)
from service.statistics.scope import ANSWERING_ROLES, OWING, Scope
from service.vocabulary import Outcome

PACK = 10
CATEGORY_CODES = {"A": 1, "B": 2, "C": 3, "D": 4}
# A form's code: 1 未反馈 (lapsed), 2 unsatisfied, 3 basically satisfied, 4 satisfied, 5 very.
LAPSED, UNSATISFIED = 1, 2
RESULT_CODES = {"unsatisfied": 2, "basically_satisfied": 3, "satisfied": 4, "very_satisfied": 5}
OUTCOMES = Outcome.codes()
# Counts of answers (答复件) by the assignment flag they count.
ANSWER_FLAGS = {
    "answers": "replied",
    "rated_forms": "rated",
    "satisfied_forms": "satisfied",
    "unsatisfied_forms": "unsatisfied",
    "lapsed_forms": "lapsed",
    "attitude_unsatisfied_forms": "attitude_unsatisfied",
    "contacted": "contacted",
}
# The flags kept per assignment, counted as they are.
KEPT_FLAGS = (
    "answering",
    "assisting",
    "opinion",
    "returned",
    "replied",
    "on_time",
    "rated",
    "satisfied",
    "unsatisfied",
    "lapsed",
    "attitude_unsatisfied",
    "contacted",
)


def _packed_reply():
    code = case(CATEGORY_CODES, value=Reply.category, else_=0)
    return func.max(Reply.round * PACK + code)


def _packed_form():
    code = case(
        (Rating.lapsed.is_(True), LAPSED),
        else_=case(RESULT_CODES, value=Rating.result, else_=UNSATISFIED),
    )
    return func.max(Rating.round * PACK + code)


def _packed_attitude():
    """The attitude (办理态度) of the latest form, packed like the form: UNSATISFIED or not. A
    reply round has one proposer's form, so the round decides whose attitude it is."""
    code = case((Rating.attitude == "unsatisfied", UNSATISFIED), else_=LAPSED)
    return func.max(Rating.round * PACK + code)


def _first_round_due():
    """The first-round reply deadline: on the row until a re-handling replaced it."""
    kept = (
        select(func.min(Deadline.due_at))
        .where(Deadline.assignment_id == Assignment.id, Deadline.rule == "reply")
        .scalar_subquery()
    )
    return case((Assignment.round == 1, Assignment.due_at), else_=kept)


def _aggregates(chosen):
    """Per assignment: what its replies, forms and contacts say, as MIN/MAX aggregates."""
    final_replies = and_(
        Reply.assignment_id == Assignment.id, Reply.kind == "reply", Reply.status == "final"
    )
    forms = and_(Rating.assignment_id == Assignment.id, not_(Rating.cosigner))
    contacts = and_(Contact.assignment_id == Assignment.id, Contact.status != "denied")
    return (
        select(
            Assignment.id,
            Assignment.proposal_id,
            Assignment.unit_id,
            Assignment.role,
            Assignment.state,
            Assignment.due_at,
            func.min(_first_round_due()).label("reply_due"),
            func.min(Reply.created_at).label("first_reply_at"),
            _packed_reply().label("last_reply"),
            _packed_form().label("last_form"),
            _packed_attitude().label("last_attitude"),
            func.min(Contact.created_at).label("contact_at"),
        )
        .select_from(Assignment)
        .outerjoin(Reply, final_replies)
        .outerjoin(Rating, forms)
        .outerjoin(Contact, contacts)
        .where(*_where(chosen, Assignment.id))
        .group_by(Assignment.id)
        .subquery("aggregates")
    )


# The states the facts read of an assignment (returned, replied: an assisting unit's opinion
# given, and still owing), used by the derivation below and by `assignment_state_class`.
RETURNED, REPLIED = "returned", "replied"


def assignment_state_class(state: str | None) -> tuple[bool, bool, bool]:
    """All the derivation tells apart of an assignment's state: a move that keeps these keeps
    every fact."""
    return state == RETURNED, state == REPLIED, state in OWING


def _flag(condition):
    return func.coalesce(condition, false())


def _count(condition):
    return func.count().filter(condition)


def assignment_derivation(chosen=None):
    """Per assignment (all, or those `chosen` picks): the row of `assignment_facts`, as the
    source tables say it is now.

    `chosen` gives, for an id column, the condition that picks the rows to derive: the caller
    says how the ids are bound (an expanding IN, or the placeholders of a compiled text)."""
    a = _aggregates(chosen).c
    answering = and_(a.role.in_(ANSWERING_ROLES), a.state != RETURNED)
    replied = and_(answering, a.last_reply.is_not(None))
    form = case((a.last_form // PACK == a.last_reply // PACK, a.last_form % PACK), else_=0)
    latest = a.last_attitude // PACK == a.last_reply // PACK
    attitude = case((latest, a.last_attitude % PACK), else_=0)
    decided = {
        "answering": answering,
        "assisting": and_(a.role == "assisting", a.state != RETURNED),
        "opinion": and_(a.role == "assisting", a.state == REPLIED),
        "returned": a.state == RETURNED,
        "replied": replied,
        "on_time": and_(replied, a.first_reply_at <= a.reply_due),
        "rated": and_(replied, form > LAPSED),
        "satisfied": and_(replied, form > UNSATISFIED),
        "unsatisfied": and_(replied, form == UNSATISFIED),
        "lapsed": and_(replied, form == LAPSED),
        "attitude_unsatisfied": and_(replied, form > LAPSED, attitude == UNSATISFIED),
        "contacted": and_(replied, a.contact_at <= a.first_reply_at),
        "late_reply": and_(answering, a.first_reply_at > a.reply_due),
    }
    category = case(
        *[(a.last_reply % PACK == code, letter) for letter, code in CATEGORY_CODES.items()]
    )
    return select(
        a.id.label("assignment_id"),
        a.proposal_id,
        Proposal.body_id,
        a.unit_id,
        Proposal.plenary_session_id,
        Proposal.category,
        Proposal.sector,
        Proposal.type,
        *[_flag(condition).label(name) for name, condition in decided.items()],
        case((replied, category)).label("reply_category"),
        case((and_(answering, a.state.in_(OWING)), a.due_at)).label("owing_due"),
        case((and_(answering, a.first_reply_at.is_(None)), a.reply_due)).label("unreplied_due"),
    ).join(Proposal, Proposal.id == a.proposal_id)


def assignment_sums(f) -> dict:
    """What a proposal's figures add up over its assignments' facts (`f`: the columns of the
    table or of a selection of it), by the names the figures use."""
    return {
        "assignments": func.count(),
        "returned_assignments": _count(f.returned),
        **{name: _count(f[flag]) for name, flag in ANSWER_FLAGS.items()},
        **{f"category_{letter}": _count(f.reply_category == letter) for letter in CATEGORY_CODES},
        "late_replies": _count(f.late_reply),
        "unreplied_due": func.min(f.unreplied_due),
        "owing_due": func.min(f.owing_due),
    }


DATED_SUMS = ("unreplied_due", "owing_due")


def _where(chosen, column) -> list:
    return [] if chosen is None else [chosen(column)]


def proposal_derivation(chosen=None):
    """Per submitted proposal (all, or those `chosen` picks, as for the assignments): the row of
    `proposal_facts`."""
    facts = AssignmentFacts.__table__
    sums = assignment_sums(facts.c)
    by_assignments = (
        select(facts.c.proposal_id, *[value.label(name) for name, value in sums.items()])
        .where(*_where(chosen, facts.c.proposal_id))
        .group_by(facts.c.proposal_id)
        .subquery("by_assignments")
    )
    follow_ups = (
        select(
            FollowUp.proposal_id,
            func.count().label("follow_ups_started"),
            func.count(FollowUp.completed_at).label("follow_ups_completed"),
            *[_count(FollowUp.outcome == name).label(name) for name in OUTCOMES],
        )
        .where(*_where(chosen, FollowUp.proposal_id))
        .group_by(FollowUp.proposal_id)
        .subquery("follow_ups")
    )
    counted = [by_assignments.c[name] for name in sums if name not in DATED_SUMS]
    counted += [c for c in follow_ups.c if c.name != "proposal_id"]
    return (
        select(
            Proposal.id.label("proposal_id"),
            Proposal.body_id,
            Proposal.plenary_session_id,
            Proposal.category,
            Proposal.sector,
            Proposal.type,
            Proposal.lead_proposer_id,
            Proposal.state,
            Proposal.disposition,
            Proposal.accepted_at.is_not(None).label("accepted"),
            Proposal.replied_at.is_not(None).label("replied"),
            *[func.coalesce(column, 0).label(column.name) for column in counted],
            *[by_assignments.c[name] for name in DATED_SUMS],
        )
        .outerjoin(by_assignments, by_assignments.c.proposal_id == Proposal.id)
        .outerjoin(follow_ups, follow_ups.c.proposal_id == Proposal.id)
        .where(Proposal.submitted_at.is_not(None), *_where(chosen, Proposal.id))
    )


def unit_flags(scope: Scope) -> SimpleNamespace:
    """The assignment flags as the unit figures count them: the kept ones as they are, and
    what depends on the moment the figures are asked about."""
    f = AssignmentFacts
    return SimpleNamespace(
        **{name: getattr(f, name) for name in KEPT_FLAGS},
        # Still owing the reply, and its deadline (as extended, or re-handled) has passed.
        overdue=f.owing_due < scope.now_literal(),
        # Replied, or its first-round reply deadline has passed: what 按期办复率 is judged on.
        reply_due=or_(f.replied, func.coalesce(f.unreplied_due < scope.now_literal(), false())),
        **{f"category_{letter}": f.reply_category == letter for letter in CATEGORY_CODES},
    )
