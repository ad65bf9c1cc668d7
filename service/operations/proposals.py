"""Filing a proposal (提出提案): a draft with its invited co-signers, submitted when asked."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.documents.docx_reader import read_proposal
from service.engine import record_creation
from service.errors import InvalidInput, echoed
from service.models import CoSigner, Organisation, Proposal, User
from service.operations.attachments import Upload, upload_attachment
from service.operations.content import check_content_limits
from service.operations.events import apply
from service.operations.inputs import CreateProposalArgs
from service.operations.plenary import current_plenary, find_plenary
from service.permissions import Permission, ensure
from service.usernames import find_by_username
from service.validation import load_or_refuse, refuse_days_out_of_time

CONTENT = ("title", "category", "body", "background", "analysis", "suggestions")


def create_proposal(
    session: Session, *, actor, raw: Any, now: datetime, form_token: str | None = None
) -> Proposal:
    """File a new proposal as its lead proposer; submit it at once when asked. A form sent again
    with the token it was sent with before files nothing new and answers the proposal filed
    then (the caller tells the two apart with `filed_with` first).

    The committee enters a member's paper proposal (代录) with `on_behalf_of`: the member is its
    lead proposer and submits it (they signed the paper), while the `create` record names the
    clerk and keeps `on_behalf_of` and `received_on`. Nobody else may file for another: a member
    naming `on_behalf_of` is refused by role (403), before the body is read."""
    entering = isinstance(raw, dict) and raw.get("on_behalf_of") is not None
    ensure(actor, Permission.PROPOSALS_ENTER_FOR_MEMBERS if entering else Permission.PROPOSALS_FILE)
    data = load_or_refuse(CreateProposalArgs(), raw) if entering else None
    lead = _member_entered_for(session, data["on_behalf_of"], actor) if entering else actor
    earlier = filed_with(session, lead, form_token)
    if earlier is not None:
        return earlier
    data = data or load_or_refuse(CreateProposalArgs(), raw)
    zone = session.info["settings"].zone
    _check_received_on(data.get("received_on"), entering)
    refuse_days_out_of_time(CreateProposalArgs(), data, now.astimezone(zone).date())
    check_content_limits(session, data)
    plenary = (
        find_plenary(session, data["session"], lead.body_id)
        if data["session"] is not None
        else current_plenary(session, lead.body_id, now=now, zone=zone)
    )
    cosigners = _invitees(session, lead, data["co_signers"])
    kind = data.get("type") or (
        "collective" if data["organisation_id"] else "joint" if cosigners else "individual"
    )
    organisation = _filing_for(session, lead, kind, data["organisation_id"], cosigners)
    proposal = Proposal(
        body_id=lead.body_id,
        plenary_session=plenary,
        lead_proposer=lead,
        sector=lead.sector,
        state="draft",
        type=kind,
        organisation=organisation,
        created_at=now,
        updated_at=now,
        key=False,
        **{name: data.get(name) for name in CONTENT if name != "body"},
        body_text=data.get("body"),
        form_token=form_token,
        session_chosen=data["session"] is not None,
        publish_consent=data["publish_consent"],
    )
    proposal.cosigners = [CoSigner(user=user, status="invited") for user in cosigners]
    session.add(proposal)
    entry = (
        {"on_behalf_of": lead.username, "received_on": _iso(data.get("received_on"))}
        if entering
        else {}
    )
    record_creation(
        session,
        proposal,
        actor=actor,
        now=now,
        data={"co_signers": [u.username for u in cosigners], **entry},
    )
    if data["submit"]:
        apply(
            session,
            proposal,
            actor=lead,
            event="submit",
            version=proposal.version,
            payload={},
            now=now,
        )
    return proposal


def import_proposal(
    session: Session, *, actor, data: bytes | None, name: str = "提案.docx", now: datetime
) -> Proposal:
    """A draft filled from the member's Word document (案由, the three parts or one 正文, a
    category guessed from its words), to check and submit like one typed in the form. Tables
    and pictures no field can hold stay with it: the document itself is attached (附件材料)."""
    ensure(actor, Permission.PROPOSALS_FILE)
    if not data:
        message = "请选择要导入的 Word 文档（.docx）。"
        raise InvalidInput(message, details={"file": [message]})
    read = read_proposal(data)
    proposal = create_proposal(session, actor=actor, raw=read.as_draft(), now=now)
    if read.has_extras:
        session.flush()
        upload_attachment(
            session,
            proposal.id,
            actor=actor,
            upload=Upload(name, data),
            fields={"kind": "material"},
            now=now,
        )
    return proposal


def _member_entered_for(session: Session, username: str, actor) -> User:
    member = find_by_username(session, username, actor.body_id)
    if member is None or member.role != "member" or not member.active:
        message = f"“{echoed(username)}”不是可代录提案的委员，请核对用户名。"
        raise InvalidInput(message, details={"on_behalf_of": [message]})
    return member


def _check_received_on(received_on: date | None, entering: bool) -> None:
    if received_on is not None and not entering:
        message = "收到日期只用于提案委员会代录纸质提案。"
        raise InvalidInput(message, details={"received_on": [message]})


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def filed_with(session: Session, actor, form_token: str | None) -> Proposal | None:
    """The proposal this member filed from the form that carried this token, if any."""
    if not form_token:
        return None
    return session.scalars(
        select(Proposal).where(
            Proposal.lead_proposer_id == actor.id, Proposal.form_token == form_token
        )
    ).first()


def same_title(session: Session, actor, title: str) -> list[Proposal]:
    """The member's other proposals of this title (drafts included, withdrawn and merged ones
    not): filing one twice is far more often a slip than an intention."""
    return list(
        session.scalars(
            select(Proposal)
            .where(
                Proposal.lead_proposer_id == actor.id,
                Proposal.title == title.strip(),
                Proposal.state.not_in(("withdrawn", "merged")),
            )
            .order_by(Proposal.id)
        )
    )


def _filing_for(session: Session, actor, kind: str, organisation_id, cosigners):
    """The organisation a collective proposal is filed for: one the actor is a contact of. It
    is the organisation's proposal, so nobody is invited to co-sign it; any other type names
    no organisation."""
    if kind != "collective":
        if organisation_id is not None:
            message = "只有集体提案才选择提案单位；个人或联名提案请不要填写。"
            raise InvalidInput(message, details={"organisation_id": [message]})
        return None
    if organisation_id is None:
        message = "集体提案须选择以哪个单位的名义提出。"
        raise InvalidInput(message, details={"organisation_id": [message]})
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or actor.id not in organisation.contact_ids:
        # The same sentence whether it exists or not: a member learns of no one else's.
        message = "只能以您担任联系人的单位名义提出集体提案。"
        raise InvalidInput(message, details={"organisation_id": [message]})
    if cosigners:
        message = "集体提案以单位名义提出，不邀请联名人。"
        raise InvalidInput(message, details={"co_signers": [message]})
    return organisation


def _invitees(session: Session, actor, usernames: list[str]) -> list[User]:
    users = {}  # by id: two spellings of one name (li, LI) invite one member
    for index, username in enumerate(usernames):
        user = find_by_username(session, username, actor.body_id)
        if user is not None and user.id == actor.id:
            message = f"提案人本人（{user.display_name or username}）不能同时作为联名人。"
            raise InvalidInput(message, details={f"co_signers.{index}": [message]})
        if user is None or user.role != "member" or not user.active:
            message = f"联名人“{username}”不是可邀请的委员。"
            raise InvalidInput(message, details={f"co_signers.{index}": [message]})
        users.setdefault(user.id, user)
    return list(users.values())
