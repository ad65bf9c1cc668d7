"""届次会次: the committee office and administrators list the plenary sessions, add one, change
its name and dates, and make one current (new proposals are filed in it). The forms keep what
was typed and show each error under its field."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, redirect, render_template, request, url_for

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import NotVisible
from service.operations import plenary_sessions
from service.permissions import Permission, can
from service.web.admin import attempt
from service.web.auth import current_user, login_required

blp = Blueprint("session_pages", __name__, url_prefix="/sessions")
NUMBERS = ("term", "number", "year")
DATES = ("opens_on", "plenary_until", "closes_on", "reply_due_on")


def office_only(view):
    """The committee office's and administrators' pages: anyone else is refused (403)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not can(current_user(), Permission.SESSIONS_MANAGE):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _typed(form, names) -> dict:
    """The form's fields as the operation takes them: blank ones left out (so they are named as
    missing), digits as numbers, the rest as typed (so they are named as malformed)."""
    raw = {}
    for name in names:
        value = form.get(name, "").strip()
        if value:
            raw[name] = int(value) if name in NUMBERS and value.isdecimal() else value
    return raw


def _add(form) -> None:
    raw = _typed(form, ("name", *NUMBERS, *DATES)) | {"current": form.get("current") == "1"}
    with unit_of_work() as session:
        plenary_sessions.add_plenary(
            session, raw, actor=current_user(), now=current_clock().now()
        )


@blp.route("", methods=["GET", "POST"])
@office_only
def session_list():
    """Every session, the latest first, with the form that adds one."""
    error = None
    if request.method == "POST":
        error = attempt(_add, request.form, "会次已添加。")
        if error is None:
            return redirect(url_for("session_pages.session_list"))
    return render_template(
        "web/sessions.html",
        title="届次会次",
        rows=plenary_sessions.plenary_rows(current_session(), current_user().body_id),
        errors=error.details if error else {},
        values=request.form if error else {},
    ), (error.status if error else 200)


def _found(session_id: int) -> dict:
    session = current_session()
    try:
        plenary = plenary_sessions.find_session(session, session_id, current_user().body_id)
    except NotVisible:
        abort(404)
    return plenary_sessions.describe(session, plenary)


def _change(session_id: int):
    def change(form) -> None:
        raw = _typed(form, ("name", *DATES))
        if "plenary_until" not in raw and "closes_on" in raw:
            raw["plenary_until"] = raw["closes_on"]  # left blank: the closing day, as when added
        raw.setdefault("reply_due_on", None)  # left blank: no one reply date
        if form.get("current") == "1":
            raw["current"] = True
        with unit_of_work() as session:
            plenary_sessions.change_plenary(session, session_id, raw, actor=current_user())

    return change


@blp.route("/<int:session_id>", methods=["GET", "POST"])
@office_only
def session_page(session_id: int):
    """Change a session's name or dates, or make it current."""
    plenary = _found(session_id)
    error = None
    if request.method == "POST":
        error = attempt(_change(session_id), request.form, "会次已保存。")
        if error is None:
            return redirect(url_for("session_pages.session_list"))
    return render_template(
        "web/session.html",
        title=plenary["name"],
        plenary=plenary,
        errors=error.details if error else {},
        values=request.form if error else _as_typed(plenary),
    ), (error.status if error else 200)


def _as_typed(plenary: dict) -> dict:
    return {
        "name": plenary["name"],
        **{name: plenary[name].isoformat() if plenary[name] else "" for name in DATES},
    }
