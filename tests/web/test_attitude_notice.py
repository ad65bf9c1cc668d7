"""The office is told of each unit whose attitude (办理态度) the proposer rated 不满意, also when
the result is 满意 (which re-opens nothing); a satisfied attitude and a co-signer's own rating
tell it nothing more."""

from __future__ import annotations

from tests.web.test_notifications import named, opened, sentences

UNITS = (("市交通运输局", "separate"), ("市生态环境局", "separate"))


def _attitudes(proposal: dict, bad: set[str], result: str = "satisfied") -> list[dict]:
    return [
        {
            "assignment_id": a["id"],
            "attitude": "unsatisfied" if a["unit_name"] in bad else "satisfied",
            "result": result,
        }
        for a in proposal["assignments"]
    ]


def _notices(office) -> list[str]:
    return [s for s in sentences(office, "?kind=rating") if "的态度评为" in s]


def test_the_office_is_told_of_each_unit_whose_attitude_was_rated_unsatisfied(world, flow, web):
    proposal = flow.replied(UNITS)
    ratings = _attitudes(proposal, {"市交通运输局", "市生态环境局"})

    world["zhang"].act("proposal", proposal, "evaluate", ratings=ratings)

    office = web("office")
    assert _notices(office) == [
        f"提案人对{unit}办理{named(proposal)}的态度评为“不满意”（办理结果“满意”），请关注并督促改进。"
        for unit in ("市生态环境局", "市交通运输局")
    ]
    transport = next(a for a in proposal["assignments"] if a["unit_name"] == "市交通运输局")
    assert opened(office, _notices(office)[1]) == f"/assignments/{transport['id']}"


def test_a_paper_form_says_it_was_entered_by_the_office(world, flow, web):
    proposal = flow.replied(UNITS)

    world["office"].act(
        "proposal",
        proposal,
        "evaluate",
        ratings=_attitudes(proposal, {"市生态环境局"}, "unsatisfied"),
    )

    assert _notices(web("office")) == [
        f"提案人对市生态环境局办理{named(proposal)}的态度评为“不满意”（办理结果“不满意”）"
        "（据纸质测评表代录），请关注并督促改进。"
    ]


def test_units_and_proposers_are_not_sent_the_office_notice(world, flow, web):
    proposal = flow.replied(UNITS)

    world["zhang"].act(
        "proposal", proposal, "evaluate", ratings=_attitudes(proposal, {"市交通运输局"})
    )

    for who in ("transport", "ecology", "zhang"):
        assert not [s for s in sentences(web(who)) if "的态度评为" in s]


def test_satisfied_attitudes_and_a_co_signers_rating_tell_the_office_nothing_more(world, flow, web):
    proposal = flow.replied(UNITS)
    world["zhang"].act("proposal", proposal, "evaluate", ratings=_attitudes(proposal, set()))

    cosigned = _co_signed_and_replied(world, flow)
    li = world["li"]
    li.act(
        "proposal",
        li.proposal(cosigned["id"]),
        "add_rating",
        ratings=_attitudes(cosigned, {"市交通运输局"}),
    )

    assert _notices(web("office")) == []


def _co_signed_and_replied(world, flow) -> dict:
    office, li = world["office"], world["li"]
    proposal = flow.submitted(co_signers=["li"])
    li.act("proposal", li.proposal(proposal["id"]), "cosign")
    proposal = office.act("proposal", office.proposal(proposal["id"]), "accept")
    units = [{"unit_id": world.units["市交通运输局"], "role": "lead"}]
    proposal = office.act("proposal", proposal, "assign", units=units)
    flow.handle(proposal["assignments"][0])
    return office.proposal(proposal["id"])
