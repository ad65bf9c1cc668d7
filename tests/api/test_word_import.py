"""A member's proposal written in Word becomes a draft to check and submit: the 案由, the three
parts under their headings or free paragraphs as one 正文, and a category guessed from its words."""

from __future__ import annotations

import io

import pytest

from tests.word import FORM, docx_of


def _upload(client, content, name="提案.docx"):
    return client.post("/proposals/import", data={"file": (content, name)})


def test_the_usual_form_fills_title_parts_and_category(world):
    answer = _upload(world["zhang"], docx_of(FORM))

    assert answer.status == 201, answer.json
    draft = answer.json
    assert draft["state"] == "draft"
    assert draft["title"] == "关于缓解老旧小区停车难的提案"
    assert draft["category"] == "society"
    assert draft["background"] == "全市老旧小区停车位缺口约三万个。\n车辆占用消防通道时有发生。"
    assert draft["analysis"] == "小区内部空间有限，周边缺少公共停车场。"
    assert draft["suggestions"] == "一是利用边角地建设立体停车设施；二是推行错时共享停车。"
    assert draft["lead_proposer"] == "zhang"


def test_free_paragraphs_become_one_body_and_an_unclear_subject_is_other(world):
    paragraphs = [("关于完善政策的提案", "Title"), ("第一段。", "Normal"), ("第二段。", "Normal")]

    draft = _upload(world["zhang"], docx_of(paragraphs)).json

    assert (draft["title"], draft["category"]) == ("关于完善政策的提案", "other")
    assert draft["body"] == "第一段。\n第二段。"
    assert draft["background"] is None


def test_a_heading_with_its_text_after_the_colon_keeps_that_text(world):
    paragraphs = [
        ("关于加强河道保洁的提案", "Title"),
        ("背景情况：河道垃圾清理不及时，水质下降。", "Normal"),
        ("具体建议：建立河长巡河和保洁考核制度。", "Normal"),
    ]

    draft = _upload(world["zhang"], docx_of(paragraphs)).json

    assert draft["background"] == "河道垃圾清理不及时，水质下降。"
    assert draft["suggestions"] == "建立河长巡河和保洁考核制度。"
    assert draft["category"] == "ecology"


def test_the_imported_draft_is_submitted_like_a_typed_one(world):
    draft = _upload(world["zhang"], docx_of(FORM)).json

    submitted = world["zhang"].act("proposal", draft, "submit")

    assert submitted["state"] == "submitted"


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (io.BytesIO(b"%PDF-1.7 not a word file"), "提案.pdf", "不是 Word 文档"),
        (io.BytesIO(b"PK\x03\x04broken zip"), "提案.docx", "不是 Word 文档"),
        (docx_of([]), "空白.docx", "没有文字"),
    ],
)
def test_a_file_that_is_not_a_readable_docx_is_refused_and_nothing_is_filed(
    world, content, name, words
):
    answer = _upload(world["zhang"], content, name)

    assert answer.status == 422
    assert words in answer.error["details"]["file"][0]
    assert world["zhang"].ok("GET", "/proposals")["total"] == 0


def test_a_request_without_a_file_names_the_field(world):
    answer = world["zhang"].post("/proposals/import", data={})

    assert answer.status == 422
    assert "file" in answer.error["details"]


def test_only_members_import_proposals(world):
    assert _upload(world["office"], docx_of(FORM)).status == 403
    assert _upload(world["education"], docx_of(FORM)).status == 403


def test_a_document_with_a_table_keeps_the_file_as_the_drafts_material(world):
    draft = _upload(world["zhang"], docx_of(FORM, table=True), "停车提案.docx").json

    [attached] = world["zhang"].ok("GET", f"/proposals/{draft['id']}/attachments")

    assert (attached["name"], attached["kind"]) == ("停车提案.docx", "material")
    assert draft["background"].startswith("全市老旧小区停车位缺口")


def test_a_plain_document_is_not_attached(world):
    draft = _upload(world["zhang"], docx_of(FORM)).json

    assert world["zhang"].ok("GET", f"/proposals/{draft['id']}/attachments") == []
