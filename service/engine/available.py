"""Which events the calling user may fire on a subject now (the API's `available_events`)."""

from __future__ import annotations

from datetime import datetime

from service.engine.machines import workflow_of
from service.policy import load_policy
from workflows.spec import Context


def available_events(session, subject, actor, *, now: datetime) -> list[str]:
    """Events whose source and roles match and whose guards hold before any field is given."""
    workflow = workflow_of(subject)
    # The request's body's settings: a list of assignments must not read each one's proposal
    # to learn its body, which is the actor's.
    ctx = Context(subject=subject, actor=actor, payload={}, now=now, options=load_policy(session))
    return [
        event.name
        for event in workflow.all_events.values()
        if not event.internal
        and subject.state in event.source
        and actor.role in event.roles
        and event.first_refusal(ctx) is None
    ]
