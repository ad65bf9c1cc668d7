"""通知: a person's notifications, newest first, filtered by kind (交办, 催办, 答复 …) or to the
unread ones; each leads to the proposal or assignment it is about and is read on opening; one
button marks them all read, for this person alone."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from service.access import visible_assignments
from service.channels.calendar_feed import feed_url
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.models import Assignment
from service.notifications import KINDS, OTHER, kind_of
from service.operations import calendar_feeds, inbox
from service.permissions import Permission, can
from service.validation import MAX_ID, plain_number
from service.web.auth import current_user, login_required

blp = Blueprint("notification_pages", __name__)
PAGE_SIZE = 50


def _choice(args) -> dict:
    """The filter in the address: a kind not offered is no filter."""
    kind = args.get("kind")
    return {
        "kind": kind if kind in KINDS else None,
        "unread_only": args.get("unread") == "1",
    }


@blp.route("/notifications")
@login_required
def notifications():
    """通知, newest first, of one kind or all, unread only or all."""
    user, session, chosen = current_user(), current_session(), _choice(request.args)
    page = max(plain_number(request.args.get("page"), "页码", maximum=MAX_ID // PAGE_SIZE) or 1, 1)
    total = inbox.count(session, user, **chosen)
    rows = inbox.recent(session, user, **chosen, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render_template(
        "web/notifications.html",
        title="通知",
        rows=[
            (n, read_at, KINDS.get(kind_of(n.event), OTHER), _opens(user, n)) for n, read_at in rows
        ],
        kinds=KINDS,
        counts=inbox.by_kind(session, user),
        unread=inbox.unread_count(session, user),
        chosen=chosen,
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        calendar_url=_calendar_url(user),
    )


def _calendar_url(user) -> str:
    settings = current_session().info["settings"]
    return feed_url(user, secret=current_app.config["SECRET_KEY"], base_url=settings.base_url)


@blp.route("/notifications/calendar-token", methods=["POST"])
@login_required
def renew_calendar_token():
    """更换日历订阅地址: the old address stops at once."""
    with unit_of_work() as session:
        calendar_feeds.renew_calendar_token(session, current_user())
    flash("日历订阅地址已更换，旧地址已失效；请在日历程序中改用新地址。")
    return redirect(url_for("notification_pages.notifications") + "#calendar")


@blp.route("/notifications", methods=["POST"])
@login_required
def mark_all_read():
    """全部标为已读: every notification of this person, whatever the filter shows."""
    with unit_of_work() as session:
        inbox.mark_read(session, current_user(), now=current_clock().now())
    kept = {k: v for k, v in request.args.items() if k in ("kind", "unread")}
    return redirect(url_for("notification_pages.notifications", **kept))


@blp.route("/notifications/<int:notification_id>")
@login_required
def open_notification(notification_id: int):
    """Mark one notification read and go to what it is about."""
    user = current_user()
    found = inbox.find(current_session(), user, notification_id)
    if found is None:
        abort(404)
    target = _target(user, found)
    with unit_of_work() as session:
        inbox.mark_read(session, user, now=current_clock().now(), notification_id=found.id)
    return redirect(target)


def _opens(user, notification) -> str:
    """What opening the notification shows: 交办件 (a unit's own, or the one the office is told
    of) or the proposal."""
    if notification.transfer_id is not None:
        return "转来的提案"
    if not can(user, Permission.ASSIGNMENT_PAGES_OPEN):
        return "提案"
    own = can(user, Permission.ASSIGNMENTS_HANDLE)
    return "交办件" if notification.assignment_id or own else "提案"


def _target(user, notification) -> str:
    """A unit goes to its own assignment, the office to the one named; everyone else to the
    proposal, which shows every reply they may read; a receiving office to the transfer."""
    if notification.transfer_id is not None:
        return url_for("transfer_pages.transfer", transfer_id=notification.transfer_id)
    if can(user, Permission.ASSIGNMENT_PAGES_OPEN):
        query = visible_assignments(user).where(Assignment.proposal_id == notification.proposal_id)
        if notification.assignment_id is not None:
            query = query.where(Assignment.id == notification.assignment_id)
        found = current_session().scalars(query.order_by(Assignment.id.desc())).first()
        own = can(user, Permission.ASSIGNMENTS_HANDLE)
        if found is not None and (own or notification.assignment_id):
            return url_for("assignment_pages.assignment", assignment_id=found.id)
    return url_for("proposal_pages.proposal", proposal_id=notification.proposal_id)


def unread_count(user) -> int:
    return inbox.unread_count(current_session(), user)
