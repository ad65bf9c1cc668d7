"""写提案 on the page: a draft saves with what the member has so far; submitting says at once
everything that is still missing."""

from __future__ import annotations

import io

from tests.word import FORM, docx_of


def test_a_draft_with_only_title_and_category_is_saved(world, web):
    member = web("zhang")

    page = member.post(
        "/proposals/new",
        {"title": "关于公交站台遮阳的提案", "category": "society", "action": "save"},
    )

    assert page.status == 302
    [draft] = world["zhang"].ok("GET", "/proposals")["items"]
    assert (draft["title"], draft["state"]) == ("关于公交站台遮阳的提案", "draft")


def test_submitting_an_empty_form_names_every_missing_field_at_once(world, web):
    member = web("zhang")

    page = member.post("/proposals/new", {"action": "submit"})

    assert page.status == 422
    for field in ("title", "category", "body"):
        assert f'id="{field}-error"' in page.text, field
    assert world["zhang"].ok("GET", "/proposals")["total"] == 0


def test_a_title_only_draft_is_completed_in_its_three_parts(world, web):
    member = web("zhang")
    member.post(
        "/proposals/new",
        {"title": "关于公交站台遮阳的提案", "category": "society", "action": "save"},
    )
    [draft] = world["zhang"].ok("GET", "/proposals")["items"]

    page = member.get(f"/proposals/{draft['id']}")

    assert "正文尚未填写" in page.text
    form = page.text.split('id="event-submit"', 1)[1].split("</form>", 1)[0]
    for part in ("background", "analysis", "suggestions"):
        assert f'name="{part}"' in form, part
    assert 'name="body"' not in form


def test_a_proposal_written_in_word_is_imported_as_a_draft_to_check(world, web):
    member = web("zhang")

    page = member.post("/proposals/import", {"file": (docx_of(FORM), "提案.docx")})

    assert page.status == 302
    opened = member.get(page.location)
    assert "已从 Word 文档生成草稿" in opened.text
    assert "全市老旧小区停车位缺口约三万个。" in opened.text


def test_a_file_that_is_not_word_is_refused_on_the_filing_page(world, web):
    page = web("zhang").post("/proposals/import", {"file": (io.BytesIO(b"hello"), "a.txt")})

    assert page.status == 422
    assert 'id="file-error"' in page.text
    assert "不是 Word 文档" in page.text
    assert world["zhang"].ok("GET", "/proposals")["total"] == 0
