"""Who is calling: the bearer token of the request, resolved to a user."""

from __future__ import annotations

from flask import request
from sqlalchemy.orm import Session

from service.clock import current_clock
from service.errors import NotAuthenticated
from service.operations.users import actor_for_token


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_actor(session: Session):
    """The calling user, or NotAuthenticated (401)."""
    token = bearer_token()
    if token is None:
        raise NotAuthenticated("请先登录（缺少访问令牌）。")
    return actor_for_token(session, token, now=current_clock().now())
