"""Documents people ask for: reading a stored notice, and generating a new version of one."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.access import document_filter, find_document, find_proposal
from service.errors import Conflict
from service.models import Document
from service.permissions import Permission, ensure
from service.vocabulary import DOCUMENT_KINDS


def content_disposition(document: Document) -> str:
    """How a browser names the downloaded PDF: in Chinese (the annual report with its year),
    with a plain fallback for clients that cannot read an encoded name."""
    label = DOCUMENT_KINDS.get(document.kind, document.kind)
    year = (document.snapshot or {}).get("year") if document.proposal_id is None else None
    plain, chinese = f"{document.kind}-{document.id}", f"{year or ''}{label}-{document.id}"
    return f"inline; filename=\"{plain}.pdf\"; filename*=UTF-8''{quote(chinese + '.pdf')}"


def documents_of(session: Session, proposal_id: int, *, actor) -> list[Document]:
    find_proposal(session, proposal_id, actor)
    return list(
        session.scalars(
            select(Document)
            .where(Document.proposal_id == proposal_id, document_filter(actor))
            .order_by(Document.id)
        )
    )


def ready_document(session: Session, document_id: int, *, actor) -> Document:
    """A document whose PDF can be downloaded now, or a Conflict saying why not."""
    document = find_document(session, document_id, actor)
    if document.status == "pending":
        raise Conflict("该文件正在生成，请稍后再试。", details={"status": "pending"})
    if document.status == "failed":
        raise Conflict(f"该文件生成失败：{document.error}", details={"status": "failed"})
    return document


def regenerate(session: Session, document_id: int, *, actor, now: datetime) -> Document:
    """A new version from the same snapshot; the old PDF stays as it was."""
    ensure(actor, Permission.DOCUMENTS_REGENERATE)
    old = find_document(session, document_id, actor)
    new = Document(
        proposal_id=old.proposal_id,
        assignment_id=old.assignment_id,
        kind=old.kind,
        status="pending",
        snapshot=old.snapshot,
        supersedes_id=old.id,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(new)
    session.flush()
    return new
