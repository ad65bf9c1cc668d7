"""交办会 over JSON: a dry run checks every row and changes nothing; applying assigns each valid
row with its own `assign` event and leaves the refused rows alone, each saying why."""

from __future__ import annotations

import pytest

from tests.api.plans import lead
from tests.flows import Flow

PLANS = "/assignment-plans"


@pytest.fixture
def flow(world):
    return Flow(world)


def footprint(world, proposal):
    """What a row left alone keeps: state, version, history and documents."""
    office = world["office"]
    current = office.proposal(proposal["id"])
    history = office.ok("GET", f"/proposals/{proposal['id']}/history")
    documents = office.ok("GET", f"/proposals/{proposal['id']}/documents")
    return current["state"], current["version"], len(history), len(documents)


def units(world, *pairs) -> list[dict]:
    return [{"unit_id": world.units[name], "role": role} for name, role in pairs]


def plan(world, rows, *, dry_run=False):
    return world["office"].ok("POST", PLANS, {"rows": rows, "dry_run": dry_run})


def test_dry_run_checks_every_row_and_changes_nothing(world, flow):
    first, second = flow.accepted(), flow.accepted(member="li")
    before = [footprint(world, p) for p in (first, second)]
    rows = [{"proposal_id": p["id"], "units": lead(world)} for p in (first, second)]

    answer = plan(world, rows, dry_run=True)

    assert answer["applied"] == 0
    assert [(r["row"], r["proposal_id"], r["ok"], r["errors"]) for r in answer["rows"]] == [
        (1, first["id"], True, []),
        (2, second["id"], True, []),
    ]
    assert [r["number_label"] for r in answer["rows"]] == ["第0001号", "第0002号"]
    assert [footprint(world, p) for p in (first, second)] == before


def test_applying_assigns_each_row_with_its_own_assign_event(world, flow):
    first, second = flow.accepted(), flow.accepted(member="li")
    rows = [
        {"proposal_id": first["id"], "units": units(world, ("市交通运输局", "lead"))},
        {
            "proposal_id": second["id"],
            "units": units(world, ("市教育局", "separate"), ("市生态环境局", "separate")),
        },
    ]

    answer = plan(world, rows)

    assert answer["applied"] == 2 and all(r["ok"] for r in answer["rows"])
    done = [world["office"].proposal(p["id"]) for p in (first, second)]
    assert [p["state"] for p in done] == ["handling", "handling"]
    assert [sorted(a["unit_name"] for a in p["assignments"]) for p in done] == [
        ["市交通运输局"],
        ["市教育局", "市生态环境局"],
    ]
    history = world["office"].ok("GET", f"/proposals/{second['id']}/history")
    assigned = [h for h in history if h["event"] == "assign"]
    assert len(assigned) == 1 and assigned[0]["actor"] == "office"
    documents = world["office"].ok("GET", f"/proposals/{first['id']}/documents")
    assert "assignment_notice" in [d["kind"] for d in documents]


def test_rows_with_errors_are_left_alone_while_the_others_are_applied(world, flow):
    good, bad = flow.accepted(), flow.accepted(member="li")
    before = footprint(world, bad)
    two_leads = units(world, ("市交通运输局", "lead"), ("市教育局", "lead"))
    rows = [
        {"proposal_id": bad["id"], "units": two_leads},
        {"proposal_id": good["id"], "units": lead(world)},
    ]

    answer = plan(world, rows)

    assert answer["applied"] == 1
    assert [(r["ok"], r["errors"]) for r in answer["rows"]] == [
        (False, ["主办单位只能有一家。"]),
        (True, []),
    ]
    assert footprint(world, bad) == before
    assert world["office"].proposal(good["id"])["state"] == "handling"


UNIT_ERRORS = {
    "no_lead": (
        (("市交通运输局", "assisting"),),
        "须至少有一家主办或分办单位。",
    ),
    "lead_and_separate": (
        (("市交通运输局", "lead"), ("市教育局", "separate")),
        "主办和分办不能同时使用：请选择一家主办单位（可加会办单位），或全部分办。",
    ),
    "two_leads": (
        (("市交通运输局", "lead"), ("市教育局", "lead")),
        "主办单位只能有一家。",
    ),
    "unit_twice": (
        (("市交通运输局", "lead"), ("市交通运输局", "assisting")),
        "“市交通运输局”已在承办单位之列，同一单位不能重复交办。",
    ),
}


