"""The JSON API under /api/v1, its OpenAPI document and its locally served interactive docs."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from service.api import (
    administration,
    assignment_plans,
    assignments,
    attachments,
    bodies,
    calendar_feed,
    compilations,
    deadlines,
    deliveries,
    docs,
    documents,
    lists,
    organisations,
    people,
    proposals,
    public,
    search,
    sessions,
    stats,
    transfers,
    workflows,
)
from service.api.errors import register_error_handlers
from service.api.openapi import ServiceApi

BLUEPRINTS = (
    people.blp,
    bodies.blp,
    organisations.blp,
    proposals.blp,
    search.blp,
    transfers.blp,
    assignments.blp,
    assignment_plans.blp,
    deadlines.blp,
    documents.blp,
    attachments.blp,
    administration.blp,
    workflows.blp,
    stats.blp,
    compilations.blp,
    lists.blp,
    sessions.blp,
    deliveries.blp,
    calendar_feed.blp,
    public.blp,
)


def init_api(app: Flask) -> Api:
    app.config.update(
        API_TITLE="政协提案办理服务 API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearerAuth": []}],
        },
    )
    api = ServiceApi(app)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.blp)
    register_error_handlers(app)
    return api
