"""What a letter or notice says of the proposal it answers: its title named once as a 提案, a
second round's letter headed 再次答复, and 主办 listed before 会办 whatever the order of 交办."""

from __future__ import annotations

from tests.documents.pdf import page_texts, pdf_of, render, rows
from tests.flows import Flow


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
