"""跟踪清单: what units promised in their final B and C replies (正在解决 / 以后解决) and where
回头看 stands: its due date, its latest result. The office reads all rows, a unit its own."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from service.lists import cells
from service.lists.proposal_filter import ProposalFilter
from service.lists.schemas import TrackingArgs
from service.lists.working import BY_NUMBER, FILTERS, Source, WorkingList, selected, states
from service.models import Assignment, Deadline, FollowUp, PlenarySession, Proposal, Reply, Unit
from service.statistics.scope import ANSWERING_ROLES, moment
from service.vocabulary import OPEN_DEADLINE_STATUSES, OUTCOMES, REPLY_CATEGORIES

TITLE = "跟踪清单"
TIMES = ("replied_at", "follow_up_due_at", "follow_up_started_at", "follow_up_completed_at")


COLUMNS = cells.columns(
    """
    proposal_number_label  提案编号              10
    proposal_title         案由                  36
    unit_name              承办单位              22
    category               答复类别               9
    replied_at             答复日期              12  day
    commitments_text       承诺事项（完成时限）  48
    earliest_due_date      最早承诺时限          12  day
    state_label            提案状态              12
    follow_up_due_at       回头看时间            12  day
    outcome_label          回头看结果            10
    follow_up_findings     回头看情况            40
    follow_up_next_due_on  下次回头看            12  day
    due_for_follow_up      回头看到期未完成      12
    """
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
            Deadline.status.in_(OPEN_DEADLINE_STATUSES),
        )
        .scalar_subquery()
    )


# The proposal's latest 回头看, and its open deadline's due time.
LATEST = aliased(FollowUp)
FOLLOW_UP_DUE = _follow_up_due()


def _columns(due: ColumnElement[bool]) -> tuple:
    follow_up = ("started_at", "completed_at", "outcome", "findings", "next_due_on")
    return (
        *selected(Reply, "id category commitments", replied_at="created_at"),
        *selected(Assignment, "unit_id", assignment_id="id"),
        *selected(Unit, unit_name="name"),
        *selected(Proposal, "state", proposal_id="id", proposal_number="number"),
        Proposal.title.label("proposal_title"),
        PlenarySession.year,
        FOLLOW_UP_DUE.label("follow_up_due_at"),
        *(getattr(LATEST, name).label(f"follow_up_{name}") for name in follow_up),
        due.label("due_for_follow_up"),
    )


def _item(row: dict, zone) -> dict:
    promised = [
        {"text": c.get("text", ""), "due_date": c.get("due_date")} for c in row["commitments"] or ()
    ]
    dates = sorted(date.fromisoformat(c["due_date"]) for c in promised if c["due_date"])
    return {
        **row,
        **cells.local_times(row, TIMES, zone),
        "commitments": promised,
        "commitments_text": "\n".join(
            f"{i}. {c['text']}（{c['due_date'] or '未定'}）" for i, c in enumerate(promised, 1)
        ),
        "earliest_due_date": dates[0] if dates else None,
        "proposal_number_label": cells.number_label(row["proposal_number"]),
        "category_label": REPLY_CATEGORIES.get(row["category"], row["category"]),
        "state_label": cells.PROPOSAL_STATES.get(row["state"], row["state"]),
        "outcome_label": OUTCOMES.get(row["follow_up_outcome"] or "", None),
        "due_for_follow_up": bool(row["due_for_follow_up"]),
    }


class Commitments(Source):
    """A row a final B or C reply that its unit stands by, with its proposal's latest 回头看."""

    export_order = (PlenarySession.year, BY_NUMBER, Reply.id)
    always = (
        Reply.kind == "reply",
        Reply.status == "final",
        Reply.category.in_(("B", "C")),
        Assignment.role.in_(ANSWERING_ROLES),
        Assignment.state != "returned",
        _latest_final(),
    )
    unit_key = "unit_id"
    args = TrackingArgs
    filters = (*FILTERS, "open")

    def rows(self, overdue: ColumnElement[bool]):
        latest_id = select(func.max(FollowUp.id)).where(FollowUp.proposal_id == Proposal.id)
        return (
            select(*_columns(overdue))
            .join(Assignment, Assignment.id == Reply.assignment_id)
            .join(Unit, Unit.id == Assignment.unit_id)
            .join(Proposal, Proposal.id == Assignment.proposal_id)
            .join(PlenarySession, PlenarySession.id == Proposal.plenary_session_id)
            .outerjoin(LATEST, LATEST.id == latest_id.scalar_subquery())
        )

    def overdue(self, now: datetime) -> ColumnElement[bool]:
        """回头看 has begun, or its open deadline has passed."""
        return or_(Proposal.state == "following_up", moment(now) > FOLLOW_UP_DUE)

    def narrowing(self, args: dict) -> list[ColumnElement[bool]]:
        """The proposals in the states asked for; by default only those not yet 已落实."""
        wanted = states(args.get("state"))
        if wanted:
            return ProposalFilter(states=tuple(wanted)).conditions()
        return [Proposal.state != "completed"] if args.get("open", True) else []

    def items(self, session: Session, rows: list[dict], now: datetime, zone: tzinfo) -> list:
        return [_item(row, zone) for row in rows]


LIST = WorkingList(title=TITLE, stem="tracking", columns=COLUMNS, source=Commitments())
