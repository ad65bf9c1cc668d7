"""JSON API for assignments: a unit handler sees and acts on its own unit's assignments."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE

from service.access import find_assignment, visible_assignments
from service.api.auth import current_actor
from service.api.minimal import minimal_answer, wants_minimal
from service.api.pagination import PageArgs, paginate
from service.api.schemas import AssignmentSchema, EventRequestSchema, json_body, page_of
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.db.performance.responses import settle
from service.models import Assignment
from service.operations.events import apply_request
from service.presenters import ASSIGNMENT_PAGE, Presenter
from service.validation import integer, states_filter
from workflows import BY_NAME

blp = Blueprint(
    "assignments",
    __name__,
    url_prefix="/api/v1/assignments",
    description="交办：签收、退回、沟通、延期、答复",
)


class AssignmentFilter(PageArgs):
    state = states_filter("交办状态", BY_NAME["assignment"].states)
    proposal_id = integer("提案", required=False, strict=False)
    unit_id = integer("承办单位", required=False, strict=False)


@blp.route("", methods=["GET"])
@blp.arguments(AssignmentFilter, location="query", unknown=RAISE)
@blp.response(200, page_of(AssignmentSchema, "AssignmentPage"))
def list_assignments(args):
    """交办清单：当前用户可见的交办，新建的在前

    承办单位用户只看到本单位的交办。可按 `state`（多个用逗号分隔）、`proposal_id`（提案）和
    `unit_id`（承办单位）筛选；分页同提案清单（`limit`、`cursor`，响应中的 `next`）。
    """
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
    """单个交办：状态、答复、沟通、延期和可触发的事件

    含答复 `replies`、会办意见 `assisting_opinions`、办前沟通 `contacts`、延期申请 `extensions`，
    `version` 为触发事件时要带上的版本号，`available_events` 为当前用户此刻可触发的事件；
    当前用户看不到的交办答 404。
    """
    session = current_session()
    actor = current_actor(session)
    return Presenter(session, actor, now=current_clock().now()).assignment_detail(
        find_assignment(session, assignment_id, actor)
    )


@blp.route("/<int:assignment_id>/events", methods=["POST"])
@blp.response(200, AssignmentSchema)
@blp.doc(**json_body(EventRequestSchema))
def post_event(assignment_id: int):
    """触发交办的一个事件（签收、申请退回、答复……）

    请求体为 `{"event": NAME, "version": N, ...字段}`：`version` 为交办当前的版本号，其余字段
    视事件而定。成功时答 200，响应与 `GET /api/v1/assignments/{assignment_id}` 相同。依次检查、
    先不满足者作答：401 未登录或令牌无效 → 404 看不到该交办 → 422 事件名、请求体或 `version`
    有误 → 403 当前角色不能触发该事件 → 409 版本号已过时 → 409 当前状态下不能触发该事件 →
    422 字段缺失或有误 → 409 条件不满足（`guard_failed`，说明哪一条）。请求头带
    `Prefer: return=minimal` 时只答 `{id, state, version}`（响应头 `Preference-Applied`）。
    """
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
        if wants_minimal():
            return minimal_answer(session, assignment)
        settle(session)
        return Presenter(session, actor, now=now).assignment_detail(assignment)
