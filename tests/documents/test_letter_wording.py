"""What a letter or notice says of the proposal it answers: its title named once as a 提案, a
second round's letter headed 再次答复, and 主办 listed before 会办 whatever the order of 交办."""

from __future__ import annotations

from tests.documents.pdf import page_texts, pdf_of, render, rows
from tests.flows import REPLY, Flow


def _texts(world, kind: str) -> list[str]:
    office = world.login("office")
    return [
        "".join(page_texts(pdf_of(office, d.id)))
        for d in sorted(rows(world.app), key=lambda d: d.id)
        if d.kind == kind
    ]


def test_a_title_ending_in_the_word_is_not_followed_by_it_again(world, clock):
    Flow(world).replied(title="关于加强校园周边交通安全的提案")
    render(world.app, clock)

    [acceptance] = _texts(world, "acceptance_notice")
    [letter] = _texts(world, "reply_letter")

    for text in (acceptance, letter):
        assert "《关于加强校园周边交通安全的提案》" in text
        assert "提案》提案" not in text


def test_a_second_rounds_letter_is_headed_as_such(world, clock):
    flow = Flow(world)
    proposal = flow.replied()
    member = world["zhang"]
    ratings = flow.ratings(member.proposal(proposal["id"]), "unsatisfied")
    member.act("proposal", member.proposal(proposal["id"]), "evaluate", ratings=ratings)
    flow.handle(proposal["assignments"][0])
    render(world.app, clock)

    first, second = _texts(world, "reply_letter")

    assert "提案的答复" in first and "再次答复" not in first
    assert "提案的再次答复" in second


def test_the_assignment_notice_lists_the_lead_before_the_assisting_unit(world, clock):
    Flow(world).assigned((("市教育局", "assisting"), ("市交通运输局", "lead")))
    render(world.app, clock)

    [notice] = _texts(world, "assignment_notice")

    assert notice.index("市交通运输局") < notice.index("市教育局")


def _cosigned(world, member: str, cosigner: str, **fields) -> dict:
    flow = Flow(world)
    filed = flow.submitted(member, co_signers=[cosigner], **fields)
    return world[cosigner].act("proposal", world[cosigner].proposal(filed["id"]), "cosign")


def _reply_to(world, proposal: dict) -> None:
    office, flow = world["office"], Flow(world)
    proposal = office.act("proposal", office.proposal(proposal["id"]), "accept")
    unit = {"unit_id": world.units["市交通运输局"], "role": "lead"}
    assigned = office.act("proposal", proposal, "assign", units=[unit])
    flow.handle(assigned["assignments"][0])


def test_each_proposer_of_a_joint_proposal_receives_a_letter_of_their_own(world, clock):
    _reply_to(world, _cosigned(world, "zhang", "li", title="关于增设公交线路的提案"))
    render(world.app, clock)

    [letter] = _texts(world, "reply_letter")

    assert letter.count("现答复如下") == 2
    assert "尊敬的张伟委员：您领衔提出的《关于增设公交线路的提案》收悉" in letter
    assert "尊敬的李娜委员：张伟委员领衔、您联名提出的《关于增设公交线路的提案》收悉" in letter
    assert letter.index("尊敬的张伟委员") < letter.index("尊敬的李娜委员")


def test_notices_to_all_of_a_joint_proposals_proposers_say_who_led_it(world, clock):
    proposal = _cosigned(world, "zhang", "li", title="关于增设公交线路的提案")
    world["office"].act("proposal", world["office"].proposal(proposal["id"]), "accept")
    rejected = _cosigned(world, "wang", "li", title="关于推介某品牌饮料的提案")
    world["office"].act("proposal", rejected, "reject", reason_code="promotion", disposition="none")
    render(world.app, clock)

    [acceptance] = _texts(world, "acceptance_notice")
    [rejection] = _texts(world, "rejection_notice")

    assert "张伟委员、李娜委员：张伟委员领衔、李娜委员联名提出的《关于增设公交线路" in acceptance
    assert "王芳委员、李娜委员：王芳委员领衔、李娜委员联名提出的《关于推介某品牌" in rejection
    assert "您领衔" not in acceptance + rejection


def test_the_proposers_of_a_merged_proposal_are_answered_with_their_own_title(world, clock):
    office, flow = world["office"], Flow(world)
    target = flow.submitted("wang", title="关于优化公交线网的提案")
    merged = _cosigned(world, "zhang", "li", title="关于增开夜间公交的提案")
    office.act("proposal", merged, "merge", into=target["id"])
    _reply_to(world, target)
    render(world.app, clock)

    [letter] = _texts(world, "reply_letter")

    assert letter.count("尊敬的") == 3
    assert "尊敬的王芳委员：您领衔提出的《关于优化公交线网的提案》收悉" in letter
    for name in ("张伟", "李娜"):
        assert (
            f"尊敬的{name}委员：您提出的《关于增开夜间公交的提案》收悉。"
            "该提案已与《关于优化公交线网的提案》并案办理" in letter
        )


def test_an_individual_proposal_has_one_letter(world, clock):
    Flow(world).replied()
    render(world.app, clock)

    [letter] = _texts(world, "reply_letter")

    assert letter.count("尊敬的") == 1


def test_a_one_paragraph_answer_opening_with_thanks_stays_before_the_commitments(world, clock):
    flow, proposal = Flow(world), Flow(world).assigned()
    reply = {
        **{k: v for k, v in REPLY.items() if k != "no_commitment_reason"},
        "body": "感谢您的提案。经研究，我局将分两年加密公交专用道。",
        "commitments": [{"text": "新增公交专用道12公里", "due_date": "2026-12-31"}],
    }
    flow.handle(proposal["assignments"][0], reply=reply)
    render(world.app, clock)

    [letter] = _texts(world, "reply_letter")

    assert letter.index("我局将分两年加密公交专用道") < letter.index("我单位承诺办理以下事项")
