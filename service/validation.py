"""Marshmallow fields with messages in Chinese that name the field, for every input schema."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from service.errors import InvalidInput
from service.vocabulary import Coded

# Row ids are declared 32-bit integers; PostgreSQL refuses to compare one with a larger number
# (SQLite does not), so every id the API reads is held to this range.
MAX_ID = 2**31 - 1
CURSOR_ERROR = "翻页参数（cursor）无效，请从第一页重新查询。"


def _messages(label: str, *, verb: str = "填写") -> dict[str, str]:
    """What a refusal says of the field: 请填写 what is typed, 请选择 what is chosen."""
    return {
        "required": f"请{verb}{label}。",
        "null": f"请{verb}{label}。",
        "invalid": f"{label}的格式不正确。",
        "validator_failed": f"{label}的取值无效。",
    }


def text(label: str, *, max_length: int, required: bool = True, **kwargs) -> fields.String:
    """A text field: required ones may not be blank; all have a maximum length."""
    checks = [validate.Length(max=max_length, error=f"{label}不能超过{max_length}个字。")]
    if required:  # spaces alone say nothing: a reason of blanks is no reason
        checks.insert(0, validate.Predicate("strip", error=f"请填写{label}。"))
    kwargs.setdefault("metadata", {"label": label, "max_length": max_length})
    return fields.String(
        required=required, validate=checks, error_messages=_messages(label), **kwargs
    )


def optional_text(label: str, *, max_length: int) -> fields.String:
    """A text field that may be left out or blank: its surrounding spaces are dropped, and a
    blank value is no value (None)."""
    return text(
        label,
        max_length=max_length,
        required=False,
        pre_load=lambda value: value.strip() if isinstance(value, str) else value,
        post_load=lambda value: value or None,
    )


def choice(
    label: str, values, *, required: bool = True, only_when: dict | None = None, **kwargs
) -> fields.String:
    """One of a list of codes: a `Coded` vocabulary (the refusal names each code with its
    Chinese label, since the API takes codes, not labels) or plain codes. `only_when` says of a
    code when it is taken (a setting turns it on), so that the refusal offers it truthfully."""
    labels = values.labels() if isinstance(values, type) and issubclass(values, Coded) else {}
    codes = tuple(labels) or tuple(values)
    only_when = only_when or {}

    def said(code: str) -> str:
        words = [w for w in (labels.get(code, code), only_when.get(code)) if w and w != code]
        return f"{code}（{'，'.join(words)}）" if words else code

    allowed = "、".join(said(code) for code in codes)
    kwargs.setdefault("metadata", {"label": label, "choices": list(codes), "labels": labels})
    return fields.String(
        required=required,
        error_messages=_messages(label, verb="选择"),
        validate=validate.OneOf(codes, error=f"{label}只能是：{allowed}。"),
        **kwargs,
    )


def states_filter(label: str, states: dict[str, str]) -> fields.String:
    """A filter by state: one state's code, or several separated by commas, each one of the
    workflow's `states` (code → Chinese name); a misspelt one is named rather than matching
    nothing."""
    allowed = "、".join(f"{code}（{name}）" for code, name in states.items())

    def known(text: str) -> None:
        unknown = [s for s in (part.strip() for part in text.split(",")) if s and s not in states]
        if unknown:
            raise ValidationError(f"{label}“{'、'.join(unknown)}”不存在，可选：{allowed}。")

    return fields.String(
        load_default=None, validate=known, metadata={"label": label, "choices": list(states)}
    )


def integer(
    label: str,
    *,
    required: bool = True,
    minimum: int | None = 1,
    maximum: int | None = MAX_ID,
    strict: bool = True,
    **kwargs,
) -> fields.Integer:
    """An integer; `strict=False` for query strings, which arrive as text."""
    kwargs.setdefault("metadata", {"label": label})
    checks = []
    if minimum is not None or maximum is not None:
        checks.append(validate.Range(min=minimum, max=maximum, error=f"{label}的取值无效。"))
    return fields.Integer(
        required=required,
        strict=strict,
        validate=checks,
        error_messages={**_messages(label), "invalid": f"{label}须为整数。"},
        **kwargs,
    )


def plain_number(raw: str | None, label: str, *, maximum: int = MAX_ID) -> int | None:
    """A number typed into a page's address or form (ASCII digits, 0..maximum), None when
    blank; anything else is InvalidInput naming it (``isdigit()`` also takes "²", which int()
    refuses, and an unbounded number overflows the database's integers)."""
    text = (raw or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdecimal()) or len(text) > 12 or int(text) > maximum:
        raise InvalidInput(f"{label}的取值无效。", details={label: [f"{label}的取值无效。"]})
    return int(text)


def _cursor_within_ids(value: str) -> None:
    # Ten digits may still exceed every id. Marshmallow runs this even when the pattern has
    # failed, hence the digits test before int().
    if value.isdecimal() and int(value) > MAX_ID:
        raise ValidationError(CURSOR_ERROR)


def page_cursor() -> fields.String:
    """The keyset cursor: the last id seen, so a number no id can be is refused like a typo."""
    return fields.String(
        load_default=None,
        validate=[validate.Regexp(r"^\d{1,10}$", error=CURSOR_ERROR), _cursor_within_ids],
    )


# No date an office types lies outside this century: year 1 or 9999 is a slip of the keyboard,
# and the working-day calendar cannot count past the end of the Gregorian range.
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def day(
    label: str,
    *,
    required: bool = True,
    earliest: date = EARLIEST_DAY,
    latest: date = LATEST_DAY,
    when: str | None = None,
    **kwargs,
) -> fields.Date:
    """A date; `when` ("past" or "future") tells a form's date picker to offer only the days up
    to today or from today."""
    kwargs.setdefault("metadata", {"label": label, "when": when})
    window = f"{label}须在 {earliest.isoformat()} 至 {latest.isoformat()} 之间。"
    return fields.Date(
        required=required,
        validate=validate.Range(min=earliest, max=latest, error=window),
        error_messages={**_messages(label), "invalid": f"{label}须为日期，格式如 2026-09-30。"},
        **kwargs,
    )


def boolean(label: str, *, required: bool = False, **kwargs) -> fields.Boolean:
    kwargs.setdefault("metadata", {"label": label})
    return fields.Boolean(
        required=required,
        error_messages={**_messages(label), "invalid": f"{label}须为是或否（true/false）。"},
        **kwargs,
    )


def nested_list(
    label: str,
    schema,
    *,
    required: bool = True,
    minimum: int = 1,
    maximum: int = 100,
    verb: str = "填写",
    **kwargs,
):
    """A list of objects; the count is bounded like every text is. `verb` says how its entries
    are given (选择 for units picked from a list)."""
    kwargs.setdefault("metadata", {"label": label})
    return fields.List(
        fields.Nested(schema),
        required=required,
        error_messages=_messages(label, verb=verb),
        validate=[
            validate.Length(min=minimum, error=f"请{verb}{label}。"),
            validate.Length(max=maximum, error=f"{label}最多{maximum}项。"),
        ],
        **kwargs,
    )


def string_list(
    label: str, *, max_length: int = 64, required: bool = False, maximum: int = 50, **kwargs
):
    kwargs.setdefault("metadata", {"label": label})
    return fields.List(
        fields.String(validate=validate.Length(min=1, max=max_length)),
        required=required,
        error_messages=_messages(label),
        validate=validate.Length(max=maximum, error=f"{label}最多{maximum}项。"),
        **kwargs,
    )


class StrictSchema(Schema):
    """Unknown fields are refused, in Chinese."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "不认识的字段，请删除。", "type": "请求内容须为 JSON 对象。"}


def flatten_errors(messages, prefix: str = "") -> dict[str, list[str]]:
    """Marshmallow's nested errors as {"units.0.unit_id": ["…"]}, the shape the API returns."""
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": messages}
    flat: dict[str, list[str]] = {}
    items = messages.items() if isinstance(messages, dict) else enumerate(messages)
    for key, value in items:
        name = str(key) if key != "_schema" or not prefix else ""
        path = ".".join(part for part in (prefix, name) if part)
        flat.update(
            flatten_errors(value, path)
            if not isinstance(value, str)
            else {path or "_schema": [value]}
        )
    return flat


def load_or_refuse(schema: Schema, raw):
    """Load `raw` or raise InvalidInput naming each bad field, with the first problem as message."""
    try:
        return schema.load(raw)
    except ValidationError as error:
        details = {
            key: [_named(schema, key, m) for m in messages]
            for key, messages in flatten_errors(error.messages).items()
        }
        first = next(iter(details.values()))[0]
        raise InvalidInput(first, details=details) from None


def refuse_days_out_of_time(schema: Schema, data: dict, today: date) -> None:
    """A date declared `when="past"` (something that happened: a contact) lies no later than
    today, one declared `when="future"` no earlier: the form's date picker offers only those
    days, and the API refuses the others alike (422 naming the field)."""
    for name, field in schema.fields.items():
        value, when = data.get(name), field.metadata.get("when")
        if not isinstance(value, date) or when is None:
            continue
        label = field.metadata.get("label", name)
        if when == "past" and value > today:
            message = f"{label}不能晚于今天（{today.isoformat()}）。"
        elif when == "future" and value < today:
            message = f"{label}不能早于今天（{today.isoformat()}）。"
        else:
            continue
        raise InvalidInput(message, details={name: [message]})


def _named(schema: Schema, key: str, message: str) -> str:
    """Prefix a generic message with the field's Chinese name, so it says which field."""
    field = schema.fields.get(key.split(".")[0])
    label = field.metadata.get("label") if field is not None else None
    return f"{label}：{message}" if label and label not in message else message


# Fields declared without one of the helpers above still answer in Chinese, never in English.
_CHINESE_DEFAULTS = {
    fields.Field: {
        "required": "缺少必填字段。",
        "null": "该字段不能为空。",
        "validator_failed": "取值无效。",
    },
    fields.String: {"invalid": "须为文字。"},
    fields.Integer: {"invalid": "须为整数。", "too_large": "数值过大。"},
    fields.Number: {"invalid": "须为数字。", "too_large": "数值过大。"},
    fields.Boolean: {"invalid": "须为是或否（true/false）。"},
    fields.Date: {"invalid": "须为日期，格式如 2026-09-30。", "format": "日期格式无效。"},
    fields.DateTime: {
        "invalid": "须为时间，格式如 2026-09-30T09:00:00+08:00。",
        "format": "时间格式无效。",
    },
    fields.List: {"invalid": "须为列表。"},
    fields.Dict: {"invalid": "须为对象。"},
    fields.Mapping: {"invalid": "须为对象。"},
    fields.Nested: {"type": "须为对象。"},
}
for _field, _messages_zh in _CHINESE_DEFAULTS.items():
    _field.default_error_messages = {**_field.default_error_messages, **_messages_zh}


def webhook_url_problem(url: str) -> str | None:
    """Why a group robot's address cannot be used, or None when it can."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port out of range or not a number raises here
    except ValueError:
        return "机器人地址的格式不正确。"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "机器人地址须为以 http:// 或 https:// 开头的完整网址。"
    if len(url) > 500 or any(c.isspace() for c in url):
        return "机器人地址不能含空格，且不能超过500个字符。"
    return None
