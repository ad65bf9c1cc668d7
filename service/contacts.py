"""How a person's phone number and e-mail address are written, and the channels they may want
notices by: one check wherever they are typed (the API, the pages, the command line, a roster),
each refusal a sentence that names the field (or the roster's column) in Chinese."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from service.errors import InvalidInput

# A mobile number (11 digits from 1), or a fixed line with its area code (010-12345678, with an
# optional extension -123); spaces and hyphens between groups are allowed when typed.
MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
FIXED = re.compile(r"(0\d{2,3})-?(\d{7,8})(?:-(\d{1,6}))?")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CHANNELS = ("email", "sms")
CHANNEL_LABELS = {"email": "电子邮件", "sms": "短信"}
PHONE_RULE = "须为11位手机号码（如13912345678）或带区号的固定电话（如010-12345678）"
EMAIL_RULE = "须为有效的电子邮箱地址（如 name@example.com）"


def _typed(value: object) -> str | None:
    """The text as typed (full-width forms folded), None when blank; a value that is no text
    reads as "?", which no number or address matches."""
    if value is None:
        return None
    if not isinstance(value, str):
        return "?"
    text = unicodedata.normalize("NFKC", value).strip()
    return text or None


def checked_phone(value: object, *, field: str = "phone", label: str = "手机") -> str | None:
    """The number in its plain form (digits, a hyphen after a fixed line's area code), or None
    for a blank one.

    Raises:
        InvalidInput: it is neither a mobile nor a fixed-line number.
    """
    text = _typed(value)
    if text is None:
        return None
    compact = re.sub(r"[\s()]", "", text)
    if mobile := MOBILE.fullmatch(compact.replace("-", "")):
        return mobile.group(1)
    if fixed := FIXED.fullmatch(compact):
        area, number, extension = fixed.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    message = f"{label}号码格式不正确：{PHONE_RULE}。"
    raise InvalidInput(message, details={field: [message]})


# An office's line as a letter gives it: a mobile, a number with or without its area code, an
# extension (转 or -), e.g. 0571-87654321转8001, 87654321, 139 1234 5678.
LETTER_PHONE = re.compile(r"\+?[\d\s()（）-]{7,24}(?:(?:转|-)\d{1,6})?")


def checked_reply_phone(value: object, *, field: str = "contact_phone") -> str | None:
    """The contact number of a 答复函 as typed, or None for a blank one: looser than a person's
    (an office's local number or its extension is how letters give it), but a number.

    Raises:
        InvalidInput: it holds anything but digits, spaces, brackets, hyphens and 转, or has
            fewer than seven digits.
    """
    text = _typed(value)
    if text is None:
        return None
    if LETTER_PHONE.fullmatch(text) is None or sum(c.isdigit() for c in text) < 7:
        message = "联系电话须为电话号码（如 0571-87654321、87654321转8001 或 13912345678）。"
        raise InvalidInput(message, details={field: [message]})
    return text


def checked_email(value: object, *, field: str = "email", label: str = "邮箱") -> str | None:
    """The address without surrounding spaces, or None for a blank one.

    Raises:
        InvalidInput: it is not an e-mail address.
    """
    text = _typed(value)
    if text is None:
        return None
    if len(text) > 254 or EMAIL.fullmatch(text) is None:
        message = f"{label}格式不正确：{EMAIL_RULE}。"
        raise InvalidInput(message, details={field: [message]})
    return text


def checked_channels(value: object, *, field: str = "notify_by") -> list[str]:
    """The channels wanted, in their fixed order and each once.

    Raises:
        InvalidInput: not a list, or a channel that is not `email` or `sms`.
    """
    allowed = "、".join(f"{code}（{label}）" for code, label in CHANNEL_LABELS.items())
    message = f"通知方式须为由 {allowed} 组成的列表。"
    if not isinstance(value, list | tuple) or any(c not in CHANNELS for c in value):
        raise InvalidInput(message, details={field: [message]})
    return [c for c in CHANNELS if c in value]


def channel_labels(channels: Iterable[str]) -> str:
    return "、".join(CHANNEL_LABELS[c] for c in channels if c in CHANNEL_LABELS) or "仅站内消息"


# What a person record carries besides its login, with the label a refusal names and the length
# its column holds.
DETAILS = {
    "name": ("姓名", 64),
    "sector": ("界别", 64),
    "party": ("党派", 64),
    "employer": ("工作单位及职务", 200),
    "phone": ("手机", 32),
    "email": ("邮箱", 254),
}


def checked_details(values: dict, *, labels: dict[str, str] | None = None) -> dict:
    """The given details in their stored form (a blank one is None; a name may not be blank);
    `labels` names the fields as the caller's form or roster does.

    Raises:
        InvalidInput: a value too long, of the wrong kind or in the wrong format.
    """
    checked = {}
    for field, value in values.items():
        label, limit = DETAILS[field]
        label = (labels or {}).get(field, label)
        if field == "phone":
            checked[field] = checked_phone(value, field=field, label=label)
            continue
        if field == "email":
            checked[field] = checked_email(value, field=field, label=label)
            continue
        if value is not None and not isinstance(value, str):
            message = f"{label}须为文字。"
            raise InvalidInput(message, details={field: [message]})
        text = (value or "").strip() or None
        if text is not None and len(text) > limit:
            message = f"{label}不能超过{limit}个字。"
            raise InvalidInput(message, details={field: [message]})
        if field == "name" and text is None:
            raise InvalidInput("请填写姓名。", details={field: ["请填写姓名。"]})
        checked[field] = text
    return checked
