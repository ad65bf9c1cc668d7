"""A proposal's page tells its whole story: names instead of logins, replies, ratings, 回头看
results and documents; notifications lead to the right page."""

from __future__ import annotations

import re

from service.jobs.render_worker import render_pending
from tests.flows import REPLY


def test_the_timeline_names_people_while_the_history_api_keeps_usernames(world, flow, web):
    proposal = flow.accepted()

    page = web("zhang").get(f"/proposals/{proposal['id']}")
    history = world["zhang"].ok("GET", f"/proposals/{proposal['id']}/history")

    timeline = page.text.split("办理过程", 1)[1]
    assert "张伟" in timeline and "王主任" in timeline
    assert "office" not in timeline and "zhang" not in timeline
    assert [r["actor"] for r in history] == ["zhang", "zhang", "office"]



def test_the_timeline_names_the_lead_unit_first_whatever_order_it_was_chosen_in(flow, web):
    proposal = flow.assigned((("市教育局", "assisting"), ("市交通运输局", "lead")))

    timeline = web("office").get(f"/proposals/{proposal['id']}").text.split("办理过程", 1)[1]

    assert "交办：市交通运输局（主办）、市教育局（会办）" in timeline

def test_a_member_reads_the_reply_and_its_commitments(world, flow, web):
    commitments = [{"text": "新增公交专用道12公里", "due_date": "2026-12-31"}]
    proposal = flow.assigned()
    flow.handle(proposal["assignments"][0], reply={**REPLY, "commitments": commitments})

    page = web("zhang").get(f"/proposals/{proposal['id']}")

    assert REPLY["body"] in page.text
    assert "新增公交专用道12公里" in page.text and "2026-12-31前完成" in page.text
    assert "B类" in page.text


def test_a_member_sees_the_follow_up_results(world, flow, web):
    proposal = flow.closed()
    office = world["office"]
    started = office.act("proposal", office.proposal(proposal["id"]), "start_follow_up")
    findings = "专用道已建成10公里，其余列入明年计划。"
    office.act(
        "proposal",
        started,
        "complete_follow_up",
        outcome="partial",
        findings=findings,
        next_follow_up="2026-12-31",
    )

    page = web("zhang").get(f"/proposals/{proposal['id']}")

    follow_up = page.text.split('id="follow-up"', 1)[1]
    assert findings in follow_up and "部分落实" in follow_up
    assert "下次回头看：2026-12-31" in follow_up


def test_a_ready_notice_is_downloadable_from_the_timeline(app, flow, web, clock):
    proposal = flow.accepted()
    with app.app_context():
        render_pending(now=clock.now(), limit=1)
    member = web("zhang")

    page = member.get(f"/proposals/{proposal['id']}")
    [link] = re.findall(
        r'<a href="(/documents/\d+)">立案通知书（PDF）</a>', page.text.split("办理过程")[1]
    )
    pdf = member.client.get(link)

    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_a_unit_reads_the_unsatisfied_rating_that_sent_it_back(world, flow, web):
    proposal = flow.replied()
    member = world["zhang"]
    ratings = [{**r, "comment": "未解决根本问题。"} for r in flow.ratings(proposal, "unsatisfied")]
    member.act("proposal", member.proposal(proposal["id"]), "evaluate", ratings=ratings)

    page = web("transport").get(f"/assignments/{proposal['assignments'][0]['id']}")

    assert "重新办理" in page.text and "未解决根本问题。" in page.text
    assert "不满意" in page.text


def test_opening_a_notification_marks_it_read_and_leads_a_unit_to_its_assignment(flow, web):
    proposal = flow.assigned()
    clerk = web("transport")
    [notification] = re.findall(r'href="/notifications/(\d+)"', clerk.get("/notifications").text)

    opened = clerk.get(f"/notifications/{notification}")

    assert opened.location == f"/assignments/{proposal['assignments'][0]['id']}"
    assert "条未读" not in clerk.get("/workbench").text


def test_a_units_notification_read_by_one_clerk_stays_unread_for_the_other(world, flow, web):
    world.add_user("transport2", "unit", unit="市交通运输局")
    flow.assigned()
    first, second = web("transport"), web("transport2")
    [notification] = re.findall(r'href="/notifications/(\d+)"', first.get("/notifications").text)

    first.get(f"/notifications/{notification}")

    assert "条未读" not in first.get("/workbench").text
    assert '1<span class="sr">条未读' in second.get("/workbench").text
    second.post("/notifications")
    assert "条未读" not in second.get("/workbench").text


def test_a_returned_proposal_offers_its_own_text_for_revision(world, flow, web):
    proposal = flow.submitted()
    world["office"].act("proposal", proposal, "return_for_revision", reason="请补充数据。")

    page = web("zhang").get(f"/proposals/{proposal['id']}")

    form = page.text.split('id="event-submit"', 1)[1].split("</form>", 1)[0]
    assert "城区早晚高峰公交准点率低于70%。</textarea>" in form
    assert 'name="body"' not in form
    assert "请补充数据。" in page.text
