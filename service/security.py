"""What every request and answer passes through: input no one could have typed is refused, and
each answer carries a content security policy without inline script, no framing, no sniffing,
and no caching of anything that belongs to a logged-in user."""

from __future__ import annotations

from flask import Flask, Response, request

from service.input_guard import init_input_guard

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
# Swagger UI sets style attributes from its script; scripts stay restricted to our own files.
DOCS_POLICY = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def secure_headers(response: Response) -> Response:
    policy = DOCS_POLICY if request.path.startswith("/api/v1/docs") else POLICY
    response.headers.setdefault("Content-Security-Policy", policy)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.path.startswith(("/static/", "/api/v1/docs")):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_security(app: Flask) -> None:
    init_input_guard(app)
    app.after_request(secure_headers)
