"""交办清单 lists the assignments whose attitude (办理态度) was rated 不满意, in its page of JSON
and its Excel file; every list and the proposal list narrow by type of proposal (个人、联名、集体);
a filter value the lists do not know is refused in Chinese."""

import io

import pytest
from openpyxl import load_workbook

from tests.flows import Flow

TRANSPORT, ECOLOGY = ("市交通运输局", "separate"), ("市生态环境局", "separate")


def _rated_with_one_bad_attitude(world) -> dict:
    """Two units answered; the proposer is satisfied with both results, but not with the
    transport bureau's attitude."""
    proposal = Flow(world).replied((TRANSPORT, ECOLOGY))
    ratings = [
        {
            "assignment_id": a["id"],
            "attitude": "unsatisfied" if a["unit_name"] == "市交通运输局" else "satisfied",
            "result": "satisfied",
        }
        for a in proposal["assignments"]
    ]
    zhang = world["zhang"]
    return zhang.act("proposal", zhang.proposal(proposal["id"]), "evaluate", ratings=ratings)


def test_the_assignment_list_shows_and_narrows_to_an_unsatisfied_attitude(world):
    _rated_with_one_bad_attitude(world)
    office = world["office"]

    everything = office.ok("GET", "/lists/assignments?year=2026")["items"]
    narrowed = office.ok("GET", "/lists/assignments?year=2026&attitude=unsatisfied")

    flags = {row["unit_name"]: row["attitude_unsatisfied"] for row in everything}
    assert flags == {"市交通运输局": True, "市生态环境局": False}
    assert [row["unit_name"] for row in narrowed["items"]] == ["市交通运输局"]
    assert narrowed["total"] == 1


def test_a_unit_sees_the_attitude_flag_on_its_own_assignments_only(world):
    _rated_with_one_bad_attitude(world)

    own = world["ecology"].ok("GET", "/lists/assignments?attitude=unsatisfied")
    transport = world["transport"].ok("GET", "/lists/assignments?attitude=unsatisfied")

    assert own["total"] == 0
    assert [row["unit_name"] for row in transport["items"]] == ["市交通运输局"]


def test_the_excel_file_has_the_attitude_column_in_chinese(world):
    _rated_with_one_bad_attitude(world)
    office = world["office"]

    response = office.client.get(
        "/api/v1/lists/assignments?year=2026&attitude=unsatisfied&format=xlsx",
        headers={"Authorization": f"Bearer {office.token}"},
    )

    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    column = rows[0].index("办理态度不满意")
    assert [row[column] for row in rows[1:]] == ["是"]
    assert rows[1][0] == "市交通运输局"


@pytest.mark.parametrize("kind", ["proposals", "assignments", "tracking"])
def test_every_list_narrows_by_type(world, kind):
    flow = Flow(world)
    flow.closed(**flow.collective())
    flow.closed()

    collective = world["office"].ok("GET", f"/lists/{kind}?year=2026&type=collective")
    individual = world["office"].ok("GET", f"/lists/{kind}?year=2026&type=individual")

    assert (collective["total"], individual["total"]) == (1, 1)
    assert collective["items"][0] != individual["items"][0]


def test_the_proposal_api_narrows_by_type(world):
    flow = Flow(world)
    joint = flow.submitted(type="joint")
    flow.submitted()

    found = world["office"].ok("GET", "/proposals?type=joint")

    assert [p["id"] for p in found["items"]] == [joint["id"]]


@pytest.mark.parametrize(
    ("path", "field", "words"),
    [
        ("/lists/assignments?attitude=bad", "attitude", "办理态度只能是：unsatisfied（不满意）"),
        ("/lists/proposals?type=group", "type", "提案类型只能是"),
        ("/lists/tracking?type=group", "type", "提案类型只能是"),
        ("/proposals?type=group", "type", "提案类型只能是"),
    ],
)
def test_an_unknown_filter_value_is_refused_in_chinese(world, path, field, words):
    response = world["office"].get(path)

    assert (response.status, response.error["code"]) == (422, "invalid_input")
    assert words in response.error["details"][field][0]


def test_the_attitude_filter_belongs_to_the_assignment_list_alone(world):
    response = world["office"].get("/lists/proposals?attitude=unsatisfied")

    assert (response.status, list(response.error["details"])) == (422, ["attitude"])
