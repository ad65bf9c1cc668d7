"""The document outbox worker: turns pending rows into stored PDFs, out of the request path.

A failure is retried with growing pauses and ends `failed` with its reason shown; a ready PDF is
written once, with its SHA-256, and never rewritten (regenerating makes a new row).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.db import unit_of_work
from service.documents.fonts import check_fonts
from service.documents.pdf import document_pdf
from service.documents.render import RenderRefused
from service.documents.signing import signed
from service.documents.storage import store
from service.models import Document

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
FONT_WAIT = timedelta(minutes=10)


@dataclass
class RenderResult:
    ready: int = 0
    retrying: int = 0
    failed: int = 0
    waiting_for_fonts: bool = False

    def __str__(self) -> str:
        text = f"ready {self.ready}, retrying {self.retrying}, failed {self.failed}"
        return text + ("; no Chinese font installed" if self.waiting_for_fonts else "")


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes between attempts."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def render_pending(*, now: datetime, limit: int = 50) -> RenderResult:
    """Render up to `limit` due documents, each in its own transaction."""
    result = RenderResult()
    fonts = check_fonts()
    for _ in range(limit):
        with unit_of_work() as session:
            document = _claim(session, now)
            if document is None:
                break
            if not fonts.ok:  # every waiting notice says why it waits
                session.execute(
                    update(Document)
                    .where(Document.status == "pending")
                    .values(error=fonts.message, next_attempt_at=now + FONT_WAIT)
                )
                result.waiting_for_fonts = True
                break
            outcome = _render_one(session, document, now)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _claim(session: Session, now: datetime) -> Document | None:
    return session.scalars(
        select(Document)
        .where(Document.status == "pending", Document.next_attempt_at <= now)
        .order_by(Document.next_attempt_at, Document.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def _render_one(session: Session, document: Document, now: datetime) -> str:
    document.attempts += 1
    try:
        settings = session.info["settings"]
        pdf = document_pdf(document.kind, document.snapshot, zone=settings.zone)
        today = now.astimezone(settings.zone).date()
        pdf, document.unsigned_reason = signed(pdf, settings, today)
        store(session, document, pdf, now=now)
        return "ready"
    except RenderRefused as refused:  # retrying cannot help: say why, at once
        document.status, document.error, document.next_attempt_at = "failed", str(refused), None
        return "failed"
    except Exception as error:  # noqa: BLE001 - any renderer fault is retried, then reported
        log.exception("document %s failed to render", document.id)
        document.error = f"生成失败（第{document.attempts}次）：{type(error).__name__}: {error}"[
            :1000
        ]
        if document.attempts >= MAX_ATTEMPTS:
            document.status, document.next_attempt_at = "failed", None
            return "failed"
        document.next_attempt_at = now + backoff(document.attempts)
        return "retrying"
