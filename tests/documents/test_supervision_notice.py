"""督办通知: a 督办意见 (the leader's or the office's) is sent to each unit still on the
proposal as a notice of its own; a unit reads only its own, members none of them."""

from tests.documents.pdf import download, listed, page_texts, pdf_of, render
from tests.documents.scenarios import SUPERVISION, UNITS, assigned, supervised
from tests.flows import Flow

KIND = "supervision_notice"


def _notices(client, proposal: dict) -> list[dict]:
    return [d for d in listed(client, proposal["id"]) if d["kind"] == KIND]


def _units(proposal: dict) -> dict[str, int]:
    return {a["unit_name"]: a["id"] for a in proposal["assignments"]}


def test_each_unit_on_the_proposal_gets_its_own_notice(world, clock):
    proposal = supervised(world)
    render(world.app, clock)

    notices = _notices(world["office"], proposal)

    assert sorted(d["assignment_id"] for d in notices) == sorted(_units(proposal).values())
    assert {d["kind_label"] for d in notices} == {"督办通知"}
    assert {d["status"] for d in notices} == {"ready"}
    by_unit = {d["unit_name"]: d["id"] for d in notices}
    text = "".join(page_texts(pdf_of(world["office"], by_unit["市教育局"])))
    assert text.startswith("政协示范市委员会提案委员会办公室督办通知市教育局：")
    assert "由你单位会办，办理期限为2026年4月16日" in text
    assert "于2026年4月16日前提交会办意见" in text
    assert "二、做好与提案人的沟通。" in text


def test_a_unit_reads_its_own_notice_and_not_another_units(world, clock):
    proposal = supervised(world)
    render(world.app, clock)
    ids = _units(proposal)
    by_assignment = {d["assignment_id"]: d["id"] for d in _notices(world["office"], proposal)}

    own = _notices(world["transport"], proposal)

    assert [d["assignment_id"] for d in own] == [ids["市交通运输局"]]
    assert download(world["transport"], by_assignment[ids["市交通运输局"]]).status_code == 200
    assert download(world["transport"], by_assignment[ids["市教育局"]]).status_code == 404
    assert [d["assignment_id"] for d in _notices(world["ecology"], proposal)] == [
        ids["市生态环境局"]
    ]


def test_members_do_not_see_the_notices_and_the_leader_sees_all(world, clock):
    proposal = supervised(world)
    render(world.app, clock)
    notices = _notices(world["office"], proposal)

    assert _notices(world["zhang"], proposal) == []
    assert {download(world["zhang"], d["id"]).status_code for d in notices} == {404}
    assert len(_notices(world["leader"], proposal)) == len(UNITS)


def test_a_returned_unit_gets_no_notice(world, clock):
    office = world["office"]
    proposal = assigned(world, units=(("市交通运输局", "lead"), ("市教育局", "assisting")))
    education = world["education"]
    mine = education.assignment(_units(proposal)["市教育局"])
    mine = education.act("assignment", mine, "request_return", reason="非本单位职责。")
    office.act("assignment", mine, "approve_return")

    world["leader"].act(
        "proposal", office.proposal(proposal["id"]), "supervise", comment="请加快。"
    )
    render(world.app, clock)

    assert [d["unit_name"] for d in _notices(office, proposal)] == ["市交通运输局"]


def test_the_office_supervising_an_ordinary_proposal_signs_as_the_committee(world, clock):
    proposal = Flow(world).assigned()
    office = world["office"]

    office.act("proposal", proposal, "supervise", comment="请按期答复。")
    render(world.app, clock)

    [notice] = _notices(office, proposal)
    text = "".join(page_texts(pdf_of(office, notice["id"])))
    assert "政协示范市委员会提案委员会提出督办意见如下：请按期答复。" in text
    assert "重点提案" not in text and "抄送" not in text


def test_supervising_an_accepted_proposal_before_assignment_writes_no_notice(world, clock):
    office = world["office"]
    proposal = office.act("proposal", Flow(world).accepted(), "mark_key", leaders=["leader"])

    world["leader"].act("proposal", proposal, "supervise", comment=SUPERVISION)
    render(world.app, clock)

    assert _notices(office, proposal) == []
