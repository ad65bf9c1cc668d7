"""Logging in and out of the pages: the session cookie carries a server-side token, so logging
out (or an administrator disabling the account) ends the session everywhere."""

from __future__ import annotations

import unicodedata
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from service.access import memberships_of
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import NotAuthenticated, RoleRefused, TooManyAttempts
from service.login import log_in
from service.operations import users

blp = Blueprint("auth", __name__)


def current_user():
    """The logged-in user of this request, or None."""
    if "web_user" in g:
        return g.web_user
    token = session.get("token")
    g.web_user = None
    if token:
        try:
            g.web_user = users.actor_for_token(current_session(), token, now=current_clock().now())
        except NotAuthenticated:
            session.clear()
    return g.web_user


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)

    return wrapped


def is_local_path(target: str) -> bool:
    """A path of this site and nothing else. Browsers drop tabs and line breaks from a URL and
    read a backslash as a slash, so "/", a tab, "/evil.com" would become "//evil.com": any
    whitespace, control character or backslash disqualifies a target instead of being dropped."""
    if not target.startswith("/") or target.startswith("//"):
        return False
    if any(ch.isspace() or ch == "\\" or unicodedata.category(ch)[0] == "C" for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def _next_page() -> str:
    """Where to go after logging in: a page of this site only, else the workbench."""
    target = request.args.get("next", "")
    return target if is_local_path(target) else url_for("workbench.dashboard")


@blp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with the form; the session keeps a server-side token, not the password."""
    username, refused = request.form.get("username", "").strip(), None
    if request.method == "POST":
        try:
            token, _ = log_in(
                username,
                request.form.get("password", ""),
                address=request.remote_addr or "",
                now=current_clock().now(),
            )
        except (NotAuthenticated, TooManyAttempts) as error:
            refused = error
        else:
            session.clear()
            session["token"] = token
            return redirect(_next_page())
    page = render_template("web/login.html", username=username, error=refused, title="登录")
    if isinstance(refused, TooManyAttempts):
        return page, refused.status, {"Retry-After": str(refused.retry_after)}
    return page, (refused.status if refused else 200)


def other_bodies(user) -> list:
    """The person's memberships in other bodies (none for the one office that is alone on its
    platform: then the pages show no switch)."""
    read = g.setdefault("memberships", {})  # once a page: the header's chooser, the page's text
    if user.person_id not in read:
        read[user.person_id] = memberships_of(current_session(), user.person_id)
    return [membership for membership in read[user.person_id] if membership.body_id != user.body_id]


@blp.route("/switch-body", methods=["POST"])
@login_required
def switch_body():
    """Go over to one's membership in another body: a token of that body replaces this one."""
    body_id = request.form.get("body_id", "")
    now = current_clock().now()
    try:
        with unit_of_work() as db:
            if not body_id.isdecimal():
                raise RoleRefused(users.NOT_A_MEMBER)
            token, row = users.switch_body(db, current_user(), int(body_id), now=now)
            users.revoke_token(db, session["token"], now=now)
            name = row.user.body.name
    except RoleRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("workbench.dashboard")), 303
    session.clear()
    session["token"] = token
    flash(f"已切换到{name}。")
    return redirect(url_for("workbench.dashboard"))


@blp.route("/logout", methods=["POST"])
def logout():
    token = session.pop("token", None)
    if token:
        with unit_of_work() as db:
            users.revoke_token(db, token, now=current_clock().now())
    session.clear()
    flash("您已安全退出。")
    return redirect(url_for("auth.login"))
