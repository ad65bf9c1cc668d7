"""Each proposal event's home beside its declaration in workflows/proposal.py: the fields it
takes, the rows they name, and what it writes besides the state (the engine writes the state,
history, deadlines, documents and notifications). `HANDLERS` at the end is the table."""

from __future__ import annotations

from sqlalchemy.orm import object_session

from service.deadlines.schedule import advance_reminders
from service.engine.handler import FIELDLESS, Handler
from service.errors import InvalidInput
from service.models import CoSigner, Proposal, ProposalSupervisor, Rating
from service.operations import event_fields as fields
from service.operations import follow_ups, publication, transfers
from service.operations.content import check_content_limits, content_of, missing_content
from service.operations.handling import (
    COMPLETE_HANDLING,
    choose_units,
    close_for_withdrawal,
    create_assignments,
    refuse,
    rehandle,
)
from service.operations.plenary import file_in_session, take_number
from service.permissions import Permission, can
from service.policy import ground_label, rejection_grounds
from service.usernames import find_by_username
from workflows.assignment import ON_PROPOSAL

REVISABLE = ("title", "category", "background", "analysis", "suggestions")


def check_complete(session, proposal, data, policy) -> dict:
    """A draft saved incomplete is completed before it is submitted (422 naming what lacks)."""
    missing = missing_content(content_of(proposal, data))
    if missing:
        field, message = next(iter(missing.items()))
        refuse(field, message)
    return data


def submit(ctx, record):
    proposal, data = ctx.subject, ctx.payload
    session = object_session(proposal)
    check_content_limits(session, data)
    for name in REVISABLE:
        if data.get(name):
            setattr(proposal, name, data[name])
    if data.get("body"):
        proposal.body_text = data["body"]
    if data.get("publish_consent") is not None:
        proposal.publish_consent = data["publish_consent"]
    file_in_session(session, proposal, now=ctx.now)
    if proposal.state == "submitted":
        proposal.submitted_at = ctx.now


def answer_invitation(status: str):
    def effect(ctx, record):
        invitation = next(c for c in ctx.subject.cosigners if c.user_id == ctx.actor.id)
        invitation.status, invitation.answered_at = status, ctx.now
        if ctx.subject.state == "submitted":
            ctx.subject.submitted_at = ctx.now

    return effect


def request_withdrawal(ctx, record):
    ctx.subject.withdrawal_requested_at = ctx.now
    ctx.subject.withdrawal_reason = ctx.payload["reason"]


def approve_withdrawal(ctx, record):
    ctx.subject.withdrawal_requested_at = None
    close_for_withdrawal(object_session(ctx.subject), ctx.subject, now=ctx.now)


def deny_withdrawal(ctx, record):
    ctx.subject.withdrawal_requested_at = None


def lapse_invitations(ctx, record):
    """联名确认期满: who has not answered is no co-signer; the proposal goes to review with
    those who confirmed."""
    lapsed = [c for c in ctx.subject.cosigners if c.status == "invited"]
    for invitation in lapsed:
        invitation.status, invitation.answered_at = "lapsed", ctx.now
    ctx.subject.submitted_at = ctx.now
    return {"lapsed": [c.user.username for c in lapsed]}


def accept(ctx, record):
    proposal = ctx.subject
    proposal.accepted_at = ctx.now
    # What the acceptance notice reads of the proposal, read now: after `number` below takes the
    # counter's lock, the rest of the transaction keeps every other accept waiting.
    proposal.cosigners, proposal.supervisors, proposal.commitments  # noqa: B018


def number(ctx, record):
    """立案编号, taken last (Handler.last): the gapless counter stays locked until the commit."""
    proposal = ctx.subject
    take_number(object_session(proposal), proposal)
    return {"number": proposal.number, "number_label": proposal.number_label}


def check_ground(session, proposal, data, policy) -> dict:
    """A ground is one of those the office's settings list (localities word their own)."""
    grounds = rejection_grounds(policy)
    if data.get("reason_code") and data["reason_code"] not in grounds:
        allowed = "、".join(f"{code}（{label}）" for code, label in grounds.items())
        refuse("reason_code", f"不予立案理由只能是：{allowed}。")
    return data


def reject(ctx, record):
    proposal, data = ctx.subject, ctx.payload
    proposal.reason_code, proposal.reason = data.get("reason_code"), data.get("reason")
    proposal.disposition = data["disposition"]
    # The wording as it stands today goes with the record and the notice.
    return {"reason_label": ground_label(ctx.options, proposal.reason_code)}


