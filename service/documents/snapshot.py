"""What a notice needs, copied into plain data when the event happens (the renderer never sees
rows, and a notice printed later still says what was true then)."""

from __future__ import annotations

from datetime import datetime

from service.deadlines.explanation import chinese_date
from service.models import Assignment, Proposal
from service.vocabulary import CATEGORIES, UNIT_ROLES

# Notices list 主办 first, then 分办, then 会办, whatever order the units were added in.
ROLE_ORDER = {"lead": 0, "separate": 1, "assisting": 2}


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
        "sector": proposal.sector,
        "key": proposal.key,
        "key_leader": proposal.key_leader.display_name if proposal.key_leader else None,
        "reason": proposal.reason,
        "reason_code": proposal.reason_code,
        "disposition": proposal.disposition,
        "units": [
            _unit_line(a, zone)
            for a in sorted(proposal.assignments, key=lambda a: (ROLE_ORDER[a.role], a.id))
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