@pytest.mark.parametrize("case", sorted(UNIT_ERRORS))
def test_each_rule_of_the_assign_form_refuses_its_row_in_its_words(world, flow, case):
    proposal = flow.accepted()
    pairs, message = UNIT_ERRORS[case]
    before = footprint(world, proposal)

    answer = plan(world, [{"proposal_id": proposal["id"], "units": units(world, *pairs)}])

    assert (answer["applied"], answer["rows"][0]["ok"]) == (0, False)
    assert answer["rows"][0]["errors"] == [message]
    assert footprint(world, proposal) == before


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"unit_id": 99999, "role": "lead"}, "所选承办单位不存在或已停用。"),
        (
            {"unit_id": 1, "role": "boss"},
            "承办单位：承办方式只能是：lead（主办）、assisting（会办）、separate（分办）。",
        ),
    ],
)
def test_an_unknown_unit_or_role_is_named(world, flow, entry, message):
    proposal = flow.accepted()

    answer = plan(world, [{"proposal_id": proposal["id"], "units": [entry]}], dry_run=True)

    assert answer["rows"][0]["errors"] == [message]


def test_a_proposal_not_found_not_accepted_or_already_assigned_is_refused(world, flow):
    submitted = flow.submitted(member="li")
    assigned = flow.assigned()
    rows = [
        {"proposal_id": 987654, "units": lead(world)},
        {"proposal_id": submitted["id"], "units": lead(world)},
        {"proposal_id": assigned["id"], "units": lead(world, "市教育局")},
    ]

    answer = plan(world, rows)

    assert answer["applied"] == 0
    assert [r["errors"] for r in answer["rows"]] == [
        ["找不到该提案（ID 987654），或您无权查看。"],
        ["提案当前为“待审查”，不能进行“交办”操作。"],
        ["提案第0001号已交办，不再列入交办会；如需增加承办单位，请在提案页面交办。"],
    ]
    assert world["office"].proposal(submitted["id"])["state"] == "submitted"
    assert len(world["office"].proposal(assigned["id"])["assignments"]) == 1


def test_the_same_proposal_twice_in_a_plan_is_assigned_neither_time(world, flow):
    proposal = flow.accepted()
    before = footprint(world, proposal)
    rows = [
        {"proposal_id": proposal["id"], "units": lead(world)},
        {"proposal_id": proposal["id"], "units": lead(world, "市教育局")},
    ]

    answer = plan(world, rows)

    assert answer["applied"] == 0
    assert all(
        r["errors"] == ["提案第0001号在本计划中出现了2次，每件提案只能占一行。"]
        for r in answer["rows"]
    )
    assert footprint(world, proposal) == before


def test_a_proposal_changed_after_the_check_is_not_assigned_twice(app, world, flow, monkeypatch):
    """Between the check and the row's transaction another clerk assigns it: the row's version
    no longer matches and it is refused, not given a second set of units."""
    from service.operations import assignment_plans

    proposal = flow.accepted()
    checked = assignment_plans.examine_plan

    def meanwhile(session, rows, **kwargs):
        found = checked(session, rows, **kwargs)
        world["office2"].act(
            "proposal",
            world["office2"].proposal(proposal["id"]),
            "assign",
            units=lead(world, "市教育局"),
        )
        return found

    monkeypatch.setattr("service.assignment_plans.examine_plan", meanwhile)

    answer = plan(world, [{"proposal_id": proposal["id"], "units": lead(world)}])

    assert answer["applied"] == 0
    assert answer["rows"][0]["errors"] == ["该记录已被他人修改，请刷新后重试。"]
    assigned = world["office"].proposal(proposal["id"])["assignments"]
    assert [a["unit_name"] for a in assigned] == ["市教育局"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"dry_run": True}, "rows"),
        ({"rows": [], "dry_run": True}, "rows"),
        ({"rows": [{"units": []}]}, "rows.0.proposal_id"),
        ({"rows": [{"proposal_id": "x", "units": []}]}, "rows.0.proposal_id"),
        ({"rows": [{"proposal_id": 1}]}, "rows.0.units"),
        ({"rows": [], "dry_run": "maybe"}, "dry_run"),
    ],
)
def test_a_malformed_plan_is_refused_naming_the_field(world, flow, body, field):
    response = world["office"].post(PLANS, body)

    assert response.status == 422
    assert field in response.error["details"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.error["message"])


@pytest.mark.parametrize("who", ["zhang", "transport", "leader", "admin"])
def test_only_the_committee_runs_a_plan_or_reads_the_template(world, flow, who):
    proposal = flow.accepted()
    before = footprint(world, proposal)

    sent = world[who].post(PLANS, {"rows": [{"proposal_id": proposal["id"], "units": lead(world)}]})
    template = world[who].get(f"{PLANS}/template.xlsx")

    assert (sent.status, template.status) == (403, 403)
    assert sent.error["message"] == "批量交办（交办会）只能由提案委员会进行。"
    assert footprint(world, proposal) == before


def test_without_a_token_the_plan_answers_401(anonymous):
    assert anonymous.post(PLANS, {"rows": []}).status == 401
