"""跨级转办: one body's committee sends a proposal awaiting review to another body's, which takes
it as a proposal of its own or sends it back.

The sender's `transfer` opens a transfer holding the text as it was sent; the receiver's
`accept_transfer` files a proposal in the receiving body from that text, awaiting that body's
own review, and `decline_transfer` returns the sender's proposal to review. Either answer moves
the sender's proposal by the engine's own cascade (`conclude`), in the same transaction, and
an accepted one's draft is submitted there as its proposer submitted the original.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, object_session

from service.access import transfer_filter
from service.db.scope import also_in
from service.engine import SYSTEM, fire, record_created, record_creation
from service.engine.handler import Handler
from service.models import Body, Proposal, Transfer, User
from service.operations import event_fields as fields
from service.operations import users
from service.operations.bodies import membership_in
from service.operations.handling import refuse
from service.operations.plenary import current_plenary
from service.permissions import Permission, ensure

DIRECTIONS = {"incoming": Transfer.to_body_id, "outgoing": Transfer.from_body_id}
CONTENT = ("title", "category", "background", "analysis", "suggestions")


# -- the sender: `transfer` on its proposal ------------------------------------------------------


def find_receiver(session: Session, proposal: Proposal, data: dict, policy) -> dict:
    receiver = session.get(Body, data["to_body_id"])
    if receiver is None:
        refuse("to_body_id", "所选政协不存在，请从平台上的政协中选择。")
    if receiver.id == proposal.body_id:
        refuse("to_body_id", "不能转办给本级政协，请选择要转去的另一级政协。")
    data["receiver"] = receiver
    return data


def send(ctx, record):
    """Open the transfer with the proposal's text and proposers as they are now."""
    proposal, receiver = ctx.subject, ctx.payload["receiver"]
    session = object_session(proposal)
    transfer = Transfer(
        proposal=proposal,
        from_body_id=proposal.body_id,
        to_body_id=receiver.id,
        reason=ctx.payload["reason"],
        state="pending",
        snapshot=snapshot_of(proposal),
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    session.add(transfer)
    record_created(session, transfer, actor=ctx.actor, now=ctx.now)
    also_in(session, (receiver.id,))  # the receiving committee's notice is written in its body
    return {
        "transfer_id": transfer.id,
        "to_body_id": receiver.id,
        "to_body": receiver.name,
        "from_body": session.get(Body, proposal.body_id).name,
    }


def snapshot_of(proposal: Proposal) -> dict:
    proposers = [proposal.lead_proposer] + [
        c.user for c in proposal.cosigners if c.status == "confirmed"
    ]
    return {
        **{name: getattr(proposal, name) for name in CONTENT},
        "body": proposal.body,  # as read: the three parts under their headings when given so
        "body_text": proposal.body_text,
        "type": proposal.type,
        "publish_consent": proposal.publish_consent,
        "session": proposal.plenary_session.name,
        "submitted_at": proposal.submitted_at.isoformat() if proposal.submitted_at else None,
        "organisation": proposal.organisation.name if proposal.organisation else None,
        "proposers": [{"name": u.display_name, "sector": u.sector} for u in proposers],
    }


# -- the receiver: `accept_transfer`, `decline_transfer` -----------------------------------------


def accept(ctx, record):
    """File the receiving body's own proposal from the text as sent, a draft its proposer's
    submission moves into the body's review (`conclude`, through the engine). Its proposer is
    the lead proposer's membership in the receiving body, made as a member's when they have
    none, so they can follow it and rate its replies there."""
    transfer = ctx.subject
    session = object_session(transfer)
    sent = transfer.snapshot
    lead, granted = _proposer_in(session, transfer, now=ctx.now)
    zone = session.info["settings"].zone
    received = Proposal(
        body_id=transfer.to_body_id,
        plenary_session=current_plenary(session, transfer.to_body_id, now=ctx.now, zone=zone),
        lead_proposer=lead,
        sector=lead.sector,
        state="draft",
        type="individual",
        key=False,
        session_chosen=False,
        publish_consent=bool(sent.get("publish_consent")),
        **{name: sent.get(name) for name in CONTENT},
        body_text=sent.get("body_text"),
        transferred_from={
            "body_id": transfer.from_body_id,
            "body_name": transfer.from_body.name,
            "proposal_id": transfer.proposal_id,
            "transfer_id": transfer.id,
        },
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    session.add(received)
    record_creation(
        session,
        received,
        actor=ctx.actor,
        now=ctx.now,
        data={
            "transferred_from": received.transferred_from,
            "proposers": sent["proposers"],
        },
    )
    transfer.received_proposal_id, transfer.decided_at = received.id, ctx.now
    return {"received_proposal_id": received.id, "membership_granted": granted}


def decline(ctx, record):
    transfer = ctx.subject
    transfer.decline_reason, transfer.decided_at = ctx.payload["reason"], ctx.now


def _proposer_in(session: Session, transfer: Transfer, *, now: datetime) -> tuple[User, bool]:
    sender = transfer.proposal.lead_proposer
    # Whatever its state: a deactivated member is still the proposal's author there.
    found = membership_in(session, sender.person_id, transfer.to_body_id, active_only=False)
    if found is not None:
        if found.role != "member":  # a proposal is filed by a member (提案人) only
            refuse(
                "proposer",
                f"提案人{found.display_name}在本级政协的账号不是委员账号，不能作为本级提案的提案人。",
            )
        return found, False
    member = users.grant(
        session, sender.username, body_id=transfer.to_body_id, role="member", now=now
    )
    return member, True


# -- the sender's proposal follows the answer ----------------------------------------------------


def conclude(session: Session, transfer: Transfer, *, now: datetime) -> Proposal | None:
    """After the receiver answered: the sender's proposal is transferred, or back in review.
    Returns the receiver's draft to submit, when it accepted."""
    outcome = {"accepted": "transfer_accepted", "declined": "transfer_declined"}[transfer.state]
    payload = {"transfer_id": transfer.id, "reason": transfer.decline_reason}
    fire(
        session,
        transfer.proposal,
        outcome,
        actor=SYSTEM,
        version=None,
        payload={k: v for k, v in payload.items() if v is not None},
        now=now,
        handler=CONCLUDED,
    )
    if transfer.received_proposal_id is None:
        return None
    return session.get(Proposal, transfer.received_proposal_id)


def _note_answer(ctx, record):
    transfer = object_session(ctx.subject).get(Transfer, ctx.payload["transfer_id"])
    return {"to_body": transfer.to_body.name, "received_proposal_id": transfer.received_proposal_id}


CONCLUDED = Handler(fields=fields.TransferAnswered, effect=_note_answer)

HANDLERS = {
    "accept_transfer": Handler(effect=accept),
    "decline_transfer": Handler(fields=fields.Reasoned, effect=decline),
}


# -- the lists -----------------------------------------------------------------------------------


def waiting_for(session: Session, actor) -> int:
    """How many transfers sent to the actor's body await its answer."""
    ensure(actor, Permission.PROPOSALS_READ_ALL)
    incoming = visible_transfers(actor, direction="incoming").where(Transfer.state == "pending")
    return session.scalar(select(func.count()).select_from(incoming.subquery()))


def visible_transfers(actor, *, direction: str) -> Select:
    """The body's incoming (to take or send back) or outgoing transfers."""
    ensure(actor, Permission.PROPOSALS_READ_ALL)
    return select(Transfer).where(transfer_filter(actor), DIRECTIONS[direction] == actor.body_id)
