"""JSON API for assignments: a unit handler sees and acts on its own unit's assignments."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE, fields

from service.access import find_assignment, visible_assignments
from service.api.auth import current_actor
from service.api.pagination import PageArgs, paginate
from service.api.schemas import AssignmentSchema, EventRequestSchema, json_body, page_of
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.db.performance.responses import settle
from service.models import Assignment
from service.operations.events import apply_request
from service.presenters import ASSIGNMENT_PAGE, Presenter
from service.validation import integer

blp = Blueprint(
    "assignments",
    __name__,
    url_prefix="/api/v1/assignments",
    description="交办：签收、退回、沟通、延期、答复",
)


class AssignmentFilter(PageArgs):
    state = fields.String(load_default=None)
    proposal_id = integer("提案", required=False, strict=False)
    unit_id = integer("承办单位", required=False, strict=False)


@blp.route("", methods=["GET"])
@blp.arguments(AssignmentFilter, location="query", unknown=RAISE)
@blp.response(200, page_of(AssignmentSchema, "AssignmentPage"))
def list_assignments(args):
    """交办清单：the assignments the caller may see, newest first."""
    session = current_session()
    actor = current_actor(session)
    query = visible_assignments(actor)
    if args.get("state"):
        query = query.where(Assignment.state.in_(args["state"].split(",")))
    for name in ("proposal_id", "unit_id"):
        if args.get(name) is not None:
            query = query.where(getattr(Assignment, name) == args[name])
    presenter = Presenter(session, actor, now=current_clock().now())
    return paginate(
        session,
        query.options(*ASSIGNMENT_PAGE),
        Assignment.id,
        limit=args["limit"],
        cursor=args["cursor"],
        present=presenter.assignment,
        read=presenter.read_page,
    )


@blp.route("/<int:assignment_id>", methods=["GET"])
@blp.response(200, AssignmentSchema)
def get_assignment(assignment_id: int):
    session = current_session()
    actor = current_actor(session)
    return Presenter(session, actor, now=current_clock().now()).assignment_detail(
        find_assignment(session, assignment_id, actor)
    )


@blp.route("/<int:assignment_id>/events", methods=["POST"])
@blp.response(200, AssignmentSchema)
@blp.doc(**json_body(EventRequestSchema))
def post_event(assignment_id: int):
    """Fire one event (签收, 申请退回, 答复 …): `{"event": NAME, "version": N, ...fields}`."""
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        assignment = apply_request(
            session,
            "assignment",
            assignment_id,
            actor=actor,
            body=request.get_json(silent=True),
            now=now,
        )
        settle(session)
        return Presenter(session, actor, now=now).assignment_detail(assignment)
