"""Administrator pages: units, the working-day calendar (days and each year's published switch)
and the settings (durations, reply review, office details); calendar and duration changes show
the deadlines they would move before they are confirmed. Users are on admin_users.py."""

from __future__ import annotations

from datetime import date
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import DomainError, InvalidInput
from service.models import Proposal
from service.operations import administration, unit_robots, users
from service.operations.bodies import is_platform_admin, units_of
from service.permissions import Permission, can
from service.policy import DEFAULTS
from service.vocabulary import WEBHOOK_KINDS, CalendarScope
from service.web.auth import current_user, login_required
from service.web.setting_values import coded_lines, from_coded_lines

blp = Blueprint("admin", __name__, url_prefix="/admin")
# How the settings page groups the options (anything not named here goes under 其他).
SETTING_GROUPS = (
    (
        "办理期限",
        (
            "review_working_days",
            "sign_working_days",
            "return_window_working_days",
            "contact_working_days",
            "opinion_months",
            "reply_months",
            "rehandle_months",
            "max_reply_months",
            "evaluation_working_days",
            "follow_up_months",
            "escalate_after_days",
            "key_reminder_advance_days",
        ),
    ),
    ("答复审查与测评", ("reply_review", "very_satisfied_level")),
    ("提案字数", ("title_max_length", "body_part_max_length")),
    ("办公室信息", ("office_name", "office_short_name", "office_contact")),
    ("消息推送", ("office_webhook_url", "office_webhook_kind")),
)


def admin_only(view):
    """The administrator's pages: anyone else is refused (403)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not can(current_user(), Permission.ADMIN_PAGES_OPEN):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def attempt(action, form, done: str | None) -> DomainError | None:
    """Run one change; flash what happened (unless the caller says it after) and hand back the
    error, if any."""
    try:
        action(form)
    except DomainError as error:
        current_session().rollback()
        flash(error.message, "error")
        return error
    if done:
        flash(done)
    return None


def _add_unit(form) -> None:
    with unit_of_work() as session:
        users.add_unit(
            session,
            form.get("name", ""),
            now=current_clock().now(),
            body_id=current_user().body_id,
        )


@blp.route("/units", methods=["GET", "POST"])
@admin_only
def unit_list():
    """Register a 承办单位; the assignment form lists them."""
    error = None
    if request.method == "POST":
        error = attempt(_add_unit, request.form, "承办单位已添加。")
        if error is None:
            return redirect(url_for("admin.unit_list"))
    rows = current_session().scalars(units_of(current_user().body_id)).all()
    return render_template(
        "web/admin_units.html",
        title="承办单位",
        rows=rows,
        robot_kinds=WEBHOOK_KINDS,
        errors=error.details if error else {},
        values=request.form,
    ), (error.status if error else 200)


@blp.route("/units/<int:unit_id>/robot", methods=["POST"])
@admin_only
def unit_robot(unit_id: int):
    """Set or take away a unit's group robot (企业微信, 钉钉 or generic)."""
    attempt(lambda form: _set_robot(unit_id, form), request.form, "群机器人已保存。")
    return redirect(url_for("admin.unit_list"))


def _set_robot(unit_id: int, form) -> None:
    changes = {"webhook_url": form.get("webhook_url", ""), "webhook_kind": form.get("webhook_kind")}
    if changes["webhook_kind"] not in WEBHOOK_KINDS:
        changes["webhook_kind"] = None  # read from the address
    with unit_of_work() as session:
        unit_robots.change_unit(session, unit_id, changes, actor=current_user())


def _calendar_change(form) -> dict:
    """Preview, or with `confirm` save, one day's entry."""
    try:
        day = date.fromisoformat(form.get("date", ""))
    except ValueError:
        raise InvalidInput("请选择日期。", details={"date": ["请选择日期。"]}) from None
    choice = form.get("working")
    working = None if choice == "remove" else choice == "work"
    scope = CalendarScope.BODY if form.get("scope") == "body" else CalendarScope.NATIONAL
    with unit_of_work() as session:
        return administration.change_calendar(
            session,
            {day: (working, form.get("note") or None)},
            actor=current_user(),
            confirm=form.get("confirm") == "1",
            now=current_clock().now(),
            scope=scope,
        )


