"""The workflows as data: states, events (with roles) and timers, for clients and the docs."""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields

import workflows
from service.api.auth import current_actor
from service.db import current_session
from service.diagrams import diagram as draw

blp = Blueprint(
    "workflows",
    __name__,
    url_prefix="/api/v1/workflows",
    description="流程定义（状态、操作、时限）",
)


class WorkflowSchema(Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    initial = fields.String(required=True)
    states = fields.List(fields.Dict(), required=True)
    events = fields.List(fields.Dict(), required=True)
    timers = fields.List(fields.Dict(), required=True)


def describe(workflow) -> dict:
    return {
        "name": workflow.name,
        "label": workflow.label,
        "initial": workflow.initial,
        "states": [{"name": n, "label": label} for n, label in workflow.states.items()],
        "events": [
            {
                "name": e.name,
                "label": e.label,
                "source": list(e.source),
                "dest": list(e.destinations),
                "roles": sorted(e.roles),
                "internal": e.internal,
                "documents": [d.kind for d in e.documents],
            }
            for e in workflow.all_events.values()
        ],
        "timers": [
            {
                "rule": t.rule,
                "kind": t.kind,
                "label": t.label,
                "starts_in": list(t.starts_in),
                "open_while": list(t.open_while),
                "period": {
                    "unit": t.period.unit,
                    "amount": t.period.amount,
                    "setting": t.period.setting,
                },
                "reminders": [
                    {"days_before": r.amount, "working_days": r.working} for r in t.reminders
                ],
                "on_due": t.due_event,
                "after_downtime": t.after_downtime,
            }
            for t in workflow.timers
        ],
    }


@blp.route("", methods=["GET"])
@blp.response(200, WorkflowSchema(many=True))
def list_workflows():
    """流程定义：提案和交办的状态、事件与定时规则

    每个流程含状态 `states`、事件 `events`（能触发的角色 `roles`、起始状态 `source`、去向
    `dest`、会生成的公文 `documents`）和定时规则 `timers`（期限 `period`、提醒 `reminders`、
    到期触发的事件 `on_due`）。登录用户均可查看。
    """
    current_actor(current_session())
    return [describe(w) for w in workflows.ALL]


@blp.route("/<name>.svg", methods=["GET"])
@blp.response(200, content_type="image/svg+xml", description="SVG")
def diagram(name: str):
    """流程图：按流程定义绘制的状态与事件（SVG）

    `name` 为 `proposal` 或 `assignment`，其他名称答 404。登录用户均可查看。
    """
    current_actor(current_session())
    if name not in workflows.BY_NAME:
        abort(404)
    return Response(draw(workflows.BY_NAME[name]), mimetype="image/svg+xml")


@blp.route("/<name>", methods=["GET"])
@blp.response(200, WorkflowSchema)
def get_workflow(name: str):
    """单个流程的定义：状态、事件与定时规则

    内容同流程定义清单中的一项；`name` 为 `proposal` 或 `assignment`，其他名称答 404。
    """
    current_actor(current_session())
    if name not in workflows.BY_NAME:
        abort(404)
    return describe(workflows.BY_NAME[name])
