"""电子签章: with a certificate configured, every letter is signed where its date is (one seal per
letter), the check says signed and intact until a byte changes, and a certificate that cannot
be used leaves documents unsigned with the reason, never failed."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from service.config import Settings
from service.documents.signing import make_test_certificate
from tests.documents.pdf import download, pdf_of, render, rows
from tests.flows import Flow

OFFICE = "政协示范市委员会提案委员会办公室"
PASSWORD = "seal-2026"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    from tests.conftest import START

    folder = tmp_path_factory.mktemp("signing")
    p12, seal = make_test_certificate(folder, OFFICE, PASSWORD, now=START)
    expired, _ = make_test_certificate(
        folder / "old", OFFICE, PASSWORD, now=START - timedelta(days=800)
    )
    text = folder / "seal.txt"
    text.write_text("not a picture")
    return {"KIT": p12, "SEAL": seal, "EXPIRED": expired, "TEXT": text}


@pytest.fixture
def signing(request, kit):
    """The signing settings a test asks for (by parameter), with the kit's files by name."""
    chosen = getattr(request, "param", {"p12": "KIT", "password": PASSWORD, "seal": "SEAL"})
    return {key: str(kit.get(value, value)) for key, value in chosen.items()}


@pytest.fixture
def settings(settings: Settings, signing) -> Settings:
    return replace(
        settings,
        signing_p12=signing["p12"],
        signing_p12_password=signing["password"],
        seal_image=signing["seal"],
    )


def _letter(world, clock):
    Flow(world).replied()
    render(world.app, clock)
    [letter] = [d for d in rows(world.app) if d.kind == "reply_letter"]
    return letter


def _verification(client, document_id: int) -> dict:
    return client.ok("GET", f"/documents/{document_id}/verification")


def test_a_signed_letter_is_reported_signed_intact_by_the_office(world, clock):
    letter = _letter(world, clock)

    found = _verification(world["zhang"], letter.id)

    assert found["signed"] is True
    assert found["intact"] is True
    assert found["signer"] == OFFICE
    assert found["signed_at"].endswith("+08:00")
    assert found["reason"] is None


def test_each_letter_is_stamped_over_its_date_with_the_seal(world, clock):
    flow = Flow(world)
    filed = flow.submitted("zhang", co_signers=["li"])
    world["li"].act("proposal", world["li"].proposal(filed["id"]), "cosign")
    office = world["office"]
    proposal = office.act("proposal", office.proposal(filed["id"]), "accept")
    unit = {"unit_id": world.units["市交通运输局"], "role": "lead"}
    assigned = office.act("proposal", proposal, "assign", units=[unit])
    flow.handle(assigned["assignments"][0])
    render(world.app, clock)
    [letter] = [d for d in rows(world.app) if d.kind == "reply_letter"]

    signatures = PdfFileReader(io.BytesIO(pdf_of(office, letter.id))).embedded_signatures

    assert len(signatures) == 2  # 分别答复: one letter, one seal each
    boxes = [[float(v) for v in s.sig_field["/Rect"]] for s in signatures]
    for left, bottom, right, _top in boxes:
        assert right - left == pytest.approx(119, abs=1)
        assert 300 < right < 600 and 50 < bottom < 800
    assert _verification(office, letter.id)["intact"] is True


def test_a_changed_byte_makes_the_check_say_not_intact(world, clock, settings):
    letter = _letter(world, clock)
    path = Path(settings.documents_dir) / letter.file_name
    data = bytearray(path.read_bytes())
    at = data.index(b"stream") + 20
    data[at] = (data[at] + 1) % 256
    path.write_bytes(bytes(data))

    found = _verification(world["office"], letter.id)

    assert found["signed"] is True
    assert found["intact"] is False
    assert download(world["office"], letter.id).status_code == 409


@pytest.mark.parametrize(
    ("signing", "words"),
    [
        ({"p12": "/nonexistent/office.p12", "password": PASSWORD, "seal": ""}, "不存在"),
        ({"p12": "KIT", "password": "wrong", "seal": ""}, "密码错误"),
        ({"p12": "EXPIRED", "password": PASSWORD, "seal": ""}, "过期"),
    ],
    indirect=["signing"],
)
def test_an_unusable_certificate_leaves_documents_unsigned_with_the_reason(
    world, clock, anonymous, words
):
    letter = _letter(world, clock)

    found = _verification(world["office"], letter.id)
    health = anonymous.client.get("/healthz").get_json()

    assert letter.status == "ready"
    assert found["signed"] is False
    assert words in found["reason"]
    assert health["signing"] == "problem"
    assert words in health["signing_message"]


@pytest.mark.parametrize(
    "signing", [{"p12": "KIT", "password": PASSWORD, "seal": "TEXT"}], indirect=True
)
def test_a_seal_that_is_not_a_picture_signs_without_it_and_says_so(world, clock, anonymous):
    letter = _letter(world, clock)

    signatures = PdfFileReader(io.BytesIO(pdf_of(world["office"], letter.id))).embedded_signatures
    health = anonymous.client.get("/healthz").get_json()

    assert len(signatures) == 1
    assert _verification(world["office"], letter.id)["intact"] is True
    assert "印章图片" in health["signing_message"]


@pytest.mark.parametrize("signing", [{"p12": "", "password": "", "seal": ""}], indirect=True)
def test_without_signing_configured_documents_say_they_are_unsigned(world, clock, anonymous):
    letter = _letter(world, clock)

    found = _verification(world["zhang"], letter.id)

    assert found == {
        "signed": False,
        "intact": None,
        "signer": None,
        "signed_at": None,
        "reason": "未配置电子签章：公文未签章。",
    }
    assert anonymous.client.get("/healthz").get_json()["signing"] == "off"


def test_only_those_who_may_read_a_document_may_check_it(world, clock):
    letter = _letter(world, clock)

    assert world["wang"].get(f"/documents/{letter.id}/verification").status == 404
    assert world["education"].get(f"/documents/{letter.id}/verification").status == 404


def test_the_test_certificate_command_prints_the_settings_to_use(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["signing", "make-test-cert", "--out", str(tmp_path), "--password", "pw"]
    )

    assert result.exit_code == 0, result.output
    assert f"SIGNING_P12={tmp_path / 'test-signing.p12'}" in result.output
    assert "SIGNING_P12_PASSWORD=pw" in result.output
    assert (tmp_path / "test-seal.png").read_bytes().startswith(b"\x89PNG")


def test_the_document_page_shows_the_check_in_words(world, clock, app):
    from tests.web.conftest import log_in

    letter = _letter(world, clock)

    page = log_in(app, "zhang").get(f"/documents/{letter.id}/verification")

    assert page.status == 200
    assert "已签章" in page.text and OFFICE in page.text
    assert log_in(app, "wang").get(f"/documents/{letter.id}/verification").status == 404


def test_a_thread_that_runs_an_event_loop_still_signs_and_checks(world, clock):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from service.documents.signing import verify_pdf

    letter = _letter(world, clock)
    pdf = pdf_of(world["office"], letter.id)

    async def inside_a_loop():
        return verify_pdf(pdf)

    # A thread of its own: the test's thread may already run a browser driver's loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        checked = pool.submit(asyncio.run, inside_a_loop()).result()
    assert checked["intact"] is True
