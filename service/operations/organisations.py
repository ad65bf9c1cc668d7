"""Organisations that file collective proposals (集体提案): registered by the office with the
members who file for them (联系人); a contact files in the organisation's name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.access import find_organisation
from service.errors import Conflict, InvalidInput, echoed
from service.models import Organisation, User
from service.operations.bodies import body_id_for
from service.operations.inputs import OrganisationArgs, OrganisationChangeArgs
from service.permissions import Permission, ensure
from service.usernames import find_by_username
from service.validation import load_or_refuse


def add_organisation(
    session: Session, raw: Any, *, actor, now: datetime, body_id: int | None = None
) -> Organisation:
    """Register an organisation of the actor's body; `actor` None is the command line (no one
    to check), registering in the body named (the only one when none is)."""
    if actor is not None:
        ensure(actor, Permission.ORGANISATIONS_MANAGE)
    data = load_or_refuse(OrganisationArgs(), raw)
    body_id = body_id_for(session, actor, now=now, body_id=body_id)
    name = _free_name(session, data["name"], body_id)
    organisation = Organisation(
        body_id=body_id,
        name=name,
        kind=data["kind"],
        created_at=now,
        contacts=_contacts(session, data["contacts"], body_id),
    )
    session.add(organisation)
    session.flush()
    return organisation


def change_organisation(session: Session, organisation_id: int, raw: Any, *, actor) -> Organisation:
    """Rename it, or name its contacts anew (the list given replaces the one before): a contact
    who leaves no longer files for it, nor reads its proposals filed by others."""
    ensure(actor, Permission.ORGANISATIONS_MANAGE)
    organisation = find_organisation(session, organisation_id, actor)
    data = load_or_refuse(OrganisationChangeArgs(), raw)
    if "name" in data and data["name"].strip() != organisation.name:
        organisation.name = _free_name(session, data["name"], organisation.body_id)
    if "kind" in data:
        organisation.kind = data["kind"]
    if "contacts" in data:
        organisation.contacts = _contacts(session, data["contacts"], organisation.body_id)
    session.flush()
    return organisation


def _free_name(session: Session, name: str, body_id: int) -> str:
    name = name.strip()
    taken = select(Organisation.id).where(
        Organisation.body_id == body_id, Organisation.name == name
    )
    if session.scalar(taken) is not None:
        raise Conflict(f"“{echoed(name)}”已登记。", details={"name": ["该单位已登记。"]})
    return name


def _contacts(session: Session, usernames: list[str], body_id: int) -> list[User]:
    """The body's members named, each once; anyone else is refused naming the entry."""
    people: dict[int, User] = {}
    for index, username in enumerate(usernames):
        user = find_by_username(session, username, body_id)
        if user is None or user.role != "member" or not user.active:
            message = f"联系人“{echoed(username)}”不是委员，只能由委员担任联系人。"
            raise InvalidInput(message, details={f"contacts.{index}": [message]})
        people.setdefault(user.id, user)
    return list(people.values())
