"""The pages of people's details: 我的资料 for everyone, the administrator's person page with
every field, the proposers' contacts on a unit's assignment page, and the committee's 代录提案."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.db import current_session
from service.models import User
from tests.flows import PARTS

ZHANG = {"phone": "13912345678", "email": "zhang@example.cn", "employer": "市工商联副主席"}


def _user(app, username: str) -> User:
    with app.app_context():
        found = current_session().scalar(select(User).where(User.username == username))
        current_session().expunge(found)
        return found


def test_my_profile_shows_the_details_and_saves_the_contacts(app, web):
    zhang = web("zhang")

    page = zhang.get("/me")
    saved = zhang.post("/me", {**ZHANG, "notify_by": "sms"})

    assert page.status == 200 and "我的资料" in page.text and "经济界" in page.text
    assert 'name="notify_by" value="email" checked' in page.text
    assert saved.status == 302
    after = zhang.get("/me")
    assert "资料已保存" in after.text and 'value="13912345678"' in after.text
    person = _user(app, "zhang")
    assert (person.phone, person.email, person.employer, person.notify_by) == (
        "13912345678",
        "zhang@example.cn",
        "市工商联副主席",
        ["sms"],
    )


def test_a_bad_phone_on_my_profile_is_named_and_changes_nothing(app, web):
    page = web("zhang").post("/me", {"phone": "12345", "email": "zhang@example.cn"})

    assert page.status == 422
    assert 'id="phone-error"' in page.text and "手机号码格式不正确" in page.text
    assert 'value="12345"' in page.text  # what was typed stays to be corrected
    assert _user(app, "zhang").email is None


def test_every_page_links_to_my_profile(web):
    assert 'href="/me"' in web("transport").get("/workbench").text


def test_the_administrator_sees_and_changes_every_field(app, web):
    admin = web("admin")
    path = f"/admin/users/{_user(app, 'li').id}"
    form = {
        "display_name": "李娜",
        "role": "member",
        "sector": "教育界",
        "party": "民进",
        "employer": "市第一中学校长",
        "phone": "010-62345678",
        "email": "li@example.cn",
        "notify_by": "email",
    }

    saved = admin.post(path, form)
    page = admin.get(path)

    assert saved.status == 302
    for shown in ('value="民进"', 'value="市第一中学校长"', 'value="010-62345678"'):
        assert shown in page.text
    assert 'value="email" checked' in page.text and 'value="sms" checked' not in page.text
    person = _user(app, "li")
    assert (person.party, person.phone, person.notify_by) == ("民进", "010-62345678", ["email"])


def test_the_administrator_is_told_of_a_bad_email(app, web):
    path = f"/admin/users/{_user(app, 'li').id}"

    page = web("admin").post(path, {"display_name": "李娜", "role": "member", "email": "li@"})

    assert page.status == 422 and "邮箱格式不正确" in page.text
    assert _user(app, "li").email is None


def test_the_administrator_adds_a_person_with_their_details(app, web):
    page = web("admin").post(
        "/admin/users/new",
        {
            "username": "chen",
            "display_name": "陈静",
            "role": "member",
            "party": "民盟",
            "phone": "13800001111",
            "password": "a long password",
        },
    )

    assert page.status == 302
    assert (_user(app, "chen").party, _user(app, "chen").phone) == ("民盟", "13800001111")


def test_a_unit_reads_the_proposers_contacts_on_its_assignment_page(world, flow, web):
    world["zhang"].ok("PATCH", "/me", ZHANG)
    proposal = flow.assigned()
    assignment_id = proposal["assignments"][0]["id"]

    page = web("transport").get(f"/assignments/{assignment_id}")

    assert "提案人联系方式" in page.text
    # A tap calls or writes to them (办前沟通 is often from a phone).
    assert '手机 <a href="tel:13912345678">13912345678</a>' in page.text
    assert '邮箱 <a href="mailto:zhang@example.cn">zhang@example.cn</a>' in page.text


def test_a_returned_unit_no_longer_reads_them(world, flow, web):
    world["zhang"].ok("PATCH", "/me", ZHANG)
    proposal = flow.assigned()
    assignment = world["transport"].assignment(proposal["assignments"][0]["id"])
    requested = world["transport"].act(
        "assignment", assignment, "request_return", reason="该事项不属于本单位职责。"
    )
    world["office"].act("assignment", requested, "approve_return")

    page = web("transport").get(f"/assignments/{assignment['id']}")

    assert page.status == 200
    assert "13912345678" not in page.text and "本单位已不再办理" in page.text


def test_the_proposal_page_shows_contacts_to_the_office_not_to_a_cosigner(world, flow, web):
    world["zhang"].ok("PATCH", "/me", ZHANG)
    proposal = flow.submitted(co_signers=["li"])
    world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")

    assert 'href="tel:13912345678"' in web("office").get(f"/proposals/{proposal['id']}").text
    assert "13912345678" not in web("li").get(f"/proposals/{proposal['id']}").text


PAPER = {"title": "关于加强社区养老服务的提案", "category": "society", **PARTS}


def test_the_committee_enters_a_paper_proposal_for_a_member(world, web):
    office = web("office")
    form_page = office.get("/proposals/enter")

    page = office.post(
        "/proposals/enter",
        {**PAPER, "on_behalf_of": "zhang", "received_on": "2026-03-12", "form_token": "t1"},
    )

    assert form_page.status == 200 and "代录提案" in form_page.text and "张伟" in form_page.text
    assert page.status == 302
    shown = office.get(page.location)
    assert "已代张伟录入并提交提案" in shown.text
    assert "代张伟" in shown.text and "纸质提案收到日期：2026-03-12" in shown.text
    [mine] = world["zhang"].ok("GET", "/proposals")["items"]
    assert (mine["lead_proposer"], mine["state"]) == ("zhang", "submitted")


def test_an_entry_sent_twice_is_entered_once(world, web):
    office = web("office")
    form = {**PAPER, "on_behalf_of": "zhang", "form_token": "same"}

    office.post("/proposals/enter", form)
    office.post("/proposals/enter", form)

    assert world["zhang"].ok("GET", "/proposals")["total"] == 1


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"on_behalf_of": ""}, "on_behalf_of"),
        ({"on_behalf_of": "transport"}, "on_behalf_of"),
        ({"on_behalf_of": "zhang", "received_on": "2026-04-01"}, "received_on"),
        ({"on_behalf_of": "zhang", "title": ""}, "title"),
    ],
)
def test_a_wrong_entry_is_named_and_files_nothing(world, web, form, field):
    page = web("office").post("/proposals/enter", {**PAPER, **form})

    assert page.status == 422
    assert f'id="{field}-error"' in page.text
    assert world["zhang"].ok("GET", "/proposals")["total"] == 0


@pytest.mark.parametrize("who", ["zhang", "transport", "admin"])
def test_only_the_committee_opens_the_entry_page(web, who):
    assert web(who).get("/proposals/enter").status == 403


def test_the_entry_page_is_in_the_committees_menu_only(web):
    assert 'href="/proposals/enter"' in web("office").get("/workbench").text
    assert 'href="/proposals/enter"' not in web("zhang").get("/workbench").text
