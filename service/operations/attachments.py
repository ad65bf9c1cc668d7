"""Attachments (附件): who may attach a file to a proposal or to one unit's assignment, and when.

The proposers attach material while their proposal is a draft or sent back for revision; a unit
attaches to its own assignment (the sealed reply, the minutes of a consultation, evidence for
回头看); the office attaches at any time. Each upload is recorded in the proposal's history.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.access import attachment_filter, find_attachment, find_proposal
from service.audit import append
from service.documents.uploads import MAX_SIZE, SIZE_LABEL, store_upload
from service.errors import EventRefused, InvalidInput, RoleRefused, TooLarge
from service.models import Assignment, Attachment, AuditRecord, Proposal
from service.operations.inputs import AttachmentArgs
from service.permissions import Permission, can
from service.validation import load_or_refuse
from service.vocabulary import ATTACHMENT_KINDS, AttachmentKind
from workflows import BY_NAME

PROPOSER_STATES = ("draft", "returned")
# An assignment the office took back or withdrew is no longer the unit's to add to.
CLOSED_ASSIGNMENTS = ("returned", "withdrawn")
MEMBER_KINDS = (AttachmentKind.MATERIAL,)
NAME_LIMIT = 200
UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Upload:
    """A file as it came in: the name on the sender's computer and at most MAX_SIZE + 1 bytes."""

    name: str
    data: bytes


def _refuse(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, details={field: [message]})


