"""通知: each notification says, in the reader's words, what happened and what to do by when,
leads to the proposal or assignment it is about, is filtered by kind, and is marked read for the
one person who reads it (or marks all read)."""

from __future__ import annotations

import html
import re
from datetime import datetime

import pytest

from service.db import unit_of_work
from service.jobs.sweep import sweep
from service.models import SettingValue
from tests.conftest import SHANGHAI

LINK = re.compile(r'href="/notifications/(\d+)">([^<]+)</a>')


def inbox(person, query: str = "") -> list[tuple[str, str]]:
    """(id, sentence) of each notification on the person's page, newest first."""
    page = person.get("/notifications" + query)
    assert page.status == 200
    return [(found, html.unescape(text)) for found, text in LINK.findall(page.text)]


def sentences(person, query: str = "") -> list[str]:
    return [text for _, text in inbox(person, query)]


def opened(person, sentence: str) -> str:
    """Where opening the notification that says `sentence` leads."""
    [notification] = [found for found, text in inbox(person) if text == sentence]
    return person.get(f"/notifications/{notification}").location


def named(proposal: dict) -> str:
    return f"提案{proposal['number_label']}《{proposal['title']}》"


def test_a_unit_is_told_what_it_was_given_and_by_when_to_sign_and_reply(flow, web):
    proposal = flow.assigned()
    clerk = web("transport")
    said = f"{named(proposal)}已交办给贵单位（主办），请于3月19日前签收，请于6月16日前答复。"

    assert sentences(clerk) == [said]
    assert opened(clerk, said) == f"/assignments/{proposal['assignments'][0]['id']}"


def test_an_assisting_unit_is_told_when_its_opinion_is_due_and_the_proposer_who_handles_it(
    flow, web
):
    proposal = flow.assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))
    member = web("zhang")

    assert sentences(web("education")) == [
        f"{named(proposal)}已交办给贵单位（会办），请于3月19日前签收，会办意见请于4月16日前送主办单位。"
    ]
    said = f"您的{named(proposal)}已交市交通运输局（主办）、市教育局（会办）办理。"
    assert said in sentences(member)
    assert opened(member, said) == f"/proposals/{proposal['id']}"


def test_an_urge_says_who_urges_and_what_the_unit_owes_next(world, flow, web):
    proposal = flow.assigned()
    assignment = world["office"].assignment(proposal["assignments"][0]["id"])

    world["office"].act("assignment", assignment, "urge", message="请尽快签收办理。")

    said = f"提案委员会对{named(proposal)}催办“请尽快签收办理”：请于3月19日前签收。"
    assert sentences(web("transport"))[0] == said
    assert sentences(web("transport"), "?kind=remind") == [said]


def test_the_clock_reminds_the_unit_of_its_reply_fifteen_days_ahead(world, flow, web, clock, app):
    proposal = flow.assigned()
    assignment = world["transport"].act("assignment", proposal["assignments"][0], "sign")
    contact = {"method": "电话", "date": "2026-03-16", "summary": "电话沟通办理思路。"}
    world["transport"].act("assignment", assignment, "log_contact", **contact)
    clock.set(datetime(2026, 6, 1, 0, 5, tzinfo=SHANGHAI))

    with app.app_context():
        sweep(now=clock.now())

    said = f"催办：{named(proposal)}应于6月16日前答复（还剩15天）。"
    clerk = web("transport")
    assert sentences(clerk, "?kind=remind") == [said]
    assert opened(clerk, said) == f"/assignments/{assignment['id']}"


def test_a_reply_tells_the_proposer_to_read_the_letter_and_the_office_what_came_in(flow, web):
    proposal = flow.replied()
    member, office = web("zhang"), web("office")
    unit_said = f"市交通运输局已答复您的{named(proposal)}（B类），请查看答复函。"
    office_said = f"市交通运输局已答复{named(proposal)}（B类）。"

    assert unit_said in sentences(member, "?kind=reply")
    assert office_said in sentences(office, "?kind=reply")
    assert opened(member, unit_said) == f"/proposals/{proposal['id']}"
    assert opened(office, office_said) == f"/assignments/{proposal['assignments'][0]['id']}"


@pytest.fixture
def reply_review(app, world):
    with app.app_context(), unit_of_work() as session:
        session.merge(SettingValue(body_id=world.body_id, key="reply_review", value=True))


