"""JSON API for the working lists (提案清单, 交办清单, 跟踪清单): filtered keyset pages, or the
whole list as an Excel file with `format=xlsx`. One view serves each list's description."""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema

from service.api.auth import current_actor
from service.api.schemas import page_of
from service.clock import current_clock
from service.db import current_session
from service.lists import LISTS
from service.lists.excel import MIMETYPE
from service.lists.schemas import AssignmentRowSchema, ProposalRowSchema, TrackingRowSchema
from service.lists.working import WorkingList
from service.permissions import ensure

blp = Blueprint("lists", __name__, url_prefix="/api/v1/lists", description="工作清单与导出")
PAGES = {
    "proposals": page_of(ProposalRowSchema, "ProposalRowPage", base=Schema),
    "assignments": page_of(AssignmentRowSchema, "AssignmentRowPage", base=Schema),
    "tracking": page_of(TrackingRowSchema, "TrackingRowPage", base=Schema),
}
FILTERING = (
    "可按 `year`（年度）、`session_id`（会次）、`unit_id`（承办单位）、`category`（类别）、"
    "`sector`（界别）、`type`（提案类型：`individual` 个人、`joint` 联名、`collective` 集体）、"
    "`state`（状态，多个用逗号分隔）、`key`（重点提案）和 `overdue`（超期）筛选。"
    "每页 `limit` 条（默认 50，最多 500），下一页以响应中的 `next` 作为 `cursor`；"
    "`format=xlsx` 时返回整个清单的 Excel 文件。"
)
# Each list's summary, then after a blank line its description (flask-smorest reads __doc__).
DOCS = {
    "proposals": "提案清单：已提交的提案，可筛选、可导出 Excel\n\n"
    "提案委员会、督办领导和管理员可查看。" + FILTERING,
    "assignments": "交办清单：各承办单位的交办，可筛选、可导出 Excel\n\n"
    "提案委员会、督办领导和管理员查看所有单位的，承办单位用户查看本单位的。"
    + FILTERING
    + "`attitude=unsatisfied` 只列提案人对办理态度评为不满意的交办（列 `attitude_unsatisfied`）。",
    "tracking": "跟踪清单：答复中的承诺事项及每项的回头看结果\n\n"
    "每条最终答复一行（各轮次、各类别），列出其承诺事项和回头看对每一项的结论，"
    "以及未作具体承诺的 B 类、C 类答复。默认只列尚有未落实承诺的行（`open=false` 时列出全部）。"
    "查看范围同交办清单。" + FILTERING,
}


def _answers(stem: str) -> dict:
    """The 200 answer: a page as JSON, or with `format=xlsx` the whole list as an Excel file."""
    return {
        "200": {
            "description": "一页清单（JSON）；`format=xlsx` 时为整个清单的 Excel 文件",
            "content": {
                "application/json": {"schema": PAGES[stem]},
                MIMETYPE: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }


def _answer(working: WorkingList, args: dict):
    """A page of the list, or (format=xlsx) all of it as an Excel file."""
    session = current_session()
    actor = current_actor(session)
    ensure(actor, working.permission)
    now = current_clock().now()
    if args["format"] != "xlsx":
        return working.page(session, actor, args, now=now)
    found = working.export(session, actor, args, now=now)
    return Response(found.data, mimetype=found.mimetype, headers=found.headers)


def _route(working: WorkingList) -> None:
    """GET /api/v1/lists/<stem>, named and documented after the list."""

    def view(args):
        return _answer(working, args)

    view.__name__, view.__doc__ = working.stem, DOCS[working.stem]
    view = blp.doc(responses=_answers(working.stem))(view)
    view = blp.response(200, PAGES[working.stem])(view)
    view = blp.arguments(working.source.args, location="query", unknown=RAISE)(view)
    blp.route(f"/{working.stem}", methods=["GET"])(view)


for each in LISTS.values():
    _route(each)
