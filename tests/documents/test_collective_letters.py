"""A collective proposal's notices and reply letter are written to its organisation (民盟市委会：
贵单位提出的…), not to the member who filed it for the organisation."""

from __future__ import annotations

from tests.documents.pdf import page_texts, pdf_of, render, rows
from tests.flows import PARTS, Flow

TITLE = "关于加强民营企业融资服务的提案"


def _texts(world, kind: str) -> list[str]:
    office = world.login("office")
    return [
        "".join(page_texts(pdf_of(office, d.id)))
        for d in sorted(rows(world.app), key=lambda d: d.id)
        if d.kind == kind
    ]


def _collective_replied(world, name="民盟市委会", kind="party") -> dict:
    organisation = world["office"].ok(
        "POST", "/organisations", {"name": name, "kind": kind, "contacts": ["zhang", "li"]}, 201
    )
    body = {"title": TITLE, "category": "economy", "type": "collective", **PARTS}
    filed = world["zhang"].ok(
        "POST", "/proposals", {**body, "organisation_id": organisation["id"], "submit": True}, 201
    )
    office, flow = world["office"], Flow(world)
    accepted = office.act("proposal", filed, "accept")
    unit = {"unit_id": world.units["市交通运输局"], "role": "lead"}
    assigned = office.act("proposal", accepted, "assign", units=[unit])
    flow.handle(assigned["assignments"][0])
    return office.proposal(filed["id"])


def test_the_reply_letter_is_written_to_the_organisation(world, clock):
    _collective_replied(world)
    render(world.app, clock)

    [letter] = _texts(world, "reply_letter")

    assert letter.count("现答复如下") == 1
    assert f"民盟市委会：贵单位提出的《{TITLE}》收悉" in letter
    assert "尊敬的" not in letter and "张伟" not in letter


def test_the_acceptance_notice_is_addressed_to_the_organisation(world, clock):
    _collective_replied(world)
    render(world.app, clock)

    [notice] = _texts(world, "acceptance_notice")

    assert f"民盟市委会：贵单位提出的《{TITLE}》" in notice
    assert "办理情况将及时告知贵单位" in notice
    assert "张伟" not in notice and "委员：" not in notice


def test_a_sector_is_spoken_to_as_such(world, clock):
    _collective_replied(world, name="经济界别", kind="sector")
    render(world.app, clock)

    [letter] = _texts(world, "reply_letter")

    assert f"经济界别：贵界别提出的《{TITLE}》收悉" in letter


def test_a_merged_collective_proposal_is_answered_to_its_organisation(world, clock):
    organisation = world["office"].ok(
        "POST", "/organisations", {"name": "民建市委会", "kind": "party", "contacts": ["wang"]}, 201
    )
    body = {"title": "关于优化营商环境的提案", "category": "economy", **PARTS, "submit": True}
    collective = world["wang"].ok(
        "POST", "/proposals", {**body, "organisation_id": organisation["id"]}, 201
    )
    flow, office = Flow(world), world["office"]
    target = flow.accepted(title="关于提升城区公交准点率的提案")
    office.act("proposal", office.proposal(collective["id"]), "merge", into=target["id"])
    unit = {"unit_id": world.units["市交通运输局"], "role": "lead"}
    assigned = office.act("proposal", office.proposal(target["id"]), "assign", units=[unit])
    flow.handle(assigned["assignments"][0])
    render(world.app, clock)

    [letter] = _texts(world, "reply_letter")

    assert "尊敬的张伟委员：您领衔提出的《关于提升城区公交准点率的提案》收悉" in letter
    assert "民建市委会：贵单位提出的《关于优化营商环境的提案》收悉" in letter
    assert "尊敬的王芳委员" not in letter


def test_every_contact_reads_the_letter_a_member_outside_does_not(world, clock):
    proposal = _collective_replied(world)
    render(world.app, clock)

    kinds = {
        d["kind"]: d["id"] for d in world["li"].ok("GET", f"/proposals/{proposal['id']}/documents")
    }

    assert "reply_letter" in kinds
    assert pdf_of(world["li"], kinds["reply_letter"]).startswith(b"%PDF")
    assert world["wang"].get(f"/documents/{kinds['reply_letter']}").status == 404
