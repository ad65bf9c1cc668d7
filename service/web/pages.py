"""The proposal and assignment lists with search and filters."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import func, select

from service.access import visible_assignments, visible_proposals
from service.clock import current_clock
from service.db import current_session
from service.lists.proposal_filter import ProposalFilter
from service.models import Assignment, Proposal
from service.operations.bodies import units_of
from service.permissions import Permission, can
from service.presenters import ROW_PROPOSAL, Presenter
from service.validation import MAX_ID, plain_number
from service.vocabulary import CATEGORIES, PROPOSAL_TYPES
from service.web.auth import current_user, login_required
from workflows import BY_NAME

blp = Blueprint("pages", __name__)
PAGE_SIZE = 50


@blp.route("/")
def home():
    return redirect(url_for("workbench.dashboard") if current_user() else url_for("auth.login"))


def _page_number(args) -> int:
    return max(plain_number(args.get("page"), "页码", maximum=MAX_ID // PAGE_SIZE) or 1, 1)


def _filtered_proposals(user, args):
    """提案查询's filters: a state, category or type not offered is no filter; words are looked for
    in the title and every part of the text."""
    state, category, kind = args.get("state"), args.get("category"), args.get("type")
    wanted = ProposalFilter(
        states=(state,) if state in BY_NAME["proposal"].states else (),
        category=category if category in CATEGORIES else None,
        type=kind if kind in PROPOSAL_TYPES else None,
        words=args.get("q", "").strip() or None,
        year=plain_number(args.get("year"), "年度", maximum=9999),
        key=True if args.get("key") == "1" else None,
    )
    return visible_proposals(user).where(*wanted.conditions())


@blp.route("/proposals")
@login_required
def proposal_list():
    """提案查询: proposals with search and filters (words, state, category, type, year, key), newest
    first."""
    session, page = current_session(), _page_number(request.args)
    query = _filtered_proposals(current_user(), request.args)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(
        query.order_by(Proposal.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return render_template(
        "web/proposals.html", title="提案查询", rows=rows, total=total, page=page, pages=pages
    )


def _filtered_assignments(user, args):
    query = visible_assignments(user).join(Proposal, Proposal.id == Assignment.proposal_id)
    if args.get("state") in BY_NAME["assignment"].states:
        query = query.where(Assignment.state == args["state"])
    unit_id = plain_number(args.get("unit"), "承办单位")
    if unit_id is not None:
        query = query.where(Assignment.unit_id == unit_id)
    if args.get("q", "").strip():
        query = query.where(Proposal.title.contains(args["q"].strip(), autoescape=True))
    return query


@blp.route("/assignments")
@login_required
def assignment_list():
    """交办件: assignments with their countdowns (a unit sees its own), soonest first."""
    user, session = current_user(), current_session()
    query = _filtered_assignments(user, request.args)
    found = session.scalars(
        query.order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
        .limit(500)
        .options(ROW_PROPOSAL)
    ).all()
    presenter = Presenter(session, user, now=current_clock().now())
    rows = [presenter.assignment_brief(a) | {"proposal": a.proposal} for a in found]
    one_unit = can(user, Permission.ASSIGNMENTS_HANDLE)
    units = [] if one_unit else session.scalars(units_of(user.body_id)).all()
    return render_template("web/assignments.html", title="交办件", rows=rows, units=units)
