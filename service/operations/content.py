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