def shown_name(raw: str) -> str:
    """The file's own name without the folders a browser may send with it, nor control
    characters; kept in Chinese as the sender wrote it."""
    name = UNSAFE_IN_NAME.sub("", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if len(name) > NAME_LIMIT:
        stem, dot, extension = name.rpartition(".")
        keep = NAME_LIMIT - len(extension) - 1 if dot and len(extension) <= 10 else NAME_LIMIT
        name = name[:keep] + (f".{extension}" if keep < NAME_LIMIT else "")
    return name or "附件"


def uploader_kinds(actor, proposal: Proposal) -> tuple[str, ...]:
    """The kinds the actor may attach to the proposal now (none: may not upload)."""
    if can(actor, Permission.ATTACHMENTS_ADD_ANYWHERE):
        return AttachmentKind.codes()
    if can(actor, Permission.ASSIGNMENTS_HANDLE):
        mine = [a for a in proposal.assignments if a.unit_id == actor.unit_id]
        return AttachmentKind.codes() if _open_assignment(mine) else ()
    if actor.id in proposal.proposer_ids and proposal.state in PROPOSER_STATES:
        return tuple(MEMBER_KINDS)
    return ()


def _open_assignment(assignments) -> Assignment | None:
    return next((a for a in reversed(assignments) if a.state not in CLOSED_ASSIGNMENTS), None)


def _check_role(actor, proposal: Proposal) -> None:
    """403 for a role that never uploads here, 409 for a proposer past the draft."""
    if can(actor, Permission.ATTACHMENTS_ADD_ANYWHERE) or can(actor, Permission.ASSIGNMENTS_HANDLE):
        return
    if not can(actor, Permission.PROPOSALS_FILE) or actor.id not in proposal.proposer_ids:
        raise RoleRefused("只有提案人、承办单位和提案委员会可以上传附件。")
    if proposal.state not in PROPOSER_STATES:
        state = BY_NAME["proposal"].state_label(proposal.state)
        raise EventRefused(
            f"提案当前为“{state}”，提案人只能在草稿或退回修改时上传附件。",
            details={"state": proposal.state},
        )


def _assignment_for(actor, proposal: Proposal, assignment_id: int | None) -> Assignment | None:
    """The assignment the file belongs to: the one named (of this proposal), or for a unit its
    own open one."""
    is_unit = can(actor, Permission.ASSIGNMENTS_HANDLE)
    if assignment_id is None and not is_unit:
        return None
    if not is_unit and not can(actor, Permission.ATTACHMENTS_ADD_ANYWHERE):
        raise _refuse("assignment_id", "提案人上传的附件不归属承办单位，请不要选择承办单位。")
    mine = [a for a in proposal.assignments if not is_unit or a.unit_id == actor.unit_id]
    found = (
        (_open_assignment(mine) or next(reversed(mine), None))
        if assignment_id is None
        else next((a for a in mine if a.id == assignment_id), None)
    )
    if found is None:
        raise _refuse("assignment_id", "所选的承办单位不在本提案的交办记录中。")
    if is_unit and found.state in CLOSED_ASSIGNMENTS:
        state = BY_NAME["assignment"].state_label(found.state)
        raise EventRefused(f"本单位的交办记录已“{state}”，不能再上传附件。")
    return found


def _check_kind(actor, kind: str) -> None:
    if can(actor, Permission.PROPOSALS_FILE) and kind not in MEMBER_KINDS:
        raise _refuse("kind", "提案人只能上传附件材料。")


def _check_size(upload: Upload) -> None:
    if not upload.data:
        raise _refuse("file", "上传的文件是空的，请重新选择。")
    if len(upload.data) > MAX_SIZE:
        message = f"附件不能超过 {SIZE_LABEL}，请压缩或拆分后再上传。"
        raise TooLarge(message, details={"file": [message]})


def upload_attachment(
    session: Session,
    proposal_id: int,
    *,
    actor,
    upload: Upload | None,
    fields: Mapping[str, str],
    now: datetime,
) -> Attachment:
    """Store the file and record it; refused in the contract's order (404, 422, 403, 409, 413,
    415), writing nothing. `fields` are the form's `kind` and `assignment_id`."""
    proposal = find_proposal(session, proposal_id, actor, lock=True)
    if upload is None:
        raise _refuse("file", "请选择要上传的文件。")
    args = load_or_refuse(AttachmentArgs(), {k: v for k, v in fields.items() if v != ""})
    _check_role(actor, proposal)
    kind = args["kind"]
    _check_kind(actor, kind)
    assignment = _assignment_for(actor, proposal, args["assignment_id"])
    _check_size(upload)
    stored = store_upload(session, upload.data)
    attachment = Attachment(
        proposal_id=proposal.id,
        assignment_id=assignment.id if assignment else None,
        kind=kind,
        name=shown_name(upload.name),
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        file_name=stored.file_name,
        uploaded_by_id=actor.id,
        uploaded_by=actor,
        created_at=now,
    )
    session.add(attachment)
    session.flush()
    append(session, _record(attachment, assignment or proposal, actor=actor, now=now))
    return attachment


def _record(attachment: Attachment, subject, *, actor, now: datetime) -> AuditRecord:
    """The history's line for the upload: the subject's state stays as it was."""
    is_assignment = isinstance(subject, Assignment)
    return AuditRecord(
        proposal_id=attachment.proposal_id,
        workflow="assignment" if is_assignment else "proposal",
        subject_id=subject.id,
        event="attach",
        actor_id=actor.id,
        actor_name=actor.username,
        from_state=subject.state,
        to_state=subject.state,
        data={
            "attachment_id": attachment.id,
            "name": attachment.name,
            "kind": attachment.kind,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
        at=now,
    )


def attachments_of(
    session: Session, proposal_id: int, *, actor, assignment_id: int | None = None
) -> list[Attachment]:
    """The proposal's attachments the actor may read, oldest first (one assignment's only, when
    named)."""
    find_proposal(session, proposal_id, actor)
    query = select(Attachment).where(
        Attachment.proposal_id == proposal_id, attachment_filter(actor)
    )
    if assignment_id is not None:
        query = query.where(Attachment.assignment_id == assignment_id)
    return list(session.scalars(query.order_by(Attachment.id)))


def readable_attachment(session: Session, attachment_id: int, *, actor) -> Attachment:
    """The attachment if the actor may read it, else NotVisible (404)."""
    return find_attachment(session, attachment_id, actor)


def present(attachment: Attachment, zone: tzinfo) -> dict:
    """The attachment as the API and the pages show it."""
    assignment = attachment.assignment
    return {
        "id": attachment.id,
        "name": attachment.name,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "content_type": attachment.content_type,
        "kind": attachment.kind,
        "kind_label": ATTACHMENT_KINDS.get(attachment.kind, attachment.kind),
        "assignment_id": attachment.assignment_id,
        "unit_name": assignment.unit.name if assignment else None,
        "uploaded_by": attachment.uploaded_by.username,
        "uploader_name": attachment.uploaded_by.display_name or attachment.uploaded_by.username,
        "size_label": size_label(attachment.size),
        "created_at": attachment.created_at.astimezone(zone),
    }


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size / 1024, 0.1):.1f} KB"


ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()+-]")


def content_disposition(attachment: Attachment) -> str:
    """A download named as the file was uploaded: the Chinese name encoded (RFC 5987) and,
    for clients that read only `filename`, an ASCII name keeping what ASCII there was."""
    extension = attachment.file_name.rsplit(".", 1)[-1]
    stem = attachment.name.rsplit(".", 1)[0] if "." in attachment.name else attachment.name
    plain = ASCII_UNSAFE.sub("", stem).strip(" .") or "attachment"
    plain = f"{plain[:80]}-{attachment.id}.{extension}"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(attachment.name, safe='')}"
