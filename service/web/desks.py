"""The desks of the 工作台: for each role, the proposals and assignments waiting for them, each
with the deadline it runs against and the days left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import exists, select

from service.access import visible_assignments, visible_proposals
from service.models import (
    Assignment,
    Contact,
    CoSigner,
    Deadline,
    ExtensionRequest,
    Proposal,
    Transfer,
)
from service.operations.transfers import visible_transfers
from service.permissions import Permission, can
from service.policy import load_policy, several_bodies
from service.vocabulary import DEADLINE_KINDS, OPEN_DEADLINE_STATUSES, UNIT_ROLES
from service.web.display import person
from workflows import BY_NAME
from workflows.assignment import state_label as assignment_state_label

DESK_SIZE = 50
PROPOSAL_STATES = BY_NAME["proposal"].states
ASSIGNMENT_STATES = BY_NAME["assignment"].states
# The deadline a proposal on a desk runs against, by its state (the units' are their own).
PROPOSAL_CLOCKS = {"submitted": "review", "replied": "evaluation", "closed": "follow_up"}
# What happens next, as a member reads it beside the state of a proposal of theirs.
NEXT_FOR_MEMBERS = {
    "draft": "可继续修改，提交后进入审查",
    "cosigning": "等待联名人确认，确认后即可提交",
    "submitted": "等待提案委员会立案审查",
    "returned": "请按审查意见修改后重新提交",
    "accepted": "等待交办承办单位",
    "handling": "承办单位答复后请您测评",
    "replied": "请对办理情况进行满意度测评",
    "consulting": "提案委员会正组织您与承办单位当面协商",
    "following_up": "跟踪承办单位承诺事项的落实",
}


@dataclass(frozen=True)
class DeskRow:
    href: str
    title: str
    meta: str
    due_at: datetime | None = None
    due_label: str = ""


@dataclass(frozen=True)
class Desk:
    heading: str
    rows: list[DeskRow]
    more: str | None = None


def _is_lead(user):
    return Proposal.lead_proposer_id == user.id


def _invited(user):
    return exists().where(
        CoSigner.proposal_id == Proposal.id,
        CoSigner.user_id == user.id,
        CoSigner.status == "invited",
    )


# While the member's word on a contact can still weigh: during handling and before the rating.
CONTACT_ANSWERED_WHILE = ("handling", "replied", "consulting")


def _unconfirmed_contact(user):
    """Contacts a unit logged that the lead proposer has not yet confirmed or denied, while the
    proposal is handled or awaits its rating; once it is closed the desk stops asking (the
    contact's page still takes an answer)."""
    return exists().where(
        Contact.assignment_id == Assignment.id, Contact.status == "logged"
    ) & Assignment.proposal_id.in_(
        select(Proposal.id).where(_is_lead(user), Proposal.state.in_(CONTACT_ANSWERED_WHILE))
    )


def _pending_extension():
    return exists().where(
        ExtensionRequest.assignment_id == Assignment.id, ExtensionRequest.status == "pending"
    )


def _in_progress(user, state):
    """The member's proposals on their way that need nothing of them now (those that do are on
    the desks above): co-signed ones included, those they lead still gathering co-signers too."""
    moving = state.in_(("submitted", "accepted", "handling", "consulting", "following_up"))
    return moving | ((state == "cosigning") & _is_lead(user))


def _states(*states):
    return lambda user, column: column.in_(states)


# (heading, "proposal", "assignment" or "transfer", condition(user, state column), state for
# "查看全部")
DESKS = {
    "member": [
        ("待您确认的联名邀请", "proposal", lambda u, s: (s == "cosigning") & _invited(u), None),
        ("退回修改，待重新提交", "proposal", lambda u, s: (s == "returned") & _is_lead(u), None),
        ("待测评的答复", "proposal", lambda u, s: (s == "replied") & _is_lead(u), None),
        ("待确认的办前沟通", "assignment", lambda u, s: _unconfirmed_contact(u), None),
        ("草稿", "proposal", lambda u, s: (s == "draft") & _is_lead(u), "draft"),
        ("进行中的提案", "proposal", lambda u, s: _in_progress(u, s), None),
    ],
    "committee": [
        ("跨级转办待接收", "transfer", None, "pending"),
        ("待立案审查", "proposal", _states("submitted"), "submitted"),
        ("已立案待交办", "proposal", _states("accepted"), "accepted"),
        ("申请退回待审批", "assignment", _states("return_requested"), "return_requested"),
        ("延期申请待审批", "assignment", lambda u, s: _pending_extension(), None),
        ("答复待审查", "assignment", _states("reply_review"), "reply_review"),
        ("当面协商", "proposal", _states("consulting"), "consulting"),
        ("回头看进行中", "proposal", _states("following_up"), "following_up"),
    ],
    "unit": [
        ("待签收", "assignment", _states("pending"), "pending"),
        ("办理中", "assignment", _states("handling", "rehandling"), "handling"),
        ("申请退回审批中", "assignment", _states("return_requested"), "return_requested"),
        ("答复审查中", "assignment", _states("reply_review"), "reply_review"),
    ],
    "leader": [
        (
            "督办中的重点提案",
            "proposal",
            _states("accepted", "handling", "replied", "consulting", "following_up"),
            None,
        ),
    ],
}


def _clocks(session, column, ids: list[int], **where) -> dict:
    """The earliest open deadline of each subject: {id: (kind, due_at)}."""
    rows = session.execute(
        select(column, Deadline.kind, Deadline.due_at)
        .where(
            column.in_(ids),
            Deadline.status.in_(OPEN_DEADLINE_STATUSES),
            Deadline.kind != "return_window",
        )
        .filter_by(**where)
        .order_by(Deadline.due_at.desc())
    )
    return {subject_id: (kind, due) for subject_id, kind, due in rows}


def _proposal_rows(session, user, condition) -> list[DeskRow]:
    found = session.scalars(
        visible_proposals(user)
        .where(condition(user, Proposal.state))
        .order_by(Proposal.id.desc())
        .limit(DESK_SIZE)
    ).all()
    clocks = _clocks(session, Deadline.proposal_id, [p.id for p in found], assignment_id=None)
    rows = []
    for p in found:
        kind, due = clocks.get(p.id, (None, None))
        shown = kind is not None and kind == PROPOSAL_CLOCKS.get(p.state)
        rows.append(
            DeskRow(
                url_for("proposal_pages.proposal", proposal_id=p.id),
                f"{p.number_label or ''} {p.title}".strip(),
                _proposal_meta(user, p),
                due if shown else None,
                DEADLINE_KINDS[kind] if shown else "",
            )
        )
    return sorted(rows, key=_soonest_first)


def _proposal_meta(user, proposal: Proposal) -> str:
    state = PROPOSAL_STATES[proposal.state]
    if can(user, Permission.PROPOSALS_FILE) and proposal.state in NEXT_FOR_MEMBERS:
        whose = (
            ""
            if proposal.lead_proposer_id == user.id
            else f"{person(proposal.lead_proposer)}领衔 · "
        )
        return f"{whose}{state} · {NEXT_FOR_MEMBERS[proposal.state]}"
    return f"{person(proposal.lead_proposer)} · {state}"


def _assignment_rows(session, user, condition) -> list[DeskRow]:
    found = session.scalars(
        visible_assignments(user)
        .where(condition(user, Assignment.state))
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
        .limit(DESK_SIZE)
    ).all()
    clocks = _clocks(session, Deadline.assignment_id, [a.id for a in found])
    rows = []
    for a in found:
        kind, due = clocks.get(a.id, (None, None))
        unit = "" if can(user, Permission.ASSIGNMENTS_HANDLE) else f"{a.unit.name} · "
        rows.append(
            DeskRow(
                url_for("assignment_pages.assignment", assignment_id=a.id),
                f"{a.proposal.number_label or ''} {a.proposal.title}".strip(),
                f"{unit}{UNIT_ROLES[a.role]} · {assignment_state_label(a.state, a.role)}",
                due,
                DEADLINE_KINDS[kind] if kind else "",
            )
        )
    return sorted(rows, key=_soonest_first)


def _soonest_first(row: DeskRow) -> tuple:
    return (row.due_at is None, row.due_at.timestamp() if row.due_at else 0)


def _transfer_rows(session, user, _condition) -> list[DeskRow]:
    """Proposals another body sent this one, awaiting its committee's answer, oldest first."""
    found = session.scalars(
        visible_transfers(user, direction="incoming")
        .where(Transfer.state == "pending")
        .order_by(Transfer.created_at, Transfer.id)
        .limit(DESK_SIZE)
    ).all()
    return [
        DeskRow(
            url_for("transfer_pages.transfer", transfer_id=t.id),
            t.snapshot.get("title", ""),
            f"{t.from_body.name}转来 · {t.reason}",
        )
        for t in found
    ]


READERS = {"proposal": _proposal_rows, "assignment": _assignment_rows, "transfer": _transfer_rows}
LISTS = {
    "proposal": lambda state: url_for("pages.proposal_list", state=state),
    "assignment": lambda state: url_for("pages.assignment_list", state=state),
    "transfer": lambda _state: url_for("transfer_pages.transfer_list"),
}


def desks_for(session, user) -> list[Desk]:
    desks = []
    for heading, kind, condition, state in DESKS.get(user.role, []):
        if heading == "答复待审查" and not load_policy(session)["reply_review"]:
            continue  # reply review is off by default; an empty desk would only puzzle
        if kind == "transfer" and not several_bodies(session):
            continue  # a single office never meets 跨级转办
        more = LISTS[kind](state) if state else None
        desks.append(Desk(heading, READERS[kind](session, user, condition), more))
    return desks
