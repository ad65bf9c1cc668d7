"""JSON API for statistics (提案办理统计), the unit ranking, a member's record and the annual
report (年度提案办理情况报告). Office-wide figures are for the committee, leaders and admins."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields

from service.api.auth import current_actor
from service.api.documents import DocumentSchema, present
from service.api.schemas import json_body
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.operations import reports
from service.permissions import ROLE_REFUSED, Permission, ensure
from service.statistics.figures import statistics
from service.statistics.ranking import RANKED_BY, find_member, member_record, unit_ranking
from service.statistics.rollup import rollup
from service.statistics.schemas import (
    MemberRecordSchema,
    RollupSchema,
    StatsArgs,
    StatsSchema,
    UnitRankingSchema,
    YearArgs,
)
from service.statistics.scope import Scope, default_year, requested_scope
from service.validation import load_or_refuse

blp = Blueprint("stats", __name__, url_prefix="/api/v1", description="统计、排名与年度报告")


def _as_of(session, scope: Scope):
    return scope.now.astimezone(session.info["settings"].zone)


@blp.route("/stats", methods=["GET"])
@blp.arguments(StatsArgs, location="query", unknown=RAISE)
@blp.response(200, StatsSchema)
def stats(args):
    """提案办理统计：某一年度的各项数字，每个比率附分子与分母

    `year` 省略时为当前会次的年度；可按 `session_id`（会次）、`unit_id`（承办单位）、`category`
    （类别）、`sector`（界别）、`type`（提案类型：个人、联名、集体）筛选。`by_type` 按提案类型
    分列，`attitude_unsatisfied_forms` 为办理态度评为不满意的测评表数（不论办理结果）。
    比率为 0 到 1 的小数，分母为 0 时为 `null`；`rate_parts` 给出每个比率的分子与分母，
    `as_of` 为统计的时刻。提案委员会、督办领导和管理员可查看。
    """
    session = current_session()
    actor = current_actor(session)
    ensure(actor, Permission.FIGURES_READ, ROLE_REFUSED)
    scope = requested_scope(session, args, actor=actor, now=current_clock().now())
    filters = {k: v for k, v in args.items() if k != "year" and v is not None}
    return {**statistics(session, scope), "as_of": _as_of(session, scope), "filters": filters}


@blp.route("/stats/units", methods=["GET"])
@blp.arguments(YearArgs, location="query", unknown=RAISE)
@blp.response(200, UnitRankingSchema)
def units(args):
    """承办单位排名：先按按时答复率，再按满意率，附分子与分母

    排序依据见 `order`；比率相同的单位名次并列，没有比率的单位排在最后。`year` 省略时为当前
    会次的年度。提案委员会、督办领导和管理员可查看。
    """
    session = current_session()
    actor = current_actor(session)
    ensure(actor, Permission.FIGURES_READ, ROLE_REFUSED)
    scope = requested_scope(session, args, actor=actor, now=current_clock().now())
    ranking = unit_ranking(session, scope)
    return {
        "year": scope.year,
        "as_of": _as_of(session, scope),
        "order": RANKED_BY,
        "units": ranking,
    }


@blp.route("/rollup", methods=["GET"])
@blp.arguments(YearArgs, location="query", unknown=RAISE)
@blp.response(200, RollupSchema)
def rollup_figures(args):
    """汇总：本政协及其下各级政协的办理情况（三级联动）

    每个政协一项，各计本政协自己的提案：收到 `received`、立案 `accepted`、交办 `assigned`、
    办复 `replied`、按期办复 `replied_on_time`、满意的测评表 `satisfied_forms` 等件数，
    以及立案率、按期办复率、满意率。只有数字，不含案由、正文或人名。本政协自己一项在前，
    其下各政协随其上一级排列。看不到上级政协的汇总。`year` 省略时为当前会次的年度。
    提案委员会、督办领导和管理员可查看。
    """
    session = current_session()
    actor = current_actor(session)
    scope = requested_scope(session, args, actor=actor, now=current_clock().now())
    items = rollup(session, scope, actor=actor)
    return {"year": scope.year, "as_of": _as_of(session, scope), "items": items}


@blp.route("/stats/members/<username>", methods=["GET"])
@blp.arguments(YearArgs, location="query", unknown=RAISE)
@blp.response(200, MemberRecordSchema)
def member(args, username: str):
    """委员提案情况：作为第一提案人的提案及联名数

    该年度委员作为第一提案人的提案情况，以及已确认联名的提案数。委员只能查看本人的；提案委员会、
    督办领导和管理员可查看任何委员的。`username` 不是委员时答 404。
    """
    session = current_session()
    actor = current_actor(session)
    if actor.username != username:
        ensure(actor, Permission.FIGURES_READ, "只能查看本人的提案情况。")
    return member_record(
        session,
        find_member(session, username, actor.body_id),
        requested_scope(session, args, actor=actor, now=current_clock().now()),
    )


class ReportSchema(DocumentSchema):
    year = fields.Integer(required=True)


class ReportPageSchema(Schema):
    items = fields.List(fields.Nested(ReportSchema), required=True)
    total = fields.Integer(required=True)
    next = fields.String(allow_none=True, required=True)


def _present_report(document, zone) -> dict:
    return {**present(document, zone), "year": reports.report_year(document)}


@blp.route("/reports/annual", methods=["POST"])
@blp.response(202, ReportSchema)
@blp.doc(**json_body(YearArgs))
def request_annual_report():
    """申请生成年度提案办理情况报告

    当即取该年度的数字，答 202；PDF 在请求之外生成，`status` 为 `ready` 后从
    `GET /api/v1/documents/{id}` 下载。请求体须为 JSON 对象：`{"year": N}`，`{}` 为当前年度。
    提案委员会、督办领导和管理员可用。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        ensure(actor, Permission.REPORTS_REQUEST, ROLE_REFUSED)
        # The body is a JSON object, as documented ({} is the current year); anything else,
        # no body included, is refused rather than read as {}.
        args = load_or_refuse(YearArgs(), request.get_json(silent=True))
        year = args.get("year") or default_year(
            session, actor.body_id, now=now, zone=session.info["settings"].zone
        )
        document = reports.request_annual_report(session, year=year, actor=actor, now=now)
        return _present_report(document, session.info["settings"].zone)


@blp.route("/reports/annual", methods=["GET"])
@blp.arguments(YearArgs, location="query", unknown=RAISE)
@blp.response(200, ReportPageSchema)
def list_annual_reports(args):
    """已申请的年度报告：新申请的在前，附生成状态

    可按 `year` 筛选。提案委员会、督办领导和管理员可查看。
    """
    session = current_session()
    actor = current_actor(session)
    ensure(actor, Permission.REPORTS_READ, ROLE_REFUSED)
    rows = reports.annual_reports(session, actor=actor, year=args.get("year"))
    zone = session.info["settings"].zone
    return {"items": [_present_report(d, zone) for d in rows], "total": len(rows), "next": None}
