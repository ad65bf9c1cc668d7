"""A person's details: what an administrator or the command line changes of anyone
(`user update`, in one body), and what a person keeps of their own (我的资料: phone, e-mail and
employer, in every body they sit in; the channels they want notices by, in this one)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from service.access import memberships_of
from service.contacts import checked_channels, checked_details
from service.db.scope import widened
from service.errors import InvalidInput
from service.models import User
from service.operations.bodies import body_id_for
from service.operations.users import ensure_account_manager, find_user

# What a person may change of their own record; the rest (name, sector, party) is the office's.
OWN = ("phone", "email", "employer", "notify_by")


def update_person(
    session, username: str, changes: dict[str, Any], *, actor, now: datetime, body_id=None
) -> User:
    """Change the details given (name, sector, party, employer, phone, email) of the person's
    membership in the body (the actor's, the one a command names, or the only one)."""
    ensure_account_manager(actor)
    user = find_user(session, username, body_id_for(session, actor, now=now, body_id=body_id))
    details = checked_details(changes)
    if "name" in details:
        user.display_name = details.pop("name")
    for field, value in details.items():
        setattr(user, field, value)
    return user


def update_own_profile(session, actor: User, raw: Any, *, now: datetime) -> User:
    """The caller's own phone, e-mail, employer (in each of their memberships) and notify_by
    (in this one), each only when given.

    Raises:
        InvalidInput: not an object, a field one may not change here, or a bad value.
    """
    if not isinstance(raw, dict):
        raise InvalidInput("请求内容须为 JSON 对象。", details={"_schema": ["须为 JSON 对象。"]})
    unknown = sorted(set(raw) - set(OWN))
    if unknown:
        message = (
            "只能修改本人的手机（phone）、邮箱（email）、工作单位及职务（employer）"
            "和通知方式（notify_by）。"
        )
        raise InvalidInput(message, details={name: ["不能在此修改。"] for name in unknown})
    wanted = dict(raw)
    channels = wanted.pop("notify_by", None)
    details = checked_details(wanted)
    if "notify_by" in raw:
        actor.notify_by = checked_channels(channels)
    # Phone, e-mail and employer are the person's, whichever body they sit in: each membership
    # of theirs has them from now on. How they want notices stays each body's own.
    held = [m for m in memberships_of(session, actor.person_id) if m.id != actor.id]
    with widened(session, {m.body_id for m in held}):
        for user in (actor, *held):
            for field, value in details.items():
                setattr(user, field, value)
        session.flush()  # while the other bodies' rows are within reach
    return actor
