"""How the OpenAPI document reads: in Chinese throughout, the errors in the service's one shape,
and each view's description as the sentences its docstring wraps."""

from __future__ import annotations

import re

from apispec import BasePlugin
from flask_smorest import Api

from service.api.schemas import ErrorSchema

# CJK punctuation, ideographs and full-width forms (，；：（）are full-width forms).
_WIDE = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_PUNCTUATION = re.compile("[\u3000-\u303f\uff00-\uffef]")
# One line break inside a paragraph (a blank line still parts two paragraphs).
_WRAP = re.compile(r"(?<=(.))\n(?=(.))")


def _join(match: re.Match) -> str:
    before, after = match.group(1), match.group(2)
    if (_WIDE.match(before) and _WIDE.match(after)) or any(
        _PUNCTUATION.match(c) for c in (before, after)
    ):
        return ""
    return " "


def unwrapped(text: str) -> str:
    """The text with the lines of each paragraph joined: nothing between Chinese characters, a
    space where a word or a code span meets one."""
    return _WRAP.sub(_join, text)


class UnwrappedDescriptions(BasePlugin):
    """A docstring wraps at 100 columns, but Markdown shows a line break inside a Chinese
    sentence as a stray space; the document carries the sentences whole."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            if isinstance(operation, dict) and "description" in operation:
                operation["description"] = unwrapped(operation["description"])


class ServiceApi(Api):
    """Documents every error with the service's one error shape (the `default` response), in
    the Chinese the rest of the document is written in."""

    ERROR_SCHEMA = ErrorSchema

    def _init_spec(self, *, extra_plugins=None, **options):
        plugins = [*(extra_plugins or ()), UnwrappedDescriptions()]
        super()._init_spec(extra_plugins=plugins, **options)

    def _register_responses(self):
        super()._register_responses()
        # In place of flask-smorest's own, worded in English ("Default error response").
        self.spec.components.response(
            self.DEFAULT_ERROR_RESPONSE_NAME,
            {
                "description": "出错时的统一格式：`code` 为错误代码，`message` 为给办公人员看的"
                "中文说明，`details` 按字段列出问题",
                "content": {"application/json": {"schema": self.ERROR_SCHEMA}},
            },
            lazy=True,
        )

    def _register_pagination_header(self):
        # Pages are the `{"items", "total", "next"}` envelope, never flask-smorest's X-Pagination
        # header: its schema (described in English) would only sit unused in the document.
        pass
