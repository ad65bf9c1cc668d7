"""写提案 sent twice files one proposal: the form carries a one-time token; and a title the
member already used is pointed out before a second proposal of it is filed."""

from __future__ import annotations

import re

import pytest

FORM = {
    "title": "关于公交站台遮阳的提案",
    "category": "society",
    "background": "夏季候车乘客暴晒。",
    "analysis": "多数站台没有顶棚。",
    "suggestions": "分批加装遮阳顶棚。",
}
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def _form_token(page) -> str:
    return TOKEN.search(page.text).group(1)


def _titles(world) -> list[str]:
    return [p["title"] for p in world["zhang"].ok("GET", "/proposals")["items"]]


@pytest.mark.parametrize("action", ["save", "submit"])
def test_the_same_form_sent_twice_files_one_proposal(world, web, action):
    member = web("zhang")
    token = _form_token(member.get("/proposals/new"))

    first = member.post("/proposals/new", FORM | {"form_token": token, "action": action})
    again = member.post("/proposals/new", FORM | {"form_token": token, "action": action})

    assert first.status == again.status == 302
    assert again.location == first.location
    assert _titles(world) == [FORM["title"]]
    assert "没有重复保存" in member.get(again.location).text


def test_each_opening_of_the_form_carries_its_own_token(web):
    member = web("zhang")

    assert _form_token(member.get("/proposals/new")) != _form_token(member.get("/proposals/new"))


def test_a_form_sent_back_with_errors_keeps_its_token(web):
    member = web("zhang")
    token = _form_token(member.get("/proposals/new"))

    page = member.post("/proposals/new", {"form_token": token, "action": "submit"})

    assert page.status == 422
    assert _form_token(page) == token


def test_another_members_token_files_their_own_proposal(world, web):
    zhang, li = web("zhang"), web("li")
    token = _form_token(zhang.get("/proposals/new"))

    zhang.post("/proposals/new", FORM | {"form_token": token, "action": "save"})
    li.post("/proposals/new", FORM | {"form_token": token, "action": "save"})

    assert [p["title"] for p in world["li"].ok("GET", "/proposals")["items"]] == [FORM["title"]]


def test_a_title_already_used_is_pointed_out_and_filed_only_when_confirmed(world, web):
    member = web("zhang")
    member.post("/proposals/new", FORM | {"form_token": "first", "action": "submit"})

    warned = member.post("/proposals/new", FORM | {"form_token": "second", "action": "submit"})
    confirmed = member.post(
        "/proposals/new",
        FORM | {"form_token": "second", "action": "submit", "same_title_confirmed": FORM["title"]},
    )

    assert warned.status == 200
    assert "您已有同名提案" in warned.text and "（待审查）" in warned.text
    assert f'name="same_title_confirmed" value="{FORM["title"]}"' in warned.text
    assert 'name="suggestions"' in warned.text and FORM["suggestions"] in warned.text
    assert confirmed.status == 302
    assert _titles(world) == [FORM["title"], FORM["title"]]


def test_a_confirmation_of_another_title_does_not_pass_a_changed_one(world, web):
    member = web("zhang")
    member.post("/proposals/new", FORM | {"form_token": "first", "action": "save"})

    page = member.post(
        "/proposals/new",
        FORM | {"form_token": "second", "action": "save", "same_title_confirmed": "别的案由"},
    )

    assert "您已有同名提案" in page.text
    assert len(_titles(world)) == 1


def test_a_withdrawn_proposal_of_the_title_is_no_reason_to_warn(world, web):
    member = web("zhang")
    member.post("/proposals/new", FORM | {"form_token": "first", "action": "submit"})
    [filed] = world["zhang"].ok("GET", "/proposals")["items"]
    world["zhang"].act("proposal", world["zhang"].proposal(filed["id"]), "withdraw")

    page = member.post("/proposals/new", FORM | {"form_token": "second", "action": "submit"})

    assert page.status == 302
