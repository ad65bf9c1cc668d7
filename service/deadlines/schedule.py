"""Open and close a subject's deadlines as its events move it (DOMAIN.md "Deadlines and timers").

Called by the engine inside the event's transaction; the sweep only fires what is stored here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from service.deadlines.calendar import DayCount, WorkingCalendar
from service.deadlines.explanation import chinese_date, explain, period_text
from service.deadlines.store import load_calendar
from service.models import Deadline
from service.policy import load_policy
from service.vocabulary import OPEN_DEADLINE_STATUSES
from workflows import BY_NAME
from workflows.spec import Context, Period, Timer, Workflow

# Leaving by these events drops the deadline instead of meeting it.
CANCELLING_EVENTS = frozenset(
    {"withdraw", "approve_withdrawal", "close_withdrawn", "approve_return", "merge"}
)


def end_of_day(day: date, zone) -> datetime:
    return datetime.combine(day, time(23, 59, 59), zone)


def close_deadlines(session: Session, subject, rules: list[str], *, status: str, now) -> None:
    """Close the subject's open deadlines of these rules in one UPDATE (no read first); the
    session's loaded deadlines of the subject are updated to match."""
    session.execute(
        _closing(subject.__workflow__),
        {"subject": subject.id, "rules": rules, "status": status, "now": now},
        execution_options={"synchronize_session": "fetch"},
    )


@cache
def _closing(workflow: str):
    """The UPDATE, built once per workflow: only its parameters change."""
    column = Deadline.assignment_id if workflow == "assignment" else Deadline.proposal_id
    query = update(Deadline).where(
        column == bindparam("subject"),
        Deadline.status.in_(OPEN_DEADLINE_STATUSES),
        Deadline.rule.in_(bindparam("rules", expanding=True)),
    )
    if workflow == "proposal":
        query = query.where(Deadline.workflow == "proposal")
    return query.values(status=bindparam("status"), closed_at=bindparam("now"), next_fire_at=None)


def reschedule(
    session: Session, ctx: Context, workflow: Workflow, *, event: str, from_state: str | None
) -> None:
    """Close the deadlines the event met or left behind, then open those its new state starts."""
    subject, now = ctx.subject, ctx.now
    # A deadline is open only while its subject stays in its timer's `open_while` (it opens on
    # entering `starts_in`, part of it): only those of the state left can be open. A subject
    # just created (no state before) has none yet; 交办 from 已立案 none at all.
    closing = [
        t.rule
        for t in workflow.timers
        if from_state in t.open_while and (event in t.met_by or subject.state not in t.open_while)
    ]
    if closing:
        status = "cancelled" if event in CANCELLING_EVENTS else "done"
        close_deadlines(session, subject, closing, status=status, now=now)
    for timer in workflow.timers:
        entering = from_state is None or from_state not in timer.open_while
        if (
            entering
            and subject.state in timer.starts_in
            and (timer.applies is None or timer.applies(ctx))
        ):
            session.add(_open(session, timer, ctx))


def _open(session: Session, timer: Timer, ctx: Context) -> Deadline:
    zone = session.info["settings"].zone
    policy, calendar = ctx.options, load_calendar(session, ctx.subject.body_id)
    start = _start_day(timer, ctx, zone)
    count, amount_text, custom = _count(timer, ctx, start, policy, calendar)
    due_at = end_of_day(count.date, zone)
    subject = ctx.subject
    is_assignment = subject.__workflow__ == "assignment"
    advance = reminder_advance(subject, timer, policy)
    reminders = _reminder_times(timer, count.date, calendar, zone, advance=advance)
    explanation = explain(
        rule=timer.rule,
        label=timer.label,
        start=start,
        start_verb=timer.since,
        amount_text=amount_text,
        count=count,
    )
    explanation["reminders"] = [r.isoformat() for r in reminders]
    if advance:
        say_advance(explanation, advance)
    explanation["custom"] = custom  # a day a person chose: recomputing leaves it
    if is_assignment and timer.kind in ("reply", "opinion"):
        subject.due_at, subject.due_on = due_at, count.date
        subject.reply_limit_on = calendar.add_months(start, policy["max_reply_months"]).date
    if is_assignment and timer.kind == "return_window":
        subject.return_until = due_at
    upcoming = [r for r in reminders if r > ctx.now]
    return Deadline(
        rule=timer.rule,
        kind=timer.kind,
        workflow=subject.__workflow__,
        proposal=subject.proposal if is_assignment else subject,
        assignment=subject if is_assignment else None,
        starts_on=start,
        due_at=due_at,
        status="open",
        provisional=count.provisional,
        explanation=explanation,
        next_fire_at=upcoming[0] if upcoming else due_at,
        reminders_sent=len(reminders) - len(upcoming),
        created_at=ctx.now,
    )


