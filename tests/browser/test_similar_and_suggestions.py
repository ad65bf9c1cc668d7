"""A member writing sees 已有相似提案 appear beside the form; the office assigning a proposal
picks a suggested lead unit with one click."""

from __future__ import annotations

from playwright.sync_api import expect

ELEVATOR = {
    "title": "关于加快老旧小区加装电梯的建议",
    "category": "society",
    "body": "老旧小区多为六层以下住宅，老人上下楼困难。加装电梯资金筹措难、低层住户意见不一。"
    "建议财政给予补贴，简化审批，建立协调机制。",
}



def test_similar_proposals_appear_as_the_member_writes(world, flow, enter, shots):
    accepted = world["office"].act("proposal", flow.submitted(**ELEVATOR), "accept")
    member = enter("wang")
    member.goto("/proposals/new")
    similar = member.locator("#similar")
    expect(similar).to_be_hidden()

    member.get_by_label("案由").fill("关于推进老小区增设电梯的提案")
    member.get_by_label("背景情况").fill("不少老旧住宅没有电梯，高龄老人出行不便，增设电梯资金难。")

    expect(similar).to_be_visible()
    expect(similar).to_contain_text("已有相似提案")
    expect(similar).to_contain_text(f"{accepted['number_label']}")
    expect(similar).to_contain_text(accepted["title"])
    shots(member, "similar-while-writing")

    member.get_by_label("案由").fill("关于规范预付卡消费的建议")
    member.get_by_label("背景情况").fill("健身美容行业预付卡经营者跑路，消费者维权难。")
    expect(similar).to_be_hidden()


def test_the_office_sets_a_suggested_unit_as_lead_with_one_click(world, flow, enter, shots):
    past = flow.assigned(units=(("市教育局", "lead"),), **ELEVATOR)
    proposal = world["office"].act(
        "proposal",
        flow.submitted(
            title="关于推进老小区增设电梯的提案",
            body="老旧住宅增设电梯资金难、协调难，建议加大补贴。",
        ),
        "accept",
    )
    office = enter("office")
    office.goto(f"/proposals/{proposal['id']}#event-assign")

    suggested = office.locator(".suggested")
    expect(suggested).to_contain_text("市教育局")
    expect(suggested).to_contain_text(past["number_label"])
    shots(office, "suggested-units")
    suggested.get_by_role("button", name="设为主办").first.click()

    expect(office.locator("#assign-units-chosen")).to_contain_text("市教育局（主办）")
    office.locator("#event-assign").get_by_role("button", name="交办").click()
    expect(office.locator(".assignments, main")).to_contain_text("市教育局")
    assert world["office"].proposal(proposal["id"])["assignments"][0]["unit_name"] == "市教育局"


def test_the_office_finds_a_unit_by_the_short_name_it_uses(world, flow, enter):
    proposal = world["office"].act("proposal", flow.submitted(), "accept")
    office = enter("office")
    office.goto(f"/proposals/{proposal['id']}#event-assign")
    rows = office.locator("#assign-units-list tr")
    search = office.get_by_label("查找单位")

    search.fill("卫健委")
    expect(rows.filter(has_text="市卫生健康委员会")).to_be_visible()
    expect(rows.filter(has_text="市交通运输局")).to_be_hidden()

    search.fill("交通局")
    expect(rows.filter(has_text="市交通运输局")).to_be_visible()
    expect(rows.filter(has_text="市卫生健康委员会")).to_be_hidden()

    search.fill("主办")  # the words of the choices beside each name find no unit
    expect(rows.filter(has_text="市交通运输局")).to_be_hidden()
