"""JSON API for the working lists (提案清单, 交办清单, 跟踪清单): filtered keyset pages, or the
whole list as an Excel file with `format=xlsx`."""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint
from marshmallow import RAISE

from service.api.auth import current_actor
from service.clock import current_clock
from service.db import current_session
from service.statistics import assignment_list, proposal_list, tracking_list
from service.statistics.excel import MIMETYPE, attachment, workbook
from service.statistics.list_schemas import (
    AssignmentRowSchema,
    ListArgs,
    ProposalRowSchema,
    TrackingArgs,
    TrackingRowSchema,
    page_of,
)
from service.statistics.worklist import all_items, ensure_office, ensure_office_or_unit, page

blp = Blueprint("lists", __name__, url_prefix="/api/v1/lists", description="工作清单与导出")
PAGES = {
    "proposals": page_of(ProposalRowSchema, "ProposalRowPage"),
    "assignments": page_of(AssignmentRowSchema, "AssignmentRowPage"),
    "tracking": page_of(TrackingRowSchema, "TrackingRowPage"),
}


def _answers(kind: str) -> dict:
    """The 200 answer: a page as JSON, or with `format=xlsx` the whole list as an Excel file."""
    return {
        "200": {
            "description": "一页清单（JSON）；format=xlsx 时为整个清单的 Excel 文件",
            "content": {
                "application/json": {"schema": PAGES[kind]},
                MIMETYPE: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }


FILE_STEMS = {proposal_list: "proposals", assignment_list: "assignments", tracking_list: "tracking"}


def _answer(kind, ensure, args: dict):
    """A page of the list, or (format=xlsx) all of it as an Excel file."""
    session = current_session()
    actor = current_actor(session)
    ensure(actor)
    zone = session.info["settings"].zone
    listing = kind.listing(actor, args, now=current_clock().now(), zone=zone)
    if args["format"] != "xlsx":
        return page(session, listing, limit=args["limit"], cursor=args["cursor"])
    data = workbook(kind.TITLE, kind.COLUMNS, all_items(session, listing))
    year = args.get("year")
    name = f"{kind.TITLE}（{year}年）.xlsx" if year else f"{kind.TITLE}.xlsx"
    ascii_name = f"{FILE_STEMS[kind]}-{year or 'all'}.xlsx"
    return Response(
        data, mimetype=MIMETYPE, headers={"Content-Disposition": attachment(name, ascii_name)}
    )


@blp.route("/proposals", methods=["GET"])
@blp.arguments(ListArgs, location="query", unknown=RAISE)
@blp.response(200, PAGES["proposals"])
@blp.doc(responses=_answers("proposals"))
def proposals(args):
    """提案清单 (committee, leader, admin): filter by state, unit, category, 界别, key, overdue."""
    return _answer(proposal_list, ensure_office, args)


@blp.route("/assignments", methods=["GET"])
@blp.arguments(ListArgs, location="query", unknown=RAISE)
@blp.response(200, PAGES["assignments"])
@blp.doc(responses=_answers("assignments"))
def assignments(args):
    """交办清单: the office reads every unit's, a unit handler their own unit's."""
    return _answer(assignment_list, ensure_office_or_unit, args)


@blp.route("/tracking", methods=["GET"])
@blp.arguments(TrackingArgs, location="query", unknown=RAISE)
@blp.response(200, PAGES["tracking"])
@blp.doc(responses=_answers("tracking"))
def tracking(args):
    """跟踪清单: open commitments of final B/C replies and their 回头看 (`open=false`: all)."""
    return _answer(tracking_list, ensure_office_or_unit, args)