def test_a_reply_under_review_asks_the_office_to_review_and_tells_the_proposer_to_wait(
    flow, web, reply_review
):
    proposal = flow.assigned()
    flow.handle(proposal["assignments"][0])

    assert f"市交通运输局已答复{named(proposal)}（B类），请审查答复。" in sentences(web("office"))
    assert (
        f"市交通运输局已答复您的{named(proposal)}，答复经提案委员会审查后即可查看。"
        in sentences(web("zhang"))
    )


def test_a_rating_tells_the_unit_its_result_and_the_office_every_units(world, flow, web):
    proposal = flow.closed()
    clerk, office = web("transport"), web("office")
    unit_said = f"提案人对贵单位就{named(proposal)}所作答复的测评结果为“满意”（办理态度“满意”）。"
    office_said = f"{named(proposal)}满意度测评结果：市交通运输局“满意”。"

    assert sentences(clerk, "?kind=rating") == [unit_said]
    assert sentences(office, "?kind=rating") == [office_said]
    assert opened(clerk, unit_said) == f"/assignments/{proposal['assignments'][0]['id']}"
    assert opened(office, office_said) == f"/proposals/{proposal['id']}"


def test_an_unsatisfied_rating_asks_the_unit_to_handle_it_again_by_a_date(world, flow, web):
    proposal = flow.replied()
    member = world["zhang"]
    ratings = flow.ratings(proposal, "unsatisfied")
    member.act("proposal", member.proposal(proposal["id"]), "evaluate", ratings=ratings)

    assert sentences(web("transport"), "?kind=rating") == [
        f"提案人对贵单位就{named(proposal)}所作答复的测评结果为“不满意”（办理态度“满意”）。",
        f"{named(proposal)}须由贵单位重新办理（第2轮），请于6月16日前重新答复。",
    ]


def test_the_kind_filter_shows_one_kind_and_each_tab_counts_its_unread(world, flow, web):
    proposal = flow.assigned()
    assignment = world["office"].assignment(proposal["assignments"][0]["id"])
    world["office"].act("assignment", assignment, "urge")
    clerk = web("transport")

    everything = clerk.get("/notifications").text
    reminders, assigned = sentences(clerk, "?kind=remind"), sentences(clerk, "?kind=assign")

    assert len(sentences(clerk)) == 2
    assert reminders == [f"提案委员会对{named(proposal)}催办：请于3月19日前签收。"]
    assert assigned[0].startswith(f"{named(proposal)}已交办给贵单位")
    assert '催办<span class="badge"><span class="sr">，</span>1<span class="sr">' in everything
    assert "?kind=reply" not in everything  # no tab for a kind the clerk has none of
    assert sentences(clerk, "?kind=nonsense") == sentences(clerk)


def test_read_notifications_drop_out_of_the_unread_view(flow, web):
    flow.assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))
    member = web("zhang")
    [(first, _), *rest] = inbox(member)

    member.get(f"/notifications/{first}")

    assert [found for found, _ in inbox(member, "?unread=1")] == [found for found, _ in rest]


def test_marking_all_read_empties_this_persons_count_only(world, flow, web):
    world.add_user("transport2", "unit", unit="市交通运输局")
    flow.assigned()
    clerk, colleague, member = web("transport"), web("transport2"), web("zhang")
    assert '1<span class="sr">条未读' in colleague.get("/workbench").text

    done = clerk.post("/notifications?kind=assign")

    assert done.status == 302 and done.location == "/notifications?kind=assign"
    assert "条未读" not in clerk.get("/notifications").text
    assert ">全部标为已读</button>" not in clerk.get("/notifications").text
    assert '1<span class="sr">条未读' in colleague.get("/workbench").text
    assert '<span class="sr">条未读' in member.get("/workbench").text


def test_the_member_is_reminded_to_rate_and_the_unit_told_the_rating_is_still_out(
    app, flow, web, clock
):
    proposal = flow.replied()
    clock.set(datetime(2026, 3, 30, 0, 5, tzinfo=SHANGHAI))  # 5 working days before 4月7日

    with app.app_context():
        sweep(now=clock.now())

    [told] = sentences(web("zhang"), "?kind=remind")
    assert told.startswith("请于") and f"前对{named(proposal)}的办理情况进行满意度测评" in told
    assert opened(web("zhang"), told) == f"/proposals/{proposal['id']}"
    [unit] = sentences(web("transport"), "?kind=remind")
    assert "提案人尚未测评" in unit
