"""What a notice needs, copied into plain data when the event happens (the renderer never sees
rows, and a notice printed later still says what was true then)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import object_session

from service.deadlines.explanation import chinese_date
from service.models import Assignment, Organisation, Proposal, User
from service.vocabulary import CATEGORIES, UNIT_ROLES, in_listing_order

# How a letter speaks to an organisation in the second person (贵单位提出的…提案收悉).
ORGANISATION_YOU = {"sector": "贵界别", "special_committee": "贵委"}


def organisation_part(organisation) -> dict | None:
    """Whom a collective proposal's notices and letters are written to, instead of a member."""
    if organisation is None:
        return None
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "you": ORGANISATION_YOU.get(organisation.kind, "贵单位"),
    }


def _local_day(moment: datetime | None, zone) -> str | None:
    return chinese_date(moment.astimezone(zone).date()) if moment else None


def _unit_line(assignment: Assignment, zone) -> dict:
    return {
        "unit": assignment.unit.name,
        "role": assignment.role,
        "role_label": UNIT_ROLES[assignment.role],
        "state": assignment.state,
        "due": _local_day(assignment.due_at, zone),
    }


def proposal_part(proposal: Proposal, zone) -> dict:
    proposers = [proposal.lead_proposer.display_name] + [
        c.user.display_name for c in proposal.cosigners if c.status == "confirmed"
    ]
    return {
        "id": proposal.id,
        "number_label": proposal.number_label,
        "title": proposal.title,
        "category": CATEGORIES.get(proposal.category, proposal.category),
        "session": proposal.plenary_session.name,
        "year": proposal.plenary_session.year,
        "proposers": proposers,
        "organisation": organisation_part(proposal.organisation),
        "sector": proposal.sector,
        "key": proposal.key,
        # Every supervising leader, named together where a notice names "the" leader.
        "key_leader": "、".join(s.user.display_name for s in proposal.supervisors) or None,
        "key_leaders": [s.user.display_name for s in proposal.supervisors],
        "reason": proposal.reason,
        "reason_code": proposal.reason_code,
        "disposition": proposal.disposition,
        "units": [
            _unit_line(a, zone)
            for a in in_listing_order(proposal.assignments)
            if a.state != "returned"
        ],
        "commitments": _commitments(proposal),
    }


def _commitments(proposal: Proposal) -> list[dict]:
    """What the units promised in their final replies, every round, and 回头看 has not found
    carried out yet: the measures it checks (a partly done one with the date set for it)."""
    return [
        {
            "unit": c.assignment.unit.name,
            "round": c.round,
            "text": c.text,
            "due_date": c.due_date.isoformat() if c.due_date else None,
            "earlier_outcome": c.outcome,
            "next_follow_up": c.next_due_on.isoformat() if c.next_due_on else None,
        }
        for c in proposal.open_commitments
    ]


def _reply_part(assignment: Assignment) -> dict | None:
    reply = assignment.latest_reply
    if reply is None:
        return None
    return {
        "category": reply.category,
        "body": reply.body,
        "signed_by": reply.signed_by,
        "document_number": reply.document_number,
        "contact_name": reply.contact_name,
        "contact_phone": reply.contact_phone,
        "commitments": reply.commitments or [],
        "no_commitment_reason": reply.no_commitment_reason,
        "round": reply.round,
    }


def build_snapshot(
    kind: str,
    proposal: Proposal,
    assignment: Assignment | None,
    *,
    event: str,
    data: dict,
    now: datetime,
    zone,
    policy,
) -> dict:
    """The notice's content as plain JSON-ready data."""
    snapshot = {
        "kind": kind,
        "event": event,
        "data": data,
        "issued_on": _local_day(now, zone),
        "office": {
            "name": policy["office_name"],
            "short_name": policy["office_short_name"],
            "contact": policy["office_contact"],
        },
        "proposal": proposal_part(proposal, zone),
    }
    if kind == "reply_letter":
        snapshot["addressees"] = reply_addressees(proposal)
    if kind == "assignment_notice":
        snapshot["proposer_contact"] = lead_contact(proposal)
    if assignment is not None:
        snapshot["assignment"] = {
            **_unit_line(assignment, zone),
            "id": assignment.id,
            "reply": _reply_part(assignment),
            "assisting_units": [a.unit.name for a in proposal.assignments if a.role == "assisting"],
            "missing_opinions": [a.unit.name for a in assignment.awaited_opinions]
            if assignment.role == "lead"
            else [],
        }
    return snapshot


def lead_contact(proposal: Proposal) -> dict:
    """Whom the units call before handling (办前沟通): the lead proposer, as registered now."""
    lead = proposal.lead_proposer
    return {
        "name": lead.display_name,
        "employer": lead.employer,
        "phone": lead.phone,
        "email": lead.email,
    }


def reply_addressees(proposal: Proposal) -> list[dict]:
    """Everyone a reply is written to, each receiving a letter of their own (分别答复): the lead
    proposer; the proposers of the proposals merged into this one, with the title they wrote
    (merging made them co-signers here); the co-signers who confirmed. A member is written to
    once, as the first of these. A collective proposal is written to its organisation, not
    to the contact who filed it."""
    session = object_session(proposal)
    merged = session.scalars(
        select(Proposal).where(Proposal.merged_into_id == proposal.id).order_by(Proposal.id)
    ).all()
    people = [(_writer(proposal), "lead", None)]
    for m in merged:
        people.append((_writer(m), "merged", m.title))
        people += [(c.user, "merged", m.title) for c in m.cosigners if c.status == "confirmed"]
    people += [(c.user, "cosigner", None) for c in proposal.cosigners if c.status == "confirmed"]
    # The contact who filed a collective proposal (merged into this one, they joined it as a
    # co-signer) is answered in their organisation's letter, not in one of their own.
    seen = {(User, m.lead_proposer_id) for m in [proposal, *merged] if m.organisation}
    addressees = []
    for writer, relation, title in people:
        if (type(writer), writer.id) not in seen:
            seen.add((type(writer), writer.id))
            addressees.append(_addressee(writer, relation, title))
    return addressees


def _writer(proposal: Proposal):
    """Who wrote it, as its letter is addressed: its organisation, or its lead proposer."""
    return proposal.organisation or proposal.lead_proposer


def _addressee(writer, relation: str, title: str | None) -> dict:
    if isinstance(writer, Organisation):
        return {"name": writer.name, "as": relation, "title": title, **_as_organisation(writer)}
    return {"name": writer.display_name, "as": relation, "title": title}


def _as_organisation(organisation: Organisation) -> dict:
    return {"organisation": True, "you": organisation_part(organisation)["you"]}


def described(document) -> dict:
    """What a list of documents says of one beside its kind: the unit it was written to or for,
    and for a reply letter the round of handling it answers (a second-round letter replaces
    nothing: both stay in the file)."""
    assignment = (document.snapshot or {}).get("assignment") or {}
    reply = assignment.get("reply") or {}
    return {
        "unit_name": assignment.get("unit"),
        "round": reply.get("round") if document.kind == "reply_letter" else None,
    }
