"""JSON API for plenary sessions (届次会次): the list for everyone signed in; adding and
changing them (name, dates, which one is current) for the committee and administrators."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields
from sqlalchemy import select

from service.api.auth import current_actor
from service.api.pagination import PageArgs, paginate
from service.api.schemas import json_body, page_of
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.models import PlenarySession
from service.operations.plenary_sessions import (
    PlenaryArgs,
    PlenaryChangeArgs,
    add_plenary,
    change_plenary,
    describe,
)

blp = Blueprint("sessions", __name__, url_prefix="/api/v1", description="届次会次")


class SessionSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True, metadata={"description": "会次名称，如“十四届四次会议”"})
    term = fields.Integer(required=True, metadata={"description": "届次"})
    number = fields.Integer(required=True, metadata={"description": "会次（第几次会议）"})
    year = fields.Integer(required=True, metadata={"description": "年度"})
    opens_on = fields.Date(allow_none=True, required=True, metadata={"description": "开幕日期"})
    closes_on = fields.Date(allow_none=True, required=True, metadata={"description": "闭幕日期"})
    plenary_until = fields.Date(
        allow_none=True,
        required=True,
        metadata={"description": "大会提案截止日期：当天结束前提交的为大会提案"},
    )
    reply_due_on = fields.Date(
        allow_none=True,
        required=True,
        metadata={
            "description": "大会提案统一答复日期：在此日前交办的大会提案，答复期限统一为此日"
            "（不再按交办后3个月计）；为 `null` 时不统一"
        },
    )
    current = fields.Boolean(required=True, metadata={"description": "是否为当前会次"})
    proposals = fields.Integer(required=True, metadata={"description": "在本会次提交的提案数"})


@blp.route("/sessions", methods=["GET"])
@blp.arguments(PageArgs, location="query", unknown=RAISE)
@blp.response(200, page_of(SessionSchema, "SessionPage"))
def list_sessions(args):
    """届次会次（登录用户均可查看）

    最近添加的在前；`current` 为 `true` 的是当前会次，新提交的提案归入该会次。`proposals`
    为在该会次提交的提案数（草稿不计）。
    """
    session = current_session()
    actor = current_actor(session)
    return paginate(
        session,
        select(PlenarySession).where(PlenarySession.body_id == actor.body_id),
        PlenarySession.id,
        limit=args["limit"],
        cursor=args["cursor"],
        present=lambda plenary: describe(session, plenary),
    )


@blp.route("/sessions", methods=["POST"])
@blp.response(201, SessionSchema)
@blp.doc(**json_body(PlenaryArgs))
def add_session():
    """新增会次（提案委员会、管理员）

    请求体如 `{"name": "十四届四次会议", "term": 14, "number": 4, "year": 2026,
    "opens_on": "2026-01-10", "closes_on": "2026-01-14", "plenary_until": "2026-01-12",
    "current": true}`。日期格式为 `YYYY-MM-DD`，须满足开幕日期 ≤ 大会提案截止日期 ≤ 闭幕日期，
    否则答 422 并指明字段；省略 `plenary_until` 时为闭幕日期。可选的 `reply_due_on`
    （大会提案统一答复日期，须晚于闭幕日期）给出后，此后在该日前交办的大会提案答复期限统一为
    该日；平时提案和重新办理仍按期限设置计算。会次名称已存在时答 409。
    `current` 为 `true` 时设为当前会次，原当前会次随之取消。
    """
    with unit_of_work() as session:
        plenary = add_plenary(
            session,
            request.get_json(silent=True),
            actor=current_actor(session),
            now=current_clock().now(),
        )
        return describe(session, plenary)


@blp.route("/sessions/<int:session_id>", methods=["PATCH"])
@blp.response(200, SessionSchema)
@blp.doc(**json_body(PlenaryChangeArgs))
def change_session(session_id: int):
    """修改会次的名称、日期或设为当前会次（提案委员会、管理员）

    只需给出要改的字段：`name`、`opens_on`、`closes_on`、`plenary_until`、`reply_due_on`
    （`null` 为取消统一答复日期；修改只影响此后的交办）、`current`。
    始终只有一个当前会次：`"current": true` 把本会次设为当前（往届会次也可以），原当前会次
    随之取消；对当前会次给出 `"current": false` 答 422。已提交提案的会次和大会提案/平时提案
    之分不随日期的修改而改变。
    """
    with unit_of_work() as session:
        actor = current_actor(session)
        plenary = change_plenary(session, session_id, request.get_json(silent=True), actor=actor)
        return describe(session, plenary)
