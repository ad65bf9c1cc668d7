"""The workflows as data and as diagrams, both drawn from the declarations in workflows/."""

import pytest


def test_workflows_list_states_events_roles_and_timers(world):
    described = {w["name"]: w for w in world["office"].ok("GET", "/workflows")}

    proposal = described["proposal"]
    accept = next(e for e in proposal["events"] if e["name"] == "accept")
    assert (accept["source"], accept["dest"], accept["roles"]) == (
        ["submitted"],
        ["accepted"],
        ["committee"],
    )
    assert {"name": "handling", "label": "办理中"} in proposal["states"]
    reply = next(t for t in described["assignment"]["timers"] if t["rule"] == "reply")
    assert reply["reminders"] == [
        {"days_before": 15, "working_days": False},
        {"days_before": 5, "working_days": False},
    ]


@pytest.mark.parametrize(
    ("name", "label"), [("proposal", "已答复待评价"), ("assignment", "已答复")]
)
def test_each_workflow_has_a_chinese_svg_diagram(world, name, label):
    client = world["zhang"]

    response = client.client.get(
        f"/api/v1/workflows/{name}.svg", headers={"Authorization": f"Bearer {client.token}"}
    )

    assert (response.status_code, response.mimetype) == (200, "image/svg+xml")
    assert label in response.get_data(as_text=True)


def test_unknown_workflow_is_not_found(world):
    assert world["zhang"].get("/workflows/budget.svg").status == 404
