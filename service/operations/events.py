"""An event as it arrives from outside: `{"event": NAME, "version": N, ...fields}`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from service.access import find_assignment, find_proposal
from service.errors import InvalidInput
from service.operations import assignments, proposals

SUBJECTS = {
    "proposal": (find_proposal, proposals.apply_to),
    "assignment": (find_assignment, assignments.apply_to),
}


def split_envelope(body: Any) -> tuple[str, int, dict]:
    """The event name, the version the client saw, and the event's own fields."""
    if not isinstance(body, dict):
        raise InvalidInput("请求内容须为 JSON 对象。", details={"_schema": ["须为 JSON 对象。"]})
    fields = dict(body)
    event, version = fields.pop("event", None), fields.pop("version", None)
    problems = {}
    if not isinstance(event, str) or not event:
        problems["event"] = ["请指明要进行的操作（event）。"]
    if isinstance(version, bool) or not isinstance(version, int):
        problems["version"] = ["请提供记录的版本号（version，整数），以免覆盖他人的修改。"]
    if problems:
        raise InvalidInput(next(iter(problems.values()))[0], details=problems)
    return event, version, fields


def _locked(session: Session, workflow: str, subject_id: int, actor):
    """The subject, found (404 if not visible) and locked, and how to fire an event on it."""
    find, apply = SUBJECTS[workflow]
    return find(session, subject_id, actor, lock=True), apply


def apply_event(
    session: Session,
    workflow: str,
    subject_id: int,
    *,
    actor,
    event: str,
    version: int | None,
    payload: dict,
    now: datetime,
):
    """Fire one event on a proposal or an assignment the actor may see (404 if not)."""
    subject, apply = _locked(session, workflow, subject_id, actor)
    return apply(
        session, subject, actor=actor, event=event, version=version, payload=payload, now=now
    )


def apply_request(
    session: Session, workflow: str, subject_id: int, *, actor, body: Any, now: datetime
):
    """Check in the contract's order: visible (404), well-formed (422), then the engine's checks.
    The subject is found and locked at once: the event needs the lock, and a malformed request
    only holds it while it is refused."""
    subject, apply = _locked(session, workflow, subject_id, actor)
    event, version, fields = split_envelope(body)
    return apply(
        session, subject, actor=actor, event=event, version=version, payload=fields, now=now
    )
