"""交办清单: assignments by handling unit, with their state, deadline and the days left or
overdue; the office reads all of them, a unit its own."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from service.models import Assignment, PlenarySession, Proposal, Reply, Unit, User
from service.statistics.scope import OWING, overdue_now
from service.statistics.worklist import (
    Column,
    ListQuery,
    day_cell,
    proposal_filters,
    states,
)
from service.vocabulary import CATEGORIES, UNIT_ROLES
from workflows import BY_NAME

TITLE = "交办清单"
ASSIGNMENT_STATES = BY_NAME["assignment"].states
TIMES = ("created_at", "signed_at", "due_at", "replied_at")


COLUMNS = (
    Column("unit_name", "承办单位", 22),
    Column("role_label", "办理方式", 9),
    Column("proposal_number_label", "提案编号", 10),
    Column("proposal_title", "案由", 40),
    Column("lead_proposer_name", "第一提案人", 12),
    Column("category_label", "类别", 12),
    Column("key", "重点提案", 9),
    Column("state_label", "办理状态", 10),
    Column("created_at", "交办日期", 12, day_cell("created_at")),
    Column("signed_at", "签收日期", 12, day_cell("signed_at")),
    Column("due_at", "办理期限", 12, day_cell("due_at")),
    Column("days_left", "剩余天数（负数为超期）", 12),
    Column("overdue", "是否超期", 9),
    Column("replied_at", "答复日期", 12, day_cell("replied_at")),
    Column("reply_category", "答复类别", 9),
    Column("round", "办理轮次", 9),
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


def listing(actor, args: dict, *, now: datetime, zone) -> ListQuery:
    """The assignments matching `args`; a unit handler's are always only their unit's."""
    overdue = overdue_now(Assignment, now)
    query = (
        select(
            Assignment.id,
            Assignment.proposal_id,
            Assignment.unit_id,
            Unit.name.label("unit_name"),
            Assignment.role,
            Assignment.state,
            Assignment.round,
            *(getattr(Assignment, name) for name in TIMES),
            Proposal.number.label("proposal_number"),
            Proposal.title.label("proposal_title"),
            Proposal.category,
            Proposal.key,
            PlenarySession.year,
            User.display_name.label("lead_proposer_name"),
            latest_category().label("reply_category"),
            overdue.label("overdue"),
        )
        .join(Unit, Unit.id == Assignment.unit_id)
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .join(PlenarySession, PlenarySession.id == Proposal.plenary_session_id)
        .join(User, User.id == Proposal.lead_proposer_id)
    )
    conditions = [*proposal_filters(args), *_narrowing(actor, args)]
    if args.get("overdue") is not None:
        conditions.append(overdue if args["overdue"] else ~overdue)
    order = (Unit.name, PlenarySession.year, Proposal.number.asc().nulls_last(), Assignment.id)
    return ListQuery(
        query,
        tuple(conditions),
        Assignment.id,
        order,
        lambda s, rows: present(s, rows, now, zone),
    )


def _narrowing(actor, args: dict) -> list:
    conditions = []
    if actor.role == "unit":
        conditions.append(Assignment.unit_id == actor.unit_id)
    if args.get("unit_id") is not None:
        conditions.append(Assignment.unit_id == args["unit_id"])
    if states(args.get("state")):
        conditions.append(Assignment.state.in_(states(args["state"])))
    return [and_(*conditions)] if conditions else []


def days_left(due_at: datetime | None, state: str, now: datetime, zone) -> int | None:
    """Calendar days from today to the due day (negative: days overdue), while still owing."""
    if due_at is None or state not in OWING:
        return None
    return (due_at.astimezone(zone).date() - now.astimezone(zone).date()).days


def present(session: Session, rows: list[dict], now: datetime, zone) -> list[dict]:
    """Items of the 交办清单, times in the service's zone."""
    return [_item(row, now, zone) for row in rows]


def _item(row: dict, now: datetime, zone) -> dict:
    number = row["proposal_number"]
    return {
        **row,
        **{name: row[name] and row[name].astimezone(zone) for name in TIMES},
        "overdue": bool(row["overdue"]),
        "proposal_number_label": None if number is None else f"第{number:04d}号",
        "role_label": UNIT_ROLES.get(row["role"], row["role"]),
        "state_label": ASSIGNMENT_STATES.get(row["state"], row["state"]),
        "category_label": CATEGORIES.get(row["category"], row["category"]),
        "days_left": days_left(row["due_at"], row["state"], now, zone),
    }
