"""Handling units on a proposal: choosing them, creating their assignments, and the cascades
between a proposal and its assignments that the engine fires as `system` (全部答复, 重新办理)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.engine import SYSTEM, fire, open_first_deadlines, record_created
from service.engine.handler import Handler
from service.errors import InvalidInput
from service.models import Assignment, Proposal, Unit
from workflows.assignment import ON_PROPOSAL

# An assignment that no longer owes its answer: only a move into one of these may complete its
# proposal's handling (the last unit replied, or the last one still owing was returned).
SETTLED = ("replied", "returned")


def refuse(field: str, message: str):
    raise InvalidInput(message, details={field: [message]})


def choose_units(session: Session, proposal: Proposal, entries: list[dict], field: str) -> list:
    """The units named by `[{unit_id, role}]`, each one of the proposal's body's, active and not
    yet on the proposal; the entries gain their `unit`. Refuses (422) naming the entry that
    does not fit."""
    taken = {a.unit_id for a in proposal.assignments if a.state in ON_PROPOSAL}
    seen: set[int] = set()
    named = Unit.id.in_({e["unit_id"] for e in entries})
    units = {
        u.id: u
        for u in session.scalars(select(Unit).where(named, Unit.body_id == proposal.body_id))
    }
    for index, entry in enumerate(entries):
        unit = units.get(entry["unit_id"])
        where = f"{field}.{index}.unit_id"
        if unit is None or not unit.active:
            refuse(where, "所选承办单位不存在或已停用。")
        if unit.id in seen or unit.id in taken:
            refuse(where, f"“{unit.name}”已在承办单位之列，同一单位不能重复交办。")
        seen.add(unit.id)
        entry["unit"] = unit
    return entries


def create_assignments(
    session: Session,
    proposal: Proposal,
    entries: list[dict],
    *,
    actor,
    now: datetime,
    reassigned_from: Assignment | None = None,
) -> list:
    """New pending assignments, each with its `create` record and deadlines.

    They are inserted together with their deadlines and due dates, then their records: one
    statement for each kind of row, not four for each unit. A new assignment has no replies,
    contacts, extensions or ratings yet; saying so spares reading each list back."""
    made = [
        Assignment(
            proposal=proposal,
            unit=entry["unit"],
            role=entry["role"],
            state="pending",
            created_at=now,
            updated_at=now,
            reassigned_from_id=reassigned_from.id if reassigned_from else None,
            replies=[],
            contacts=[],
            extensions=[],
            ratings=[],
        )
        for entry in entries
    ]
    session.add_all(made)
    for assignment in made:
        open_first_deadlines(session, assignment, actor=actor, now=now)
    session.flush()
    for assignment in made:
        data = {"unit_id": assignment.unit.id, "role": assignment.role}
        record_created(session, assignment, actor=actor, now=now, data=data)
    return made


def complete_handling_if_done(session: Session, moved: Assignment, *, now: datetime) -> None:
    """After an assignment moved: its proposal is replied when every lead and separate unit
    still on it has replied. Other moves (签收, a reminder) cannot complete it, and spare reading
    the proposal's assignments."""
    if moved.state not in SETTLED:
        return
    proposal = moved.proposal
    answering = [a for a in proposal.assignments if a.answers and a.state != "returned"]
    if proposal.state == "handling" and answering and all(a.state == "replied" for a in answering):
        fire(
            session,
            proposal,
            "complete_handling",
            actor=SYSTEM,
            version=None,
            payload={},
            now=now,
            handler=COMPLETE_HANDLING,
        )


def _mark_replied(ctx, record) -> None:
    ctx.subject.replied_at = ctx.now


COMPLETE_HANDLING = Handler(effect=_mark_replied)


def rehandle(
    session: Session, assignments: list[Assignment], *, now: datetime, after_rating: bool
) -> None:
    """Send replied assignments back to their units (重新办理)."""
    for assignment in assignments:
        fire(
            session,
            assignment,
            "rehandle",
            actor=SYSTEM,
            version=None,
            payload={},
            now=now,
            handler=REHANDLE_AFTER_RATING if after_rating else REHANDLE,
        )


def _next_round(after_rating: bool):
    def effect(ctx, record) -> dict:
        ctx.subject.round += 1
        ctx.subject.rehandled = ctx.subject.rehandled or after_rating
        return {"round": ctx.subject.round}

    return effect


# 重新办理 after a 不满意 rating marks the unit as having re-handled once; 督办 does not.
REHANDLE_AFTER_RATING = Handler(effect=_next_round(True))
REHANDLE = Handler(effect=_next_round(False))


def close_for_withdrawal(session: Session, proposal: Proposal, *, now: datetime) -> None:
    """A withdrawn proposal's units stop: each assignment still on it is closed (已撤回) and
    its deadlines are cancelled."""
    for assignment in [a for a in proposal.assignments if a.state in ON_PROPOSAL]:
        fire(
            session,
            assignment,
            "close_withdrawn",
            actor=SYSTEM,
            version=None,
            payload={},
            now=now,
        )
