"""Server-rendered pages for members, the committee office, handling units, leaders and
administrators. They call the same operations as the API: no second path to change a state.
Every asset is served by the service itself (government intranets have no internet)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template, request, send_from_directory
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect

from service.web import (
    admin,
    admin_deliveries,
    admin_users,
    assignment_pages,
    assignment_plan_pages,
    attachment_pages,
    auth,
    list_pages,
    merge,
    notification_pages,
    organisation_pages,
    pages,
    profile_pages,
    proposals_pages,
    report_pages,
    roster_pages,
    session_pages,
    similar_pages,
    staff_entry_pages,
    stats_pages,
    transfer_pages,
    workbench,
    workflow_pages,
)
from service.web import public as public_pages
from service.web.display import TEMPLATE_GLOBALS

STATIC = Path(__file__).resolve().parent / "static"
BLUEPRINTS = (
    auth.blp,
    pages.blp,
    notification_pages.blp,
    workbench.blp,
    proposals_pages.blp,
    staff_entry_pages.blp,
    profile_pages.blp,
    assignment_pages.blp,
    assignment_plan_pages.blp,
    attachment_pages.blp,
    merge.blp,
    similar_pages.blp,
    workflow_pages.blp,
    stats_pages.blp,
    report_pages.blp,
    list_pages.blp,
    organisation_pages.blp,
    admin.blp,
    admin_users.blp,
    roster_pages.blp,
    session_pages.blp,
    admin_deliveries.blp,
    transfer_pages.blp,
    public_pages.blp,
)


class SessionCookie(SecureCookieSessionInterface):
    """The session cookie is `Secure` whenever the page was served over HTTPS (seen through a
    trusted proxy's X-Forwarded-Proto, service/__init__.py), and always when the setting
    SESSION_COOKIE_SECURE asks for it; over plain HTTP on an intranet it still works."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


def init_web(app: Flask) -> None:
    csrf = CSRFProtect(app)
    app.session_interface = SessionCookie()
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.extensions["settings"].session_cookie_secure,
        WTF_CSRF_TIME_LIMIT=None,  # a clerk may keep a reply form open all afternoon
    )
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.add_url_rule("/static/<path:filename>", "static", _static)
    app.add_url_rule("/favicon.ico", "favicon", lambda: _static("favicon.svg"))
    app.add_url_rule("/robots.txt", "robots", public_pages.robots)
    for name, blueprint in app.blueprints.items():
        if name not in {b.name for b in BLUEPRINTS}:
            csrf.exempt(blueprint)  # the API authenticates by bearer token, not by cookie
    app.register_error_handler(CSRFError, _csrf_refused)
    app.jinja_env.globals.update(
        TEMPLATE_GLOBALS,
        unread_count=notification_pages.unread_count,
        other_bodies=auth.other_bodies,
        bodies_below=stats_pages.bodies_below,
        transfers_offered=transfer_pages.transfers_offered,
        transfers_waiting=transfer_pages.transfers_waiting,
    )
    app.jinja_env.globals["current_user"] = auth.current_user
    app.jinja_env.globals["public_canonical"] = public_pages.canonical


def _static(filename: str):
    return send_from_directory(STATIC, filename, max_age=3600)


def _csrf_refused(error: CSRFError):
    """A form without its token (expired page, or posted from elsewhere) changes nothing."""
    message = "表单已过期或来源无法确认，未作任何更改。请返回上一页，刷新后重新提交。"
    heading = "表单已过期"
    return render_template("web/error.html", title=heading, heading=heading, message=message), 400