def _start_day(timer: Timer, ctx: Context, zone) -> date:
    """Counting starts from the event, except 回头看, which is counted from the reply."""
    replied_at = getattr(ctx.subject, "replied_at", None)
    if timer.period.unit == "follow_up" and replied_at is not None:
        return replied_at.astimezone(zone).date()
    return ctx.now.astimezone(zone).date()


def _count(
    timer: Timer, ctx: Context, start: date, policy, calendar: WorkingCalendar
) -> tuple[DayCount, str, bool]:
    """The due day, how it was reached, and whether it is a day a person chose (a promise, the
    next 回头看 set by the office, the session's one reply date) rather than a period."""
    period = timer.period
    amount = int(policy.get(period.setting, period.amount))
    if period.unit == "follow_up":
        chosen = ctx.subject.next_follow_up_on
        if chosen is not None:
            days = max((chosen - start).days, 0)
            return calendar.add_calendar_days(start, days), f"至承诺或约定日期（{days}天）", True
    fixed = session_reply_day(timer, ctx.subject, start)
    if fixed is not None:
        days = (fixed - start).days
        said = f"至本会次大会提案统一答复日期（{days}天）"
        return calendar.add_calendar_days(start, days), said, True
    return (*count_period(period, start, amount, calendar), False)


def session_reply_day(timer: Timer, subject, start: date) -> date | None:
    """The session's one reply date (统一答复日期) for a 大会提案's first-round reply, if the
    session has one and it is still ahead; re-handling and 平时提案 keep their periods."""
    if timer.rule != "reply" or subject.__workflow__ != "assignment":
        return None
    proposal = subject.proposal
    fixed = proposal.plenary_session.reply_due_on
    if fixed is None or proposal.filed_during != "plenary" or fixed <= start:
        return None
    return fixed


def count_period(
    period: Period, start: date, amount: int, calendar: WorkingCalendar
) -> tuple[DayCount, str]:
    """The end day of a period of `amount` units from `start`, and how to say it."""
    if period.unit == "working_days":
        return calendar.add_working_days(start, amount), period_text(period, amount)
    if period.unit == "calendar_days":
        return calendar.add_calendar_days(start, amount), period_text(period, amount)
    return calendar.add_months(start, amount), period_text(period, amount)


def reminder_advance(subject, timer: Timer, policy) -> int:
    """How many days earlier a unit is reminded: 重点提案 get earlier 催办 (DOMAIN.md), by the
    setting `key_reminder_advance_days`; the proposal's own timers keep their days."""
    if subject.__workflow__ != "assignment" or not timer.reminders or not subject.proposal.key:
        return 0
    return max(int(policy.get("key_reminder_advance_days", 0)), 0)


def say_advance(explanation: dict, advance: int) -> dict:
    """Note on the deadline that its reminders come `advance` days early (a key proposal)."""
    explanation["reminder_advance_days"] = advance
    explanation["text"] = explanation["text"].rstrip("。") + f"；重点提案提前{advance}天催办。"
    return explanation


def _reminder_times(
    timer: Timer, due: date, calendar: WorkingCalendar, zone, *, advance: int = 0
) -> list[datetime]:
    """When each reminder falls, `advance` calendar days before its usual day."""
    times = []
    for reminder in timer.reminders:
        if reminder.working:
            day = calendar.working_days_before(due, reminder.amount).date
        else:
            day = due - timedelta(days=reminder.amount)
        times.append(datetime.combine(day - timedelta(days=advance), time(0, 0), zone))
    return sorted(times)


