"""A handling unit's group robot (企业微信/钉钉 群机器人, or a generic JSON receiver): the unit's
notifications are posted to it besides its clerks' own mail and SMS."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.errors import Conflict, InvalidInput, NotVisible, echoed
from service.models import Unit
from service.permissions import Permission, ensure
from service.validation import webhook_url_problem
from service.vocabulary import WebhookKind

# A robot's kind read from its address when none is given.
KNOWN_HOSTS = {"qyapi.weixin.qq.com": WebhookKind.WECOM, "oapi.dingtalk.com": WebhookKind.DINGTALK}


def set_robot(unit: Unit, url: str | None, kind: str | None) -> None:
    """Give the unit its robot (a blank address takes it away).

    Raises:
        InvalidInput: the address is not a usable http(s) address.
    """
    url = (url or "").strip()
    if not url:
        unit.webhook_url = unit.webhook_kind = None
        return
    problem = webhook_url_problem(url)
    if problem:
        raise InvalidInput(problem, details={"webhook_url": [problem]})
    host = (urlsplit(url).hostname or "").lower()
    unit.webhook_url = url
    unit.webhook_kind = kind or KNOWN_HOSTS.get(host, WebhookKind.GENERIC)


def change_unit(session: Session, unit_id: int, changes: dict, *, actor) -> Unit:
    """Rename a unit or set its robot (the committee or an administrator).

    Raises:
        NotVisible: no such unit. Conflict: another unit has the new name.
    """
    ensure(actor, Permission.UNITS_CHANGE)
    unit = session.get(Unit, unit_id)
    if unit is None or unit.body_id != actor.body_id:
        raise NotVisible("承办单位")
    name = (changes.get("name") or "").strip()
    if name and name != unit.name:
        taken = select(Unit.id).where(Unit.body_id == unit.body_id, Unit.name == name)
        if session.scalar(taken) is not None:
            raise Conflict(f"单位“{echoed(name)}”已存在。", details={"name": ["该单位已存在。"]})
        unit.name = name
    if "webhook_url" in changes or "webhook_kind" in changes:
        url = changes.get("webhook_url", unit.webhook_url)
        set_robot(unit, url, changes.get("webhook_kind") or None)
    return unit
