"""The PDF of a document row's snapshot, whatever its kind: the annual report has a layout of
its own (report.py); every other kind is a notice (render.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from service.documents.render import render_pdf
from service.documents.report import ANNUAL_REPORT, report_pdf


def document_pdf(kind: str, snapshot: dict, *, zone: ZoneInfo) -> bytes:
    """Render one snapshot; `zone` is the service's (dates in notices are days there).

    Raises:
        RenderRefused: the document cannot be printed correctly here (the message says why).
    """
    if kind == ANNUAL_REPORT:
        return report_pdf(snapshot)
    return render_pdf(kind, snapshot, zone=zone)
