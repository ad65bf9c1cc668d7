"""Rendered PDFs on disk: written once under `DOCUMENTS_DIR` with their SHA-256, never rewritten,
and checked against that SHA-256 whenever they are read."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from service.errors import Conflict
from service.models import Document


def documents_dir(session: Session) -> Path:
    return Path(session.info["settings"].documents_dir)


def store(session: Session, document: Document, pdf: bytes, *, now: datetime) -> None:
    """Write the PDF once, atomically, and record its name, size and SHA-256."""
    zone = session.info["settings"].zone
    name = f"{document.created_at.astimezone(zone):%Y/%m}/{document.kind}-{document.id}.pdf"
    path = documents_dir(session) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(pdf).hexdigest()
    if path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() != digest:
        raise RuntimeError(f"{name} exists with other content; a stored PDF is never rewritten")
    temporary = path.with_suffix(".part")
    temporary.write_bytes(pdf)
    os.replace(temporary, path)
    document.file_name, document.size, document.sha256 = name, len(pdf), digest
    document.status, document.rendered_at, document.error = "ready", now, None
    document.next_attempt_at = None


def read_pdf(session: Session, document: Document, *, checked: bool = True) -> bytes:
    """The stored bytes, refused when they no longer match the recorded SHA-256 (unless the
    caller checks them itself, as the signature check does)."""
    data = (documents_dir(session) / document.file_name).read_bytes()
    if checked and hashlib.sha256(data).hexdigest() != document.sha256:
        raise Conflict("文件校验失败：存储的 PDF 与登记的 SHA-256 不一致，请联系管理员。")
    return data
