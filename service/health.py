"""`/healthz`: 200 when the database answers, 503 with the reason when it does not."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.clock import current_clock
from service.db import current_session
from service.documents.signing import signing_setup

blp = Blueprint("health", __name__)


def _signing_report() -> dict:
    """电子签章 is reported like the fonts: a certificate that cannot be used leaves the
    documents unsigned, and this says why."""
    settings = current_app.extensions["settings"]
    setup = signing_setup(settings, current_clock().now().astimezone(settings.zone).date())
    if not setup.configured:
        return {"signing": "off", "signing_message": None}
    return {"signing": "problem" if setup.problem else "ok", "signing_message": setup.problem}


@blp.route("/healthz")
def healthz():
    """Fonts and signing are reported, not fatal: without them only the PDF notices wait or stay
    unsigned."""
    fonts = current_app.extensions["fonts"]
    font_report = {
        "fonts": "ok" if fonts.ok else "missing",
        "fonts_message": fonts.message,
        **_signing_report(),
    }
    try:
        current_session().execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        body = {"status": "unavailable", "database": type(error).__name__, **font_report}
        return jsonify(body), 503
    return jsonify({"status": "ok", "database": "ok", **font_report})
