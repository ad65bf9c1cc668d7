"""`/healthz`: 200 when the database answers, 503 with the reason when it does not."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.db import current_session

blp = Blueprint("health", __name__)


@blp.route("/healthz")
def healthz():
    """Fonts are reported, not fatal: without them only the PDF notices wait."""
    fonts = current_app.extensions["fonts"]
    font_report = {"fonts": "ok" if fonts.ok else "missing", "fonts_message": fonts.message}
    try:
        current_session().execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        body = {"status": "unavailable", "database": type(error).__name__, **font_report}
        return jsonify(body), 503
    return jsonify({"status": "ok", "database": "ok", **font_report})
