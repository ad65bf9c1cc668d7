"""The definitions behind the figures, one at a time: on time, overdue, extensions, adoption
per answer, co-signers' and proxy ratings, lapsed evaluations, drafts and other years."""

from datetime import datetime

from tests.conftest import SHANGHAI
from tests.flows import REPLY, Flow
from tests.stats.history import add_session, assignment_of, move, run_sweep

AFTER_DEADLINE = datetime(2026, 6, 17, 10, 0, tzinfo=SHANGHAI)  # replies were due 2026-06-16
ONE = ("市交通运输局", "lead")


def _stats(world) -> dict:
    return world["office"].ok("GET", "/stats?year=2026")


def _parts(world, *names) -> dict:
    figures = _stats(world)
    return {name: figures["rate_parts"][name] for name in names}


def test_a_reply_still_owed_after_its_deadline_is_overdue_and_late(world):
    Flow(world).assigned((ONE,))
    move(world, AFTER_DEADLINE)
    run_sweep(world)

    figures = _stats(world)

    assert (figures["overdue"], figures["replied"], figures["replied_on_time"]) == (1, 0, 0)
    assert figures["by_unit"][0]["overdue"] == 1


def test_a_late_reply_counts_as_replied_but_not_on_time(world):
    flow = Flow(world)
    proposal = flow.assigned((ONE,))
    move(world, AFTER_DEADLINE)
    run_sweep(world)

    flow.handle(assignment_of(world, proposal, "市交通运输局"))

    assert _parts(world, "reply_rate", "on_time_reply_rate") == {
        "reply_rate": [1, 1],
        "on_time_reply_rate": [0, 1],
    }
    assert _stats(world)["overdue"] == 0


def test_a_reply_within_an_approved_extension_is_on_time(world):
    flow = Flow(world)
    proposal = flow.assigned((ONE,))
    clerk, office = world["transport"], world["office"]
    lead = clerk.act("assignment", assignment_of(world, proposal, "市交通运输局"), "sign")
    clerk.act(
        "assignment", lead, "request_extension", until="2026-07-15", reason="需征求多部门意见。"
    )
    office.act("assignment", office.assignment(lead["id"]), "approve_extension")
    move(world, AFTER_DEADLINE)
    run_sweep(world)

    flow.handle(world["transport"].assignment(lead["id"]))

    assert _parts(world, "on_time_reply_rate")["on_time_reply_rate"] == [1, 1]


def test_adoption_counts_answers_not_proposals(world):
    flow = Flow(world)
    proposal = flow.assigned((("市交通运输局", "separate"), ("市生态环境局", "separate")))

    flow.handle(assignment_of(world, proposal, "市交通运输局"), reply={**REPLY, "category": "A"})
    flow.handle(assignment_of(world, proposal, "市生态环境局"), reply={**REPLY, "category": "D"})

    figures = _stats(world)
    assert figures["categories"] == {"A": 1, "B": 0, "C": 0, "D": 1}
    assert (figures["replied"], figures["rate_parts"]["adoption_rate"]) == (1, [1, 2])


def _co_signed_and_replied(world) -> dict:
    """A proposal co-signed by li, answered by the transport bureau."""
    flow, office, li = Flow(world), world["office"], world["li"]
    proposal = flow.submitted(co_signers=["li"])
    li.act("proposal", li.proposal(proposal["id"]), "cosign")
    proposal = office.act("proposal", office.proposal(proposal["id"]), "accept")
    units = [{"unit_id": world.units["市交通运输局"], "role": "lead"}]
    proposal = office.act("proposal", proposal, "assign", units=units)
    flow.handle(assignment_of(world, proposal, "市交通运输局"))
    return office.proposal(proposal["id"])


def test_a_co_signers_own_rating_does_not_count_but_a_proxy_rating_does(world):
    flow, li = Flow(world), world["li"]
    proposal = _co_signed_and_replied(world)

    world["office"].act("proposal", proposal, "evaluate", ratings=flow.ratings(proposal))
    own = flow.ratings(proposal, "unsatisfied")
    li.act("proposal", li.proposal(proposal["id"]), "add_rating", ratings=own)

    figures = _stats(world)
    counted = ("rated_forms", "satisfied_forms", "unsatisfied_forms")
    assert {name: figures[name] for name in counted} == dict(zip(counted, (1, 1, 0), strict=True))


def test_a_lapsed_evaluation_is_replied_but_not_rated(world):
    Flow(world).replied((ONE,))
    move(world, AFTER_DEADLINE)
    run_sweep(world)

    figures = _stats(world)

    assert (figures["answers"], figures["rated_forms"], figures["lapsed_forms"]) == (1, 0, 1)
    assert figures["rate_parts"]["satisfaction_rate"] == [0, 0]
    assert figures["satisfaction_rate"] is None
    assert figures["rate_parts"]["satisfaction_rate_all_replied"] == [0, 1]


def test_drafts_and_other_years_are_not_counted(world):
    flow = Flow(world)
    flow.filed()
    flow.submitted(session=add_session(world, 2027))

    assert _stats(world)["received"] == 0
    assert world["office"].ok("GET", "/stats?year=2027")["received"] == 1


def test_a_reply_whose_time_still_runs_is_not_in_the_on_time_base(world):
    flow = Flow(world)
    flow.assigned((ONE,))  # reply due 2026-06-16
    replied = flow.replied((ONE,))

    before = _stats(world)
    move(world, AFTER_DEADLINE)
    after = _stats(world)

    assert before["rate_parts"]["on_time_reply_rate"] == [1, 1]  # the running one is left out
    assert before["by_unit"][0]["rate_parts"]["on_time_reply_rate"] == [1, 1]
    assert after["rate_parts"]["on_time_reply_rate"] == [1, 2]  # now due, and not replied
    assert replied["state"] == "replied"


def test_a_lapsed_evaluation_counts_as_the_setting_says(world):
    Flow(world).replied((ONE,))
    move(world, datetime(2026, 5, 6, 10, 0, tzinfo=SHANGHAI))  # 15 working days have passed
    run_sweep(world)

    left_out = _parts(world, "satisfaction_rate")["satisfaction_rate"]
    world["admin"].ok(
        "POST", "/settings", {"changes": {"lapsed_counts_as_satisfied": True}, "confirm": True}
    )
    as_satisfied = _stats(world)

    assert _stats(world)["lapsed_forms"] == 1
    assert left_out == [0, 0]
    assert as_satisfied["rate_parts"]["satisfaction_rate"] == [1, 1]
    assert as_satisfied["satisfaction_rate"] == 1.0
    assert as_satisfied["by_unit"][0]["rate_parts"]["satisfaction_rate"] == [1, 1]
