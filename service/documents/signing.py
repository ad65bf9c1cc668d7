"""电子签章: notices and letters signed with the issuing office's certificate (PAdES), the seal
image over each letter's date as offices stamp it (骑年盖月), and the check of a signed file.

Signing runs in the render worker only. A certificate that cannot be used (missing, wrong
password, expired) never fails a document: it is rendered unsigned with the reason, and
`/healthz` says what is wrong.
"""

from __future__ import annotations

import asyncio
import functools
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

# The signature field of letter i sits where the template marked its date (seal-from-i to
# seal-to-i); a seal 42 mm across, as a round official seal is.
ANCHOR_FROM, ANCHOR_TO = "seal-from", "seal-to"
SEAL_POINTS = 119.0
SEAL_TYPES = ("PNG", "JPEG")
# Bytes kept for each signature container: a certificate chain of a few certificates and an
# RSA-4096 signature fit with room to spare.
RESERVE = 16384


class SigningProblem(Exception):
    """Why documents cannot be signed now; the message is for the office, in Chinese."""


@dataclass(frozen=True)
class SigningSetup:
    """What signing is configured to use: the signer (None when not configured or unusable),
    the seal image, and the problem the office must fix, if any."""

    signer: object | None = None
    seal: object | None = None
    problem: str | None = None

    @property
    def configured(self) -> bool:
        return self.signer is not None or self.problem is not None


def _stamp(path: str | None) -> tuple[int, int] | None:
    if not path:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size)


def signing_setup(settings, today) -> SigningSetup:
    """The set-up the settings name (SIGNING_P12, SIGNING_P12_PASSWORD, SEAL_IMAGE), read again
    when a file changes or a day passes (a certificate expires)."""
    p12, seal = settings.signing_p12 or None, settings.seal_image or None
    return _load(p12, settings.signing_p12_password, seal, _stamp(p12), _stamp(seal), today)


@functools.lru_cache(maxsize=4)
def _load(p12, password, seal, _p12_stamp, _seal_stamp, today) -> SigningSetup:
    if p12 is None:
        return SigningSetup()
    try:
        signer = _signer(p12, password, today)
    except SigningProblem as problem:
        return SigningSetup(problem=str(problem))
    try:
        image = _seal(seal)
    except SigningProblem as problem:  # signed all the same, without the picture
        return SigningSetup(signer=signer, problem=str(problem))
    return SigningSetup(signer=signer, seal=image)


@functools.cache
def _signer_class():
    """pyHanko's signer, keeping the private key it loaded: pyHanko loads (and checks) the key
    again for every signature, about 150 ms for RSA, more than the signing itself."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class KeptKeySigner(signers.SimpleSigner):
        _loaded = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if mechanism.signature_algo != "rsassa_pkcs1v15":
                return super().sign_raw(data, digest_algorithm)
            if self._loaded is None:
                self._loaded = serialization.load_der_private_key(
                    self.signing_key.dump(), password=None
                )
            return self._loaded.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))

    return KeptKeySigner


def _signer(p12: str, password: str, today):
    from pyhanko.sign import signers

    if not os.path.isfile(p12):
        raise SigningProblem(f"电子签章证书文件不存在：{p12}，公文暂不签章。")
    try:
        loaded = signers.SimpleSigner.load_pkcs12(p12, passphrase=password.encode() or None)
    except (ValueError, OSError):
        loaded = None
    if loaded is None:
        raise SigningProblem("电子签章证书无法读取（密码错误或文件损坏），公文暂不签章。")
    signer = _signer_class()(
        signing_key=loaded.signing_key,
        signing_cert=loaded.signing_cert,
        cert_registry=loaded.cert_registry,
    )
    validity = signer.signing_cert["tbs_certificate"]["validity"]
    ends = validity["not_after"].native.date()
    if ends < today:
        raise SigningProblem(f"电子签章证书已于{ends:%Y年%-m月%-d日}过期，公文暂不签章。")
    if validity["not_before"].native.date() > today:
        raise SigningProblem("电子签章证书尚未生效，公文暂不签章。")
    return signer


def _seal(path: str | None):
    if path is None:
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(path)
        image.load()
    except (OSError, UnidentifiedImageError):
        raise SigningProblem(
            f"印章图片无法读取：{path}（须为 PNG 或 JPEG），签章不显示印章。"
        ) from None
    if image.format not in SEAL_TYPES:
        raise SigningProblem(f"印章图片须为 PNG 或 JPEG（现为 {image.format}），签章不显示印章。")
    return image


def _anchors(pdf: bytes) -> list[tuple[int, tuple[float, float, float, float]]]:
    """Where each letter's seal goes: (page index, box), from the named destinations the
    template left at the two ends of each date."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    named = reader.named_destinations
    found = []
    for index in range(len(named)):
        start, end = named.get(f"{ANCHOR_FROM}-{index}"), named.get(f"{ANCHOR_TO}-{index}")
        if start is None or end is None:
            break
        x = (float(start["/Left"]) + float(end["/Left"])) / 2
        y = float(start["/Top"]) - 8  # the middle of the date's line
        half = SEAL_POINTS / 2
        found.append(
            (reader.get_destination_page_number(start), (x - half, y - half, x + half, y + half))
        )
    return found


