"""Two figures added to the statistics: forms that rate a unit's attitude (办理态度) 不满意 even
when the result is 满意, and the figures by type of proposal (个人、联名、集体), with its filter."""

from tests.flows import Flow
from tests.stats.test_kept_facts import _kept_and_derived

TRANSPORT, ECOLOGY = ("市交通运输局", "separate"), ("市生态环境局", "separate")


def _stats(world, query: str = "") -> dict:
    return world["office"].ok("GET", f"/stats?year=2026{query}")


def _rate(world, proposal: dict, attitudes: dict[str, str], result: str = "satisfied") -> dict:
    """The proposer rates each unit's reply `result`, with the attitude given per unit name."""
    ratings = [
        {"assignment_id": a["id"], "attitude": attitudes.get(a["unit_name"], "satisfied")}
        | {"result": result}
        for a in proposal["assignments"]
        if a["state"] == "replied"
    ]
    zhang = world["zhang"]
    return zhang.act("proposal", zhang.proposal(proposal["id"]), "evaluate", ratings=ratings)


def test_an_attitude_rated_unsatisfied_with_a_satisfied_result_is_counted(world):
    proposal = Flow(world).replied((TRANSPORT, ECOLOGY))

    closed = _rate(world, proposal, {"市交通运输局": "unsatisfied"})

    figures = _stats(world)
    by_unit = {row["name"]: row for row in figures["by_unit"]}
    assert closed["state"] == "closed"
    assert (figures["satisfied_forms"], figures["attitude_unsatisfied_forms"]) == (2, 1)
    assert by_unit["市交通运输局"]["attitude_unsatisfied_forms"] == 1
    assert by_unit["市生态环境局"]["attitude_unsatisfied_forms"] == 0
    assert figures["by_category"][0]["attitude_unsatisfied_forms"] == 1


def test_an_unsatisfied_attitude_with_an_unsatisfied_result_is_counted_too(world):
    proposal = Flow(world).replied((TRANSPORT,))

    _rate(world, proposal, {"市交通运输局": "unsatisfied"}, result="unsatisfied")

    figures = _stats(world)
    assert (figures["unsatisfied_forms"], figures["attitude_unsatisfied_forms"]) == (1, 1)


def test_a_satisfied_attitude_and_a_lapsed_form_count_nothing(world):
    flow = Flow(world)
    _rate(world, flow.replied((TRANSPORT,)), {})
    flow.replied((ECOLOGY,))

    assert _stats(world)["attitude_unsatisfied_forms"] == 0


def test_the_unit_ranking_carries_the_attitude_figure(world):
    _rate(world, Flow(world).replied((TRANSPORT,)), {"市交通运输局": "unsatisfied"})

    ranking = world["office"].ok("GET", "/stats/units?year=2026")["units"]

    assert [(u["name"], u["attitude_unsatisfied_forms"]) for u in ranking] == [("市交通运输局", 1)]


def _three_types(world) -> None:
    flow = Flow(world)
    flow.submitted()
    flow.submitted(type="joint")
    flow.accepted(**flow.collective())


def test_the_figures_are_broken_down_by_type_of_proposal(world):
    _three_types(world)

    by_type = _stats(world)["by_type"]

    assert [(row["type"], row["label"], row["received"]) for row in by_type] == [
        ("individual", "个人提案", 1),
        ("joint", "联名提案", 1),
        ("collective", "集体提案", 1),
    ]
    assert by_type[2]["accepted"] == 1
    assert by_type[2]["rate_parts"]["acceptance_rate"] == [1, 1]


def test_the_type_filter_narrows_every_figure(world):
    _three_types(world)

    figures = _stats(world, "&type=collective")

    assert (figures["received"], figures["accepted"], figures["filters"]) == (
        1,
        1,
        {"type": "collective"},
    )
    assert [row["received"] for row in figures["by_type"]] == [0, 0, 1]


def test_an_unknown_type_is_refused_in_chinese(world):
    response = world["office"].get("/stats?type=group")

    assert (response.status, response.error["code"]) == (422, "invalid_input")
    assert "提案类型只能是" in response.error["details"]["type"][0]
    assert "个人提案" in response.error["message"]


def test_only_the_form_on_the_latest_reply_counts(world):
    flow = Flow(world)
    proposal = flow.replied((TRANSPORT,))
    _rate(world, proposal, {"市交通运输局": "unsatisfied"}, result="unsatisfied")
    counted_then = _stats(world)["attitude_unsatisfied_forms"]

    flow.handle(world["office"].proposal(proposal["id"])["assignments"][0])  # 重新办理, answered
    waiting = _stats(world)["attitude_unsatisfied_forms"]
    _rate(world, world["office"].proposal(proposal["id"]), {})

    assert (counted_then, waiting, _stats(world)["attitude_unsatisfied_forms"]) == (1, 0, 0)


def test_the_kept_facts_equal_a_derivation_from_scratch(world):
    _three_types(world)
    _rate(world, Flow(world).replied((TRANSPORT,)), {"市交通运输局": "unsatisfied"})

    kept, derived = _kept_and_derived(world)

    assert kept == derived
    assert {row["type"] for row in kept["proposal_facts"]} == {"individual", "joint", "collective"}
    assert [row["attitude_unsatisfied"] for row in kept["assignment_facts"]] == [True]
