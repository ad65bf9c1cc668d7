"""相似提案: what a member typing a proposal, and the office merging them, are shown."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from service.db import owners_unit_of_work, unit_of_work
from service.models import SearchTerm
from service.search.upkeep import rebuild

ELEVATOR = {
    "title": "关于加快老旧小区加装电梯的建议",
    "category": "society",
    "body": "我市老旧小区多为六层以下住宅，老人上下楼困难。加装电梯资金筹措难、"
    "低层住户意见不一。建议财政给予补贴，简化审批，建立协调机制。",
}
SAME_IN_OTHER_WORDS = {
    "title": "关于推进老小区增设电梯工作的提案",
    "body": "不少老旧住宅没有电梯，高龄老人出行不便。增设电梯面临资金和邻里协调难题，"
    "建议加大补贴力度，优化报建审批流程。",
}
PARKING = {
    "title": "关于缓解医院周边停车难的建议",
    "category": "society",
    "body": "市区医院周边车位紧张，就医车辆排队占道。建议挖潜建设立体停车设施，错时共享单位车位。",
}
SHARED_WORDS_ONLY = {
    "title": "关于进一步加强和推进农村饮水安全工作的建议",
    "body": "部分农村供水管网老化，水质检测不到位。建议完善农村供水工程建设和管护机制。",
}


def _similar(client, status=200, **body):
    return client.ok("POST", "/proposals/similar", body, status=status)


def test_a_member_typing_the_same_ask_sees_the_accepted_proposal_first(world, flow):
    accepted = flow.accepted(**ELEVATOR)
    flow.accepted(**PARKING)

    items = _similar(world["wang"], **SAME_IN_OTHER_WORDS)["items"]

    assert items[0]["id"] == accepted["id"]
    assert items[0]["number_label"] == accepted["number_label"]
    assert items[0]["year"] == accepted["year"]
    assert items[0]["state_label"] == "已立案待交办"
    assert 0 < items[0]["score"] <= 1
    assert set(items[0]) == {"id", "title", "number_label", "year", "state", "state_label", "score"}
    assert accepted["id"] not in [
        i["id"] for i in _similar(world["wang"], **SHARED_WORDS_ONLY)["items"]
    ]


def test_unrelated_texts_sharing_only_the_usual_words_find_nothing(world, flow):
    flow.accepted(**ELEVATOR)
    flow.accepted(**PARKING)

    assert _similar(world["office"], **SHARED_WORDS_ONLY)["items"] == []


def test_a_member_sees_only_accepted_proposals_the_office_every_filed_one(world, flow):
    submitted = flow.submitted(**ELEVATOR)
    draft = flow.filed(member="wang", **ELEVATOR)

    assert _similar(world["li"], **SAME_IN_OTHER_WORDS)["items"] == []
    found = [item["id"] for item in _similar(world["office"], **SAME_IN_OTHER_WORDS)["items"]]
    assert found == [submitted["id"]]  # the draft is nobody's business but its writer's
    assert draft["id"] not in found

    accepted = world["office"].act("proposal", submitted, "accept")
    assert [i["id"] for i in _similar(world["li"], **SAME_IN_OTHER_WORDS)["items"]] == [
        accepted["id"]
    ]


def test_the_office_merging_excludes_the_proposal_itself(world, flow):
    one = flow.submitted(**ELEVATOR)
    other = flow.submitted(member="wang", **{**ELEVATOR, **SAME_IN_OTHER_WORDS})

    text = {"title": ELEVATOR["title"], "body": ELEVATOR["body"]}
    items = _similar(world["office"], **text, exclude_id=one["id"])["items"]

    assert [item["id"] for item in items] == [other["id"]]


def test_a_text_changed_in_review_is_found_by_its_new_words(world, flow):
    proposal = flow.submitted(**PARKING)
    returned = world["office"].act(
        "proposal", proposal, "return_for_revision", reason="请补充具体建议。"
    )
    world["zhang"].act(
        "proposal", returned, "submit", title=ELEVATOR["title"], body=ELEVATOR["body"]
    )

    found = [i["id"] for i in _similar(world["office"], **SAME_IN_OTHER_WORDS)["items"]]

    assert found == [proposal["id"]]


def test_units_and_leaders_may_not_search(world):
    for who in ("transport", "leader"):
        answer = world[who].ok("POST", "/proposals/similar", SAME_IN_OTHER_WORDS, status=403)
        assert "相似提案" in answer["error"]["message"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "title"),
        ({"title": "   ", "body": ""}, "title"),
        ({"title": "关于", "body": "字" * 50_000}, "body"),
        ({"title": "关于养老", "colour": "red"}, "colour"),
        ({"title": 12}, "title"),
    ],
)
def test_bad_search_text_gets_a_chinese_422_naming_the_field(world, body, field):
    answer = world["office"].ok("POST", "/proposals/similar", body, status=422)

    assert field in answer["error"]["details"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer["error"]["message"])


def test_a_text_of_no_words_finds_nothing_rather_than_everything(world, flow):
    flow.accepted(**ELEVATOR)

    assert _similar(world["zhang"], title="！！！ 123", body="……")["items"] == []


def test_rebuild_derives_the_same_index(app, world, flow):
    flow.accepted(**ELEVATOR)
    flow.submitted(member="wang", **PARKING)
    flow.filed(member="li", **SHARED_WORDS_ONLY)  # a draft: not indexed
    with app.app_context(), unit_of_work() as session:
        before = sorted(session.execute(select(SearchTerm.term, SearchTerm.proposal_id)).all())
    with app.app_context(), owners_unit_of_work() as session:  # as `search rebuild` does
        assert rebuild(session) == 2
    with app.app_context(), unit_of_work() as session:
        after = sorted(session.execute(select(SearchTerm.term, SearchTerm.proposal_id)).all())
        assert session.scalar(select(func.count(func.distinct(SearchTerm.proposal_id)))) == 2
    assert after == before
