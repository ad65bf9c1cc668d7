"""Interactive API docs (Swagger UI) served from the service itself: the intranet has no CDN,
and the page loads its start-up script from a file so the content security policy can forbid
inline script."""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Response, redirect, send_from_directory

DIST = Path(flask_swagger_ui.__file__).resolve().parent / "dist"
blp = Blueprint("swagger-ui", __name__, url_prefix="/api/v1/docs")

PAGE = """<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>政协提案办理服务 API</title>
<link rel="stylesheet" href="/api/v1/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/v1/docs/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/start.js"></script>
</body></html>
"""
START = """window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui",
    deepLinking: true, persistAuthorization: true });
});
"""


@blp.route("")
def docs_without_slash():
    return redirect("/api/v1/docs/", code=308)


@blp.route("/")
def docs():
    return Response(PAGE, mimetype="text/html")


@blp.route("/start.js")
def start():
    return Response(START, mimetype="text/javascript")


@blp.route("/<any('swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'):name>")
def asset(name: str):
    return send_from_directory(DIST, name, max_age=86400)
