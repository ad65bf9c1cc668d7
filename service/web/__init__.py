"""Server-rendered pages for members, the committee office, handling units, leaders and
administrators. They call the same operations as the API: no second path to change a state."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from service.web import admin, auth, pages, proposals_pages

STATIC = Path(__file__).resolve().parent / "static"


def init_web(app: Flask) -> None:
    csrf = CSRFProtect(app)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # a clerk may keep a reply form open all afternoon
    )
    for blueprint in (auth.blp, pages.blp, proposals_pages.blp, admin.blp):
        app.register_blueprint(blueprint)
    app.add_url_rule("/static/<path:filename>", "static", _static)
    for name in (
        "people",
        "proposals",
        "assignments",
        "deadlines",
        "documents",
        "administration",
        "workflows",
        "api-docs",
    ):
        if name in app.blueprints:
            csrf.exempt(app.blueprints[name])  # the API authenticates by bearer token, not cookie
    app.jinja_env.globals.update(pages.TEMPLATE_GLOBALS)


def _static(filename: str):
    from flask import send_from_directory

    return send_from_directory(STATIC, filename, max_age=3600)
