"""Documents people ask for: reading a stored notice, generating a new version of one, and
printing a proposal's 提案表 as it stands."""

from __future__ import annotations

import hashlib
from datetime import datetime
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.access import document_filter, find_document, find_proposal
from service.documents import proposal_form as form
from service.documents.render import RenderRefused
from service.documents.signing import verify_pdf
from service.documents.storage import read_pdf
from service.documents.word_out import DOCX_TYPE, letter_docx
from service.errors import Conflict, InvalidInput
from service.models import Document
from service.permissions import Permission, ensure
from service.policy import load_policy
from service.vocabulary import DOCUMENT_KINDS, WORD_KINDS

FORM_TYPES = {"pdf": "application/pdf", "docx": DOCX_TYPE}


def content_disposition(document: Document, extension: str = "pdf") -> str:
    """How a browser names the downloaded file: in Chinese (the annual report with its year),
    with a plain fallback for clients that cannot read an encoded name."""
    label = DOCUMENT_KINDS.get(document.kind, document.kind)
    snapshot = document.snapshot or {}
    year = snapshot.get("year") if document.proposal_id is None else None
    # A proposal's notice by the proposal's number and the unit it is for, as the office files
    # it (提案答复函-第0012号-市交通运输局); the document's own number keeps two copies apart.
    named = [
        (snapshot.get("proposal") or {}).get("number_label"),
        (snapshot.get("assignment") or {}).get("unit"),
    ]
    parts = "".join(f"-{part}" for part in named if part)
    chinese = f"{year or ''}{label}{parts}-{document.id}.{extension}"
    return named_inline(chinese, f"{document.kind}-{document.id}.{extension}")


def named_inline(name: str, plain: str) -> str:
    """Content-Disposition for a file shown in the browser under its Chinese name (RFC 5987)."""
    return f"inline; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"


def proposal_form(
    session: Session, proposal_id: int, *, actor, format: str, now: datetime
) -> tuple[bytes, str, str]:
    """The 提案表 of a proposal the actor sees, printed now as `format` (pdf or docx): its
    bytes, media type and Content-Disposition.

    Raises:
        NotVisible: the actor may not see the proposal.
        InvalidInput: an unknown format.
        Conflict: a character of the proposal cannot be printed with the installed fonts.
    """
    if format not in FORM_TYPES:
        message = "格式只能是：pdf、docx。"
        raise InvalidInput(message, details={"format": [message]})
    proposal = find_proposal(session, proposal_id, actor)
    zone = session.info["settings"].zone
    policy = load_policy(session, proposal.body_id)
    snapshot = form.form_snapshot(proposal, actor=actor, policy=policy, zone=zone, now=now)
    try:
        data = (form.form_docx if format == "docx" else form.form_pdf)(snapshot, zone=zone)
    except RenderRefused as refused:
        raise Conflict(str(refused)) from None
    disposition = named_inline(
        form.file_name(snapshot, format), f"proposal-form-{proposal.id}.{format}"
    )
    return data, FORM_TYPES[format], disposition


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


def word_document(session: Session, document_id: int, *, actor) -> tuple[Document, bytes]:
    """A letter as an editable .docx, made from the same snapshot as its PDF."""
    document = find_document(session, document_id, actor)
    if document.kind not in WORD_KINDS:
        message = "该公文只提供 PDF 版本；可下载 Word 版本的是答复函。"
        raise InvalidInput(message, details={"format": [message]})
    zone = session.info["settings"].zone
    return document, letter_docx(document.kind, document.snapshot, zone=zone)


def verification(session: Session, document_id: int, *, actor) -> dict:
    """Whether the stored PDF is signed and unchanged since, by whom and when; for an unsigned
    one, why (signing not configured, or the reason it was left unsigned)."""
    document = ready_document(session, document_id, actor=actor)
    data = read_pdf(session, document, checked=False)
    found = verify_pdf(data)
    if found["signed"] and hashlib.sha256(data).hexdigest() != document.sha256:
        found["intact"] = False
    if found["signed_at"] is not None:
        found["signed_at"] = found["signed_at"].astimezone(session.info["settings"].zone)
    reason = None
    if not found["signed"]:
        reason = document.unsigned_reason or "未配置电子签章：公文未签章。"
    return {**found, "reason": reason}


def regenerate(session: Session, document_id: int, *, actor, now: datetime) -> Document:
    """A new version from the same snapshot; the old PDF stays as it was."""
    ensure(actor, Permission.DOCUMENTS_REGENERATE)
    old = find_document(session, document_id, actor)
    new = Document(
        body_id=old.body_id,
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
