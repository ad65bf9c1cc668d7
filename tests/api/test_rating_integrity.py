"""A member's rating is the member's: only they, or designated staff from a signed paper form,
enter it, and the unit reads it only once it is submitted (members complained of 被满意)."""

from tests.flows import Flow


def test_committee_staff_not_designated_cannot_rate_for_a_member(world):
    flow = Flow(world)
    proposal = flow.replied()
    before = world["office2"].proposal(proposal["id"])

    response = world["office2"].fire("proposal", before, "evaluate", ratings=flow.ratings(before))

    assert (response.status, response.error["code"]) == (409, "guard_failed")
    assert "代录" in response.error["message"]
    assert world["office2"].proposal(proposal["id"])["version"] == before["version"]


def test_designated_staff_rating_is_marked_as_entered_for_the_member(world):
    flow = Flow(world)
    proposal = world["office"].proposal(flow.replied()["id"])

    world["office"].act("proposal", proposal, "evaluate", ratings=flow.ratings(proposal))

    [rating] = world["transport"].proposal(proposal["id"])["ratings"]
    assert rating["proxy"] is True


def test_unit_sees_no_rating_until_the_member_submits_it(world):
    flow = Flow(world)
    proposal = flow.replied()
    assert world["transport"].proposal(proposal["id"])["ratings"] == []

    member = world["zhang"]
    member.act(
        "proposal",
        member.proposal(proposal["id"]),
        "evaluate",
        ratings=flow.ratings(proposal, "basically_satisfied"),
    )

    [rating] = world["transport"].proposal(proposal["id"])["ratings"]
    assert (rating["result"], rating["proxy"]) == ("basically_satisfied", False)


def test_only_committee_staff_can_be_designated_to_enter_ratings(app):
    runner = app.test_cli_runner()

    result = runner.invoke(
        args=["user", "add", "m9", "--role", "member", "--proxy-rater", "--password-stdin"],
        input="long enough password\n",
    )

    assert result.exit_code != 0
    assert "代录" in result.output
