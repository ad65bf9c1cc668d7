"""承办单位建议: the committee assigning a proposal sees the units that led similar ones."""

from __future__ import annotations

from service.db import unit_of_work
from service.models import Unit

ELEVATOR = {
    "title": "关于加快老旧小区加装电梯的建议",
    "category": "society",
    "body": "老旧小区多为六层以下住宅，老人上下楼困难。加装电梯资金筹措难、低层住户意见不一。"
    "建议财政给予补贴，简化审批，建立协调机制。",
}
ELEVATOR_AGAIN = {
    "title": "关于推进老小区增设电梯的提案",
    "category": "society",
    "body": "不少老旧住宅没有电梯，高龄老人出行不便。增设电梯面临资金和邻里协调难题，"
    "建议加大补贴力度，优化报建审批流程。",
}
SCHOOL = {
    "title": "关于做好中小学课后服务的建议",
    "category": "society",
    "body": "课后服务内容单一，教师负担重。建议引入社会力量，丰富课后服务课程，合理核定教师补助。",
}
RETURN = {"reason": "该事项不属于本单位职责。"}


def _suggested(world, proposal, who="office", status=200):
    return world[who].ok("GET", f"/proposals/{proposal['id']}/suggested-units", status=status)


def test_the_unit_that_led_a_similar_proposal_comes_first_with_the_reason(world, flow):
    past = flow.assigned(units=(("市教育局", "lead"),), **ELEVATOR)
    flow.assigned(units=(("市交通运输局", "lead"),), **SCHOOL)
    new = flow.accepted(**ELEVATOR_AGAIN)

    items = _suggested(world, new)["items"]

    assert items[0]["unit_id"] == world.units["市教育局"]
    assert items[0]["name"] == "市教育局"
    assert any(
        past["number_label"] in reason and "主办" in reason for reason in items[0]["reasons"]
    )
    assert 0 < items[0]["score"] <= 1
    assert len(items) <= 3
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)


def test_a_unit_that_returned_a_similar_proposal_as_not_its_duty_is_not_suggested(world, flow):
    past = flow.assigned(units=(("市交通运输局", "lead"),), **ELEVATOR)
    assignment = world["transport"].assignment(past["assignments"][0]["id"])
    requested = world["transport"].act("assignment", assignment, "request_return", **RETURN)
    world["office"].act(
        "assignment",
        requested,
        "approve_return",
        reassign_to=[{"unit_id": world.units["市教育局"], "role": "lead"}],
    )
    new = flow.accepted(**ELEVATOR_AGAIN)

    names = [item["name"] for item in _suggested(world, new)["items"]]

    assert names[0] == "市教育局"
    assert "市交通运输局" not in names


def test_a_proposal_like_none_before_gets_its_categorys_usual_units(world, flow):
    flow.assigned(units=(("市教育局", "lead"),), **SCHOOL)
    new = flow.accepted(
        title="关于规范预付卡消费的建议",
        category="society",
        body="健身美容等行业预付卡经营者跑路，消费者维权难。建议建立预付资金存管制度。",
    )

    items = _suggested(world, new)["items"]

    assert [item["name"] for item in items] == ["市教育局"]
    assert any("社会建设类提案中该单位主办过1件" in reason for reason in items[0]["reasons"])


def test_a_unit_no_longer_in_use_is_never_suggested(app, world, flow):
    flow.assigned(units=(("市教育局", "lead"),), **ELEVATOR)
    new = flow.accepted(**ELEVATOR_AGAIN)
    with app.app_context(), unit_of_work() as session:
        session.get(Unit, world.units["市教育局"]).active = False

    assert "市教育局" not in [item["name"] for item in _suggested(world, new)["items"]]


def test_with_no_history_there_is_nothing_to_suggest(world, flow):
    assert _suggested(world, flow.accepted(**ELEVATOR))["items"] == []


def test_only_the_office_reads_suggestions(world, flow):
    proposal = flow.accepted(**ELEVATOR)

    answer = _suggested(world, proposal, who="zhang", status=403)
    assert "承办单位建议" in answer["error"]["message"]
    _suggested(world, proposal, who="wang", status=404)
