"""Office-wide reports: asking for the annual report (年度提案办理情况报告) and finding those
asked for. The figures are taken when it is asked for; the outbox worker renders the PDF."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.access import document_filter
from service.documents.report import ANNUAL_REPORT
from service.models import Document
from service.permissions import Permission, ensure
from service.statistics.report import report_snapshot
from service.statistics.scope import requested_scope


def request_annual_report(session: Session, *, year: int, actor, now: datetime) -> Document:
    """A pending annual report of the session year, with the figures as they are now. While
    one of that year still waits for the renderer, asking again answers that one: a report
    costs seconds to render, and a caller repeating the request must not queue hundreds."""
    ensure(actor, Permission.REPORTS_REQUEST)
    waiting = session.scalars(
        select(Document)
        .where(
            Document.body_id == actor.body_id,
            Document.kind == ANNUAL_REPORT,
            Document.status == "pending",
        )
        .order_by(Document.id)
    )
    for document in waiting:
        if report_year(document) == year:
            return document
    scope = requested_scope(session, {"year": year}, actor=actor, now=now)
    document = Document(
        body_id=actor.body_id,
        proposal_id=None,
        assignment_id=None,
        kind=ANNUAL_REPORT,
        status="pending",
        snapshot=report_snapshot(session, scope),
        next_attempt_at=now,
        created_at=now,
    )
    session.add(document)
    session.flush()
    return document


def annual_reports(session: Session, *, actor, year: int | None = None) -> list[Document]:
    """The annual reports asked for, newest first (of one year, when given)."""
    ensure(actor, Permission.REPORTS_READ)
    rows = session.scalars(
        select(Document)
        .where(Document.kind == ANNUAL_REPORT, document_filter(actor))
        .order_by(Document.id.desc())
    )
    return [d for d in rows if year is None or d.snapshot.get("year") == year]


def report_year(document: Document) -> int | None:
    return (document.snapshot or {}).get("year")
