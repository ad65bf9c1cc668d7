"""Applying one event to a proposal or an assignment: the one path from a person, a page, the
demo or the clock to the engine's `fire()`, with the event's handler from its workflow's table
and the cascade that follows an assignment's move (全部答复)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from service.access import find_assignment, find_proposal, find_transfer
from service.engine import examine, fire
from service.engine.handler import FIELDLESS, Handler
from service.errors import InvalidInput
from service.operations import assignment_events, event_fields, proposal_events, transfers
from service.operations.handling import complete_handling_if_done
from workflows import BY_NAME

HANDLERS = {
    "proposal": proposal_events.HANDLERS,
    "assignment": assignment_events.HANDLERS,
    "transfer": transfers.HANDLERS,
}
FINDERS = {"proposal": find_proposal, "assignment": find_assignment, "transfer": find_transfer}
# The clock's reminders, overdue and escalation events are derived from the timers, not written
# in workflows/; all say only which deadline fired and whether late.
CLOCK = Handler(fields=event_fields.TimerArgs)


def handler_for(workflow: str, event: str) -> Handler:
    """The handler of a declared event; the clock's for a derived timer event. An unknown name
    gets none here: `fire()` refuses it first (422)."""
    declared = HANDLERS[workflow].get(event)
    if declared is not None:
        return declared
    return CLOCK if BY_NAME[workflow].event(event) is not None else FIELDLESS


def apply(
    session: Session,
    subject,
    *,
    actor,
    event: str,
    version: int | None,
    payload: dict,
    now: datetime,
):
    """Fire one event on a subject found and locked by access.py (or just created); when an
    assignment settles, its proposal follows if every unit has replied, and when a transfer is
    answered, the sender's proposal follows."""
    workflow = subject.__workflow__
    fire(
        session,
        subject,
        event,
        actor=actor,
        version=version,
        payload=payload,
        now=now,
        handler=handler_for(workflow, event),
    )
    if workflow == "assignment":
        complete_handling_if_done(session, subject, now=now)
    elif workflow == "transfer":
        received = transfers.conclude(session, subject, now=now)
        if received is not None:  # submitted as the proposer did the original (as 代录 is)
            apply(
                session,
                received,
                actor=received.lead_proposer,
                event="submit",
                version=received.version,
                payload={},
                now=now,
            )
    return subject


def check(
    session: Session,
    subject,
    *,
    actor,
    event: str,
    version: int | None,
    payload: dict,
    now: datetime,
) -> dict:
    """Every check `apply` would make, writing nothing: the event's fields as loaded, or the
    DomainError the event would be refused with."""
    _, ctx = examine(
        session,
        subject,
        event,
        actor=actor,
        version=version,
        payload=payload,
        now=now,
        handler=handler_for(subject.__workflow__, event),
    )
    return ctx.payload


def split_envelope(body: Any) -> tuple[str, int, dict]:
    """The event name, the version the client saw, and the event's own fields."""
    if not isinstance(body, dict):
        raise InvalidInput("请求内容须为 JSON 对象。", details={"_schema": ["须为 JSON 对象。"]})
    fields = dict(body)
    event, version = fields.pop("event", None), fields.pop("version", None)
    problems = {}
    if not isinstance(event, str) or not event:
        problems["event"] = ["请指明要进行的操作（event）。"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        problems["version"] = ["请提供记录的版本号（version，整数），以免覆盖他人的修改。"]
    if problems:
        raise InvalidInput(next(iter(problems.values()))[0], details=problems)
    return event, version, fields


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
    subject = FINDERS[workflow](session, subject_id, actor, lock=True)
    return apply(
        session, subject, actor=actor, event=event, version=version, payload=payload, now=now
    )


def apply_request(
    session: Session, workflow: str, subject_id: int, *, actor, body: Any, now: datetime
):
    """Check in the contract's order: visible (404), well-formed (422), then the engine's checks.
    The subject is found and locked at once: the event needs the lock, and a malformed request
    only holds it while it is refused."""
    subject = FINDERS[workflow](session, subject_id, actor, lock=True)
    event, version, fields = split_envelope(body)
    return apply(
        session, subject, actor=actor, event=event, version=version, payload=fields, now=now
    )
