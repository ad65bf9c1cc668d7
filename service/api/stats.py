"""JSON API for statistics (提案办理统计), the unit ranking, a member's record and the annual
report (年度提案办理情况报告). Office-wide figures are for the committee, leaders and admins."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response
from flask_smorest import Blueprint
from marshmallow import RAISE

from service.api.auth import current_actor, ensure_role
from service.clock import current_clock
from service.db import current_session
from service.errors import RoleRefused
from service.operations.sessions import session_year
from service.statistics.figures import statistics
from service.statistics.ranking import RANKED_BY, find_member, member_record, unit_ranking
from service.statistics.report import annual_report_pdf
from service.statistics.schemas import (
    MemberRecordSchema,
    StatsArgs,
    StatsSchema,
    UnitRankingSchema,
    YearArgs,
)
from service.statistics.scope import Scope

blp = Blueprint("stats", __name__, url_prefix="/api/v1", description="统计、排名与年度报告")
OFFICE = ("committee", "leader", "admin")
REPORT = {
    "description": "年度提案办理情况报告（PDF）",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}


def _scope(session, args: dict) -> Scope:
    now = current_clock().now()
    year = args.get("year") or session_year(now, session.info["settings"].zone)
    narrowing = {k: v for k, v in args.items() if k != "year" and v is not None}
    return Scope(year=year, now=now, **narrowing)


def _as_of(session, scope: Scope):
    return scope.now.astimezone(session.info["settings"].zone)


@blp.route("/stats", methods=["GET"])
@blp.arguments(StatsArgs, location="query", unknown=RAISE)
@blp.response(200, StatsSchema)
def stats(args):
    """统计: the figures of a session year, each rate with its numerator and denominator."""
    session = current_session()
    ensure_role(current_actor(session), *OFFICE)
    scope = _scope(session, args)
    filters = {k: v for k, v in args.items() if k != "year" and v is not None}
    return {**statistics(session, scope), "as_of": _as_of(session, scope), "filters": filters}


@blp.route("/stats/units", methods=["GET"])
@blp.arguments(YearArgs, location="query", unknown=RAISE)
@blp.response(200, UnitRankingSchema)
def units(args):
    """承办单位排名: by on-time reply rate, then satisfaction, with numerators and denominators."""
    session = current_session()
    ensure_role(current_actor(session), *OFFICE)
    scope = _scope(session, args)
    ranking = unit_ranking(session, scope)
    return {
        "year": scope.year,
        "as_of": _as_of(session, scope),
        "order": RANKED_BY,
        "units": ranking,
    }


@blp.route("/stats/members/<username>", methods=["GET"])
@blp.arguments(YearArgs, location="query", unknown=RAISE)
@blp.response(200, MemberRecordSchema)
def member(args, username: str):
    """委员提案情况: a member reads their own; the office reads anyone's."""
    session = current_session()
    actor = current_actor(session)
    if actor.role not in OFFICE and actor.username != username:
        raise RoleRefused("只能查看本人的提案情况。")
    return member_record(session, find_member(session, username), _scope(session, args))


@blp.route("/reports/annual.pdf", methods=["GET"])
@blp.arguments(YearArgs, location="query", unknown=RAISE)
@blp.response(200, content_type="application/pdf", description="年度提案办理情况报告（PDF）")
@blp.doc(responses={"200": REPORT})
def annual_report(args):
    """年度提案办理情况报告, rendered now (the document outbox needs a proposal per row)."""
    session = current_session()
    ensure_role(current_actor(session), *OFFICE)
    scope = _scope(session, args)
    name = quote(f"{scope.year}年度提案办理情况报告.pdf")
    return Response(
        annual_report_pdf(session, scope),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="annual-report-{scope.year}.pdf"; '
            f"filename*=UTF-8''{name}"
        },
    )
