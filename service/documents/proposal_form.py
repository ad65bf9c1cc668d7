"""The printed 提案表 of one proposal, as it stands when asked for: rendered in the request as
PDF or Word from one template (templates/notices/proposal_form.html), never stored, no document
of record. It prints for its reader what the proposal's page shows them: phone and e-mail only
where `access.can_see_contacts` allows, and of the units only the assignments they may see."""

from __future__ import annotations

from datetime import datetime

from service.access import can_see_assignment, can_see_contacts
from service.deadlines.explanation import chinese_date
from service.documents.render import DEFAULT_ZONE, render_html, render_pdf
from service.documents.snapshot import organisation_part
from service.documents.word_out import pages_docx
from service.models import CoSigner, Proposal, User
from service.models.proposal import BODY_PARTS
from service.policy import ground_label
from service.vocabulary import (
    CATEGORIES,
    DISPOSITIONS,
    FILED_DURING,
    PROPOSAL_TYPES,
    UNIT_ROLES,
    in_listing_order,
)
from workflows import BY_NAME
from workflows.assignment import ON_PROPOSAL

FORM = "proposal_form"
STATES = BY_NAME["proposal"].states


def _day(moment: datetime | None, zone) -> str | None:
    return chinese_date(moment.astimezone(zone).date()) if moment else None


def _person(actor, proposal: Proposal, person: User, sector: str | None) -> dict:
    shown = can_see_contacts(actor, proposal, person)
    return {
        "name": person.display_name,
        "sector": sector,
        "party": person.party,
        "employer": person.employer,
        "phone": person.phone if shown else None,
        "email": person.email if shown else None,
    }


def _co_signers(proposal: Proposal) -> list[dict]:
    """The co-signers still on it (附议人), those yet to confirm marked as such."""
    return [
        {"name": c.user.display_name, "sector": c.user.sector, "confirmed": c.status == "confirmed"}
        for c in proposal.cosigners
        if c.status not in CoSigner.LEFT_OUT
    ]


def _parts(proposal: Proposal) -> list[dict]:
    """背景情况 / 问题分析 / 具体建议 as written, or the single body (正文) given instead."""
    parts = [
        {"heading": label, "text": getattr(proposal, name)}
        for name, label in BODY_PARTS
        if getattr(proposal, name)
    ]
    if parts or not proposal.body_text:
        return parts
    return [{"heading": None, "text": proposal.body_text}]


def _review(proposal: Proposal, policy, zone) -> list[str]:
    """审查意见 as the proposal's record has it: accepted (and when), not accepted with its
    ground and where it went, returned with the reason; else not accepted yet, and why not."""
    state = STATES[proposal.state]
    if proposal.accepted_at is not None:
        lines = [f"予以立案（{_day(proposal.accepted_at, zone)}）。当前状态：{state}。"]
        if proposal.key:
            leaders = "、".join(s.user.display_name for s in proposal.supervisors)
            lines.append(f"列为重点提案{f'，督办领导：{leaders}' if leaders else ''}。")
        return lines
    if proposal.state == "not_accepted":
        ground = ground_label(policy, proposal.reason_code)
        said = "：".join(text for text in (ground, proposal.reason) if text)
        lines = [f"不予立案{f'：{said}' if said else ''}。"]
        if proposal.disposition in DISPOSITIONS and proposal.disposition != "none":
            lines.append(f"处理方式：{DISPOSITIONS[proposal.disposition]}。")
        return lines
    if proposal.state == "returned" and proposal.reason:
        return [f"未立案（退回修改：{proposal.reason}）。"]
    return [f"未立案（{state}）。"]


def _units(actor, proposal: Proposal) -> list[dict]:
    return [
        {"unit": a.unit.name, "role_label": UNIT_ROLES[a.role]}
        for a in in_listing_order(proposal.assignments)
        if a.state in ON_PROPOSAL and can_see_assignment(actor, a)
    ]


def form_snapshot(proposal: Proposal, *, actor, policy, zone, now: datetime) -> dict:
    """What the 提案表 prints for `actor`, as plain data."""
    lead = proposal.lead_proposer
    return {
        "kind": FORM,
        "printed_on": _day(now, zone),
        "committee": policy["office_short_name"],
        "session": proposal.plenary_session.name,
        "id": proposal.id,
        "number_label": proposal.number_label,
        "title": proposal.title,
        "category": CATEGORIES.get(proposal.category, proposal.category),
        "type": PROPOSAL_TYPES.get(proposal.type, proposal.type),
        "filed_during": FILED_DURING.get(proposal.filed_during),
        "organisation": organisation_part(proposal.organisation),
        "proposer": _person(actor, proposal, lead, proposal.sector or lead.sector),
        "co_signers": _co_signers(proposal),
        "submitted_on": _day(proposal.submitted_at, zone),
        "parts": _parts(proposal),
        "review": _review(proposal, policy, zone),
        "units": _units(actor, proposal),
    }


def file_name(snapshot: dict, extension: str) -> str:
    """提案表-第0012号.pdf; before it has a number, by its id (提案表-未立案-37.pdf)."""
    label = snapshot["number_label"] or f"未立案-{snapshot['id']}"
    return f"提案表-{label}.{extension}"


def form_pdf(snapshot: dict, *, zone=DEFAULT_ZONE) -> bytes:
    """Raises:
    RenderRefused: a character of the proposal has no glyph in the installed fonts."""
    return render_pdf(FORM, snapshot, zone=zone)


def form_docx(snapshot: dict, *, zone=DEFAULT_ZONE) -> bytes:
    return pages_docx([render_html(FORM, snapshot, zone=zone)])
