"""One JSON error shape for every failure: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from service.errors import DomainError, StaleVersion, TooManyAttempts
from service.validation import flatten_errors

log = logging.getLogger(__name__)

HTTP_MESSAGES = {
    400: ("bad_request", "请求无法处理，请检查后重试。"),
    401: ("not_authenticated", "请先登录。"),
    403: ("forbidden", "您没有进行此操作的权限。"),
    404: ("not_found", "您要找的页面或记录不存在。"),
    405: ("method_not_allowed", "该地址不支持这种请求方式。"),
    413: ("too_large", "提交的内容过大。"),
    415: ("unsupported_media_type", "请以 JSON 格式提交。"),
    422: ("invalid_input", "提交的内容有误，请检查标出的字段。"),
    429: ("too_many_requests", "操作过于频繁，请稍后再试。"),
}


def error_response(status: int, code: str, message: str, details: dict | None = None):
    if request.path.startswith("/public/"):
        heading = {404: "未找到", 429: "访问过于频繁", 422: "查询条件有误"}.get(status, "出错了")
        page = render_template(
            "web/public_error.html", title=heading, heading=heading, message=message, office=""
        )
        return make_response(page, status)
    if not request.path.startswith("/api/") and request.path != "/healthz":
        heading = {401: "请先登录", 403: "没有权限", 404: "未找到"}.get(status, "出错了")
        page = render_template("web/error.html", title=heading, heading=heading, message=message)
        return make_response(page, status)
    response = jsonify({"error": {"code": code, "message": message, "details": details or {}}})
    response.status_code = status
    return response


def _domain(error: DomainError):
    response = error_response(error.status, error.code, error.message, error.details)
    if isinstance(error, TooManyAttempts):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _http(error: HTTPException):
    code, message = HTTP_MESSAGES.get(error.code or 500, ("error", error.description or ""))
    details = {}
    messages = getattr(error, "data", {}).get("messages") if hasattr(error, "data") else None
    if messages:  # webargs' validation errors, by location: {"query": {...}, "json": {...}}
        details = {k: v for loc in messages.values() for k, v in flatten_errors(loc).items()}
        message = next(iter(details.values()))[0] if details else message
    response = error_response(error.code or 500, code, message, details)
    if error.code == 405:
        allowed = error.get_headers()
        response.headers.update({k: v for k, v in allowed if k == "Allow"})
        if "Allow" not in response.headers and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _stale(_error: StaleDataError):
    return _domain(StaleVersion(current=-1, given=None))


def _unexpected(error: Exception):
    log.exception("unexpected error", exc_info=error)
    return error_response(500, "internal_error", "服务器内部错误，请稍后重试或联系系统管理员。")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, _domain)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(StaleDataError, _stale)
    app.register_error_handler(Exception, _unexpected)
