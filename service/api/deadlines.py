"""JSON API for deadlines (时限) and working-day arithmetic; a unit sees only its own."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields
from sqlalchemy import select

from service.access import deadline_filter
from service.api.auth import current_actor
from service.api.pagination import PageArgs, paginate
from service.api.schemas import page_of
from service.db import current_session
from service.deadlines.store import load_calendar
from service.models import Deadline
from service.validation import StrictSchema, choice, day, integer
from service.vocabulary import DeadlineKind, DeadlineStatus

blp = Blueprint("deadlines", __name__, url_prefix="/api/v1", description="时限与工作日")


class DeadlineFilter(PageArgs):
    status = choice("状态", DeadlineStatus, required=False)
    kind = choice("时限类型", DeadlineKind, required=False)
    proposal_id = integer("提案", required=False, strict=False)


class DeadlineSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    proposal_id = fields.Integer(required=True)
    assignment_id = fields.Integer(allow_none=True, required=True)
    due_at = fields.DateTime(required=True)
    status = fields.String(required=True)
    reminded_at = fields.DateTime(allow_none=True, required=True)
    overdue_at = fields.DateTime(allow_none=True, required=True)
    escalated_at = fields.DateTime(allow_none=True)
    provisional = fields.Boolean()
    explanation = fields.String(required=True, metadata={"description": "给办事人员看的推算说明"})
    derivation = fields.Dict(metadata={"description": "推算依据：起算日、期间、节假日、调休、延期"})


class WorkingDaysArgs(StrictSchema):
    from_ = day("起算日期", data_key="from")
    days = integer("工作日数", minimum=0, maximum=3660, strict=False)


class WorkingDaysSchema(Schema):
    date = fields.Date(required=True)
    provisional = fields.Boolean(required=True)


def present(deadline: Deadline, zone) -> dict:
    local = {
        name: getattr(deadline, name) and getattr(deadline, name).astimezone(zone)
        for name in ("due_at", "reminded_at", "overdue_at", "escalated_at")
    }
    return {
        "id": deadline.id,
        "kind": deadline.kind,
        "proposal_id": deadline.proposal_id,
        "assignment_id": deadline.assignment_id,
        "status": deadline.status,
        "provisional": deadline.provisional,
        **local,
        "explanation": deadline.explanation.get("text", ""),
        "derivation": deadline.explanation,
    }


@blp.route("/deadlines", methods=["GET"])
@blp.arguments(DeadlineFilter, location="query", unknown=RAISE)
@blp.response(200, page_of(DeadlineSchema, "DeadlinePage"))
def list_deadlines(args):
    """时限清单：当前用户可见的时限，附推算说明

    承办单位用户只看到本单位交办的时限，其他用户看到其可见提案的时限。可按 `status`、`kind`
    和 `proposal_id` 筛选；分页同提案清单（`limit`、`cursor`，响应中的 `next`）。`explanation`
    为推算说明，`derivation` 为推算依据。
    """
    session = current_session()
    query = select(Deadline).where(deadline_filter(current_actor(session)))
    for name in ("status", "kind", "proposal_id"):
        if args.get(name) is not None:
            query = query.where(getattr(Deadline, name) == args[name])
    zone = session.info["settings"].zone
    return paginate(
        session,
        query,
        Deadline.id,
        limit=args["limit"],
        cursor=args["cursor"],
        present=lambda d: present(d, zone),
    )


@blp.route("/calendar/add-working-days", methods=["GET"])
@blp.arguments(WorkingDaysArgs, location="query", unknown=RAISE)
@blp.response(200, WorkingDaysSchema)
def add_working_days(args):
    """推算某日之后的第 N 个工作日

    按法定节假日日历、管理员录入的全国日历和本级政协自定的放假日、上班日，
    推算 `from`（`YYYY-MM-DD`）之后第 `days` 个工作日。
    途经年份的节假日尚未知（既非系统内置，也未经管理员标记公布）时，`provisional` 为 `true`，
    结果为暂定。
    """
    session = current_session()
    current_actor(session)
    count = load_calendar(session).add_working_days(args["from_"], args["days"])
    return {"date": count.date, "provisional": count.provisional}