def extend_deadline(session: Session, assignment, until: date, *, now: datetime) -> None:
    """An approved extension moves the open reply deadline (never past the maximum, which the
    request was checked against), plans its reminders anew and says so in its explanation."""
    zone = session.info["settings"].zone
    deadline = session.scalars(
        select(Deadline).where(
            Deadline.assignment_id == assignment.id,
            Deadline.kind == "reply",
            Deadline.status.in_(OPEN_DEADLINE_STATUSES),
        )
    ).first()
    if deadline is None:
        return
    timer = next(t for t in BY_NAME["assignment"].timers if t.rule == deadline.rule)
    explanation = dict(deadline.explanation)
    explanation["extensions"] = [
        *explanation.get("extensions", []),
        {
            "from": deadline.due_at.astimezone(zone).date().isoformat(),
            "to": until.isoformat(),
            "approved_at": now.isoformat(),
        },
    ]
    explanation["text"] = (
        explanation["text"].rstrip("。") + f"；经批准延期至{chinese_date(until)}。"
    )
    deadline.due_at = end_of_day(until, zone)
    calendar = load_calendar(session, assignment.body_id)
    replan(deadline, timer, explanation, calendar=calendar, zone=zone, now=now)
    assignment.due_at, assignment.due_on = deadline.due_at, until


def replan(deadline: Deadline, timer: Timer, explanation: dict, *, calendar, zone, now) -> None:
    """After the due day moved: new reminder times, a new version (so each step may fire once
    more for the new date), and the row open again when its day is ahead."""
    due = deadline.due_at.astimezone(zone).date()
    advance = int(explanation.get("reminder_advance_days", 0))
    reminders = _reminder_times(timer, due, calendar, zone, advance=advance)
    upcoming = [r for r in reminders if r > now]
    explanation["reminders"] = [r.isoformat() for r in reminders]
    deadline.explanation, deadline.version = explanation, deadline.version + 1
    deadline.reminders_sent = len(reminders) - len(upcoming)
    if deadline.due_at > now:
        deadline.status = "reminded" if deadline.reminders_sent else "open"
        deadline.escalated_at = None
        deadline.next_fire_at = upcoming[0] if upcoming else deadline.due_at
    else:
        deadline.next_fire_at = min(deadline.next_fire_at or now, now)


def advance_reminders(session: Session, proposal, *, now: datetime) -> None:
    """A proposal marked key while its units work: their open deadlines are reminded earlier
    from now on. A reminder the earlier plan puts in the past, and none sent covers, is sent at
    the next sweep (late), so a unit marked key close to its deadline is reminded at once."""
    zone, policy = session.info["settings"].zone, load_policy(session, proposal.body_id)
    calendar = load_calendar(session, proposal.body_id)
    ids = [a.id for a in proposal.assignments]
    rows = session.scalars(
        select(Deadline).where(
            Deadline.assignment_id.in_(ids), Deadline.status.in_(OPEN_DEADLINE_STATUSES)
        )
    ).all()
    for deadline in rows:
        timer = next(t for t in BY_NAME["assignment"].timers if t.rule == deadline.rule)
        advance = reminder_advance(deadline.assignment, timer, policy)
        # One opened for a key proposal keeps the advance it was opened with.
        if not advance or deadline.explanation.get("reminder_advance_days"):
            continue
        due = deadline.due_at.astimezone(zone).date()
        reminders = _reminder_times(timer, due, calendar, zone, advance=advance)
        sent = deadline.reminded_at
        # Those due by the last reminder sent count as sent: never one 催办 twice over.
        done = sum(1 for r in reminders if sent is not None and r <= sent)
        explanation = {**deadline.explanation, "reminders": [r.isoformat() for r in reminders]}
        deadline.explanation = say_advance(explanation, advance)
        deadline.reminders_sent = done
        unsent = [r for r in reminders[done:] if r < deadline.due_at]
        if deadline.due_at > now:
            deadline.next_fire_at = unsent[0] if unsent else deadline.due_at
