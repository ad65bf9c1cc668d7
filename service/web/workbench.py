"""The 工作台: what waits for the logged-in person (desks per role, soonest deadline first), the
overdue and due-soon boards, and the full deadline board behind them."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from service.clock import current_clock
from service.db import current_session
from service.models import PlenarySession
from service.models.plenary import is_fallback
from service.permissions import Permission, can
from service.web.auth import current_user, login_required
from service.web.boards import board_rows
from service.web.desks import desks_for

blp = Blueprint("workbench", __name__)
BOARD_ROWS = 8  # the rest are one click away, on the full board


@blp.route("/workbench")
@login_required
def dashboard():
    """工作台: what waits for the logged-in person, soonest deadline first."""
    user, session = current_user(), current_session()
    desks = desks_for(session, user)
    return render_template(
        "web/dashboard.html",
        title="工作台",
        busy=[d for d in desks if d.rows],
        idle=[d for d in desks if not d.rows],
        boards=_boards(session, user),
        session_warning=_session_warning(session, user),
    )


def _session_warning(session, user) -> str | None:
    """Until the office sets up a real current session, proposals go to one the service made
    for the year; the office is told so on every visit."""
    if not can(user, Permission.SESSIONS_MANAGE):
        return None
    current = session.scalars(
        select(PlenarySession).where(
            PlenarySession.body_id == user.body_id, PlenarySession.current
        )
    ).first()
    if not is_fallback(current):
        return None
    if current is None:
        return "尚未设置当前会次：新提交的提案将归入系统按年度自动建立的会次。"
    return f"当前会次“{current.name}”是系统自动建立的，不是正式的届次会次。"


def _boards(session, user) -> dict:
    """已超期 and 15日内到期, for those who answer for deadlines or oversee them."""
    if not can(user, Permission.DEADLINE_BOARDS_READ):
        return {}
    now = current_clock().now()
    return {
        board: board_rows(session, user, board, now=now, limit=BOARD_ROWS)
        for board in ("overdue", "soon")
    }


@blp.route("/deadlines")
@login_required
def deadlines():
    """时限督办: every overdue or due-soon deadline in the person's view, by kind."""
    user, now, board = current_user(), current_clock().now(), request.args.get("board", "overdue")
    if board not in ("overdue", "soon") or not can(user, Permission.DEADLINE_BOARDS_READ):
        abort(404)
    kind = request.args.get("kind") or None
    rows, total = board_rows(current_session(), user, board, now=now, kind=kind, limit=500)
    heading = "已超期的时限" if board == "overdue" else "即将到期的时限"
    return render_template(
        "web/deadlines.html", title=heading, heading=heading, rows=rows, total=total, board=board
    )
