"""跟踪清单: what units promised in their final B and C replies (正在解决 / 以后解决) and where
回头看 stands: its due date, its latest result. The office reads all rows, a unit its own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from service.models import (
    Assignment,
    Deadline,
    FollowUp,
    PlenarySession,
    Proposal,
    Reply,
    Unit,
)
from service.statistics.scope import OPEN_DEADLINE, moment
from service.statistics.worklist import (
    Column,
    ListQuery,
    answering,
    day_cell,
    proposal_filters,
    states,
)
from service.vocabulary import OUTCOMES, REPLY_CATEGORIES
from workflows import BY_NAME

TITLE = "跟踪清单"
PROPOSAL_STATES = BY_NAME["proposal"].states
TIMES = ("replied_at", "follow_up_due_at", "follow_up_started_at", "follow_up_completed_at")


COLUMNS = (
    Column("proposal_number_label", "提案编号", 10),
    Column("proposal_title", "案由", 36),
    Column("unit_name", "承办单位", 22),
    Column("category", "答复类别", 9),
    Column("replied_at", "答复日期", 12, day_cell("replied_at")),
    Column("commitments_text", "承诺事项（完成时限）", 48),
    Column("earliest_due_date", "最早承诺时限", 12, day_cell("earliest_due_date")),
    Column("state_label", "提案状态", 12),
    Column("follow_up_due_at", "回头看时间", 12, day_cell("follow_up_due_at")),
    Column("outcome_label", "回头看结果", 10),
    Column("follow_up_findings", "回头看情况", 40),
    Column("follow_up_next_due_on", "下次回头看", 12, day_cell("follow_up_next_due_on")),
    Column("due_for_follow_up", "回头看到期未完成", 12),
)


def _latest_final():
    """No later final reply of the same assignment: this one is what the unit stands by."""
    later = aliased(Reply)
    return ~exists().where(
        later.assignment_id == Reply.assignment_id,
        later.kind == "reply",
        later.status == "final",
        later.round > Reply.round,
    )


def _follow_up_due():
    """The open 回头看 deadline's due time, if one is open."""
    return (
        select(func.min(Deadline.due_at))
        .where(
            Deadline.proposal_id == Proposal.id,
            Deadline.kind == "follow_up",
            Deadline.status.in_(OPEN_DEADLINE),
        )
        .scalar_subquery()
    )


def _columns(latest, follow_up_due, due) -> tuple:
    return (
        Reply.id,
        Reply.category,
        Reply.commitments,
        Reply.created_at.label("replied_at"),
        Assignment.id.label("assignment_id"),
        Assignment.unit_id,
        Unit.name.label("unit_name"),
        Proposal.id.label("proposal_id"),
        Proposal.number.label("proposal_number"),
        Proposal.title.label("proposal_title"),
        Proposal.state,
        PlenarySession.year,
        follow_up_due.label("follow_up_due_at"),
        latest.started_at.label("follow_up_started_at"),
        latest.completed_at.label("follow_up_completed_at"),
        latest.outcome.label("follow_up_outcome"),
        latest.findings.label("follow_up_findings"),
        latest.next_due_on.label("follow_up_next_due_on"),
        due.label("due_for_follow_up"),
    )


def listing(actor, args: dict, *, now: datetime, zone) -> ListQuery:
    """The final B/C replies matching `args`; by default only those not yet 已落实."""
    latest, follow_up_due = aliased(FollowUp), _follow_up_due()
    due = or_(Proposal.state == "following_up", follow_up_due < moment(now))
    query = (
        select(*_columns(latest, follow_up_due, due))
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .join(PlenarySession, PlenarySession.id == Proposal.plenary_session_id)
        .outerjoin(latest, latest.id == _latest_follow_up_id())
    )
    conditions = [
        Reply.kind == "reply",
        Reply.status == "final",
        Reply.category.in_(("B", "C")),
        answering(),
        _latest_final(),
        *proposal_filters(args),
        *_narrowing(actor, args),
    ]
    if args.get("overdue") is not None:
        conditions.append(due if args["overdue"] else ~due)
    order = (PlenarySession.year, Proposal.number.asc().nulls_last(), Reply.id)
    return ListQuery(
        query, tuple(conditions), Reply.id, order, lambda s, rows: present(s, rows, zone)
    )


def _latest_follow_up_id():
    return (
        select(func.max(FollowUp.id)).where(FollowUp.proposal_id == Proposal.id).scalar_subquery()
    )


def _narrowing(actor, args: dict) -> list:
    conditions = []
    if actor.role == "unit":
        conditions.append(Assignment.unit_id == actor.unit_id)
    if args.get("unit_id") is not None:
        conditions.append(Assignment.unit_id == args["unit_id"])
    if states(args.get("state")):
        conditions.append(Proposal.state.in_(states(args["state"])))
    elif args.get("open", True):
        conditions.append(Proposal.state != "completed")
    return [and_(*conditions)] if conditions else []


def present(session: Session, rows: list[dict], zone) -> list[dict]:
    """Items of the 跟踪清单, times in the service's zone."""
    return [_item(row, zone) for row in rows]


def _item(row: dict, zone) -> dict:
    promised = [
        {"text": c.get("text", ""), "due_date": c.get("due_date")} for c in row["commitments"] or ()
    ]
    dates = sorted(date.fromisoformat(c["due_date"]) for c in promised if c["due_date"])
    number = row["proposal_number"]
    return {
        **row,
        **{name: row[name] and row[name].astimezone(zone) for name in TIMES},
        "commitments": promised,
        "commitments_text": "\n".join(
            f"{i}. {c['text']}（{c['due_date'] or '未定'}）" for i, c in enumerate(promised, 1)
        ),
        "earliest_due_date": dates[0] if dates else None,
        "proposal_number_label": None if number is None else f"第{number:04d}号",
        "category_label": REPLY_CATEGORIES.get(row["category"], row["category"]),
        "state_label": PROPOSAL_STATES.get(row["state"], row["state"]),
        "outcome_label": OUTCOMES.get(row["follow_up_outcome"] or "", None),
        "due_for_follow_up": bool(row["due_for_follow_up"]),
    }