def find_merge_target(session, proposal, data, policy) -> dict:
    target = session.get(Proposal, data["into"])
    if (
        target is None
        or target.id == proposal.id
        or target.body_id != proposal.body_id
        or target.state not in ("submitted", "accepted")
    ):
        refuse("into", "只能并入另一件待审查或已立案的提案。")
    data["target"] = target
    return data


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


def choose_assigned_units(session, proposal, data, policy) -> dict:
    choose_units(session, proposal, data["units"], "units")
    _check_roles(proposal, data["units"], "units")
    return data


def _check_roles(proposal, entries: list[dict], field: str) -> None:
    active = [a for a in proposal.assignments if a.state in ON_PROPOSAL]
    roles = {e["role"] for e in entries} | {a.role for a in active}
    if "lead" in roles and "separate" in roles:
        refuse(field, "主办和分办不能同时使用：请选择一家主办单位（可加会办单位），或全部分办。")
    if not roles & {"lead", "separate"}:
        refuse(field, "须至少有一家主办或分办单位。")
    leads = [e for e in entries if e["role"] == "lead"] + [a for a in active if a.role == "lead"]
    if len(leads) > 1:
        refuse(field, "主办单位只能有一家。")


def assign(ctx, record):
    made = create_assignments(
        object_session(ctx.subject), ctx.subject, ctx.payload["units"], actor=ctx.actor, now=ctx.now
    )
    return {"assignments": [a.id for a in made], "new_units": [a.unit_id for a in made]}


def find_leaders(session, proposal, data, policy) -> dict:
    """The supervising leaders named by `leaders` (or the older single `leader`): at least one,
    each a registered leader account (422 naming the field and the name otherwise)."""
    field = "leaders" if data.get("leaders") else "leader"
    typed = data.get("leaders") or ([data["leader"]] if data.get("leader") else [])
    if not typed:
        refuse("leaders", "请选择至少一位督办领导。")
    chosen = []
    for name in typed:
        leader = find_by_username(session, name, proposal.body_id)
        if leader is None or leader.role != "leader" or not leader.active:
            refuse(field, f"督办领导须为已登记的领导账号：{name[:40]}不是。")
        if leader not in chosen:
            chosen.append(leader)
    data["leader_users"] = chosen
    return data


def mark_key(ctx, record):
    """The leaders named are the proposal's supervising leaders from now on; the first is the
    one the single-leader representation (`key_leader`) shows."""
    proposal, leaders = ctx.subject, ctx.payload["leader_users"]
    proposal.key = True
    proposal.key_leader = leaders[0]
    kept = {s.user_id: s for s in proposal.supervisors}
    proposal.supervisors = [
        kept.get(u.id) or ProposalSupervisor(user=u, created_at=ctx.now) for u in leaders
    ]
    advance_reminders(object_session(proposal), proposal, now=ctx.now)
    return {"leaders": [u.username for u in leaders]}


def supervise(ctx, record):
    """督办: the 督办通知 names who gave the opinion (a leader, or the office for its leaders)."""
    return {"supervisor_name": ctx.actor.display_name, "supervisor_role": ctx.actor.role}


def find_rated_replies(session, proposal, data, policy) -> dict:
    """The lead proposer (or the office, from paper) rates every reply awaiting a rating."""
    awaiting = {a.id: a for a in proposal.awaiting_rating}
    given = [r["assignment_id"] for r in data["ratings"]]
    for index, rating in enumerate(data["ratings"]):
        if rating["assignment_id"] not in awaiting or given.count(rating["assignment_id"]) > 1:
            refuse(f"ratings.{index}.assignment_id", "该答复不在待测评之列，或重复测评。")
        for aspect in ("attitude", "result"):
            if rating[aspect] == "very_satisfied" and not policy["very_satisfied_level"]:
                refuse(f"ratings.{index}.{aspect}", "测评档次只能是：满意、基本满意、不满意。")
        rating["assignment"] = awaiting[rating["assignment_id"]]
    missing = [a.unit.name for a_id, a in awaiting.items() if a_id not in given]
    if missing:
        refuse("ratings", f"请对每家单位的答复分别测评，尚缺：{'、'.join(missing)}。")
    return data


def evaluate(ctx, record):
    proposal, session = ctx.subject, object_session(ctx.subject)
    for rating in ctx.payload["ratings"]:
        assignment = rating["assignment"]
        session.add(_rating(ctx, rating, assignment_id=assignment.id, proxy=_for_member(ctx)))
    unsatisfied = [r["assignment"] for r in ctx.payload["ratings"] if r["result"] == "unsatisfied"]
    for assignment in unsatisfied:
        # A unit that already re-handled goes to 当面协商 whatever the others do next.
        assignment.consultation_due = assignment.consultation_due or assignment.rehandled
    if proposal.state == "handling":
        rehandle(
            session, [a for a in unsatisfied if not a.rehandled], now=ctx.now, after_rating=True
        )
    _mark_closed(ctx)
    return {"proxy": _for_member(ctx)}


