"""交办清单: assignments by handling unit, with their state, deadline and the days left or
overdue, and whom to call before handling (the lead proposer's employer, phone and e-mail);
the office reads all of them, a unit its own."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from service.lists import cells
from service.lists.schemas import AssignmentListArgs
from service.lists.working import BY_NUMBER, FILTERS, Source, WorkingList, selected, states
from service.models import Assignment, AssignmentFacts, PlenarySession, Proposal, Reply, Unit, User
from service.permissions import Permission, can
from service.statistics.scope import OWING, overdue_now
from service.vocabulary import CATEGORIES, UNIT_ROLES
from workflows.assignment import ON_PROPOSAL
from workflows.assignment import state_label as assignment_state_label

TITLE = "交办清单"
TIMES = ("created_at", "signed_at", "due_at", "replied_at")


COLUMNS = cells.columns(
    """
    unit_name              承办单位                22
    role_label             办理方式                 9
    proposal_number_label  提案编号                10
    proposal_title         案由                    40
    lead_proposer_name     第一提案人              12
    lead_employer          工作单位及职务          24
    lead_phone             联系电话                14
    lead_email             电子邮箱                24
    category_label         类别                    12
    key                    重点提案                 9
    state_label            办理状态                10
    created_at             交办日期                12  day
    signed_at              签收日期                12  day
    due_at                 办理期限                12  day
    days_left              剩余天数（负数为超期）  12
    overdue                是否超期                 9
    replied_at             答复日期                12  day
    reply_category         答复类别                 9
    round                  办理轮次                 9
    attitude_unsatisfied   办理态度不满意          14
    """
)


def latest_category():
    """The category of the assignment's latest final reply (after the office's correction)."""
    return (
        select(Reply.category)
        .where(
            Reply.assignment_id == Assignment.id,
            Reply.kind == "reply",
            Reply.status == "final",
        )
        .order_by(Reply.round.desc(), Reply.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def days_left(due_at: datetime | None, state: str, now: datetime, zone) -> int | None:
    """Calendar days from today to the due day (negative: days overdue), while still owing."""
    if due_at is None or state not in OWING:
        return None
    return (due_at.astimezone(zone).date() - now.astimezone(zone).date()).days


def _item(row: dict, now: datetime, zone) -> dict:
    return {
        **row,
        **cells.local_times(row, TIMES, zone),
        "overdue": bool(row["overdue"]),
        "attitude_unsatisfied": bool(row["attitude_unsatisfied"]),
        "proposal_number_label": cells.number_label(row["proposal_number"]),
        "role_label": UNIT_ROLES.get(row["role"], row["role"]),
        "state_label": assignment_state_label(row["state"], row["role"]),
        "category_label": CATEGORIES.get(row["category"], row["category"]),
        "days_left": days_left(row["due_at"], row["state"], now, zone),
    }


class Assignments(Source):
    """A row an assignment, with its unit, its proposal, its latest reply's category and
    whether the proposer's form on that reply rated the unit's attitude 不满意 (办理态度)."""

    export_order = (Unit.name, PlenarySession.year, BY_NUMBER, Assignment.id)
    unit_key = "unit_id"
    states = cells.ASSIGNMENT_STATES
    args = AssignmentListArgs
    filters = (*FILTERS, "attitude")

    def rows(self, overdue: ColumnElement[bool]):
        return (
            select(
                *selected(Assignment, "id proposal_id unit_id role state round", *TIMES),
                *selected(Unit, unit_name="name"),
                *selected(
                    Proposal, "category key", proposal_number="number", proposal_title="title"
                ),
                PlenarySession.year,
                User.display_name.label("lead_proposer_name"),
                *selected(User, lead_employer="employer", lead_phone="phone", lead_email="email"),
                latest_category().label("reply_category"),
                overdue.label("overdue"),
                AssignmentFacts.attitude_unsatisfied,
            )
            .join(Unit, Unit.id == Assignment.unit_id)
            .join(Proposal, Proposal.id == Assignment.proposal_id)
            .join(PlenarySession, PlenarySession.id == Proposal.plenary_session_id)
            .join(User, User.id == Proposal.lead_proposer_id)
            # Kept with every change to the assignment's forms, in the same transaction.
            .outerjoin(AssignmentFacts, AssignmentFacts.assignment_id == Assignment.id)
        )

    def overdue(self, now: datetime) -> ColumnElement[bool]:
        return overdue_now(Assignment, now)

    def narrowing(self, args: dict) -> list[ColumnElement[bool]]:
        """The assignments in the states asked for; with `attitude=unsatisfied`, those whose
        latest form rated the unit's attitude 不满意."""
        wanted = states(args.get("state"))
        found = [Assignment.state.in_(wanted)] if wanted else []
        if args.get("attitude") == "unsatisfied":
            found.append(AssignmentFacts.attitude_unsatisfied.is_(True))
        return found

    def items(self, session: Session, rows: list[dict], now: datetime, zone: tzinfo) -> list:
        return [_item(row, now, zone) for row in rows]

    def shown_to(self, actor, item: dict) -> dict:
        """The lead proposer's phone and e-mail (办前沟通) for the office and leaders, and for
        a unit on its own rows while the assignment stands (not once returned or withdrawn)."""
        if can(actor, Permission.CONTACTS_READ_ALL) or (
            item["unit_id"] == actor.unit_id and item["state"] in ON_PROPOSAL
        ):
            return item
        return {**item, "lead_phone": None, "lead_email": None}


LIST = WorkingList(title=TITLE, stem="assignments", columns=COLUMNS, source=Assignments())
