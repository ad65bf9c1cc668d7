"""年度提案办理情况报告 and the 汇编 on the 统计 page: asking for one takes the figures or texts as
they are now and leaves the PDF to the document outbox worker; the page lists those asked for,
with their status (a 汇编's progress while it renders) and a download link once rendered."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import InvalidInput
from service.operations import compilations, reports
from service.statistics.schemas import YearArgs
from service.validation import load_or_refuse
from service.vocabulary import DOCUMENT_KINDS, DOCUMENT_STATUS
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


def compilation_rows(zone) -> list[dict]:
    """The 汇编 asked for, newest first, as the page shows them."""
    found = compilations.compilations(current_session(), actor=current_user())[:SHOWN]
    return [
        {
            "id": document.id,
            "label": DOCUMENT_KINDS[document.kind],
            "session_name": document.snapshot["cover"]["session_name"],
            "count": len(document.snapshot["items"]),
            "done": progress.done if progress is not None else 0,
            "asked_at": document.created_at.astimezone(zone),
            "status": document.status,
            "status_label": DOCUMENT_STATUS.get(document.status, document.status),
            "error": document.error,
        }
        for document, progress in found
    ]


@blp.route("/compilations", methods=["POST"])
@login_required
def request_compilation():
    """生成汇编 of the current session (提案汇编 or 答复汇编, by the button pressed)."""
    kind = request.form.get("kind", "")
    try:
        with unit_of_work() as session:
            compilations.request_compilation(
                session, kind=kind, session_id=None, actor=current_user(), now=current_clock().now()
            )
    except InvalidInput as error:
        current_session().rollback()
        flash(error.message, "error")
        return redirect(url_for("stats_pages.overview", _anchor="compilations"))
    flash(f"已开始生成{DOCUMENT_KINDS.get(kind, '汇编')}，生成后即可在本页“汇编”中下载。")
    return redirect(url_for("stats_pages.overview", _anchor="compilations"))
