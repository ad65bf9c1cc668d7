"""Refuse, before any view runs, text that nobody could have typed: control characters, NUL,
lone surrogates and JSON nested past any real form.

Every value that enters by HTTP passes here once (path, query, form fields, JSON body), so no
field type, filter or page has to remember it. PostgreSQL refuses NUL in text and openpyxl
refuses C0 controls in a workbook: either used to answer 500 long after the input was taken.
"""

from __future__ import annotations

import re

from flask import Flask, current_app, request

from service.errors import InvalidInput

# C0 controls except tab, line feed and carriage return (a textarea posts CR LF), and UTF-16
# surrogates, which JSON's \ud800 escapes can smuggle in but no encoding can store.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# Forms, ratings and commitments nest three levels; anything far deeper is not a form.
MAX_DEPTH = 20
NAME_SHOWN = 40


def _refuse(name: str) -> InvalidInput:
    shown = (name or "")[:NAME_SHOWN] or "请求地址"
    message = f"“{shown}”中含有无法识别的控制字符，请删除后重新提交。"
    return InvalidInput(message, details={shown: [message]})


def _check_json(value, path: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        message = "提交的内容层级过深，无法处理。"
        raise InvalidInput(message, details={path or "_schema": [message]})
    if isinstance(value, str):
        if FORBIDDEN.search(value):
            raise _refuse(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            if FORBIDDEN.search(key):
                raise _refuse(inner)
            _check_json(item, inner, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json(item, f"{path}.{index}" if path else str(index), depth + 1)


def _parsed_json():
    try:
        return request.get_json(silent=True)
    except RecursionError:  # json.loads gives up on deep nesting with this, not a ValueError
        message = "提交的内容层级过深，无法处理。"
        raise InvalidInput(message, details={"_schema": [message]}) from None


def check_request() -> None:
    """Raise InvalidInput (422) naming the first field that holds a forbidden character."""
    if FORBIDDEN.search(request.path):
        raise _refuse("请求地址")
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            # A multipart body may carry a part without a name or a value; only text holds these.
            if any(isinstance(text, str) and FORBIDDEN.search(text) for text in (name, value)):
                raise _refuse(name)
    if request.is_json:
        _check_json(_parsed_json(), "", 0)


def accepts_uploads(limit: int):
    """Mark a view that takes files: its requests may carry up to `limit` bytes, every other
    request keeps the app's MAX_CONTENT_LENGTH."""

    def mark(view):
        view.upload_limit = limit
        return view

    return mark


def allow_uploads() -> None:
    """Raise the size limit for views marked `accepts_uploads`, before anything reads the form
    (the CSRF check and the guard above both do)."""
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "upload_limit", None)
    if limit:
        request.max_content_length = limit


def init_upload_limits(app: Flask) -> None:
    """Registered first of all the before-request functions."""
    app.before_request(allow_uploads)


def init_input_guard(app: Flask) -> None:
    app.before_request(check_request)
