"""交办会 pages for the committee office: download the 交办表, upload it filled, read the dry run
row by row, then apply it; and 按类别交办, several accepted proposals of a category given the
same units at once. Both run the plan the API runs (one `assign` event a row)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, render_template, request

from service.assignment_plans import PlanOutcome, rows_from_json, rows_from_upload, run_plan
from service.assignment_plans.args import PlanArgs
from service.assignment_plans.template import template
from service.clock import current_clock
from service.db import current_session
from service.errors import InvalidInput
from service.operations.assignment_plans import unassigned
from service.operations.bodies import units_of
from service.permissions import Permission, ensure
from service.validation import MAX_ID, load_or_refuse
from service.vocabulary import CATEGORIES
from service.web.auth import current_user, login_required
from service.web.forms import ROWS, FieldSpec

blp = Blueprint("plan_pages", __name__, url_prefix="/assignment-plans")
UNITS_FIELD = FieldSpec("units", "承办单位", "units", required=True)


def _office():
    user = current_user()
    ensure(user, Permission.ASSIGNMENT_PLANS_RUN)
    return user


@blp.route("")
@login_required
def plan_page():
    """交办会: the template to download and the form to upload it filled."""
    _office()
    return _render()


@blp.route("/template.xlsx")
@login_required
def template_file():
    user, session = _office(), current_session()
    found = template(
        session, unassigned(session, actor=user, now=current_clock().now()), user.body_id
    )
    return Response(found.data, mimetype=found.mimetype, headers=found.headers)


@blp.route("/check", methods=["POST"])
@login_required
def check():
    """The uploaded 交办表's dry run: each row with what stops it; the rows that pass wait for
    the office's confirmation."""
    user, upload = _office(), request.files.get("file")
    if upload is None or not upload.filename:
        return _render(error="请选择填写好的交办表（.xlsx）后再上传。"), 422
    try:
        rows_of = rows_from_upload(upload.read())
    except InvalidInput as error:
        return _render(error=error.message), 422
    outcome = run_plan(rows_of, actor=user, dry_run=True, now=current_clock().now())
    return _render(outcome=outcome, checked=True)


@blp.route("/apply", methods=["POST"])
@login_required
def apply():
    """Apply the rows the dry run passed, each checked again as it is assigned."""
    user = _office()
    try:
        sent = json.loads(request.form.get("plan", ""))
        rows = load_or_refuse(PlanArgs(), {"rows": sent})["rows"]
    except (ValueError, InvalidInput):
        return _render(error="交办计划已失效，请重新上传交办表。"), 422
    outcome = run_plan(rows_from_json(rows), actor=user, dry_run=False, now=current_clock().now())
    _flash(outcome)
    return _render(outcome=outcome)


def _flash(outcome: PlanOutcome) -> None:
    flash(f"已交办{outcome.applied}件提案。")
    if outcome.refused:
        flash(f"{outcome.refused}行未交办，原因见下表。", "error")


def _render(*, outcome: PlanOutcome | None = None, checked: bool = False, error: str = ""):
    passed = [r for r in outcome.rows if r.ok] if outcome else []
    plan = [{"row": r.row, "proposal_id": r.proposal_id, "units": r.units} for r in passed]
    return render_template(
        "web/assignment_plan.html",
        title="交办会",
        outcome=outcome,
        checked=checked,
        error=error,
        plan=json.dumps(plan, ensure_ascii=False) if checked and passed else "",
        unit_names=_UnitChoices(current_session()).names,
    )


@blp.route("/by-category", methods=["GET", "POST"])
@login_required
def by_category():
    """按类别交办: the accepted proposals of a category, chosen with checkboxes, each assigned
    to the same units with an `assign` event of its own."""
    user, session = _office(), current_session()
    category = request.values.get("category", "")
    outcome, values = None, {}
    if request.method == "POST":
        outcome = _assign_chosen(user)
        # Refused rows keep the units chosen, to be assigned again once put right.
        values = request.form.to_dict() if outcome is None or outcome.refused else {}
    choices = _UnitChoices(session)
    waiting = unassigned(session, actor=user, now=current_clock().now())
    return render_template(
        "web/assignment_batch.html",
        title="按类别交办",
        category=category if category in CATEGORIES else "",
        waiting=waiting,
        counts={code: sum(p.category == code for p in waiting) for code in CATEGORIES},
        outcome=outcome,
        values=values,
        chosen=set(_chosen()) if values else set(),
        ctx=choices,
        spec=UNITS_FIELD,
        unit_names=choices.names,
    )


def _assign_chosen(user) -> PlanOutcome | None:
    chosen = _chosen()
    units = ROWS["units"](request.form)
    if not chosen:
        flash("请勾选要交办的提案。", "error")
        return None
    rows = [{"proposal_id": proposal_id, "units": units} for proposal_id in chosen]
    outcome = run_plan(rows_from_json(rows), actor=user, dry_run=False, now=current_clock().now())
    _flash(outcome)
    return outcome


def _chosen() -> list[int]:
    """The proposals ticked, as ids (anything else in the form is no proposal)."""
    return [
        int(value)
        for value in request.form.getlist("proposal_id")
        if value.isascii() and value.isdecimal() and int(value) <= MAX_ID
    ]


class _UnitChoices:
    """What the units widget offers: the active units by name."""

    def __init__(self, session) -> None:
        query = units_of(current_user().body_id, active_only=True)
        self.units = session.scalars(query).all()
        self.names = {unit.id: unit.name for unit in self.units}