def _for_member(ctx) -> bool:
    return can(ctx.actor, Permission.RATINGS_RECORD_FOR_MEMBERS)


def record_consultation(ctx, record):
    for assignment in ctx.subject.assignments:
        assignment.consultation_due = False
    _mark_closed(ctx)


def find_final_replies(session, proposal, data, policy) -> dict:
    """A co-signer rates the final reply of each unit that answers the proposal."""
    answered = {
        a.id: a
        for a in proposal.assignments
        if a.answers and a.latest_reply is not None and a.latest_reply.status == "final"
    }
    for index, rating in enumerate(data["ratings"]):
        if rating["assignment_id"] not in answered:
            refuse(f"ratings.{index}.assignment_id", "该单位尚无可测评的答复。")
        rating["assignment"] = answered[rating["assignment_id"]]
    return data


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
        assignment.ratings.append(_rating(ctx, rating, cosigner=True))
    session.flush()


def _rating(ctx, rating: dict, **kind) -> Rating:
    """A rating of the latest reply of `rating["assignment"]`, as the actor gave it."""
    return Rating(
        proposal_id=ctx.subject.id,
        round=rating["assignment"].latest_reply.round,
        rater_id=ctx.actor.id,
        attitude=rating["attitude"],
        result=rating["result"],
        contacted=_text(rating.get("contacted")),
        on_point=rating.get("on_point"),
        comment=rating.get("comment"),
        created_at=ctx.now,
        **kind,
    )


def _text(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return "是" if value else "否"


def evaluation_lapsed(ctx, record):
    proposal, session = ctx.subject, object_session(ctx.subject)
    for assignment in proposal.awaiting_rating:
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


def _send_back(ctx, record=None):
    """督办: the replied lead and separate units handle the proposal again."""
    if ctx.subject.state == "handling":
        rehandle(
            object_session(ctx.subject),
            [a for a in ctx.subject.assignments if a.answers and a.state == "replied"],
            now=ctx.now,
            after_rating=False,
        )


HANDLERS = {
    "submit": Handler(fields=fields.Revision, resolve=check_complete, effect=submit),
    "cosign": Handler(effect=answer_invitation("confirmed")),
    "decline": Handler(effect=answer_invitation("declined")),
    "cosign_lapsed": Handler(fields=fields.TimerArgs, effect=lapse_invitations),
    "withdraw": FIELDLESS,
    "request_withdrawal": Handler(fields=fields.Reasoned, effect=request_withdrawal),
    "approve_withdrawal": Handler(effect=approve_withdrawal),
    "deny_withdrawal": Handler(fields=fields.Reasoned, effect=deny_withdrawal),
    "accept": Handler(effect=accept, last=number),
    "reject": Handler(fields=fields.Reject, resolve=check_ground, effect=reject),
    "merge": Handler(fields=fields.Merge, resolve=find_merge_target, effect=merge),
    "return_for_revision": Handler(fields=fields.Reasoned, effect=return_for_revision),
    "transfer": Handler(
        fields=fields.Transfer, resolve=transfers.find_receiver, effect=transfers.send
    ),
    "transfer_accepted": transfers.CONCLUDED,
    "transfer_declined": transfers.CONCLUDED,
    "assign": Handler(fields=fields.Assign, resolve=choose_assigned_units, effect=assign),
    "mark_key": Handler(fields=fields.MarkKey, resolve=find_leaders, effect=mark_key),
    "supervise": Handler(fields=fields.Supervise, effect=supervise),
    "complete_handling": COMPLETE_HANDLING,
    "evaluate": Handler(fields=fields.Evaluate, resolve=find_rated_replies, effect=evaluate),
    "add_rating": Handler(fields=fields.Evaluate, resolve=find_final_replies, effect=add_rating),
    "evaluation_lapsed": Handler(fields=fields.TimerArgs, effect=evaluation_lapsed),
    "record_consultation": Handler(fields=fields.Consultation, effect=record_consultation),
    "start_follow_up": Handler(fields=fields.TimerArgs, effect=follow_ups.start_follow_up),
    "complete_follow_up": Handler(
        fields=fields.CompleteFollowUp,
        resolve=follow_ups.find_settlements,
        effect=follow_ups.complete_follow_up,
    ),
    "reopen": Handler(fields=fields.Reasoned, effect=_send_back),
    "publish": Handler(effect=publication.publish),
    "unpublish": Handler(effect=publication.unpublish),
}
