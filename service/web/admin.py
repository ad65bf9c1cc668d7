"""Administrator pages: users, units, the working-day calendar and the settings (durations,
reply review, office details). Calendar and duration changes show the deadlines they would
move before they are confirmed."""

from __future__ import annotations

from datetime import date
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import DomainError
from service.models import CalendarEntry, Unit, User
from service.operations import administration, users
from service.policy import DEFAULTS
from service.web.auth import current_user, login_required

blp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_only(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if current_user().role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@blp.route("/users", methods=["GET", "POST"])
@admin_only
def user_list():
    errors = {}
    if request.method == "POST":
        form = request.form
        try:
            with unit_of_work() as session:
                users.add_user(
                    session,
                    form.get("username", "").strip(),
                    role=form.get("role", ""),
                    password=form.get("password", ""),
                    unit_name=form.get("unit") or None,
                    display_name=form.get("display_name") or None,
                    sector=form.get("sector") or None,
                    now=current_clock().now(),
                )
            flash("用户已添加。")
            return redirect(url_for("admin.user_list"))
        except DomainError as error:
            errors = error.details
            flash(error.message, "error")
    session = current_session()
    return render_template(
        "web/admin_users.html",
        title="用户管理",
        errors=errors,
        values=request.form,
        roles=users.ROLES,
        users=session.scalars(select(User).order_by(User.role, User.username)),
        units=session.scalars(select(Unit).order_by(Unit.name)).all(),
    ), (422 if errors else 200)


@blp.route("/units", methods=["GET", "POST"])
@admin_only
def unit_list():
    errors = {}
    if request.method == "POST":
        try:
            with unit_of_work() as session:
                users.add_unit(session, request.form.get("name", ""), now=current_clock().now())
            flash("承办单位已添加。")
            return redirect(url_for("admin.unit_list"))
        except DomainError as error:
            errors = error.details
            flash(error.message, "error")
    rows = current_session().scalars(select(Unit).order_by(Unit.name)).all()
    return render_template(
        "web/admin_units.html", title="承办单位", rows=rows, errors=errors, values=request.form
    ), (422 if errors else 200)


@blp.route("/calendar", methods=["GET", "POST"])
@admin_only
def calendar():
    """Add or remove a day; the first post previews the moved deadlines, the second confirms."""
    preview, errors = None, {}
    if request.method == "POST":
        try:
            day = date.fromisoformat(request.form.get("date", ""))
        except ValueError:
            errors = {"date": ["请选择日期。"]}
        else:
            choice = request.form.get("working")
            working = None if choice == "remove" else choice == "work"
            confirm = request.form.get("confirm") == "1"
            with unit_of_work() as session:
                preview = administration.change_calendar(
                    session,
                    {day: (working, request.form.get("note") or None)},
                    actor=current_user(),
                    confirm=confirm,
                    now=current_clock().now(),
                )
            if confirm:
                flash(f"已保存，{len(preview['moves'])} 个未到期时限已重新计算。")
                return redirect(url_for("admin.calendar"))
    rows = current_session().scalars(select(CalendarEntry).order_by(CalendarEntry.day)).all()
    return render_template(
        "web/admin_calendar.html",
        title="工作日历",
        rows=rows,
        preview=preview,
        values=request.form,
        errors=errors,
    )


@blp.route("/settings", methods=["GET", "POST"])
@admin_only
def settings():
    preview, errors = None, {}
    if request.method == "POST":
        changes = _changes(request.form)
        confirm = request.form.get("confirm") == "1"
        try:
            with unit_of_work() as session:
                preview = administration.change_settings(
                    session,
                    changes,
                    actor=current_user(),
                    confirm=confirm,
                    apply_to_open=request.form.get("apply_to_open") == "1",
                    now=current_clock().now(),
                )
            if confirm:
                flash("设置已保存。")
                return redirect(url_for("admin.settings"))
        except DomainError as error:
            errors = error.details
            flash(error.message, "error")
    return render_template(
        "web/admin_settings.html",
        title="设置",
        options=administration.list_settings(current_session()),
        preview=preview,
        values=request.form,
        errors=errors,
    )


def _changes(form) -> dict:
    """The form's values typed like the defaults; unchanged ones are left out."""
    changes = {}
    current = {o["key"]: o["value"] for o in administration.list_settings(current_session())}
    for key, default in DEFAULTS.items():
        if isinstance(default, bool):
            value = form.get(key) == "on"
        elif isinstance(default, int):
            raw = form.get(key, "").strip()
            value = int(raw) if raw.isdigit() else raw
        else:
            value = form.get(key, "").strip()
        if value != current[key]:
            changes[key] = value
    return changes
