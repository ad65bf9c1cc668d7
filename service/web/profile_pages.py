"""我的资料: everyone reads their own details and keeps their phone, e-mail, employer and the
channels they want notices by; name, 界别 and 党派 are the office's to change (用户管理)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import DomainError
from service.operations import profiles
from service.web.auth import current_user, login_required

blp = Blueprint("profile_pages", __name__)


@blp.route("/me", methods=["GET", "POST"])
@login_required
def profile():
    error = None
    if request.method == "POST":
        raw = {field: request.form.get(field, "") for field in ("phone", "email", "employer")}
        raw["notify_by"] = request.form.getlist("notify_by")
        try:
            with unit_of_work() as session:
                profiles.update_own_profile(session, current_user(), raw, now=current_clock().now())
        except DomainError as failure:
            current_session().rollback()
            flash(failure.message, "error")
            error = failure
        else:
            flash("资料已保存。")
            return redirect(url_for("profile_pages.profile"))
    user = current_user()
    posted = request.method == "POST"
    return render_template(
        "web/profile.html",
        title="我的资料",
        person=user,
        errors=error.details if error else {},
        values=request.form
        if posted
        else {f: getattr(user, f) or "" for f in ("phone", "email", "employer")},
        channels=request.form.getlist("notify_by") if posted else user.notify_by,
    ), (error.status if error else 200)