@blp.route("/calendar", methods=["GET", "POST"])
@admin_only
def calendar():
    """Add or remove a day; the first post previews the moved deadlines, the second confirms."""
    preview, error = _preview(_calendar_change) if request.method == "POST" else (None, None)
    if preview and preview["applied"]:
        flash(f"已保存，{len(preview['moves'])} 个未到期时限已重新计算。")
        return redirect(url_for("admin.calendar"))
    return _calendar_page(error, preview=_with_titles(preview))


def _year_change(form) -> dict:
    """Preview, or with `confirm` save, one year's published switch."""
    raw = form.get("year", "").strip()
    if not (raw.isascii() and raw.isdecimal() and len(raw) == 4):
        raise InvalidInput("请选择年度。", details={"year": ["请选择年度。"]})
    with unit_of_work() as session:
        return administration.publish_calendar_year(
            session,
            int(raw),
            form.get("published") == "1",
            actor=current_user(),
            confirm=form.get("confirm") == "1",
            now=current_clock().now(),
        )


@blp.route("/calendar/years", methods=["POST"])
@admin_only
def calendar_year():
    """Mark a year's holidays as published, or take the mark back: previewed, then confirmed."""
    preview, error = _preview(_year_change)
    if preview and preview["applied"]:
        done = "已标记为已公布" if preview["published"] else "已撤销公布标记"
        flash(f"{preview['year']}年{done}，{len(preview['moves'])} 个未到期时限已重新核定。")
        return redirect(url_for("admin.calendar"))
    return _calendar_page(error, year_preview=_with_titles(preview))


def _calendar_page(error: DomainError | None, **previews):
    session = current_session()
    return render_template(
        "web/admin_calendar.html",
        title="工作日历",
        rows=administration.list_calendar_entries(session),
        years=administration.list_calendar_years(session, now=current_clock().now()),
        keeper=is_platform_admin(session, current_user()),
        values=request.form,
        errors=error.details if error else {},
        **previews,
    ), (error.status if error else 200)


def _preview(change) -> tuple[dict | None, DomainError | None]:
    try:
        return change(request.form), None
    except DomainError as error:
        current_session().rollback()
        flash(error.message, "error")
        return None, error


def _with_titles(preview: dict | None) -> dict | None:
    """The preview with each moved deadline's proposal, so the page can name it."""
    if not preview:
        return preview
    ids = {move["proposal_id"] for move in preview["moves"]}
    found = current_session().scalars(select(Proposal).where(Proposal.id.in_(ids)))
    return {**preview, "proposals": {p.id: p for p in found}}


def _settings_change(form) -> dict:
    with unit_of_work() as session:
        return administration.change_settings(
            session,
            _changes(form),
            actor=current_user(),
            confirm=form.get("confirm") == "1",
            apply_to_open=form.get("apply_to_open") == "1",
            now=current_clock().now(),
        )


@blp.route("/settings", methods=["GET", "POST"])
@admin_only
def settings():
    """Change durations and office settings; a change is previewed before it is saved."""
    preview, error = _preview(_settings_change) if request.method == "POST" else (None, None)
    if preview and preview["applied"]:
        flash("设置已保存。")
        return redirect(url_for("admin.settings"))
    options = {o["key"]: o for o in administration.list_settings(current_session())}
    return render_template(
        "web/admin_settings.html",
        title="设置",
        robot_kinds=WEBHOOK_KINDS,
        groups=_groups(options),
        changes=_changes(request.form) if preview else {},
        preview=_with_titles(preview),
        values=request.form,
        errors=error.details if error else {},
        coded_lines=coded_lines,
    ), (error.status if error else 200)


def _groups(options: dict) -> list[tuple[str, list[dict]]]:
    named = {key for _, keys in SETTING_GROUPS for key in keys}
    groups = [(title, [options[k] for k in keys if k in options]) for title, keys in SETTING_GROUPS]
    rest = [option for key, option in options.items() if key not in named]
    return groups + ([("其他", rest)] if rest else [])


def _changes(form) -> dict:
    """The form's values typed like the defaults; unchanged ones are left out."""
    changes = {}
    current = {o["key"]: o["value"] for o in administration.list_settings(current_session())}
    for key, default in DEFAULTS.items():
        if isinstance(default, list):
            value = from_coded_lines(form.get(key, ""))
        elif isinstance(default, bool):
            value = form.get(key) == "on"
        elif isinstance(default, int):
            raw = form.get(key, "").strip()
            value = int(raw) if raw.isascii() and raw.isdecimal() else raw
        else:
            value = form.get(key, "").strip()
        if value != current[key]:
            changes[key] = value
    return changes
