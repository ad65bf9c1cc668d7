"""Limits on what a proposal may say, set by the administrator."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.errors import InvalidInput
from service.policy import load_policy


def check_content_limits(session: Session, data: dict) -> None:
    """The length limits an administrator sets (案由 ≤ 50 characters by default)."""
    policy = load_policy(session)
    limits = {"title": ("案由", policy["title_max_length"])} | {
        name: (label, policy["body_part_max_length"])
        for name, label in (
            ("background", "背景情况"),
            ("analysis", "问题分析"),
            ("suggestions", "具体建议"),
        )
    }
    for name, (label, limit) in limits.items():
        if data.get(name) and len(data[name]) > limit:
            message = f"{label}不能超过{limit}个字（现有{len(data[name])}个字）。"
            raise InvalidInput(message, details={name: [message]})


PARTS = (("background", "背景情况"), ("analysis", "问题分析"), ("suggestions", "具体建议"))


def missing_content(content) -> dict[str, str]:
    """What a proposal still lacks before it can be submitted, by field: its body, or all three
    parts (背景情况、问题分析、具体建议). `content` maps field names to text (a dict, or a
    proposal read through `content_of`)."""
    if content.get("body") or all(content.get(name) for name, _ in PARTS):
        return {}
    missing = [(name, label) for name, label in PARTS if not content.get(name)]
    if len(missing) < len(PARTS):
        return {missing[0][0]: f"请填写{'、'.join(label for _, label in missing)}。"}
    return {"body": "请填写正文，或分别填写背景情况、问题分析和具体建议。"}


def content_of(proposal, revision: dict) -> dict:
    """A proposal's text as it will be once the revision sent with `submit` is applied."""
    stored = {name: getattr(proposal, name) for name, _ in PARTS}
    stored["body"] = proposal.body_text
    return stored | {name: value for name, value in revision.items() if value}
