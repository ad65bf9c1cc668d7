"""What handling units and the committee do to an assignment: 签收, 退回, 沟通, 延期, 答复, 审查."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, object_session

from service.db import add_child
from service.deadlines.schedule import extend_deadline
from service.engine import fire
from service.models import Assignment, Contact, ExtensionRequest, Reply
from service.operations.handling import complete_handling_if_done, create_assignments


def apply_to(
    session: Session,
    assignment: Assignment,
    *,
    actor,
    event: str,
    version: int | None,
    payload: dict,
    now: datetime,
) -> Assignment:
    """Fire one event on an assignment found and locked by `find_assignment`; the proposal
    follows when all have replied."""
    fire(
        session,
        assignment,
        event,
        actor=actor,
        version=version,
        payload=payload,
        now=now,
        effect=EFFECTS.get(event),
    )
    complete_handling_if_done(session, assignment, now=now)
    return assignment


def sign(ctx, record):
    ctx.subject.signed_at = ctx.now


def approve_return(ctx, record):
    entries = ctx.payload.get("reassign_to") or []
    made = create_assignments(
        object_session(ctx.subject),
        ctx.subject.proposal,
        entries,
        actor=ctx.actor,
        now=ctx.now,
        reassigned_from=ctx.subject,
    )
    return {"assignments": [a.id for a in made], "new_units": [a.unit_id for a in made]}


def log_contact(ctx, record):
    data, session = ctx.payload, object_session(ctx.subject)
    contact = Contact(
        method=data["method"],
        day=data["date"],
        summary=data["summary"],
        logged_by_id=ctx.actor.id,
        created_at=ctx.now,
    )
    add_child(ctx.subject, "contacts", contact)
    session.flush()
    return {"contact_id": contact.id}


def answer_contact(status: str):
    def effect(ctx, record):
        contact = ctx.payload["contact"]
        contact.status, contact.answered_at = status, ctx.now

    return effect


def waive_contact(ctx, record):
    ctx.subject.contact_waived = True


def request_extension(ctx, record):
    ctx.subject.extensions.append(
        ExtensionRequest(
            until=ctx.payload["until"], reason=ctx.payload["reason"], requested_at=ctx.now
        )
    )


def decide_extension(approved: bool):
    def effect(ctx, record):
        request = ctx.subject.pending_extension
        request.status = "approved" if approved else "denied"
        request.decided_at, request.decision_reason = ctx.now, ctx.payload.get("reason")
        if approved:
            extend_deadline(object_session(ctx.subject), ctx.subject, request.until, now=ctx.now)
        return {"until": request.until.isoformat()}

    return effect


def write_answer(kind: str):
    def effect(ctx, record):
        data, assignment = ctx.payload, ctx.subject
        add_child(
            assignment,
            "replies",
            Reply(
                kind=kind,
                round=assignment.round,
                category=data.get("category"),
                unit_category=data.get("category"),
                body=data["body"],
                signed_by=data.get("signed_by"),
                document_number=data.get("document_number"),
                contact_name=data.get("contact_name"),
                contact_phone=data.get("contact_phone"),
                commitments=[
                    {"text": c["text"], "due_date": c["due_date"].isoformat()}
                    for c in data.get("commitments") or ()
                ],
                created_by_id=ctx.actor.id,
                created_at=ctx.now,
                status="in_review" if assignment.state == "reply_review" else "final",
            ),
        )
        if assignment.state == "replied":
            assignment.replied_at = ctx.now

    return effect


def approve_reply(ctx, record):
    reply = ctx.subject.latest_reply
    reply.status = "final"
    if ctx.payload.get("category"):
        reply.category = ctx.payload["category"]
    ctx.subject.replied_at = ctx.now
    return {"category": reply.category, "unit_category": reply.unit_category}


def return_reply(ctx, record):
    ctx.subject.latest_reply.status = "returned"


EFFECTS = {
    "sign": sign,
    "approve_return": approve_return,
    "log_contact": log_contact,
    "confirm_contact": answer_contact("confirmed"),
    "deny_contact": answer_contact("denied"),
    "waive_contact": waive_contact,
    "request_extension": request_extension,
    "approve_extension": decide_extension(True),
    "deny_extension": decide_extension(False),
    "submit_opinion": write_answer("opinion"),
    "reply": write_answer("reply"),
    "approve_reply": approve_reply,
    "return_reply": return_reply,
}
