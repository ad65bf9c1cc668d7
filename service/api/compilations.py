"""JSON API for the 汇编 of a session: ask for a 提案汇编 or 答复汇编, list those asked for."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from service.api.auth import current_actor
from service.api.documents import DocumentSchema, present
from service.api.schemas import json_body
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.operations import compilations
from service.permissions import ROLE_REFUSED, Permission, ensure
from service.validation import StrictSchema, choice, integer, load_or_refuse

blp = Blueprint(
    "compilations",
    __name__,
    url_prefix="/api/v1/reports/compilations",
    description="汇编：一个会次的提案汇编和答复汇编",
)


class CompilationArgs(StrictSchema):
    kind = choice("汇编种类", ("proposal_compilation", "reply_compilation"))
    session_id = integer("会次", required=False, allow_none=True)


class CompilationSchema(DocumentSchema):
    session_id = fields.Integer(required=True)
    session_name = fields.String(required=True)
    items = fields.Integer(required=True, metadata={"description": "收入的提案件数"})
    done = fields.Integer(
        allow_none=True, required=True, metadata={"description": "生成中时已排好的件数"}
    )


class CompilationPageSchema(Schema):
    items = fields.List(fields.Nested(CompilationSchema), required=True)
    total = fields.Integer(required=True)
    next = fields.String(allow_none=True, required=True)


def _present(document, progress, zone) -> dict:
    snapshot = document.snapshot
    return {
        **present(document, zone),
        "session_id": snapshot["session_id"],
        "session_name": snapshot["cover"]["session_name"],
        "items": len(snapshot["items"]),
        "done": progress.done if progress is not None and document.status == "pending" else None,
    }


@blp.route("", methods=["POST"])
@blp.response(202, CompilationSchema)
@blp.doc(**json_body(CompilationArgs))
def request_compilation():
    """申请生成会次的提案汇编或答复汇编

    请求体 `{"kind": "proposal_compilation" | "reply_compilation", "session_id": N}`（省略
    `session_id` 为当前会次）。当即取该会次已立案提案的文字，答 202；PDF（封面、按类别的目录和
    页码、每件提案或其答复）在请求之外生成，生成中 `done` 为已排好的件数，`status` 为 `ready`
    后从 `GET /api/v1/documents/{id}` 下载。会次没有已立案的提案时答 422。提案委员会、督办领导和
    管理员可用。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        ensure(actor, Permission.REPORTS_REQUEST, ROLE_REFUSED)
        args = load_or_refuse(CompilationArgs(), request.get_json(silent=True))
        document = compilations.request_compilation(
            session, kind=args["kind"], session_id=args.get("session_id"), actor=actor, now=now
        )
        return _present(document, None, session.info["settings"].zone)


@blp.route("", methods=["GET"])
@blp.response(200, CompilationPageSchema)
def list_compilations():
    """已申请的汇编：新申请的在前（最近 50 份），附生成状态和进度"""
    session = current_session()
    rows = compilations.compilations(session, actor=current_actor(session))
    zone = session.info["settings"].zone
    return {"items": [_present(d, p, zone) for d, p in rows], "total": len(rows), "next": None}
