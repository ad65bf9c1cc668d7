"""已有相似提案 on the filing form: shown as the member writes, and again with a refused form."""

from __future__ import annotations

ELEVATOR = {
    "title": "关于加快老旧小区加装电梯的建议",
    "category": "society",
    "body": "老旧小区多为六层以下住宅，老人上下楼困难。加装电梯资金筹措难、低层住户意见不一。"
    "建议财政给予补贴，简化审批，建立协调机制。",
}
TYPED = {
    "title": "关于推进老小区增设电梯的提案",
    "background": "不少老旧住宅没有电梯，高龄老人出行不便。",
    "analysis": "增设电梯面临资金和邻里协调难题。",
    "suggestions": "加大补贴力度，优化报建审批流程。",
}



def test_the_form_asks_and_shows_the_accepted_proposal_alike(world, flow, web):
    accepted = world["office"].act("proposal", flow.submitted(**ELEVATOR), "accept")

    page = web("wang").post("/proposals/similar", TYPED)

    assert page.status == 200
    assert "已有相似提案" in page.text
    assert accepted["title"] in page.text and accepted["number_label"] in page.text
    assert "已立案待交办" in page.text


def test_nothing_alike_gives_an_empty_answer(world, flow, web):
    world["office"].act("proposal", flow.submitted(**ELEVATOR), "accept")

    page = web("wang").post("/proposals/similar", {"title": "关于规范预付卡消费的建议"})

    assert page.status == 200 and page.text.strip() == ""


def test_a_member_is_not_shown_proposals_not_yet_accepted(world, flow, web):
    flow.submitted(**ELEVATOR)

    assert web("wang").post("/proposals/similar", TYPED).text.strip() == ""
    assert "已有相似提案" in web("office").post("/proposals/similar", TYPED).text


def test_a_unit_gets_no_list(world, web):
    assert web("transport").post("/proposals/similar", TYPED).status == 403


def test_the_form_carries_the_place_and_a_refused_form_shows_the_list(world, flow, web):
    world["office"].act("proposal", flow.submitted(**ELEVATOR), "accept")

    empty = web("wang").get("/proposals/new")
    assert 'data-similar="/proposals/similar"' in empty.text
    assert "已有相似提案" not in empty.text

    refused = web("wang").post("/proposals/new", {**TYPED, "action": "submit"})  # no category
    assert refused.status == 422
    assert "已有相似提案" in refused.text
