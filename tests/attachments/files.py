"""Small files of each kind an office uploads, made in memory, and a way to send them."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import unquote

from openpyxl import Workbook
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.client import Response

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def ofd() -> bytes:
    return _zip({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<ofd:Document/>"})


def docx() -> bytes:
    return _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def upload(client, proposal_id: int, data: bytes, name: str = "材料.pdf", **form) -> Response:
    """POST one file as a browser's multipart form would."""
    headers = {"Authorization": f"Bearer {client.token}"} if client.token else {}
    response = send_form(
        client.client,
        f"/api/v1/proposals/{proposal_id}/attachments",
        {
            "file": FileStorage(io.BytesIO(data), filename=name),
            **{k: str(v) for k, v in form.items()},
        },
        headers=headers,
    )
    return Response(response.status_code, response.get_json(silent=True), dict(response.headers))


def send_form(client, path: str, form: dict, **kwargs):
    """POST a multipart form encoded in memory (the test client's own encoding spools a large
    body to a temporary file that nothing closes)."""
    boundary, body = encode_multipart(form)
    content_type = f'multipart/form-data; boundary="{boundary}"'
    return client.post(path, data=body, content_type=content_type, **kwargs)


def download(client, attachment_id: int):
    headers = {"Authorization": f"Bearer {client.token}"}
    return client.client.get(f"/api/v1/attachments/{attachment_id}", headers=headers)


def encoded_name(disposition: str) -> str:
    """The name a browser shows: the RFC 5987 `filename*`."""
    return unquote(disposition.split("filename*=UTF-8''", 1)[1])
