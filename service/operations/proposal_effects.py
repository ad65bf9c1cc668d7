"""What each proposal event writes besides its state (the engine writes state and history)."""

from __future__ import annotations

from sqlalchemy.orm import object_session

from service.engine.references import awaiting_rating
from service.errors import InvalidInput
from service.models import CoSigner, FollowUp, Rating
from service.operations.content import check_content_limits
from service.operations.handling import create_assignments, rehandle
from service.operations.sessions import take_number

REVISABLE = ("title", "category", "background", "analysis", "suggestions")


def submit(ctx, record):
    proposal, data = ctx.subject, ctx.payload
    session = object_session(proposal)
    check_content_limits(session, data)
    for name in REVISABLE:
        if data.get(name):
            setattr(proposal, name, data[name])
    if data.get("body"):
        proposal.body_text = data["body"]
    if proposal.state == "submitted":
        proposal.submitted_at = ctx.now


def answer_invitation(status: str):
    def effect(ctx, record):
        invitation = next(c for c in ctx.subject.cosigners if c.user_id == ctx.actor.id)
        invitation.status, invitation.answered_at = status, ctx.now
        if ctx.subject.state == "submitted":
            ctx.subject.submitted_at = ctx.now

    return effect


def accept(ctx, record):
    proposal = ctx.subject
    proposal.number = take_number(object_session(proposal), proposal.plenary_session_id)
    proposal.accepted_at = ctx.now
    return {"number": proposal.number, "number_label": proposal.number_label}


def reject(ctx, record):
    proposal, data = ctx.subject, ctx.payload
    proposal.reason_code, proposal.reason = data.get("reason_code"), data.get("reason")
    proposal.disposition = data["disposition"]


def merge(ctx, record):
    """The merged proposal's proposers join the target as co-signers (and get its reply)."""
    proposal, target = ctx.subject, ctx.payload["target"]
    proposal.merged_into_id = target.id
    present = {target.lead_proposer_id} | {c.user_id for c in target.cosigners}
    for user_id in sorted(proposal.proposer_ids - present):
        target.cosigners.append(
            CoSigner(user_id=user_id, status="confirmed", via="merge", answered_at=ctx.now)
        )
    return {"into_number_label": target.number_label, "into_title": target.title}


def return_for_revision(ctx, record):
    ctx.subject.reason = ctx.payload["reason"]


def assign(ctx, record):
    made = create_assignments(
        object_session(ctx.subject), ctx.subject, ctx.payload["units"], actor=ctx.actor, now=ctx.now
    )
    return {"assignments": [a.id for a in made], "new_units": [a.unit_id for a in made]}


def mark_key(ctx, record):
    ctx.subject.key = True
    if "leader_user" in ctx.payload:
        ctx.subject.key_leader = ctx.payload["leader_user"]


def evaluate(ctx, record):
    proposal, session = ctx.subject, object_session(ctx.subject)
    for rating in ctx.payload["ratings"]:
        assignment = rating["assignment"]
        session.add(
            Rating(
                proposal_id=proposal.id,
                assignment_id=assignment.id,
                round=assignment.latest_reply.round,
                rater_id=ctx.actor.id,
                proxy=ctx.actor.role == "committee",
                attitude=rating["attitude"],
                result=rating["result"],
                contacted=_text(rating.get("contacted")),
                on_point=rating.get("on_point"),
                comment=rating.get("comment"),
                created_at=ctx.now,
            )
        )
    if proposal.state == "handling":
        rehandle(
            session,
            [
                r["assignment"]
                for r in ctx.payload["ratings"]
                if r["result"] == "unsatisfied" and not r["assignment"].rehandled
            ],
            now=ctx.now,
            after_rating=True,
        )
    _mark_closed(ctx)
    return {"proxy": ctx.actor.role == "committee"}


def add_rating(ctx, record):
    """A co-signer's own rating of each reply, once per handling round."""
    session = object_session(ctx.subject)
    for index, rating in enumerate(ctx.payload["ratings"]):
        assignment = rating["assignment"]
        reply = assignment.latest_reply
        if any(
            r.cosigner and r.rater_id == ctx.actor.id and r.round == reply.round
            for r in assignment.ratings
        ):
            message = f"您已对{assignment.unit.name}的答复测评过。"
            raise InvalidInput(message, details={f"ratings.{index}.assignment_id": [message]})
        assignment.ratings.append(
            Rating(
                proposal_id=ctx.subject.id,
                round=reply.round,
                rater_id=ctx.actor.id,
                cosigner=True,
                attitude=rating["attitude"],
                result=rating["result"],
                contacted=_text(rating.get("contacted")),
                on_point=rating.get("on_point"),
                comment=rating.get("comment"),
                created_at=ctx.now,
            )
        )
    session.flush()


def _text(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return "是" if value else "否"


def evaluation_lapsed(ctx, record):
    proposal, session = ctx.subject, object_session(ctx.subject)
    for assignment in awaiting_rating(proposal):
        session.add(
            Rating(
                proposal_id=proposal.id,
                assignment_id=assignment.id,
                round=assignment.latest_reply.round,
                lapsed=True,
                created_at=ctx.now,
            )
        )
    _mark_closed(ctx)


def _mark_closed(ctx, record=None):
    if ctx.subject.state == "closed":
        ctx.subject.closed_at = ctx.now


def start_follow_up(ctx, record):
    promised = [
        {"unit": a.unit.name, **c}
        for a in ctx.subject.assignments
        if a.latest_reply is not None
        for c in a.latest_reply.commitments or ()
    ]
    object_session(ctx.subject).add(
        FollowUp(proposal_id=ctx.subject.id, started_at=ctx.now, commitments=promised)
    )


def complete_follow_up(ctx, record):
    proposal, data = ctx.subject, ctx.payload
    follow_up = proposal.follow_ups[-1]
    follow_up.completed_at, follow_up.outcome = ctx.now, data["outcome"]
    follow_up.findings, follow_up.next_due_on = data["findings"], data.get("next_follow_up")
    _send_back(ctx)
    _mark_closed(ctx)


def _send_back(ctx, record=None):
    """督办: the replied lead and separate units handle the proposal again."""
    if ctx.subject.state == "handling":
        rehandle(
            object_session(ctx.subject),
            [a for a in ctx.subject.assignments if a.answers and a.state == "replied"],
            now=ctx.now,
            after_rating=False,
        )


EFFECTS = {
    "submit": submit,
    "cosign": answer_invitation("confirmed"),
    "decline": answer_invitation("declined"),
    "accept": accept,
    "reject": reject,
    "merge": merge,
    "return_for_revision": return_for_revision,
    "assign": assign,
    "mark_key": mark_key,
    "add_rating": add_rating,
    "evaluate": evaluate,
    "evaluation_lapsed": evaluation_lapsed,
    "record_consultation": _mark_closed,
    "start_follow_up": start_follow_up,
    "complete_follow_up": complete_follow_up,
    "reopen": _send_back,
}
