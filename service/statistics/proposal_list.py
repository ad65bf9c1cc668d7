"""提案清单: every submitted proposal of the office, with its units, for the committee office,
leaders and administrators."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Assignment, PlenarySession, Proposal, Unit, User
from service.statistics.worklist import (
    Column,
    ListQuery,
    day_cell,
    proposal_filters,
    proposal_overdue,
    states,
    unit_holds,
)
from service.vocabulary import CATEGORIES, UNIT_ROLES
from workflows import BY_NAME

TITLE = "提案清单"
PROPOSAL_STATES = BY_NAME["proposal"].states
ASSIGNMENT_STATES = BY_NAME["assignment"].states
TIMES = ("submitted_at", "accepted_at", "replied_at", "closed_at")


COLUMNS = (
    Column("number_label", "编号", 10),
    Column("session", "会次", 18),
    Column("title", "案由", 40),
    Column("lead_proposer_name", "第一提案人", 12),
    Column("sector", "界别", 14),
    Column("category_label", "类别", 12),
    Column("key", "重点提案", 9),
    Column("state_label", "状态", 12),
    Column("submitted_at", "提交日期", 12, day_cell("submitted_at")),
    Column("accepted_at", "立案日期", 12, day_cell("accepted_at")),
    Column("units_text", "承办单位", 36),
    Column("replied_at", "答复日期", 12, day_cell("replied_at")),
    Column("closed_at", "办结日期", 12, day_cell("closed_at")),
    Column("overdue", "答复超期", 9),
)


def listing(actor, args: dict, *, now: datetime, zone) -> ListQuery:
    """The proposals matching `args` (state, unit, category, 界别, key, overdue, year)."""
    overdue = proposal_overdue(now)
    query = (
        select(
            Proposal.id,
            Proposal.number,
            Proposal.title,
            Proposal.category,
            Proposal.sector,
            Proposal.state,
            Proposal.key,
            *(getattr(Proposal, name) for name in TIMES),
            PlenarySession.name.label("session"),
            PlenarySession.year,
            User.username.label("lead_proposer"),
            User.display_name.label("lead_proposer_name"),
            overdue.label("overdue"),
        )
        .join(PlenarySession, PlenarySession.id == Proposal.plenary_session_id)
        .join(User, User.id == Proposal.lead_proposer_id)
    )
    conditions = proposal_filters(args)
    if states(args.get("state")):
        conditions.append(Proposal.state.in_(states(args["state"])))
    if args.get("unit_id") is not None:
        conditions.append(unit_holds(args["unit_id"]))
    if args.get("overdue") is not None:
        conditions.append(overdue if args["overdue"] else ~overdue)
    order = (
        PlenarySession.year,
        Proposal.plenary_session_id,
        Proposal.number.asc().nulls_last(),
        Proposal.id,
    )
    return ListQuery(
        query, tuple(conditions), Proposal.id, order, lambda s, rows: present(s, rows, zone)
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
                "state_label": ASSIGNMENT_STATES.get(state, state),
            }
        )
    return found


def present(session: Session, rows: list[dict], zone) -> list[dict]:
    """Items of the 提案清单, times in the service's zone."""
    units = _units(session, [row["id"] for row in rows])
    return [_item(row, units.get(row["id"], []), zone) for row in rows]


def _item(row: dict, units: list[dict], zone) -> dict:
    shown = [u for u in units if u["state"] != "returned"]
    return {
        **row,
        **{name: row[name] and row[name].astimezone(zone) for name in TIMES},
        "overdue": bool(row["overdue"]),
        "number_label": None if row["number"] is None else f"第{row['number']:04d}号",
        "category_label": CATEGORIES.get(row["category"], row["category"]),
        "state_label": PROPOSAL_STATES.get(row["state"], row["state"]),
        "units": units,
        "units_text": "；".join(f"{u['unit_name']}（{u['role_label']}）" for u in shown),
    }
