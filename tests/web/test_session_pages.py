"""届次会次 pages: the office lists, adds and changes sessions; errors appear at once under
their field with what was typed kept; the 工作台 warns until a real session is current."""

from __future__ import annotations

import pytest

from tests.api.test_sessions import FIFTH, add, sessions

FORM = {
    "name": "十四届五次会议",
    "term": "14",
    "number": "5",
    "year": "2026",
    "opens_on": "2026-03-10",
    "plenary_until": "2026-03-16",
    "closes_on": "2026-03-20",
}


def test_the_office_adds_a_current_session_from_the_page(world, web):
    browser = web("office")

    page = browser.post("/sessions", {**FORM, "current": "1"})
    listing = browser.get("/sessions")

    assert page.status == 302
    assert sessions(world)["十四届五次会议"]["current"] is True
    assert "十四届五次会议" in listing.text and "当前会次" in listing.text
    assert "会次已添加。" in listing.text


def test_a_bad_form_is_shown_again_with_the_error_under_its_field_and_the_input_kept(world, web):
    page = web("admin").post("/sessions", {**FORM, "plenary_until": "2026-03-25"})

    assert page.status == 422
    assert "大会提案截止日期不能晚于闭幕日期" in page.text
    assert page.parsed().error_after("plenary_until") == ["plenary_until-error"]
    assert 'value="十四届五次会议"' in page.text and 'value="2026-03-25"' in page.text
    assert "十四届五次会议" not in sessions(world)


def test_a_number_typed_as_words_is_named(world, web):
    page = web("office").post("/sessions", {**FORM, "term": "十四"})

    assert page.status == 422
    assert "届次须为整数" in page.text
    assert page.parsed().error_after("term") == ["term-error"]


def test_the_office_renames_a_session_and_makes_a_past_one_current(world, web):
    fourth = add(world, name="十四届四次会议", number=4, year=2025)
    add(world, current=True)
    browser = web("office")
    form = {"name": "十四届四次全体会议", "opens_on": "2025-01-10", "closes_on": "2025-01-14"}

    page = browser.post(f"/sessions/{fourth['id']}", {**form, "current": "1"})

    assert page.status == 302
    listed = sessions(world)
    assert listed["十四届四次全体会议"]["current"] is True
    assert listed["十四届四次全体会议"]["plenary_until"] == "2025-01-14"
    assert listed["十四届五次会议"]["current"] is False


def test_the_office_sets_a_reply_date_on_the_page_and_clears_it_by_leaving_it_blank(world, web):
    fifth = add(world, current=True)
    browser = web("office")
    form = {"name": "十四届五次会议", "opens_on": "2026-03-10", "closes_on": "2026-03-20"}

    shown = browser.get(f"/sessions/{fifth['id']}")
    set_ = browser.post(f"/sessions/{fifth['id']}", {**form, "reply_due_on": "2026-08-31"})
    listing = browser.get("/sessions")
    listed = sessions(world)["十四届五次会议"]["reply_due_on"]
    cleared = browser.post(f"/sessions/{fifth['id']}", {**form, "reply_due_on": ""})

    assert "大会提案统一答复日期" in shown.text and "不再按交办后3个月计" in shown.text
    assert (set_.status, listed) == (302, "2026-08-31")
    assert "<td data-label=\"统一答复日期\">2026-08-31</td>" in listing.text
    assert cleared.status == 302
    assert sessions(world)["十四届五次会议"]["reply_due_on"] is None


def test_the_change_form_keeps_its_input_when_refused(world, web):
    fifth = add(world)
    form = {"name": "改名", "opens_on": "2026-03-10", "closes_on": "2026-03-01"}

    page = web("office").post(f"/sessions/{fifth['id']}", form)

    assert page.status == 422
    assert "闭幕日期不能早于开幕日期" in page.text and 'value="改名"' in page.text
    assert sessions(world)["十四届五次会议"] == fifth


@pytest.mark.parametrize("who", ["zhang", "transport", "leader"])
def test_others_are_refused_the_pages_and_do_not_see_the_link(world, web, who):
    fifth = add(world)
    browser = web(who)

    assert browser.get("/sessions").status == 403
    assert browser.post(f"/sessions/{fifth['id']}", {"name": "x"}).status == 403
    assert "届次会次" not in browser.get("/workbench").text


def test_an_unknown_session_page_is_not_found(web):
    assert web("office").get("/sessions/999999").status == 404
    assert web("office").get("/sessions/99999999999").status == 404


def test_the_office_navigation_links_the_page(web):
    page = web("admin").get("/workbench")

    assert 'href="/sessions"' in page.text


def test_the_workbench_warns_until_a_real_session_is_current(world, flow, web):
    flow.submitted()  # filed in the session the service made: 2026年全体会议

    warned = web("office").get("/workbench")
    add(world, current=True)
    settled = web("office").get("/workbench")

    assert "请设置当前会次" in warned.text and "2026年全体会议" in warned.text
    assert "请设置当前会次" not in settled.text
    assert "请设置当前会次" not in web("zhang").get("/workbench").text
    assert FIFTH["name"] in sessions(world)


def test_the_workbench_warns_when_no_session_exists_at_all(web):
    page = web("admin").get("/workbench")

    assert "尚未设置当前会次" in page.text


def test_the_proposal_page_says_its_session_and_whether_it_is_a_plenary_proposal(world, web):
    add(world, current=True)
    proposal = world["zhang"].ok(
        "POST",
        "/proposals",
        {
            "title": "关于加强社区养老服务的提案",
            "category": "society",
            "body": "建议。",
            "submit": True,
        },
        status=201,
    )

    page = web("zhang").get(f"/proposals/{proposal['id']}")

    assert "<dt>届次会次</dt><dd>十四届五次会议 · 大会提案</dd>" in page.text
