"""The PDF of a document row's snapshot, whatever its kind: the annual report (report.py) and
the 汇编 (compilation.py) have layouts of their own; every other kind is a notice (render.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from service.documents.compilation import KINDS as COMPILATIONS
from service.documents.compilation import Progress, compilation_pdf
from service.documents.render import render_pdf
from service.documents.report import ANNUAL_REPORT, report_pdf


def document_pdf(
    kind: str, snapshot: dict, *, zone: ZoneInfo, progress: Progress | None = None
) -> bytes:
    """Render one snapshot; `zone` is the service's (dates in notices are days there); a long
    render (a 汇编) tells `progress` how far it has got.

    Raises:
        RenderRefused: the document cannot be printed correctly here (the message says why).
    """
    if kind == ANNUAL_REPORT:
        return report_pdf(snapshot)
    if kind in COMPILATIONS:
        return compilation_pdf(kind, snapshot, progress=progress)
    return render_pdf(kind, snapshot, zone=zone)
