"""fire(): apply one workflow event to one proposal or assignment, inside the caller's transaction.

The only code that changes a state. It checks, in the order of the API contract, role, version,
state, fields and guards; then writes the state, the audit record, the deadlines the move opens or
closes, and the document and notification outbox rows. It never commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from transitions import MachineError

from service.audit import append
from service.channels.outbox import queue_deliveries
from service.deadlines.schedule import reschedule
from service.documents.outbox import queue_documents
from service.engine.handler import FIELDLESS, Effect, Handler
from service.engine.machines import machine_of, workflow_of
from service.errors import (
    EventRefused,
    GuardFailed,
    InvalidInput,
    RoleRefused,
    StaleVersion,
    echoed,
)
from service.models import AuditRecord
from service.notifications import Happening, notify
from service.policy import load_policy
from service.validation import load_or_refuse, refuse_days_out_of_time
from service.vocabulary import ROLES
from workflows.spec import Context, Event, Role, Workflow


@dataclass(frozen=True)
class SystemActor:
    """The clock and the engine's own cascades act as `system` in the history."""

    id: None = None
    username: str = "system"
    role: str = Role.SYSTEM.value


SYSTEM = SystemActor()


class _Carrier:
    """Holds the state while transitions runs, so a refused event leaves the row untouched."""

    def __init__(self, state: str) -> None:
        self.state = state


def find_event(workflow: Workflow, name: str) -> Event:
    event = workflow.event(name) if isinstance(name, str) else None
    if event is None:
        message = f"没有名为“{echoed(name)}”的{workflow.label}操作。"
        raise InvalidInput(message, details={"event": [message]})
    return event


def check_allowed(subject, event: Event, workflow: Workflow, *, actor, version) -> None:
    """Role, then version, then state: the contract's order (403, 409 stale, 409 state)."""
    if actor.role not in event.roles:
        raise RoleRefused(f"{ROLES.get(actor.role, actor.role)}不能进行“{event.label}”操作。")
    if version is not None and version != subject.version:
        raise StaleVersion(current=subject.version, given=version)
    if subject.state not in event.source:
        state = workflow.state_label(subject.state)
        raise EventRefused(
            f"{workflow.label}当前为“{state}”，不能进行“{event.label}”操作。",
            details={"state": subject.state, "event": event.name},
        )


def load_fields(session: Session, subject, handler: Handler, payload, *, now: datetime) -> dict:
    schema = handler.fields()
    data = load_or_refuse(schema, dict(payload))
    refuse_days_out_of_time(schema, data, now.astimezone(session.info["settings"].zone).date())
    return (
        handler.resolve(session, subject, data, load_policy(session, subject.body_id))
        if handler.resolve
        else data
    )


def examine(
    session: Session,
    subject,
    event_name: str,
    *,
    actor,
    version: int | None,
    payload: Mapping[str, Any],
    now: datetime,
    handler: Handler = FIELDLESS,
) -> tuple[Event, Context]:
    """Every check `fire()` makes, in the contract's order, writing nothing: the event and the
    context it would fire with, or the DomainError it would be refused with. A dry run (交办会's
    plan checked before it is applied) asks this instead of firing."""
    workflow = workflow_of(subject)
    event = find_event(workflow, event_name)
    check_allowed(subject, event, workflow, actor=actor, version=version)
    data = load_fields(session, subject, handler, payload, now=now)
    options = load_policy(session, subject.body_id)
    ctx = Context(subject=subject, actor=actor, payload=data, now=now, options=options)
    refusal = event.first_refusal(ctx)
    if refusal is not None:
        raise GuardFailed(refusal, details={"event": event.name})
    return event, ctx


