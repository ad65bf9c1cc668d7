"""The sweep fires every timer whose time has come; the scheduler only decides when it runs.

Each due row is claimed with `FOR UPDATE SKIP LOCKED` and handled in its own transaction: the
timer event goes through the engine (actor `system`, in the history, with its 催办 notice and
notifications), and a `DeadlineFiring` row keyed by (deadline, step, deadline version) makes a
second firing of the same step impossible. A sweep never waits for a proposal that a person is
changing: it leaves that row to the next round, so sweeps and requests cannot deadlock.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import workflows
from service.db import current_session, unit_of_work
from service.engine import SYSTEM
from service.errors import DomainError
from service.models import Assignment, Deadline, DeadlineFiring, Proposal
from service.operations.events import apply
from service.policy import in_body, load_policy
from service.vocabulary import OPEN_DEADLINE_STATUSES
from workflows.spec import Timer

log = logging.getLogger(__name__)
# A firing this much after its time is reported as late (the service was down, or busy).
LATE_AFTER = timedelta(minutes=10)
# A stale reminder of a `skip_stale` timer is dropped when it is this late.
STALE_AFTER = timedelta(days=1)
TIMERS = {(w.name, t.rule): t for w in workflows.ALL for t in w.timers}
# Rows held by another transaction are retried a few times, a little later each time.
RETRY_PASSES, RETRY_PAUSE = 5, 0.05


@dataclass(frozen=True)
class Step:
    """What is due on a deadline now: a reminder, the due event, or the escalation."""

    name: str
    event: str | None
    scheduled: datetime
    reminders_sent: int | None = None


@dataclass
class SweepResult:
    fired: int = 0
    skipped: int = 0
    failed: int = 0
    busy: int = 0

    def __str__(self) -> str:
        return (
            f"fired {self.fired}, skipped {self.skipped}, failed {self.failed}, "
            f"left for later {self.busy}"
        )


def sweep(*, now: datetime, limit: int = 1000) -> SweepResult:
    """Fire what fell due by `now`, at most `limit` rows. Safe in several processes at once:
    a row whose proposal is held by someone else (a person, or another sweep firing a sibling
    deadline) is left for a moment and tried again in a later pass."""
    result, handled = SweepResult(), 0
    for attempt in range(RETRY_PASSES):
        busy: set[int] = set()
        handled += _pass(now, limit - handled, busy, result)
        if not busy or handled >= limit:
            break
        time.sleep(RETRY_PAUSE * (attempt + 1))
    return result


def _pass(now: datetime, budget: int, busy: set[int], result: SweepResult) -> int:
    """One pass over the due rows; returns how many were handled (busy ones excluded)."""
    handled = 0
    while handled < budget:
        outcome, deadline_id = _handle_next(now, busy)
        if outcome is None:
            break
        if outcome in ("busy", "failed"):
            busy.add(deadline_id)
        if outcome == "busy":
            result.busy += 1
            continue
        handled += 1
        setattr(result, outcome, getattr(result, outcome) + 1)
    return handled


def _claim(session: Session, now: datetime, busy: set[int]) -> Deadline | None:
    query = (
        select(Deadline)
        .where(Deadline.next_fire_at <= now, Deadline.status.in_(OPEN_DEADLINE_STATUSES))
        .order_by(Deadline.next_fire_at, Deadline.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if busy:
        query = query.where(Deadline.id.not_in(busy))
    return session.scalars(query).first()


def _lock_subject(session: Session, deadline: Deadline):
    """The subject, locked proposal first as every request does; None when someone holds it."""
    proposal = session.scalars(
        select(Proposal)
        .where(Proposal.id == deadline.proposal_id)
        .with_for_update(skip_locked=True, of=Proposal)
        .execution_options(populate_existing=True)
    ).first()
    if proposal is None or deadline.assignment_id is None:
        return proposal
    return session.scalars(
        select(Assignment)
        .where(Assignment.id == deadline.assignment_id)
        .with_for_update(skip_locked=True, of=Assignment)
        .execution_options(populate_existing=True)
    ).first()


def _handle_next(now: datetime, busy: set[int]) -> tuple[str | None, int | None]:
    deadline_id = None
    try:
        with unit_of_work() as session:
            deadline = _claim(session, now, busy)
            if deadline is None:
                return None, None
            deadline_id = deadline.id
            subject = _lock_subject(session, deadline)
            if subject is None:
                return "busy", deadline_id
            return _advance(session, deadline, subject, now), deadline_id
    except IntegrityError:  # another sweep fired this very step: nothing to do twice
        return "skipped", deadline_id
    except Exception as error:  # one bad row must not stop the rest
        log.exception("deadline %s could not be fired", deadline_id)
        _mark_failed(deadline_id, error)
        return "failed", deadline_id


def _advance(session: Session, deadline: Deadline, subject, now: datetime) -> str:
    in_body(session, subject.body_id)  # the clock works in the body of each subject in turn
    timer = TIMERS[(deadline.workflow, deadline.rule)]
    step = next_step(deadline, timer, now, escalate_days=_escalate_days(session))
    if step is None:
        deadline.next_fire_at = None
        return "skipped"
    late = now - step.scheduled > LATE_AFTER
    if (
        step.name.startswith("reminder")
        and timer.after_downtime == "skip_stale"
        and (now - step.scheduled > STALE_AFTER)
    ):
        _after(deadline, step, timer, now, session, sent=False)
        return "skipped"
    session.add(
        DeadlineFiring(
            deadline_id=deadline.id,
            step=step.name,
            event=step.event,
            deadline_version=deadline.version,
            late=late,
            fired_at=now,
        )
    )
    session.flush()  # the unique key answers here if this step was already fired
    _after(deadline, step, timer, now, session)
    if step.event is None:
        return "fired"
    payload = {
        "deadline_id": deadline.id,
        "kind": deadline.kind,
        "late": late,
        # Shown in the history as every time the API answers: in the service's zone.
        "due_at": deadline.due_at.astimezone(session.info["settings"].zone).isoformat(),
    }
    try:
        with session.begin_nested():
            apply(
                session,
                subject,
                actor=SYSTEM,
                event=step.event,
                version=None,
                payload=payload,
                now=now,
            )
    except DomainError as refused:  # the subject moved on; the deadline has lost its point
        deadline.status, deadline.closed_at, deadline.next_fire_at = "cancelled", now, None
        deadline.error = refused.message
        return "skipped"
    return "fired"


def next_step(
    deadline: Deadline, timer: Timer, now: datetime, *, escalate_days: int
) -> Step | None:
    """The one step due now; a reminder whose deadline already passed gives way to the due event,
    and several missed reminders fire once, as the latest."""
    if deadline.status in ("open", "reminded") and deadline.due_at <= now:
        event = None if timer.silent else timer.due_event
        return Step("due", event, deadline.due_at)
    reminders = [datetime.fromisoformat(t) for t in deadline.explanation.get("reminders", [])]
    due_reminders = [i for i, at in enumerate(reminders) if at <= now]
    if (
        deadline.status in ("open", "reminded")
        and due_reminders
        and (due_reminders[-1] >= deadline.reminders_sent)
    ):
        index = due_reminders[-1]
        return Step(f"reminder:{index}", f"{timer.kind}_reminder", reminders[index], index + 1)
    escalate_at = _escalate_at(deadline, timer, escalate_days)
    if (
        deadline.status == "overdue"
        and escalate_at is not None
        and escalate_at <= now
        and (deadline.escalated_at is None)
    ):
        return Step("escalated", f"{timer.kind}_escalated", escalate_at)
    return None


def _escalate_at(deadline: Deadline, timer: Timer, days: int) -> datetime | None:
    if timer.escalate_after_days is None:
        return None
    return deadline.due_at + timedelta(days=days)


def _escalate_days(session: Session) -> int:
    return int(load_policy(session)["escalate_after_days"])


def _after(
    deadline: Deadline,
    step: Step,
    timer: Timer,
    now: datetime,
    session: Session,
    *,
    sent: bool = True,
) -> None:
    """Record the step on the row and set when the sweep must look at it next. A reminder
    dropped as stale (`sent` false) is passed over: nobody was reminded."""
    reminders = [datetime.fromisoformat(t) for t in deadline.explanation.get("reminders", [])]
    if step.reminders_sent is not None:
        deadline.reminders_sent = step.reminders_sent
        if sent:
            deadline.reminded_at, deadline.status = now, "reminded"
        upcoming = [at for at in reminders[step.reminders_sent :] if at < deadline.due_at]
        deadline.next_fire_at = upcoming[0] if upcoming else deadline.due_at
    elif step.name == "due":
        # A window that closes (退回期限) is nobody's lateness: it ends, it is not overdue.
        deadline.overdue_at = None if timer.silent else now
        deadline.status = "done" if timer.silent else "overdue"
        deadline.closed_at = now if timer.silent else None
        deadline.next_fire_at = _escalate_at(deadline, timer, _escalate_days(session))
    else:
        deadline.escalated_at, deadline.next_fire_at = now, None


def _mark_failed(deadline_id: int | None, error: Exception) -> None:
    if deadline_id is None:
        return
    current_session().rollback()
    with unit_of_work() as session:
        deadline = session.get(Deadline, deadline_id)
        deadline.status, deadline.next_fire_at = "failed", None
        deadline.error = f"{type(error).__name__}: {error}"[:1000]
