"""提案清单: every submitted proposal of the office, with its units, whether it was filed for the
plenary session or between sessions (大会/平时) and, for a collective proposal, the organisation
that proposes it; for the committee office, leaders and administrators."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from service.lists import cells
from service.lists.proposal_filter import ProposalFilter
from service.lists.working import BY_NUMBER, Source, WorkingList, selected, states
from service.models import Assignment, Organisation, PlenarySession, Proposal, Unit, User
from service.statistics.scope import ANSWERING_ROLES, overdue_now
from service.vocabulary import CATEGORIES, FILED_DURING, UNIT_ROLES
from workflows.assignment import state_label as assignment_state_label

TITLE = "提案清单"
TIMES = ("submitted_at", "accepted_at", "replied_at", "closed_at")


COLUMNS = cells.columns(
    """
    number_label        编号        10
    session             会次        18
    title               案由        40
    lead_proposer_name  第一提案人  12
    organisation_name   集体提案单位 18
    sector              界别        14
    category_label      类别        12
    filed_during_label  大会/平时   10
    key                 重点提案     9
    state_label         状态        12
    submitted_at        提交日期    12  day
    accepted_at         立案日期    12  day
    units_text          承办单位    36
    replied_at          答复日期    12  day
    closed_at           办结日期    12  day
    overdue             答复超期     9
    """
)


def proposal_overdue(now: datetime) -> ColumnElement[bool]:
    """A lead or separate unit of the proposal owes its reply past the deadline: the statistics'
    "overdue" (the sweep marks the same deadlines `overdue`)."""
    late = aliased(Assignment)
    return Proposal.id.in_(
        select(late.proposal_id).where(late.role.in_(ANSWERING_ROLES), overdue_now(late, now))
    )


def _units(session: Session, ids: list[int]) -> dict[int, list[dict]]:
    """The units of these proposals, in the order they were assigned."""
    found = defaultdict(list)
    rows = session.execute(
        select(
            Assignment.proposal_id, Assignment.unit_id, Unit.name, Assignment.role, Assignment.state
        )
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Assignment.proposal_id.in_(ids))
        .order_by(Assignment.id)
    )
    for proposal_id, unit_id, name, role, state in rows:
        found[proposal_id].append(
            {
                "unit_id": unit_id,
                "unit_name": name,
                "role": role,
                "role_label": UNIT_ROLES.get(role, role),
                "state": state,
                "state_label": assignment_state_label(state, role),
            }
        )
    return found


def _item(row: dict, units: list[dict], zone) -> dict:
    shown = [u for u in units if u["state"] != "returned"]
    return {
        **row,
        **cells.local_times(row, TIMES, zone),
        "overdue": bool(row["overdue"]),
        "number_label": cells.number_label(row["number"]),
        "category_label": CATEGORIES.get(row["category"], row["category"]),
        "filed_during_label": FILED_DURING.get(row["filed_during"]),
        "state_label": cells.PROPOSAL_STATES.get(row["state"], row["state"]),
        "units": units,
        "units_text": "；".join(f"{u['unit_name']}（{u['role_label']}）" for u in shown),
    }


class Proposals(Source):
    """A row a submitted proposal, with its session, its lead proposer and, for a collective
    proposal, its organisation (one outer join: no query per row)."""

    export_order = (PlenarySession.year, Proposal.plenary_session_id, BY_NUMBER, Proposal.id)

    def rows(self, overdue: ColumnElement[bool]):
        return (
            select(
                *selected(Proposal, "id number title category sector state key", *TIMES),
                *selected(Proposal, "type filed_during"),
                *selected(PlenarySession, "year", session="name"),
                *selected(User, lead_proposer="username", lead_proposer_name="display_name"),
                *selected(Organisation, organisation_name="name"),
                overdue.label("overdue"),
            )
            .join(PlenarySession, PlenarySession.id == Proposal.plenary_session_id)
            .join(User, User.id == Proposal.lead_proposer_id)
            .outerjoin(Organisation, Organisation.id == Proposal.organisation_id)
        )

    def overdue(self, now: datetime) -> ColumnElement[bool]:
        return proposal_overdue(now)

    def narrowing(self, args: dict) -> list[ColumnElement[bool]]:
        """The proposals in the states asked for, held by the unit asked for."""
        wanted = ProposalFilter(
            states=tuple(states(args.get("state"))), holding_unit_id=args.get("unit_id")
        )
        return wanted.conditions()

    def items(self, session: Session, rows: list[dict], now: datetime, zone: tzinfo) -> list:
        units = _units(session, [row["id"] for row in rows])
        return [_item(row, units.get(row["id"], []), zone) for row in rows]


LIST = WorkingList(title=TITLE, stem="proposals", columns=COLUMNS, source=Proposals())
