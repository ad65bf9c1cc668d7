"""When the calendar or a duration changes: which open deadlines would move (or turn firm or
provisional, as when a year's holidays are published), and moving them.

The office sees the list first (preview) and confirms; only then are the deadlines recomputed,
each whose day moved with a new version so its reminders and overdue events fire once for the
new date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

import workflows
from service.deadlines.calendar import WorkingCalendar
from service.deadlines.explanation import explain
from service.deadlines.schedule import count_period, end_of_day, replan, say_advance
from service.models import Assignment, Deadline, Proposal
from service.policy import load_policy
from service.vocabulary import OPEN_DEADLINE_STATUSES

TIMERS = {(w.name, t.rule): t for w in workflows.ALL for t in w.timers}


@dataclass(frozen=True)
class Move:
    deadline_id: int
    kind: str
    proposal_id: int
    assignment_id: int | None
    from_day: date
    to_day: date
    provisional: bool

    @property
    def days(self) -> int:
        return (self.to_day - self.from_day).days

    def as_dict(self) -> dict:
        return {
            "deadline_id": self.deadline_id,
            "kind": self.kind,
            "proposal_id": self.proposal_id,
            "assignment_id": self.assignment_id,
            "from": self.from_day.isoformat(),
            "to": self.to_day.isoformat(),
            "days": self.days,
            "provisional": self.provisional,
        }


class Planned(NamedTuple):
    """A move and what applying it needs: the deadline, its new explanation, and the calendar
    it was counted in (its body's)."""

    move: Move
    deadline: Deadline
    explanation: dict
    calendar: WorkingCalendar


def _recomputable(deadline: Deadline) -> bool:
    """Extended deadlines and dates the committee chose keep what a person decided."""
    explanation = deadline.explanation or {}
    return (
        not explanation.get("extensions")
        and not explanation.get("custom")
        and ("start" in explanation)
    )


def plan_moves(
    session: Session,
    *,
    calendar_of: Callable[[int], WorkingCalendar],
    policy: Mapping | None = None,
    body_id: int | None = None,
) -> list[Planned]:
    """Every open deadline whose day differs under its body's calendar as it would be
    (`calendar_of(body_id)`) and the durations: those of one body under its durations as they
    would be (`policy`) or its calendar as it would be, or (the national calendar changed) every
    body's under its own."""
    zone = session.info["settings"].zone
    planned, calendars = [], {}
    query = (
        select(Deadline, Proposal.body_id)
        .join(Proposal, Proposal.id == Deadline.proposal_id)
        .where(Deadline.status.in_(OPEN_DEADLINE_STATUSES))
        .order_by(Deadline.id)
    )
    if body_id is not None:
        query = query.where(Proposal.body_id == body_id)
    for deadline, deadline_body in session.execute(query):
        if not _recomputable(deadline):
            continue
        durations = policy if policy is not None else load_policy(session, deadline_body)
        if deadline_body not in calendars:
            calendars[deadline_body] = calendar_of(deadline_body)
        calendar = calendars[deadline_body]
        timer = TIMERS[(deadline.workflow, deadline.rule)]
        start = date.fromisoformat(deadline.explanation["start"])
        amount = int(durations.get(timer.period.setting, timer.period.amount))
        count, amount_text = count_period(timer.period, start, amount, calendar)
        current = deadline.due_at.astimezone(zone).date()
        if count.date == current and count.provisional == deadline.provisional:
            continue
        explanation = explain(
            rule=timer.rule,
            label=timer.label,
            start=start,
            start_verb=timer.since,
            amount_text=amount_text,
            count=count,
        )
        move = Move(
            deadline.id,
            deadline.kind,
            deadline.proposal_id,
            deadline.assignment_id,
            current,
            count.date,
            count.provisional,
        )
        planned.append(Planned(move, deadline, explanation, calendar))
    return planned


def apply_moves(session: Session, planned: list[Planned], *, now: datetime) -> None:
    zone = session.info["settings"].zone
    for move, deadline, explanation, calendar in planned:
        timer = TIMERS[(deadline.workflow, deadline.rule)]
        explanation["recomputed_at"] = now.isoformat()
        if deadline.explanation.get("reminder_advance_days"):
            say_advance(explanation, deadline.explanation["reminder_advance_days"])
        if move.days == 0:
            # Only firm or provisional changed (a year published or taken back): the day and its
            # reminders stand, and a new version would send notices already sent once more.
            explanation["reminders"] = deadline.explanation.get("reminders", [])
            deadline.explanation, deadline.provisional = explanation, move.provisional
            continue
        deadline.due_at, deadline.provisional = end_of_day(move.to_day, zone), move.provisional
        replan(deadline, timer, explanation, calendar=calendar, zone=zone, now=now)
        if deadline.assignment_id is not None and deadline.kind in ("reply", "opinion"):
            assignment = session.get(Assignment, deadline.assignment_id)
            assignment.due_at, assignment.due_on = deadline.due_at, move.to_day
