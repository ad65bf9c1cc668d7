"""提案汇编 and 答复汇编 of a session, asked for by the office: the texts are taken as they are
when asked (the snapshot), and the document worker binds them into one PDF out of the request."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from service.access import document_filter
from service.documents.compilation import KINDS, LABELS, REPLY_COMPILATION
from service.errors import InvalidInput
from service.models import Assignment, Document, DocumentProgress, PlenarySession, Proposal
from service.operations.plenary import current_plenary
from service.permissions import Permission, ensure
from service.policy import load_policy
from service.vocabulary import CATEGORIES, UNIT_ROLE_ORDER, UNIT_ROLES

PARTS = (("背景情况", "background"), ("问题分析", "analysis"), ("具体建议", "suggestions"))
# Proposals that were accepted and still stand (not withdrawn after acceptance).
GONE = ("withdrawn", "merged")


def _proposers(proposal: Proposal) -> str:
    people = [proposal.lead_proposer] + [
        c.user for c in proposal.cosigners if c.status == "confirmed"
    ]
    return "、".join(
        f"{p.display_name}（{p.sector}）" if p.sector else p.display_name for p in people
    )


def _replies(proposal: Proposal) -> list[dict]:
    order = {role: index for index, role in enumerate(UNIT_ROLE_ORDER)}
    found = []
    for assignment in sorted(proposal.assignments, key=lambda a: order.get(a.role, 9)):
        for reply in sorted(assignment.replies, key=lambda r: r.round):
            if reply.kind != "reply" or reply.status != "final":
                continue
            found.append(
                {
                    "unit": assignment.unit.name,
                    "role": UNIT_ROLES.get(assignment.role, assignment.role),
                    "category": reply.category or "",
                    "round": reply.round,
                    "body": reply.body,
                    "commitments": list(reply.commitments or ()),
                }
            )
    return found


def _item(proposal: Proposal, kind: str) -> dict:
    item = {
        "key": f"p-{proposal.id}",
        "number_label": proposal.number_label,
        "title": proposal.title,
        "category": proposal.category,
        "proposers": _proposers(proposal),
    }
    if kind == REPLY_COMPILATION:
        item["replies"] = _replies(proposal)
    elif proposal.background:
        item["parts"] = [(heading, getattr(proposal, name) or "") for heading, name in PARTS]
    else:
        item["parts"] = [("", proposal.body or "")]
    return item


def request_compilation(
    session: Session, *, kind: str, session_id: int | None, actor, now: datetime
) -> Document:
    """A pending 汇编 of the session (the current one when not named), with its texts now."""
    ensure(actor, Permission.REPORTS_REQUEST)
    if kind not in KINDS:
        message = (
            "汇编种类只能是：proposal_compilation（提案汇编）、reply_compilation（答复汇编）。"
        )
        raise InvalidInput(message, details={"kind": [message]})
    zone = session.info["settings"].zone
    plenary = (
        session.get(PlenarySession, session_id)
        if session_id is not None
        else current_plenary(session, actor.body_id, now=now, zone=zone)
    )
    if plenary is None or plenary.body_id != actor.body_id:
        raise InvalidInput("所选会次不存在。", details={"session_id": ["所选会次不存在。"]})
    proposals = session.scalars(
        select(Proposal)
        .where(
            Proposal.plenary_session_id == plenary.id,
            Proposal.number.is_not(None),
            Proposal.state.not_in(GONE),
        )
        .order_by(Proposal.number)
        .options(
            selectinload(Proposal.cosigners),
            selectinload(Proposal.assignments).selectinload(Assignment.replies),
        )
    ).all()
    if not proposals:
        message = f"{plenary.name}还没有立案的提案，无法生成{LABELS[kind]}。"
        raise InvalidInput(message, details={"session_id": [message]})
    policy = load_policy(session, actor.body_id)
    local = now.astimezone(zone)
    document = Document(
        body_id=actor.body_id,
        proposal_id=None,
        assignment_id=None,
        kind=kind,
        status="pending",
        snapshot={
            "session_id": plenary.id,
            "year": plenary.year,
            "categories": dict(CATEGORIES),
            "cover": {
                "session_name": plenary.name,
                "issuer": policy["office_name"],
                "day": f"{local.year}年{local.month}月{local.day}日",
            },
            "items": [_item(p, kind) for p in proposals],
        },
        next_attempt_at=now,
        created_at=now,
    )
    session.add(document)
    session.flush()
    return document


def compilations(session: Session, *, actor) -> list[tuple[Document, DocumentProgress | None]]:
    """The 汇编 asked for, newest first, each with how far its rendering has got."""
    ensure(actor, Permission.REPORTS_READ)
    rows = session.execute(
        select(Document, DocumentProgress)
        .outerjoin(DocumentProgress, DocumentProgress.document_id == Document.id)
        .where(Document.kind.in_(KINDS), document_filter(actor))
        .order_by(Document.id.desc())
        .limit(50)
    ).all()
    return [(document, progress) for document, progress in rows]
