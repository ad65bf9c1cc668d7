"""The printed 提案表: any proposal its reader may see, as PDF and as Word, printed as it stands
now; phone and e-mail only for those who may see them; 404 for everyone else."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from docx import Document

from tests.documents.pdf import page_texts
from tests.flows import PARTS, Flow
from tests.web.conftest import log_in

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZHANG = {"phone": "13912345678", "email": "zhang@example.cn", "employer": "市工商联副主席"}
TITLE = "关于提升城区公交准点率的提案"


def _form(client, proposal_id: int, format: str | None = None):
    query = f"?format={format}" if format else ""
    return client.client.get(
        f"/api/v1/proposals/{proposal_id}/form{query}", headers=client._headers()
    )


def _pdf_text(client, proposal_id: int) -> str:
    answer = _form(client, proposal_id)
    assert answer.status_code == 200, answer.get_json()
    return "".join(page_texts(answer.data))


def _word_text(client, proposal_id: int) -> str:
    """The .docx's paragraphs and table cells, white space removed (as page_texts does)."""
    answer = _form(client, proposal_id, "docx")
    assert answer.status_code == 200, answer.get_json()
    document = Document(io.BytesIO(answer.data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return re.sub(r"\s+", "", "".join([p.text for p in document.paragraphs] + cells))


def _joint(world, **fields) -> dict:
    """zhang's proposal, co-signed by li, accepted and assigned to 交通 (主办) and 教育 (会办)."""
    world["zhang"].ok("PATCH", "/me", ZHANG)
    updated = world.app.test_cli_runner().invoke(
        args=["user", "update", "zhang", "--party", "民盟"]
    )
    assert updated.exit_code == 0, updated.output
    proposal = Flow(world).submitted(co_signers=["li"], title=TITLE, **fields)
    world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")
    office = world["office"]
    proposal = office.act("proposal", office.proposal(proposal["id"]), "accept")
    units = [
        {"unit_id": world.units["市交通运输局"], "role": "lead"},
        {"unit_id": world.units["市教育局"], "role": "assisting"},
    ]
    return office.act("proposal", proposal, "assign", units=units)


def test_office_prints_the_form_with_the_proposal_its_proposers_and_units(world):
    proposal = _joint(world)

    answer = _form(world["office"], proposal["id"])

    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf"
    assert unquote(answer.headers["Content-Disposition"]).endswith("提案表-第0001号.pdf")
    text = "".join(page_texts(answer.data))
    for printed in (TITLE, "提案编号：第0001号", "张伟", "经济界", "民盟", "市工商联副主席"):
        assert printed in text, printed
    assert "13912345678" in text and "zhang@example.cn" in text
    assert "附议人李娜（教育界）" in text
    for heading, part in (("背景情况", "background"), ("问题分析", "analysis")):
        assert heading + PARTS[part] in text
    assert "予以立案" in text and "主办：市交通运输局" in text and "会办：市教育局" in text


def test_the_word_form_holds_what_the_pdf_prints(world):
    proposal = _joint(world)

    word = _word_text(world["office"], proposal["id"])

    for printed in (TITLE, "第0001号", "张伟", "经济界", "民盟", "13912345678", "李娜（教育界）"):
        assert printed in word, printed
    for part in PARTS.values():
        assert part.replace(" ", "") in word
    answer = _form(world["office"], proposal["id"], "docx")
    assert answer.mimetype == DOCX
    assert unquote(answer.headers["Content-Disposition"]).endswith("提案表-第0001号.docx")
    [table] = Document(io.BytesIO(answer.data)).tables
    assert table.style.name == "Table Grid"


def test_a_proposal_with_a_single_body_prints_it_as_written(world):
    body = {
        "title": "关于加强社区养老服务的提案",
        "category": "society",
        "body": "建议增设日间照料中心。",
    }
    filed = world["zhang"].ok("POST", "/proposals", body, status=201)

    assert "建议增设日间照料中心。" in _pdf_text(world["zhang"], filed["id"])
    assert "建议增设日间照料中心。" in _word_text(world["zhang"], filed["id"])


def test_a_collective_proposal_prints_its_organisation_as_proposer(world):
    flow = Flow(world)
    proposal = flow.submitted(**flow.collective(), title="关于加强民营企业融资支持的提案")

    text = _pdf_text(world["office"], proposal["id"])

    assert "提案者zhang所在的民主党派" in text
    assert "联系人张伟" in text
    assert "提案者zhang所在的民主党派" in _word_text(world["office"], proposal["id"])


def test_a_draft_prints_as_not_accepted_and_not_submitted(world):
    draft = Flow(world).filed(title="关于规范共享单车停放的提案")

    answer = _form(world["zhang"], draft["id"])

    text = "".join(page_texts(answer.data))
    assert "提案编号：未立案" in text and "未立案（草稿）" in text and "尚未提交" in text
    name = unquote(answer.headers["Content-Disposition"])
    assert name.endswith(f"提案表-未立案-{draft['id']}.pdf")
    assert _form(world["office"], draft["id"]).status_code == 404  # a draft is the member's


def test_a_submitted_proposal_prints_awaiting_review_and_no_units(world):
    proposal = Flow(world).submitted()

    text = _pdf_text(world["office"], proposal["id"])

    assert "未立案（待审查）" in text and "尚未交办" in text


def test_a_cosigner_prints_it_without_the_lead_proposers_phone(world):
    proposal = _joint(world)

    text = _pdf_text(world["li"], proposal["id"])

    assert TITLE in text and "张伟" in text
    assert "13912345678" not in text and "zhang@example.cn" not in text
    assert "13912345678" not in _word_text(world["li"], proposal["id"])


def test_a_unit_on_the_proposal_prints_the_phone_and_only_its_own_assignment(world):
    proposal = _joint(world)

    text = _pdf_text(world["transport"], proposal["id"])

    assert "13912345678" in text
    assert "主办：市交通运输局" in text and "市教育局" not in text


@pytest.mark.parametrize("reader", ["health", "wang"])
def test_who_may_not_see_the_proposal_is_answered_404(world, reader):
    proposal = _joint(world)

    for format in ("pdf", "docx"):
        answer = _form(world[reader], proposal["id"], format)
        assert answer.status_code == 404
        assert "13912345678" not in answer.get_data(as_text=True)


def test_an_unknown_format_is_refused_in_chinese(world):
    proposal = Flow(world).submitted()

    answer = _form(world["office"], proposal["id"], "odt")

    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert "format" in error["details"]
    assert "pdf" in error["details"]["format"][0] and "格式" in error["details"]["format"][0]


def test_the_page_offers_the_form_to_the_office_and_serves_the_same_printout(world):
    proposal = _joint(world)
    office = log_in(world.app, "office")

    page = office.get(f"/proposals/{proposal['id']}")
    links = re.findall(r'href="([^"]+)">打印提案表（(PDF|Word)）</a>', page.text)
    pdf, word = (office.client.get(link) for link, _label in links)

    assert [label for _link, label in links] == ["PDF", "Word"]
    assert pdf.mimetype == "application/pdf" and "13912345678" in "".join(page_texts(pdf.data))
    assert word.mimetype == DOCX


def test_a_unit_without_an_assignment_gets_neither_link_nor_form(world):
    proposal = _joint(world)
    health = log_in(world.app, "health")

    page = health.get(f"/proposals/{proposal['id']}")
    printout = health.get(f"/proposals/{proposal['id']}/form.pdf")

    assert page.status == 404 and "打印提案表" not in page.text
    assert printout.status == 404


def test_a_character_no_font_can_draw_is_refused_and_named_while_word_still_serves(world):
    proposal = Flow(world).submitted(title="关于\ue000村道路硬化的提案")

    refused = _form(world["office"], proposal["id"])

    assert refused.status_code == 409
    assert "U+E000" in refused.get_json()["error"]["message"]
    assert _form(world["office"], proposal["id"], "docx").status_code == 200
