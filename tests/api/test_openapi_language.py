"""The OpenAPI document speaks one language to the office's IT staff and integrators: Chinese,
with codes, field names, event names, JSON and paths in backticks."""

import http
import re

import pytest

from service.api.openapi import unwrapped

# Names an integrator in China reads as they are, outside backticks too; the HTTP reason phrases
# ("OK", "Unprocessable Entity") that describe responses are left as HTTP words them.
ACRONYMS = {"API", "PDF", "SVG", "URL", "JSON", "HTTP", "ETag", "Excel", "OpenAPI"}
REASON_PHRASES = {status.phrase for status in http.HTTPStatus}
CODE = re.compile(r"`[^`]*`")
WORD = re.compile(r"[A-Za-z]{3,}")
CHINESE = re.compile("[\u4e00-\u9fff]")
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def english_words(text: str) -> list[str]:
    return [w for w in WORD.findall(CODE.sub("", text)) if w not in ACRONYMS]


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def descriptions(node, where: str):
    """Every `description` string under `node` (a field may be named `summary` or
    `description` too: its value is then a schema, not a string)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield where, value
            else:
                yield from descriptions(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from descriptions(value, f"{where}[{index}]")


def test_every_operation_has_a_short_chinese_summary_on_one_line(document):
    found = dict(operations(document))

    assert len(found) > 30
    for name, operation in found.items():
        summary = operation.get("summary", "")
        assert CHINESE.search(summary), name
        assert "\n" not in summary and len(summary) <= 40, name


def test_summaries_and_descriptions_have_no_english_outside_backticks(document):
    texts = [(document["info"]["title"], "info")]
    for name, operation in operations(document):
        texts += [(operation.get(key, ""), f"{name} {key}") for key in ("summary", "description")]
        for code, response in operation["responses"].items():
            if response.get("description") not in REASON_PHRASES:
                texts += [(response.get("description", ""), f"{name} {code}")]
    texts += [(tag["description"], tag["name"]) for tag in document["tags"]]
    texts += [(t, w) for w, t in descriptions(document["components"]["schemas"], "schemas")]
    texts += [
        (t, w)
        for w, t in descriptions(document["components"]["responses"], "responses")
        if t not in REASON_PHRASES
    ]

    assert [(where, english_words(text)) for text, where in texts if english_words(text)] == []


def test_a_description_keeps_its_sentences_whole(document):
    wrapped = [
        name
        for name, operation in operations(document)
        if re.search(r"[^\n]\n[^\n]", operation.get("description", ""))
    ]

    assert wrapped == []


def test_errors_are_described_in_chinese_and_no_unused_paging_header_is_left(document):
    default = document["components"]["responses"]["DEFAULT_ERROR"]

    assert CHINESE.search(default["description"])
    assert default["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "PaginationMetadata" not in document["components"]["schemas"]


@pytest.mark.parametrize(
    ("wrapped", "whole"),
    [
        ("列出会因此\n变动的时限", "列出会因此变动的时限"),
        ("到期时间 `expires_at`\n和当前用户", "到期时间 `expires_at` 和当前用户"),
        ("依次检查：\n`401` 未登录", "依次检查：`401` 未登录"),
        ("`{}` 为当前年度。\n\n提案委员会可用。", "`{}` 为当前年度。\n\n提案委员会可用。"),
    ],
)
def test_a_wrapped_docstring_line_joins_without_a_space_inside_chinese(wrapped, whole):
    assert unwrapped(wrapped) == whole
