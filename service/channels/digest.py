"""Each unit's daily digest (每日时限提醒): one message a day to its group robot and its clerks'
mail, listing its deadlines falling due within 5 working days and those overdue. A unit with
nothing due gets nothing."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from service.channels.outbox import Address
from service.deadlines.store import load_calendar
from service.models import Assignment, Deadline, Delivery, Unit, User
from service.policy import load_policy
from service.vocabulary import DEADLINE_KINDS, OPEN_DEADLINE_STATUSES, Channel

WORKING_DAYS_AHEAD = 5


def unit_deadlines(session: Session, unit: Unit, today: date, zone) -> tuple[list, list]:
    """(due within the next working days, overdue) of the unit's own assignments."""
    horizon = load_calendar(session, unit.body_id).add_working_days(today, WORKING_DAYS_AHEAD).date
    rows = session.scalars(
        select(Deadline)
        .join(Assignment, Assignment.id == Deadline.assignment_id)
        .where(Assignment.unit_id == unit.id, Deadline.status.in_(OPEN_DEADLINE_STATUSES))
        .options(joinedload(Deadline.proposal))
        .order_by(Deadline.due_at, Deadline.id)
    )
    soon, overdue = [], []
    for deadline in rows:
        day = deadline.due_at.astimezone(zone).date()
        if deadline.status == "overdue" or day < today:
            overdue.append(deadline)
        elif day <= horizon:
            soon.append(deadline)
    return soon, overdue


def digest_text(unit: Unit, soon: list, overdue: list, *, today: date, zone, link: str) -> str:
    def line(number: int, deadline: Deadline) -> str:
        proposal = deadline.proposal
        day = deadline.due_at.astimezone(zone).date()
        kind = DEADLINE_KINDS.get(deadline.kind, deadline.kind)
        return (
            f"{number}. 提案{proposal.number_label or ''}《{proposal.title}》{kind}，"
            f"{day.month}月{day.day}日到期"
        )

    parts = [f"{unit.name}办理时限提醒（{today.month}月{today.day}日）"]
    if overdue:
        parts += ["", f"已超期（{len(overdue)}项）："] + [
            line(n, d) for n, d in enumerate(overdue, 1)
        ]
    if soon:
        parts += ["", f"{WORKING_DAYS_AHEAD}个工作日内到期（{len(soon)}项）："]
        parts += [line(n, d) for n, d in enumerate(soon, 1)]
    parts += ["", f"查看详情：{link}"]
    return "\n".join(parts)


def queue_digest(session: Session, unit: Unit, *, now: datetime) -> int:
    """Queue today's digest of one unit (nothing when it has nothing due, or was queued)."""
    settings = session.info["settings"]
    today = now.astimezone(settings.zone).date()
    soon, overdue = unit_deadlines(session, unit, today, settings.zone)
    if not (soon or overdue):
        return 0
    link = f"{settings.base_url}/assignments"
    text = digest_text(unit, soon, overdue, today=today, zone=settings.zone, link=link)
    subject = f"【政协提案】{unit.name}办理时限提醒（{today.month}月{today.day}日）"
    queued = 0
    for to in _addresses(session, unit, settings):
        key = f"digest:{unit.id}:{today.isoformat()}:{to.channel}:{to.address}"[:200]
        if session.scalar(select(Delivery.id).where(Delivery.digest_key == key)) is not None:
            continue
        body = (
            text
            if to.channel != Channel.EMAIL
            else f"{to.greeting}：\n\n{text}\n\n{_office(session, unit.body_id)}\n"
        )
        session.add(
            Delivery(
                body_id=unit.body_id,
                digest_key=key,
                channel=to.channel,
                address=to.address,
                robot_kind=to.robot_kind,
                subject=subject,
                text=body,
                link=link,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        queued += 1
    return queued


def _office(session: Session, body_id: int) -> str:
    return load_policy(session, body_id)["office_name"]


def _addresses(session: Session, unit: Unit, settings):
    if unit.webhook_url:
        yield Address(Channel.WEBHOOK, unit.webhook_url, unit.name, unit.webhook_kind)
    if not settings.smtp_url:
        return
    clerks = session.scalars(
        select(User)
        .where(User.unit_id == unit.id, User.role == "unit", User.active.is_(True))
        .order_by(User.id)
    )
    for clerk in clerks:
        chosen = clerk.notify_by
        if clerk.email and (chosen is None or Channel.EMAIL in chosen):
            yield Address(Channel.EMAIL, clerk.email, clerk.display_name or clerk.username)