def signed(pdf: bytes, settings, today) -> tuple[bytes, str | None]:
    """The PDF to store and, when it stays unsigned though signing is configured, why. A
    signing fault never fails the document: it is kept unsigned and says so."""
    try:
        setup = signing_setup(settings, today)
        if setup.signer is None:
            return pdf, setup.problem
        return sign_pdf(pdf, setup), None
    except Exception as error:  # noqa: BLE001 - any fault of the signer leaves the PDF unsigned
        return pdf, f"签章失败，公文暂未签章（{type(error).__name__}）。"[:200]


def _outside_any_event_loop(work, *args):
    """pyHanko's synchronous calls run their own event loop (asyncio.run), which fails in a
    thread that already runs one (an async server, a browser driver): run them on a thread of
    their own then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work, *args).result()


def sign_pdf(pdf: bytes, setup: SigningSetup, *, reason: str = "公文电子签章") -> bytes:
    """The PDF signed once per letter (each letter's seal over its date); one invisible
    signature when the document marks no date or there is no seal image."""
    return _outside_any_event_loop(_sign_pdf, pdf, setup, reason)


def _sign_pdf(pdf: bytes, setup: SigningSetup, reason: str) -> bytes:
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    places = _anchors(pdf) if setup.seal is not None else []
    current = io.BytesIO(pdf)
    for index, place in enumerate(places or [None], start=1):
        name = f"Seal{index}"
        style, spec = None, fields.SigFieldSpec(sig_field_name=name)
        if place is not None:
            page, box = place
            spec = fields.SigFieldSpec(sig_field_name=name, on_page=page, box=box)
            style = StaticStampStyle(
                background=PdfImage(setup.seal),
                border_width=0,
                background_opacity=1.0,
                background_layout=layout.SimpleBoxLayoutRule(
                    x_align=layout.AxisAlignment.ALIGN_MID,
                    y_align=layout.AxisAlignment.ALIGN_MID,
                    margins=layout.Margins.uniform(0),  # the seal fills its box
                ),
            )
        meta = signers.PdfSignatureMetadata(
            field_name=name, subfilter=fields.SigSeedSubFilter.PADES, reason=reason
        )
        signer = signers.PdfSigner(meta, setup.signer, stamp_style=style, new_field_spec=spec)
        # A fixed reserve spares pyHanko a trial signature to measure the container.
        current = signer.sign_pdf(IncrementalPdfFileWriter(current), bytes_reserved=RESERVE)
    return current.getvalue()


def verify_pdf(pdf: bytes) -> dict:
    """{signed, intact, signer, signed_at}: `intact` only when every signature's digest holds
    and the last one covers the whole file, so a changed byte anywhere shows."""
    return _outside_any_event_loop(_verify_pdf, pdf)


def _verify_pdf(pdf: bytes) -> dict:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    unsigned = {"signed": False, "intact": None, "signer": None, "signed_at": None}
    try:
        embedded = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except (PdfReadError, ValueError, KeyError):
        return {
            **unsigned,
            "signed": b"/ByteRange" in pdf,
            "intact": False if b"/ByteRange" in pdf else None,
        }
    if not embedded:
        return unsigned
    statuses = []
    try:
        for signature in embedded:
            context = ValidationContext(trust_roots=[signature.signer_cert], allow_fetching=False)
            statuses.append(validate_pdf_signature(signature, context, skip_diff=True))
    except (SignatureValidationError, PdfReadError, ValueError):
        return {"signed": True, "intact": False, "signer": None, "signed_at": None}
    last = statuses[-1]
    intact = all(s.intact for s in statuses) and last.coverage == SignatureCoverageLevel.ENTIRE_FILE
    when: datetime | None = last.signer_reported_dt
    return {
        "signed": True,
        "intact": intact,
        "signer": last.signing_cert.subject.native.get("common_name"),
        "signed_at": when,
    }


def make_test_certificate(folder, common_name: str, password: str, *, now: datetime):
    """A self-signed certificate (PKCS#12) and a seal picture for trying 电子签章 out; never
    for real documents, which need the certificate the office's CA issued."""
    from datetime import timedelta
    from pathlib import Path

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=730))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .sign(key, hashes.SHA256())
    )
    p12 = folder / "test-signing.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"test", key, certificate, None, BestAvailableEncryption(password.encode())
        )
    )
    seal = folder / "test-seal.png"
    _draw_seal(seal)
    return p12, seal


def _draw_seal(path) -> None:
    """A red ring with a five-pointed star, the shape of an official round seal."""
    import math

    from PIL import Image, ImageDraw

    size = 420
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 16, 16, 220)
    draw.ellipse((12, 12, size - 12, size - 12), outline=red, width=16)
    centre, outer, inner = size / 2, 70, 27
    points = [
        (
            centre + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / 5),
            centre - (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / 5),
        )
        for i in range(10)
    ]
    draw.polygon(points, fill=red)
    image.save(path, "PNG")
