"""年度提案办理情况报告 on the 统计 page: asking for one takes the year's figures as they are now
and leaves the PDF to the document outbox worker; the page lists the reports asked for, with
their status and a download link once rendered."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import InvalidInput
from service.operations import reports
from service.statistics.schemas import YearArgs
from service.validation import load_or_refuse
from service.vocabulary import DOCUMENT_STATUS
from service.web.auth import current_user, login_required

blp = Blueprint("report_pages", __name__, url_prefix="/stats/reports")
SHOWN = 20  # the latest; older ones stay in the document store


def report_rows(zone) -> list[dict]:
    """The latest annual reports asked for, newest first, as the page shows them."""
    found = reports.annual_reports(current_session(), actor=current_user())[:SHOWN]
    return [
        {
            "id": document.id,
            "year": reports.report_year(document),
            "asked_at": document.created_at.astimezone(zone),
            "status": document.status,
            "status_label": DOCUMENT_STATUS.get(document.status, document.status),
            "error": document.error,
        }
        for document in found
    ]


@blp.route("", methods=["POST"])
@login_required
def request_report():
    """生成年度报告 of the year in the form (the operation refuses all but the office, leaders
    and admins); back to the statistics of that year."""
    try:
        year = load_or_refuse(YearArgs(), {"year": request.form.get("year", "").strip()})["year"]
    except InvalidInput as error:
        flash(error.message, "error")
        return redirect(url_for("stats_pages.overview"))
    with unit_of_work() as session:
        reports.request_annual_report(
            session, year=year, actor=current_user(), now=current_clock().now()
        )
    flash(f"已开始生成{year}年度提案办理情况报告，生成后即可在本页“年度报告”中下载。")
    return redirect(url_for("stats_pages.overview", year=year, _anchor="reports"))
