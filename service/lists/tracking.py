"""跟踪清单: what units promised in their final replies, every round and every category, and
where 回头看 stands: each commitment with what the latest 回头看 found of it, the proposal's
next 回头看 and its latest result; a B or C reply that promised nothing dated is listed too, as
回头看 checks it as a whole. The office reads all rows, a unit its own."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, tzinfo

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from service.lists import cells
from service.lists.proposal_filter import ProposalFilter
from service.lists.schemas import TrackingArgs
from service.lists.working import BY_NUMBER, FILTERS, Source, WorkingList, selected, states
from service.models import (
    Assignment,
    Commitment,
    Deadline,
    FollowUp,
    PlenarySession,
    Proposal,
    Reply,
    Unit,
)
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
    round                  答复轮次               8
    commitments_text       承诺事项及落实情况    56
    earliest_due_date      最早待核实日期        12  day
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


def _promised(*conditions) -> ColumnElement[bool]:
    """The reply promised dated commitments (these, when conditions are given)."""
    return exists().where(Commitment.reply_id == Reply.id, *conditions)


# A B or C reply that promised nothing dated, and the unit stands by it: 回头看 checks it whole.
UNPROMISED = and_(Reply.category.in_(("B", "C")), ~_promised(), _latest_final())
STILL_OPEN = _promised(or_(Commitment.outcome.is_(None), Commitment.outcome == "partial"))

# The proposal's latest 回头看, and its open deadline's due time.
LATEST = aliased(FollowUp)
FOLLOW_UP_DUE = _follow_up_due()


def _columns(due: ColumnElement[bool]) -> tuple:
    follow_up = ("started_at", "completed_at", "outcome", "findings", "next_due_on")
    return (
        *selected(Reply, "id category round", replied_at="created_at"),
        *selected(Assignment, "unit_id", assignment_id="id"),
        *selected(Unit, unit_name="name"),
        *selected(Proposal, "state", proposal_id="id", proposal_number="number"),
        Proposal.title.label("proposal_title"),
        PlenarySession.year,
        FOLLOW_UP_DUE.label("follow_up_due_at"),
        *(getattr(LATEST, name).label(f"follow_up_{name}") for name in follow_up),
        due.label("due_for_follow_up"),
    )


def _promise(commitment: Commitment) -> dict:
    return {
        "id": commitment.id,
        "text": commitment.text,
        "due_date": commitment.due_date.isoformat() if commitment.due_date else None,
        "outcome": commitment.outcome,
        "outcome_label": OUTCOMES.get(commitment.outcome or "", "待核实"),
        "next_follow_up": commitment.next_due_on.isoformat() if commitment.next_due_on else None,
        "open": commitment.is_open,
    }


def _line(index: int, promise: dict) -> str:
    when = promise["due_date"] or "未定"
    line = f"{index}. {promise['text']}（{when}）{promise['outcome_label']}"
    if promise["open"] and promise["next_follow_up"]:
        line += f"，{promise['next_follow_up']}复查"
    return line


def _item(row: dict, promised: list[Commitment], zone) -> dict:
    listed = [_promise(c) for c in promised]
    ahead = sorted(c.next_look_on for c in promised if c.is_open and c.next_look_on)
    return {
        **row,
        **cells.local_times(row, TIMES, zone),
        "commitments": listed,
        "commitments_text": "\n".join(_line(i, p) for i, p in enumerate(listed, 1)),
        "earliest_due_date": ahead[0] if ahead else None,
        "proposal_number_label": cells.number_label(row["proposal_number"]),
        "category_label": REPLY_CATEGORIES.get(row["category"], row["category"]),
        "state_label": cells.PROPOSAL_STATES.get(row["state"], row["state"]),
        "outcome_label": OUTCOMES.get(row["follow_up_outcome"] or "", None),
        "due_for_follow_up": bool(row["due_for_follow_up"]),
    }


def _commitments_of(session: Session, reply_ids: list[int]) -> dict[int, list[Commitment]]:
    """The commitments of a batch of rows' replies, in one query."""
    found: dict[int, list[Commitment]] = defaultdict(list)
    if reply_ids:
        query = (
            select(Commitment)
            .where(Commitment.reply_id.in_(reply_ids))
            .order_by(Commitment.reply_id, Commitment.position)
        )
        for commitment in session.scalars(query):
            found[commitment.reply_id].append(commitment)
    return found


class Commitments(Source):
    """A row a final reply that promised dated commitments (any round, any category), or a B or
    C reply that promised none, with its proposal's latest 回头看."""

    export_order = (PlenarySession.year, BY_NUMBER, Reply.id)
    always = (
        Reply.kind == "reply",
        Reply.status == "final",
        Assignment.role.in_(ANSWERING_ROLES),
        Assignment.state != "returned",
        or_(_promised(), UNPROMISED),
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
        """The proposals in the states asked for; by default only the rows with a commitment
        still open, and the replies without one whose proposal is not yet 已落实."""
        wanted = states(args.get("state"))
        if wanted:
            return ProposalFilter(states=tuple(wanted)).conditions()
        if not args.get("open", True):
            return []
        return [
            Proposal.state != "withdrawn",
            or_(STILL_OPEN, and_(UNPROMISED, Proposal.state != "completed")),
        ]

    def items(self, session: Session, rows: list[dict], now: datetime, zone: tzinfo) -> list:
        promised = _commitments_of(session, [row["id"] for row in rows])
        return [_item(row, promised.get(row["id"], []), zone) for row in rows]


LIST = WorkingList(title=TITLE, stem="tracking", columns=COLUMNS, source=Commitments())
