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
SUMMARIES = {
    "proposals": "提案清单 (committee, leader, admin): filter by state, unit, category, 界别, key, "
    "overdue.",
    "assignments": "交办清单: the office reads every unit's, a unit handler their own unit's.",
    "tracking": "跟踪清单: one row per final reply with its commitments (every round, any "
    "category) and what 回头看 found of each, and the B/C replies that promised nothing dated; "
    "by default the rows with a commitment still open (`open=false`: all).",
}


def _answers(stem: str) -> dict:
    """The 200 answer: a page as JSON, or with `format=xlsx` the whole list as an Excel file."""
    return {
        "200": {
            "description": "一页清单（JSON）；format=xlsx 时为整个清单的 Excel 文件",
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

    view.__name__, view.__doc__ = working.stem, SUMMARIES[working.stem]
    view = blp.doc(responses=_answers(working.stem))(view)
    view = blp.response(200, PAGES[working.stem])(view)
    view = blp.arguments(working.source.args, location="query", unknown=RAISE)(view)
    blp.route(f"/{working.stem}", methods=["GET"])(view)


for each in LISTS.values():
    _route(each)
