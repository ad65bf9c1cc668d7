"""The document outbox worker: turns pending rows into stored PDFs, out of the request path.

A failure is retried with growing pauses and ends `failed` with its reason shown; a ready PDF is
written once, with its SHA-256, and never rewritten (regenerating makes a new row).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from service.db import unit_of_work
from service.documents.fonts import check_fonts
from service.documents.pdf import document_pdf
from service.documents.render import RenderRefused
from service.documents.signing import signed
from service.documents.storage import store
from service.models import Document, DocumentProgress

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
FONT_WAIT = timedelta(minutes=10)
# How long a claimed document is left to its worker before another may take it over: longer
# than the longest render (a 汇编 of a thousand proposals).
LEASE = timedelta(minutes=30)


@dataclass
class RenderResult:
    ready: int = 0
    retrying: int = 0
    failed: int = 0
    superseded: int = 0
    waiting_for_fonts: bool = False

    def __str__(self) -> str:
        text = f"ready {self.ready}, retrying {self.retrying}, failed {self.failed}"
        return text + ("; no Chinese font installed" if self.waiting_for_fonts else "")


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes between attempts."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def render_pending(*, now: datetime, limit: int = 50) -> RenderResult:
    """Render up to `limit` due documents. Each is claimed in a short transaction (a lease:
    another worker takes it only once the lease ran out, as after a crash), rendered outside
    any transaction, and stored in a second one, so that a render of minutes (a 汇编) never
    holds a lock the office's work waits on (SQLite has one writer at a time)."""
    result = RenderResult()
    fonts = check_fonts()
    settings = current_app.extensions["settings"]
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
            document.attempts += 1
            document.next_attempt_at = now + LEASE
            job = Job(document.id, document.kind, document.snapshot, document.attempts)
        outcome = _finish(job, _render(job, settings, now), now)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


@dataclass(frozen=True)
class Job:
    """A claimed document, as much of it as rendering needs, and which claim this is."""

    id: int
    kind: str
    snapshot: dict
    attempts: int


def _claim(session: Session, now: datetime) -> Document | None:
    return session.scalars(
        select(Document)
        .where(Document.status == "pending", Document.next_attempt_at <= now)
        .order_by(Document.next_attempt_at, Document.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def _progress_writer(document_id: int, now: datetime):
    """Writes a long render's progress for the office's page; a figure that cannot be written
    is skipped, never the render."""

    def write(done: int, total: int) -> None:
        values = {"done": done, "total": total, "updated_at": now}
        try:
            with unit_of_work() as session:
                changed = session.execute(
                    update(DocumentProgress)
                    .where(DocumentProgress.document_id == document_id)
                    .values(**values)
                ).rowcount
                if not changed:
                    session.execute(
                        insert(DocumentProgress).values(
                            document_id=document_id, body_id=_body_of(document_id), **values
                        )
                    )
        except SQLAlchemyError:
            log.warning("progress of document %s not written", document_id, exc_info=True)

    return write


def _body_of(document_id: int):
    return select(Document.body_id).where(Document.id == document_id).scalar_subquery()


def _render(job: Job, settings, now: datetime) -> tuple[bytes, str | None] | Exception:
    """The signed (or unsigned, with why) PDF, or the exception that stopped it."""
    try:
        pdf = document_pdf(
            job.kind, job.snapshot, zone=settings.zone, progress=_progress_writer(job.id, now)
        )
        return signed(pdf, settings, now.astimezone(settings.zone).date())
    except Exception as error:  # noqa: BLE001 - reported on the document by _finish
        if not isinstance(error, RenderRefused):
            log.exception("document %s failed to render", job.id)
        return error


def _finish(job: Job, rendered, now: datetime) -> str:
    with unit_of_work() as session:
        document = session.scalars(
            select(Document).where(Document.id == job.id).with_for_update()
        ).one()
        if document.status != "pending" or document.attempts != job.attempts:
            return "superseded"  # the lease ran out and another worker took it over
        if not isinstance(rendered, Exception):
            pdf, document.unsigned_reason = rendered
            store(session, document, pdf, now=now)
            return "ready"
        if isinstance(rendered, RenderRefused):  # retrying cannot help: say why, at once
            document.status, document.error, document.next_attempt_at = (
                "failed",
                str(rendered),
                None,
            )
            return "failed"
        document.error = (
            f"生成失败（第{document.attempts}次）：{type(rendered).__name__}: {rendered}"[:1000]
        )
        if document.attempts >= MAX_ATTEMPTS:
            document.status, document.next_attempt_at = "failed", None
            return "failed"
        document.next_attempt_at = now + backoff(document.attempts)
        return "retrying"
