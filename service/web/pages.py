"""The 工作台 (what waits for each person), the proposal and assignment lists, and notifications."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import func, or_, select

from service import vocabulary
from service.access import visible_assignments, visible_proposals
from service.api.presenters import Presenter
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.models import Assignment, Deadline, Notification, PlenarySession, Proposal
from service.web.auth import current_user, login_required
from workflows import BY_NAME

blp = Blueprint("pages", __name__)
PAGE_SIZE = 50

# What lands on each role's desk: (heading, proposal states or assignment states).
DESKS = {
    "member": [
        ("待修改后重新提交", ("returned",)),
        ("待测评的答复", ("replied",)),
        ("草稿", ("draft",)),
        ("联名征集中", ("cosigning",)),
    ],
    "committee": [
        ("待立案审查", ("submitted",)),
        ("已立案待交办", ("accepted",)),
        ("当面协商", ("consulting",)),
        ("回头看进行中", ("following_up",)),
    ],
    "leader": [("督办中的重点提案", ("handling", "replied", "consulting", "following_up"))],
}
UNIT_DESK = [
    ("待签收", ("pending",)),
    ("办理中", ("handling", "rehandling")),
    ("申请退回审批中", ("return_requested",)),
    ("答复审查中", ("reply_review",)),
]
COMMITTEE_ASSIGNMENT_DESK = [
    ("申请退回待审批", ("return_requested",)),
    ("答复待审查", ("reply_review",)),
]


def days_left(due: datetime | None, now: datetime) -> int | None:
    if due is None:
        return None
    zone = current_session().info["settings"].zone
    return (due.astimezone(zone).date() - now.astimezone(zone).date()).days


def countdown(due, now=None) -> str:
    """“还剩5天” / “今天到期” / “已超期3天”, as clerks say it."""
    left = days_left(due, now or current_clock().now())
    if left is None:
        return ""
    if left > 0:
        return f"还剩{left}天"
    return "今天到期" if left == 0 else f"已超期{-left}天"


def local(moment, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(current_session().info["settings"].zone).strftime(fmt)


TEMPLATE_GLOBALS = {
    "vocab": vocabulary,
    "countdown": countdown,
    "local": local,
    "current_user": current_user,
    "state_label": lambda workflow, state: BY_NAME[workflow].state_label(state),
    "event_label": lambda workflow, event: (
        BY_NAME[workflow].event(event).label if BY_NAME[workflow].event(event) else event
    ),
}


@blp.route("/")
def home():
    return redirect(url_for("pages.dashboard") if current_user() else url_for("auth.login"))


@blp.route("/workbench")
@login_required
def dashboard():
    """工作台: what waits for the logged-in person, soonest deadline first."""
    user, session, now = current_user(), current_session(), current_clock().now()
    presenter = Presenter(session, user, now=now)
    desks = []
    if user.role == "unit" or user.role == "committee":
        for heading, states in UNIT_DESK if user.role == "unit" else COMMITTEE_ASSIGNMENT_DESK:
            rows = session.scalars(
                visible_assignments(user)
                .where(Assignment.state.in_(states))
                .order_by(Assignment.due_at, Assignment.id)
                .limit(PAGE_SIZE)
            ).all()
            desks.append(
                (
                    heading,
                    "assignment",
                    [presenter.assignment_brief(a) | {"proposal": a.proposal} for a in rows],
                )
            )
    for heading, states in DESKS.get(user.role, []):
        rows = session.scalars(
            visible_proposals(user)
            .where(Proposal.state.in_(states))
            .order_by(Proposal.id.desc())
            .limit(PAGE_SIZE)
        ).all()
        desks.append((heading, "proposal", rows))
    return render_template(
        "web/dashboard.html",
        title="工作台",
        desks=desks,
        overdue=_overdue(session, user, now)
        if user.role in ("committee", "leader", "admin")
        else [],
    )


def _overdue(session, user, now):
    return session.scalars(
        select(Deadline)
        .where(
            Deadline.status.in_(("open", "reminded", "overdue")),
            Deadline.due_at <= now,
            Deadline.kind != "return_window",
        )
        .order_by(Deadline.due_at)
        .limit(20)
    ).all()


@blp.route("/proposals")
@login_required
def proposal_list():
    """提案清单 with search and filters (state, year, key), newest first, 50 a page."""
    user, session = current_user(), current_session()
    args = request.args
    query = visible_proposals(user)
    if args.get("state"):
        query = query.where(Proposal.state == args["state"])
    if args.get("q"):
        pattern = f"%{args['q'].strip()}%"
        query = query.where(
            or_(
                Proposal.title.like(pattern),
                Proposal.background.like(pattern),
                Proposal.body_text.like(pattern),
            )
        )
    if args.get("year", "").isdigit():
        query = query.where(
            Proposal.plenary_session_id.in_(
                select(PlenarySession.id).where(PlenarySession.year == int(args["year"]))
            )
        )
    if args.get("key") == "1":
        query = query.where(Proposal.key.is_(True))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    page = max(int(args.get("page", "1")) if args.get("page", "1").isdigit() else 1, 1)
    rows = session.scalars(
        query.order_by(Proposal.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return render_template(
        "web/proposals.html",
        title="提案清单",
        rows=rows,
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        states=BY_NAME["proposal"].states,
        args=args,
    )


@blp.route("/assignments")
@login_required
def assignment_list():
    """交办清单: assignments with their countdowns (a unit sees its own)."""
    user, session, now = current_user(), current_session(), current_clock().now()
    query = visible_assignments(user)
    if request.args.get("state"):
        query = query.where(Assignment.state == request.args["state"])
    rows = session.scalars(
        query.order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id).limit(200)
    ).all()
    presenter = Presenter(session, user, now=now)
    return render_template(
        "web/assignments.html",
        title="交办清单",
        rows=[presenter.assignment_brief(a) | {"proposal": a.proposal} for a in rows],
        states=BY_NAME["assignment"].states,
        args=request.args,
    )


@blp.route("/notifications", methods=["GET", "POST"])
@login_required
def notifications():
    user, now = current_user(), current_clock().now()
    mine = _notification_filter(user)
    if request.method == "POST":
        with unit_of_work() as session:
            for row in session.scalars(
                select(Notification).where(mine, Notification.read_at.is_(None))
            ):
                row.read_at = now
        return redirect(url_for("pages.notifications"))
    rows = (
        current_session()
        .scalars(select(Notification).where(mine).order_by(Notification.id.desc()).limit(100))
        .all()
    )
    return render_template("web/notifications.html", title="通知", rows=rows)


def _notification_filter(user):
    clauses = [Notification.user_id == user.id, Notification.role == user.role]
    if user.unit_id is not None:
        clauses.append(Notification.unit_id == user.unit_id)
    return or_(*clauses)


def unread_count(user) -> int:
    return (
        current_session().scalar(
            select(func.count())
            .select_from(Notification)
            .where(_notification_filter(user), Notification.read_at.is_(None))
        )
        or 0
    )


TEMPLATE_GLOBALS["unread_count"] = unread_count
