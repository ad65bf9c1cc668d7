"""Reading notices the way a user's PDF viewer does: downloaded over the API, opened with pypdf."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from service.db import unit_of_work
from service.jobs.render_worker import render_pending
from service.models import Document

A4 = (595.28, 841.89)
MM = 25.4 / 72  # millimetres in a PDF point


def render(app, clock):
    """What the outbox worker does on its next run."""
    with app.app_context():
        return render_pending(now=clock.now(), limit=500)


def download(client, document_id: int):
    """GET /documents/{id} as `client`: the Flask response, bytes and headers included."""
    return client.client.get(
        f"/api/v1/documents/{document_id}", headers={"Authorization": f"Bearer {client.token}"}
    )


def pdf_of(client, document_id: int) -> bytes:
    response = download(client, document_id)
    assert response.status_code == 200, (response.status_code, response.get_json())
    return response.data


def listed(client, proposal_id: int) -> list[dict]:
    return client.ok("GET", f"/proposals/{proposal_id}/documents")


def row(app, document_id: int) -> Document:
    """The document's row as stored now (detached, for reading)."""
    with app.app_context(), unit_of_work() as session:
        document = session.get(Document, document_id)
        session.expunge(document)
        return document


def rows(app, **where) -> list[Document]:
    with app.app_context(), unit_of_work() as session:
        query = select(Document).filter_by(**where).order_by(Document.id)
        found = list(session.scalars(query))
        session.expunge_all()
        return found


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with all white space removed (CJK extraction adds spaces at random)."""
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader(pdf).pages]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader(pdf).pages]


def placed_text(pdf: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """(text, x, y) of each text run on a page: x from the left edge and y (the baseline) from
    the top edge, in millimetres."""
    pdf_page = reader(pdf).pages[page]
    height = float(pdf_page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((re.sub(r"\s+", "", text), x * MM, (height - y) * MM))

    pdf_page.extract_text(visitor_text=visit)
    return found


def font_names(pdf: bytes) -> set[str]:
    """The fonts the pages draw with, without the subset prefix (ABCDEF+)."""
    names = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names
