"""导入委员名册 on the pages: the administrator uploads the roster (.xlsx), reads the check row
by row (nothing changes), then, with one initial password for the new members, imports it:
all rows or, when any row is wrong, none. The same operation as `flask user import`."""

from __future__ import annotations

import json

from flask import Blueprint, flash, render_template, request

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import DomainError, InvalidInput
from service.operations.roster import COLUMNS, RosterReport, RosterRow, import_roster, roster_rows
from service.web.admin import admin_only
from service.web.auth import current_user

blp = Blueprint("roster_pages", __name__, url_prefix="/admin/users/import")
STALE = "名册已失效，请重新上传名册。"


@blp.route("")
@admin_only
def roster_page():
    """The upload form, with the columns a roster may have."""
    return _render()


@blp.route("/check", methods=["POST"])
@admin_only
def check():
    """The uploaded roster checked row by row; nothing is added."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _render(error="请选择委员名册（.xlsx）后再上传。"), 422
    try:
        rows = roster_rows(upload.read())
    except InvalidInput as error:
        return _render(error=error.message), 422
    report = _checked(rows)
    return _render(rows=rows, report=report), (200 if report.ok else 422)


@blp.route("/apply", methods=["POST"])
@admin_only
def apply():
    """Import the rows the check passed, each checked again, with the initial password."""
    try:
        rows = _sent_rows(request.form.get("roster", ""))
    except ValueError:
        return _render(error=STALE), 422
    try:
        with unit_of_work() as session:
            report = import_roster(
                session,
                rows,
                password=request.form.get("password", ""),
                dry_run=False,
                now=current_clock().now(),
                body_id=current_user().body_id,
            )
            if not report.ok:
                raise _Refused(report)
            added = len(report.added)
    except _Refused as refused:
        return _render(rows=rows, report=refused.report), 422
    except DomainError as error:  # the password: the rows passed, or _Refused would say so
        return _render(rows=rows, report=_checked(rows), password_error=error.message), 422
    flash(f"已导入 {added} 名委员，初始密码为刚才填写的密码。")
    return _render(rows=rows, report=report, applied=True)


class _Refused(Exception):
    """A row went wrong between the check and the import: roll back, show the rows."""

    def __init__(self, report: RosterReport) -> None:
        self.report = report


def _checked(rows: list[RosterRow]) -> RosterReport:
    """The dry run: each row checked against the others and everyone registered."""
    return import_roster(
        current_session(),
        rows,
        password=None,
        dry_run=True,
        now=current_clock().now(),
        body_id=current_user().body_id,
    )


def _sent_rows(text: str) -> list[RosterRow]:
    """The rows the check passed, as the confirmation form carried them back.

    Raises:
        ValueError: anything that is not such a list.
    """
    sent = json.loads(text)
    if not isinstance(sent, list) or not sent:
        raise ValueError(text)
    rows = []
    for item in sent:
        number, values = item.get("number"), item.get("values")
        if not isinstance(number, int) or not isinstance(values, dict):
            raise ValueError(text)
        if any(k not in COLUMNS or not isinstance(v, str | None) for k, v in values.items()):
            raise ValueError(text)
        rows.append(RosterRow(number, values))
    return rows


def _render(*, rows=(), report=None, applied=False, error="", password_error=""):
    added = {number: user for number, user in report.added} if report else {}
    carried = [{"number": r.number, "values": r.values} for r in rows]
    return render_template(
        "web/admin_roster.html",
        title="导入委员名册",
        rows=rows,
        report=report,
        added=added,
        applied=applied,
        error=error,
        password_error=password_error,
        columns=[headings[0] for headings in COLUMNS.values()],
        roster=json.dumps(carried, ensure_ascii=False) if report and report.ok else "",
    )
