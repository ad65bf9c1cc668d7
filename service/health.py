"""`/healthz`: 200 when the database answers, 503 with the reason when it does not."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.db import current_session

blp = Blueprint("health", __name__)


@blp.route("/healthz")
def healthz():
    try:
        current_session().execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        return jsonify({"status": "unavailable", "database": type(error).__name__}), 503
    return jsonify({"status": "ok", "database": "ok"})
