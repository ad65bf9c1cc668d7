"""Which events the calling user may fire on a subject now (the API's `available_events`)."""

from __future__ import annotations

from datetime import datetime

from service.engine.machines import workflow_of
from service.policy import load_policy
from workflows.spec import Context, Event


def available_events(session, subject, actor, *, now: datetime) -> list[str]:
    """Events whose source and roles match and whose guards hold before any field is given."""
    return [
        event.name
        for event, ctx in _open_to(session, subject, actor, now)
        if event.first_refusal(ctx) is None
    ]


def waiting_events(session, subject, actor, *, now: datetime) -> dict[str, list[str]]:
    """Events the caller could fire now but for conditions the handling has yet to meet (the
    assisting units' opinions, a contact with the proposer), each with the sentences saying
    which; an event also refused for another reason is not waiting, and is not named."""
    waiting = {}
    for event, ctx in _open_to(session, subject, actor, now):
        unmet = [guard for guard in event.guards if not guard.check(ctx)]
        if unmet and all(guard.later for guard in unmet):
            waiting[event.name] = [guard.message for guard in unmet]
    return waiting


def _open_to(session, subject, actor, now: datetime) -> list[tuple[Event, Context]]:
    """The events of the subject's state that the caller's role may fire, with the context
    their guards are asked in."""
    workflow = workflow_of(subject)
    # The request's body's settings: a list of assignments must not read each one's proposal
    # to learn its body, which is the actor's.
    ctx = Context(subject=subject, actor=actor, payload={}, now=now, options=load_policy(session))
    return [
        (event, ctx)
        for event in workflow.all_events.values()
        if not event.internal and subject.state in event.source and actor.role in event.roles
    ]
