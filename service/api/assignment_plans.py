"""JSON API for 交办会 (batch assignment): a plan sent as JSON or as a filled 交办表, checked row
by row and, unless it is a dry run, applied one `assign` event a row; and the template."""

from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from service.api.auth import current_actor
from service.assignment_plans import rows_from_json, rows_from_upload, run_plan
from service.assignment_plans.args import PlanArgs
from service.assignment_plans.template import template
from service.clock import current_clock
from service.db import current_session
from service.errors import InvalidInput
from service.operations.assignment_plans import unassigned
from service.permissions import Permission, ensure
from service.validation import load_or_refuse

blp = Blueprint(
    "assignment_plans",
    __name__,
    url_prefix="/api/v1/assignment-plans",
    description="交办会：一次交办多件提案",
)
TRUE, FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off", "")


class PlanRowSchema(Schema):
    row = fields.Integer(required=True)
    proposal_id = fields.Integer(allow_none=True, required=True)
    number_label = fields.String(allow_none=True, required=True)
    title = fields.String(allow_none=True, metadata={"description": "案由（找到提案时）"})
    ok = fields.Boolean(required=True)
    errors = fields.List(fields.String(), required=True)


class PlanResultSchema(Schema):
    rows = fields.List(fields.Nested(PlanRowSchema), required=True)
    applied = fields.Integer(required=True)


BODIES = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": PlanArgs},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "dry_run": {"type": "boolean"},
                    },
                    "required": ["file"],
                }
            },
        },
    }
}


def _dry_run(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in TRUE + FALSE:
        message = "试运行（dry_run）须为 true 或 false。"
        raise InvalidInput(message, details={"dry_run": [message]})
    return value in TRUE


def _plan():
    """The plan's rows and whether it is a dry run, from an upload or a JSON body."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            message = "请上传填写好的交办表（file，.xlsx）。"
            raise InvalidInput(message, details={"file": [message]})
        dry_run = _dry_run(request.form.get("dry_run", ""))
        return rows_from_upload(upload.read()), dry_run
    body = load_or_refuse(PlanArgs(), request.get_json(silent=True))
    return rows_from_json(body["rows"]), body["dry_run"]


@blp.route("", methods=["POST"])
@blp.response(200, PlanResultSchema)
@blp.doc(**BODIES)
def post_plan():
    """交办会：按计划一次交办多件提案（可先试运行）

    请求体为 JSON `{"rows": [{"proposal_id", "units": [{"unit_id", "role"}]}], "dry_run"}`，
    或上传交办表（`multipart/form-data`：`file` 为 `.xlsx` 文件，`dry_run` 为表单字段）：列为
    提案号、主办单位、会办单位、分办单位，提案号填本届的 `第0123号` 或 `123`，一格内多家单位用
    “、”分隔，未填承办单位的行不交办。每行按单件交办的规则检查；`dry_run` 为 `true` 时只检查、
    不作任何更改，否则每个无误的行各作一次 `assign`（各自一个事务），有误的行不动。响应为
    `{"rows": [{"row", "proposal_id", "number_label", "ok", "errors"}], "applied": N}`，
    `errors` 为中文说明，`row` 为表格行号（JSON 为请求中给出的 `row`，或第几行），试运行时
    `applied` 为 0。
    仅提案委员会可用；文件不是 `.xlsx` 或缺少列时答 422。
    """
    session = current_session()
    actor = current_actor(session)
    ensure(actor, Permission.ASSIGNMENT_PLANS_RUN)
    rows_of, dry_run = _plan()
    outcome = run_plan(rows_of, actor=actor, dry_run=dry_run, now=current_clock().now())
    return {"rows": outcome.rows, "applied": outcome.applied}


@blp.route("/template.xlsx", methods=["GET"])
@blp.doc(
    responses={
        "200": {
            "description": "交办表模板（Excel）",
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                }
            },
        }
    }
)
def get_template():
    """交办表模板：本届已立案、尚未交办的提案

    每件一行：提案号、标题、类别、领衔人，以及留空待填的主办单位、会办单位、分办单位；第二张表
    列出承办单位的名称。填好后上传至 `POST /api/v1/assignment-plans`。仅提案委员会可用。
    """
    session = current_session()
    actor = current_actor(session)
    found = template(
        session, unassigned(session, actor=actor, now=current_clock().now()), actor.body_id
    )
    return Response(found.data, mimetype=found.mimetype, headers=found.headers)
