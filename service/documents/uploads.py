"""Uploaded files (附件) on disk: the kind is read from the bytes, never from the name, and each
content is stored once under DOCUMENTS_DIR by its SHA-256, so nothing is ever overwritten and
the same file uploaded twice takes its room once."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from sqlalchemy.orm import Session

from service.documents.storage import documents_dir
from service.errors import Conflict, UnsupportedType

MAX_SIZE = 20 * 1024 * 1024
SIZE_LABEL = "20 MB"
# What a request carrying one such file may weigh: the file and its form around it.
UPLOAD_LIMIT = MAX_SIZE + 1024 * 1024
OFD = "application/ofd"
# What an office sends: scans and photos, signed PDFs and OFD files, Word and Excel.
ACCEPTED = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    OFD: "ofd",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
REFUSED = "只能上传 PDF、OFD、Word（.docx）、Excel（.xlsx）文件或 PNG、JPEG 图片。"


@dataclass(frozen=True)
class Stored:
    content_type: str
    size: int
    sha256: str
    file_name: str


def _is_ofd(data: bytes) -> bool:
    """OFD (GB/T 33190) is a zip with OFD.xml at its root; filetype knows it only as a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "OFD.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


def sniffed_type(data: bytes) -> str:
    """The media type the bytes are, or UnsupportedType (415)."""
    guess = filetype.guess(data)
    mime = guess.mime if guess else None
    if mime == "application/zip" and _is_ofd(data):
        mime = OFD
    if mime not in ACCEPTED:
        raise UnsupportedType(REFUSED, details={"file": [REFUSED]})
    return mime


def store_upload(session: Session, data: bytes) -> Stored:
    """Write the bytes once under their SHA-256 (kept as they are if already there)."""
    content_type = sniffed_type(data)
    digest = hashlib.sha256(data).hexdigest()
    name = f"attachments/{digest[:2]}/{digest}.{ACCEPTED[content_type]}"
    path = documents_dir(session) / name
    if not _holds(path, digest):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.part")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    return Stored(content_type, len(data), digest, name)


def _holds(path: Path, digest: str) -> bool:
    return path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == digest


def read_upload(session: Session, attachment) -> bytes:
    """The stored bytes, refused when they no longer match the recorded SHA-256."""
    path = documents_dir(session) / attachment.file_name
    data = path.read_bytes() if path.exists() else b""
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise Conflict("文件校验失败：存储的附件与登记的 SHA-256 不一致，请联系管理员。")
    return data