def fire(
    session: Session,
    subject,
    event_name: str,
    *,
    actor,
    version: int | None,
    payload: Mapping[str, Any],
    now: datetime,
    handler: Handler = FIELDLESS,
) -> AuditRecord:
    """Fire one event with its handler; raise a DomainError and write nothing when it is not
    allowed."""
    workflow = workflow_of(subject)
    event, ctx = examine(
        session,
        subject,
        event_name,
        actor=actor,
        version=version,
        payload=payload,
        now=now,
        handler=handler,
    )
    carrier = _Carrier(subject.state)
    try:
        machine_of(workflow).events[event.name].trigger(carrier, ctx)
    except MachineError:
        raise EventRefused(f"当前状态不能进行“{event.label}”操作。") from None
    from_state = subject.state
    if carrier.state != from_state or not event.internal:
        # Every event a person fires takes a new version, even when nothing on the row itself
        # changes (a logged contact); the clock's reminders leave it, so open forms stay valid.
        subject.state, subject.updated_at = carrier.state, now
        flag_modified(subject, "updated_at")
    record = _audit(subject, workflow, event, actor, from_state, now, dict(payload))
    append(session, record)
    # An effect that reads a related row (the number counter, a reply list) would otherwise flush
    # the subject first and write it again after its own change: two UPDATEs, two versions, for
    # one event. The flush in _side_effects writes it once; effects that need ids flush themselves.
    with session.no_autoflush:
        extras = (handler.effect(ctx, record) if handler.effect else None) or {}
    _side_effects(session, ctx, workflow, event, from_state, record, extras, handler.last)
    return record


def record_creation(
    session: Session, subject, *, actor, now: datetime, data: Mapping[str, Any] | None = None
) -> AuditRecord:
    """The `create` record of a new subject, and the deadlines its first state starts."""
    open_first_deadlines(session, subject, actor=actor, now=now)
    return record_created(session, subject, actor=actor, now=now, data=data)


def open_first_deadlines(session: Session, subject, *, actor, now: datetime) -> None:
    """The deadlines a new subject's first state starts; it need not have an id yet."""
    options = load_policy(session, subject.body_id)
    ctx = Context(subject=subject, actor=actor, payload={}, now=now, options=options)
    reschedule(session, ctx, workflow_of(subject), event="create", from_state=None)


def record_created(
    session: Session, subject, *, actor, now: datetime, data: Mapping[str, Any] | None = None
) -> AuditRecord:
    """The `create` record of a new subject (flushed first when it has no id yet)."""
    if subject.id is None:
        session.flush()
    record = _audit(subject, workflow_of(subject), None, actor, None, now, dict(data or {}))
    append(session, record)
    return record


def _audit(
    subject, workflow: Workflow, event: Event | None, actor, from_state, now, data
) -> AuditRecord:
    return AuditRecord(
        proposal_id=subject.id if workflow.name == "proposal" else subject.proposal_id,
        workflow=workflow.name,
        subject_id=subject.id,
        event=event.name if event else "create",
        actor_id=actor.id,
        actor_name=actor.username,
        from_state=from_state,
        to_state=subject.state,
        data=data,
        at=now,
    )


def _side_effects(
    session: Session,
    ctx: Context,
    workflow: Workflow,
    event: Event,
    from_state: str,
    record: AuditRecord,
    extras: Mapping[str, Any],
    last: Effect | None = None,
) -> None:
    subject = ctx.subject
    if extras:  # before the flush, so the record is inserted whole, not updated after
        record.data = {**record.data, **{k: v for k, v in extras.items() if k != "new_units"}}
    session.flush()
    reschedule(session, ctx, workflow, event=event.name, from_state=from_state)
    if last is not None:  # the record waits unsealed until the commit: still whole when inserted
        record.data = {**record.data, **(last(ctx, record) or {})}
    proposal = subject if workflow.name == "proposal" else subject.proposal
    assignment = subject if workflow.name == "assignment" else None
    queue_documents(
        session,
        event,
        proposal=proposal,
        assignment=assignment,
        dest=subject.state,
        data=record.data,
        now=ctx.now,
    )
    happening = Happening(
        session=session,
        event=event,
        proposal=proposal,
        assignment=assignment,
        actor=ctx.actor,
        payload=ctx.payload,
        data=record.data,
        now=ctx.now,
    )
    told = notify(session, happening, new_units=list(extras.get("new_units", ())))
    queue_deliveries(session, told, now=ctx.now)
