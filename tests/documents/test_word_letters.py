"""A unit's reply letter as an editable .docx: the same words as its PDF, in the same order, one
letter per proposer; only letters are offered in Word, and only to those who may read them."""

from __future__ import annotations

import io
from urllib.parse import unquote

from docx import Document

from tests.documents.pdf import page_texts, pdf_of, render, rows
from tests.flows import Flow

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _word(client, document_id: int, format: str = "docx"):
    return client.client.get(
        f"/api/v1/documents/{document_id}?format={format}", headers=client._headers()
    )


def _letter(world, clock, **fields):
    proposal = Flow(world).replied(**fields)
    render(world.app, clock)
    [letter] = [d for d in rows(world.app) if d.kind == "reply_letter"]
    return proposal, letter


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def test_the_letter_in_word_says_what_its_pdf_says(world, clock):
    _proposal, letter = _letter(world, clock, title="关于加强校园周边交通安全的提案")
    unit = world["transport"]

    answer = _word(unit, letter.id)

    assert answer.status_code == 200
    assert answer.mimetype == DOCX
    assert unquote(answer.headers["Content-Disposition"]).endswith(f"-{letter.id}.docx")
    paragraphs = _paragraphs(answer.data)
    pdf_text = "".join(page_texts(pdf_of(unit, letter.id))).replace(" ", "")
    assert paragraphs[0] in ("A", "B", "C")
    assert paragraphs[1] == "市交通运输局"
    assert any(p.startswith("签发人：") for p in paragraphs)
    assert "尊敬的张伟委员：" in paragraphs
    assert any("《关于加强校园周边交通安全的提案》收悉" in p for p in paragraphs)
    for paragraph in paragraphs:
        assert paragraph.replace("\t", "").replace("\n", "").replace(" ", "") in pdf_text, paragraph


def test_the_letter_is_set_in_the_official_faces(world, clock):
    _proposal, letter = _letter(world, clock)

    document = Document(io.BytesIO(_word(world["transport"], letter.id).data))

    faces = {
        run.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        for p in document.paragraphs
        for run in p.runs
    }
    assert {"方正小标宋简体", "仿宋_GB2312"} <= faces
    assert round(document.sections[0].top_margin.mm) == 37


def test_each_proposer_of_a_joint_proposal_gets_a_letter_on_its_own_page(world, clock):
    flow = Flow(world)
    filed = flow.submitted("zhang", co_signers=["li"], title="关于增设公交线路的提案")
    world["li"].act("proposal", world["li"].proposal(filed["id"]), "cosign")
    office = world["office"]
    proposal = office.act("proposal", office.proposal(filed["id"]), "accept")
    unit = {"unit_id": world.units["市交通运输局"], "role": "lead"}
    assigned = office.act("proposal", proposal, "assign", units=[unit])
    flow.handle(assigned["assignments"][0])
    render(world.app, clock)
    [letter] = [d for d in rows(world.app) if d.kind == "reply_letter"]

    document = Document(io.BytesIO(_word(world["transport"], letter.id).data))

    assert len(document.sections) == 2
    text = [p.text for p in document.paragraphs]
    assert text.index("尊敬的张伟委员：") < text.index("尊敬的李娜委员：")


def test_other_notices_are_offered_as_pdf_only_and_unknown_formats_are_refused(world, clock):
    _proposal, letter = _letter(world, clock)
    [acceptance] = [d for d in rows(world.app) if d.kind == "acceptance_notice"]
    office = world["office"]

    pdf_only = _word(office, acceptance.id)
    unknown = _word(office, letter.id, "odt")

    assert pdf_only.status_code == 422
    assert "答复函" in pdf_only.get_json()["error"]["details"]["format"][0]
    assert unknown.status_code == 422
    assert "format" in unknown.get_json()["error"]["details"]
    assert _word(office, letter.id, "pdf").mimetype == "application/pdf"


def test_a_letter_is_not_given_in_word_to_whoever_may_not_read_it(world, clock):
    _proposal, letter = _letter(world, clock)

    assert _word(world["education"], letter.id).status_code == 404
    assert _word(world["wang"], letter.id).status_code == 404


def test_a_letter_downloads_under_the_proposal_number_and_the_unit(world, clock):
    proposal, letter = _letter(world, clock)
    unit = world["transport"]

    names = {
        format: unquote(
            _word(unit, letter.id, format).headers["Content-Disposition"].split("''", 1)[1]
        )
        for format in ("docx", "pdf")
    }

    stem = f"提案答复函-{proposal['number_label']}-市交通运输局-{letter.id}"
    assert names == {"docx": f"{stem}.docx", "pdf": f"{stem}.pdf"}
