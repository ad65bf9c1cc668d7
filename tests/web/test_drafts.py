"""写提案 on the page: a draft saves with what the member has so far; submitting says at once
everything that is still missing."""

from __future__ import annotations


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
