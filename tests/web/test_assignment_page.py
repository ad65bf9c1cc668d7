"""The assignment page as a unit's clerk reads it: the other units on the proposal, the notices
and letters that concern this unit, and a 会办 unit's own words for what it has done."""

from __future__ import annotations

import re

from tests.documents.pdf import render

BOTH = (("市教育局", "assisting"), ("市交通运输局", "lead"))


def _assignment_of(proposal: dict, unit: str) -> dict:
    return next(a for a in proposal["assignments"] if a["unit_name"] == unit)


def _text(page) -> str:
    return re.sub(r"<[^>]+>", "", page.text)


def test_an_assisting_unit_that_sent_its_opinion_reads_that_it_did_not_replied(world, flow, web):
    proposal = flow.assigned(BOTH)
    opinion = _assignment_of(proposal, "市教育局")
    flow.handle(opinion)

    shown = world["education"].assignment(opinion["id"])
    page = web("education").get(f"/assignments/{opinion['id']}")

    assert shown["state"] == "replied"
    assert shown["state_label"] == "已提交会办意见"
    assert '<span class="state">已提交会办意见</span>' in page.text
    assert "办前沟通" not in _text(page), "办前沟通 is the lead's, not the 会办 unit's"


def test_the_lead_sees_its_assisting_unit_and_whether_the_opinion_is_in(world, flow, web):
    proposal = flow.assigned(BOTH)
    lead = _assignment_of(proposal, "市交通运输局")

    before = _text(web("transport").get(f"/assignments/{lead['id']}"))
    flow.handle(_assignment_of(proposal, "市教育局"))
    after = _text(web("transport").get(f"/assignments/{lead['id']}"))

    assert "其他承办单位" in before and "市教育局（会办）" in before
    assert "已提交会办意见" not in before
    assert "市教育局（会办） · 已提交会办意见" in after


def test_the_assisting_unit_sees_the_lead_but_not_how_far_it_has_got(world, flow, web):
    proposal = flow.assigned(BOTH)
    opinion = _assignment_of(proposal, "市教育局")

    text = _text(web("education").get(f"/assignments/{opinion['id']}"))

    assert "市交通运输局（主办）" in text
    assert "办理中" not in text.split("其他承办单位", 1)[1].split("第一提案人", 1)[0]


def test_the_page_lists_the_units_notice_and_its_own_letter_not_another_units(
    world, flow, web, clock
):
    proposal = flow.replied((("市交通运输局", "separate"), ("市教育局", "separate")))
    render(world.app, clock)
    transport = _assignment_of(proposal, "市交通运输局")

    page = web("transport").get(f"/assignments/{transport['id']}")
    documents = page.text.split('id="documents-heading"', 1)[1]

    assert "提案交办通知书（PDF）" in documents
    assert documents.count("提案答复函（PDF）") == 1
    assert "市交通运输局 · 可下载" in documents
    assert "市教育局" not in documents


def test_a_second_round_letter_is_listed_with_its_round(world, flow, web, clock):
    proposal = flow.replied()
    member = world["zhang"]
    ratings = flow.ratings(member.proposal(proposal["id"]), "unsatisfied")
    member.act("proposal", member.proposal(proposal["id"]), "evaluate", ratings=ratings)
    flow.handle(proposal["assignments"][0])
    render(world.app, clock)

    listed = world["office"].get(f"/proposals/{proposal['id']}/documents").json
    letters = [d for d in listed if d["kind"] == "reply_letter"]
    page = _text(web("office").get(f"/proposals/{proposal['id']}"))

    assert [d["round"] for d in letters] == [1, 2]
    assert {d["unit_name"] for d in letters} == {"市交通运输局"}
    assert all(d["round"] is None for d in listed if d["kind"] != "reply_letter")
    assert page.count("提案答复函（第2轮 · 再次答复）（PDF）") == 1


def test_the_proposal_page_lists_the_lead_before_the_assisting_unit(world, flow, web):
    proposal = flow.assigned(BOTH)

    text = _text(web("office").get(f"/proposals/{proposal['id']}"))

    assert text.index("市交通运输局") < text.index("市教育局")


def test_the_assign_form_suggests_the_unit_that_led_a_similar_proposal(world, flow, web):
    elevator = {
        "title": "关于加快老旧小区加装电梯的建议",
        "body": "老旧小区老人上下楼困难，加装电梯资金筹措难、低层住户意见不一，建议财政补贴。",
    }
    past = flow.assigned(units=(("市教育局", "lead"),), **elevator)
    proposal = world["office"].act(
        "proposal",
        flow.submitted(
            title="关于推进老小区增设电梯的提案",
            body="老旧住宅增设电梯资金难、协调难，建议加大补贴。",
        ),
        "accept",
    )

    office = web("office").get(f"/proposals/{proposal['id']}")
    member = web("zhang").get(f"/proposals/{proposal['id']}")

    assert "建议主办单位" in office.text
    suggested = office.text.split('class="suggested"')[1].split("</div>")[0]
    assert "市教育局" in suggested and past["number_label"] in suggested
    unit = world.units["市教育局"]
    assert f'data-lead="assign-units-{unit}"' in suggested  # the button sets that unit's select
    assert f'<select id="assign-units-{unit}"' in office.text
    assert "建议主办单位" not in member.text


def test_the_page_counts_down_to_the_nearest_deadline_and_names_it(world, flow, web):
    proposal = flow.assigned(BOTH)
    pending = _assignment_of(proposal, "市教育局")

    before = web("education").get(f"/assignments/{pending['id']}").text
    world["education"].act("assignment", world["education"].assignment(pending["id"]), "sign")
    after = web("education").get(f"/assignments/{pending['id']}").text

    # Assigned on 2026-03-16 (a Monday): 签收 within 3 working days, the opinion within a month.
    assert re.search(r'<span class="due soon">签收还剩3天</span>', before)
    assert re.search(r'<span class="due ">会办意见还剩\d+天</span>', after)
