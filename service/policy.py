"""The rules an administrator may change without code (DOMAIN.md's *defaults*).

Stored as `SettingValue` rows over these defaults; a changed duration applies to deadlines
opened after the change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.configuration import kept
from service.db.scope import ALL, in_bodies, scope_of
from service.models import Body, SettingValue
from service.vocabulary import REASON_CODES, ReasonCode


@dataclass(frozen=True)
class Option:
    key: str
    default: Any
    label: str


OPTIONS = (
    Option("cosign_working_days", 5, "联名确认期限（工作日）"),
    Option("review_working_days", 10, "立案审查期限（工作日）"),
    Option("sign_working_days", 3, "签收期限（工作日）"),
    Option("return_window_working_days", 5, "申请退回期限（工作日）"),
    Option("contact_working_days", 15, "办前沟通期限（工作日）"),
    Option("opinion_months", 1, "会办意见期限（月）"),
    Option("reply_months", 3, "答复期限（月）"),
    Option("rehandle_months", 3, "重新办理答复期限（月）"),
    Option("max_reply_months", 6, "延期后答复的最长期限（月，自交办起）"),
    Option("evaluation_working_days", 15, "满意度测评期限（工作日）"),
    Option("follow_up_months", 6, "回头看时间（答复后月数）"),
    Option("escalate_after_days", 15, "超期后升级为严重超期的天数"),
    Option("key_reminder_advance_days", 10, "重点提案提前催办的天数（比一般提案提前）"),
    Option("reply_review", False, "答复须经提案委员会审查后送达委员"),
    Option("very_satisfied_level", False, "测评增设“非常满意”档"),
    Option("lapsed_counts_as_satisfied", False, "未反馈的测评表按“满意”计入满意率"),
    # The national wording by default; localities keep lists of their own (some have 12).
    Option(
        "rejection_grounds",
        [{"code": code, "label": label} for code, label in ReasonCode.labels().items()],
        "不予立案的情形",
    ),
    Option("title_max_length", 50, "案由最多字数"),
    Option("body_part_max_length", 3000, "正文各部分最多字数"),
    Option("office_name", "政协示范市委员会提案委员会办公室", "发文机关"),
    Option("office_short_name", "政协示范市委员会", "政协名称"),
    # No made-up number: what the documents print until the office writes its own.
    Option("office_contact", "提案委员会办公室", "办公室联系方式"),
    # The office's own group robot: the office's notifications go there too (empty: none).
    Option("office_webhook_url", "", "办公室群机器人地址（留空则不推送）"),
    Option("office_webhook_kind", "wecom", "办公室群机器人类型"),
)
DEFAULTS: Mapping[str, Any] = {option.key: option.default for option in OPTIONS}
# The body a new database gets is named so: its office keeps the defaults as they are.
_DEFAULT_BODY = DEFAULTS["office_short_name"]


# In a session's info: the body whose settings `load_policy` reads when not told which.
BODY = "policy_body"
# Read with the settings, not one of them: whether the platform has bodies besides this one.
BODIES_ELSEWHERE = "bodies_elsewhere"
# Office details each body has of its own, by default named after the body.
OWN_NAMES = {
    "office_name": "{}提案委员会办公室",
    "office_short_name": "{}",
    "office_contact": "提案委员会办公室",
}


def in_body(session: Session, body_id: int) -> None:
    """The body this session's request works in (its actor's): the settings it reads, and the
    only body whose rows its statements reach (row-level security, service/db/scope.py), unless
    the session does the platform's work across every body (the clock, the public window)."""
    session.info[BODY] = body_id
    if scope_of(session) != ALL:
        in_bodies(session, (body_id,))


def load_policy(session: Session, body_id: int | None = None) -> Mapping[str, Any]:
    """The body's settings: the defaults with its administrator's changes applied (read-only: a
    process shares it). The body is the one named, else the one the request works in, else
    the platform's top body (the only one, for a single office)."""
    body_id = body_id if body_id is not None else working_body(session)
    return kept(session, ("policy", body_id), lambda s: _read_policy(s, body_id))


def several_bodies(session: Session) -> bool:
    """Whether the platform has more than one body (a single office never sees the ways to
    work with the others): kept with the settings, not counted at each page."""
    return bool(load_policy(session).get(BODIES_ELSEWHERE))


def working_body(session: Session) -> int | None:
    """The body the request works in, else the platform's top body (None in a new database)."""
    found = session.info.get(BODY)
    return found if found is not None else _top_body(session)


def rejection_grounds(policy: Mapping[str, Any]) -> dict[str, str]:
    """The grounds the office may give for not accepting a proposal: code → wording."""
    return {ground["code"]: ground["label"] for ground in policy["rejection_grounds"]}


def ground_label(policy: Mapping[str, Any], code: str | None) -> str | None:
    """A ground's wording; one taken off the list since keeps the wording it was given with."""
    if not code:
        return None
    return rejection_grounds(policy).get(code) or REASON_CODES.get(code) or code


def _top_body(session: Session) -> int | None:
    return session.scalar(
        select(Body.id).where(Body.parent_id.is_(None)).order_by(Body.id).limit(1)
    )


def defaults_of(session: Session, body_id: int | None) -> dict[str, Any]:
    """The defaults a body starts from: its office named after it."""
    policy = dict(DEFAULTS)
    name = session.scalar(select(Body.name).where(Body.id == body_id)) if body_id else None
    if name is not None and name != _DEFAULT_BODY:
        policy |= {key: wording.format(name) for key, wording in OWN_NAMES.items()}
    return policy


def _read_policy(session: Session, body_id: int | None) -> Mapping[str, Any]:
    policy = defaults_of(session, body_id)
    if body_id is None:  # no body yet: a new database
        return MappingProxyType(policy)
    policy[BODIES_ELSEWHERE] = session.scalar(select(func.count(Body.id))) > 1
    rows = select(SettingValue.key, SettingValue.value).where(SettingValue.body_id == body_id)
    for key, value in session.execute(rows):
        if key in policy:
            policy[key] = value
    return MappingProxyType(policy)
