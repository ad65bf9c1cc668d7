"""Each assignment event's home beside its declaration in workflows/assignment.py (交办 → 签收 →
办理 → 答复): the fields it takes, the rows they name, and what it writes besides the state.
`HANDLERS` at the end is the table."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import object_session

from service.contacts import checked_reply_phone
from service.db.performance.responses import add_child
from service.deadlines.schedule import extend_deadline
from service.engine.handler import FIELDLESS, Handler
from service.models import Contact, ExtensionRequest, Reply, Unit
from service.operations import event_fields as fields
from service.operations.follow_ups import track_commitments
from service.operations.handling import REHANDLE, choose_units, create_assignments, refuse


def sign(ctx, record):
    ctx.subject.signed_at = ctx.now


def check_suggested_unit(session, assignment, data, policy) -> dict:
    suggested = data.get("suggested_unit_id")
    unit = session.get(Unit, suggested) if suggested is not None else None
    if suggested is not None and (unit is None or unit.body_id != assignment.proposal.body_id):
        refuse("suggested_unit_id", "建议的承办单位不存在。")
    return data


def choose_new_units(session, assignment, data, policy) -> dict:
    entries = data.get("reassign_to") or []
    if entries:
        choose_units(session, assignment.proposal, entries, "reassign_to")
    return data


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


def _today(ctx) -> date:
    return ctx.now.astimezone(object_session(ctx.subject).info["settings"].zone).date()


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


def find_logged_contact(session, assignment, data, policy) -> dict:
    contact = next((c for c in assignment.contacts if c.id == data["contact_id"]), None)
    if contact is None or contact.status != "logged":
        refuse("contact_id", "该沟通记录不存在，或已确认/否认过。")
    data["contact"] = contact
    return data


def answer_contact(status: str):
    def effect(ctx, record):
        contact = ctx.payload["contact"]
        contact.status, contact.answered_at = status, ctx.now

    return effect


def waive_contact(ctx, record):
    ctx.subject.contact_waived = True


def check_extension_date(session, assignment, data, policy) -> dict:
    limit: date | None = assignment.reply_limit_on
    current = assignment.due_on
    if current is not None and data["until"] <= current:
        refuse("until", f"延期日期须晚于现在的答复期限（{current.isoformat()}）。")
    if limit is not None and data["until"] > limit:
        refuse("until", f"延期不能超过最长期限 {limit.isoformat()}。")
    return data


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


def check_letter_phone(session, assignment, data, policy) -> dict:
    """The 答复函's contact line is a telephone number, kept as typed (full-width digits
    folded); checked with the fields, before the event's conditions."""
    data["contact_phone"] = checked_reply_phone(data.get("contact_phone"))
    return data


def _check_promised_days(ctx) -> None:
    """A commitment of the 答复函 falls due from today on (a day counted in the office's zone,
    known once the event fires)."""
    today = _today(ctx)
    for index, promise in enumerate(ctx.payload.get("commitments") or ()):
        if promise["due_date"] < today:
            refuse(
                f"commitments.{index}.due_date",
                f"承诺完成日期不能早于今天（{today.isoformat()}）。",
            )


def write_answer(kind: str):
    def effect(ctx, record):
        data, assignment = ctx.payload, ctx.subject
        if kind == "reply":
            _check_promised_days(ctx)
        reply = Reply(
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
            no_commitment_reason=data.get("no_commitment_reason"),
            created_by_id=ctx.actor.id,
            created_at=ctx.now,
            status="in_review" if assignment.state == "reply_review" else "final",
        )
        add_child(assignment, "replies", reply)
        track_commitments(assignment, reply)
        if assignment.state == "replied":
            assignment.replied_at = ctx.now

    return effect


def approve_reply(ctx, record):
    reply = ctx.subject.latest_reply
    reply.status = "final"
    track_commitments(ctx.subject, reply)
    if ctx.payload.get("category"):
        reply.category = ctx.payload["category"]
    ctx.subject.replied_at = ctx.now
    return {"category": reply.category, "unit_category": reply.unit_category}


def return_reply(ctx, record):
    ctx.subject.latest_reply.status = "returned"


HANDLERS = {
    "sign": Handler(effect=sign),
    "request_return": Handler(fields=fields.RequestReturn, resolve=check_suggested_unit),
    "approve_return": Handler(
        fields=fields.ApproveReturn, resolve=choose_new_units, effect=approve_return
    ),
    "deny_return": Handler(fields=fields.Reasoned),
    "log_contact": Handler(fields=fields.LogContact, effect=log_contact),
    "confirm_contact": Handler(
        fields=fields.ContactAnswer,
        resolve=find_logged_contact,
        effect=answer_contact("confirmed"),
    ),
    "deny_contact": Handler(
        fields=fields.ContactAnswer, resolve=find_logged_contact, effect=answer_contact("denied")
    ),
    "waive_contact": Handler(fields=fields.Reasoned, effect=waive_contact),
    "request_extension": Handler(
        fields=fields.RequestExtension, resolve=check_extension_date, effect=request_extension
    ),
    "approve_extension": Handler(effect=decide_extension(True)),
    "deny_extension": Handler(fields=fields.Reasoned, effect=decide_extension(False)),
    "submit_opinion": Handler(fields=fields.Opinion, effect=write_answer("opinion")),
    "reply": Handler(
        fields=fields.ReplyArgs, resolve=check_letter_phone, effect=write_answer("reply")
    ),
    "approve_reply": Handler(fields=fields.ApproveReply, effect=approve_reply),
    "return_reply": Handler(fields=fields.Reasoned, effect=return_reply),
    "urge": Handler(fields=fields.Urge),
    # Fired by the proposal's approve_withdrawal for each assignment still on it.
    "close_withdrawn": FIELDLESS,
    # Fired by the proposal's evaluate, complete_follow_up and reopen (handling.rehandle), which
    # picks REHANDLE_AFTER_RATING after a 不满意 rating.
    "rehandle": REHANDLE,
}
