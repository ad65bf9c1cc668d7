"""Proposal closing over the API: assigning, key proposals, rating, consultation, 回头看, reopen."""

import pytest

from tests.flows import Flow

TRANSPORT, EDUCATION, ECOLOGY = "市交通运输局", "市教育局", "市生态环境局"


def _snapshot(client, proposal_id: int) -> tuple:
    """What a refusal must leave as it was: state, version and the length of the history."""
    proposal = client.proposal(proposal_id)
    history = client.ok("GET", f"/proposals/{proposal_id}/history")
    return proposal["state"], proposal["version"], len(history)


def _assert_refused(response, status: int, code: str, field: str | None = None) -> None:
    assert response.status == status, response.json
    assert response.error["code"] == code, response.error
    assert response.error["message"]
    if field is not None:
        assert field in response.error["details"], response.error


def _units(world, *pairs) -> list[dict]:
    return [{"unit_id": world.units.get(name, 99999), "role": role} for name, role in pairs]


def _evaluate(world, who: str, proposal_id: int, result: str = "satisfied") -> dict:
    client = world[who]
    proposal = client.proposal(proposal_id)
    ratings = Flow(world).ratings(proposal, result)
    return client.act("proposal", proposal, "evaluate", ratings=ratings)


def _consulting(world) -> dict:
    """Rated unsatisfied, handled again by the unit, and rated unsatisfied again."""
    proposal = _evaluate(world, "zhang", Flow(world).replied()["id"], "unsatisfied")
    Flow(world).handle(proposal["assignments"][0])
    return _evaluate(world, "zhang", proposal["id"], "unsatisfied")


def _replied_with_a_co_signer(world, cosigner: str) -> dict:
    flow, office = Flow(world), world["office"]
    proposal = world[cosigner].act("proposal", flow.submitted(co_signers=[cosigner]), "cosign")
    proposal = office.act("proposal", proposal, "accept")
    proposal = office.act("proposal", proposal, "assign", units=_units(world, (TRANSPORT, "lead")))
    flow.handle(proposal["assignments"][0])
    return office.proposal(proposal["id"])


def _following_up(world, units=((TRANSPORT, "lead"),)) -> dict:
    office = world["office"]
    proposal = Flow(world).closed(units)
    return office.act("proposal", office.proposal(proposal["id"]), "start_follow_up")


def _roles_and_states(proposal: dict) -> dict:
    return {a["unit_name"]: (a["role"], a["state"]) for a in proposal["assignments"]}


# --- assigning ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "field"),
    [
        ((), "units"),
        ((("市不存在局", "lead"),), "units.0.unit_id"),
        (((TRANSPORT, "lead"), (TRANSPORT, "assisting")), "units.1.unit_id"),
        (((TRANSPORT, "lead"), (EDUCATION, "separate")), "units"),
        (((TRANSPORT, "assisting"), (EDUCATION, "assisting")), "units"),
        (((TRANSPORT, "lead"), (EDUCATION, "lead")), "units"),
        (((TRANSPORT, "host"),), "units.0.role"),
    ],
)
def test_committee_cannot_assign_to_an_invalid_set_of_units(world, pairs, field):
    office = world["office"]
    proposal = Flow(world).accepted()
    before = _snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "assign", units=_units(world, *pairs))

    _assert_refused(response, 422, "invalid_input", field)
    assert _snapshot(office, proposal["id"]) == before
    assert office.proposal(proposal["id"])["assignments"] == []


def test_committee_assigns_separate_units_each_answering_for_itself(world):
    office = world["office"]
    proposal = Flow(world).accepted()

    units = _units(world, (TRANSPORT, "separate"), (EDUCATION, "separate"))
    proposal = office.act("proposal", proposal, "assign", units=units)

    assert proposal["state"] == "handling"
    assert _roles_and_states(proposal) == {
        TRANSPORT: ("separate", "pending"),
        EDUCATION: ("separate", "pending"),
    }


def test_committee_adds_a_unit_while_the_proposal_is_in_handling(world):
    office = world["office"]
    proposal = Flow(world).assigned()

    added = office.act("proposal", proposal, "assign", units=_units(world, (ECOLOGY, "assisting")))

    assert added["state"] == "handling"
    assert _roles_and_states(added) == {
        TRANSPORT: ("lead", "pending"),
        ECOLOGY: ("assisting", "pending"),
    }
    assert world["ecology"].ok("GET", "/proposals")["total"] == 1


@pytest.mark.parametrize("clock_moves", [True, False])
def test_adding_a_unit_changes_the_proposal_version(world, clock, clock_moves):
    office = world["office"]
    proposal = Flow(world).assigned()
    if clock_moves:
        clock.advance(minutes=5)

    added = office.act("proposal", proposal, "assign", units=_units(world, (ECOLOGY, "assisting")))

    assert added["version"] > proposal["version"]
    stale = office.fire(
        "proposal", proposal, "assign", units=_units(world, (EDUCATION, "assisting"))
    )
    _assert_refused(stale, 409, "stale_version")


@pytest.mark.parametrize(
    ("pairs", "field"),
    [
        (((TRANSPORT, "assisting"),), "units.0.unit_id"),
        (((EDUCATION, "lead"),), "units"),
    ],
)
def test_units_added_later_must_fit_those_already_assigned(world, pairs, field):
    office = world["office"]
    proposal = Flow(world).assigned()
    before = _snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "assign", units=_units(world, *pairs))

    _assert_refused(response, 422, "invalid_input", field)
    assert _snapshot(office, proposal["id"]) == before


# --- key proposals and supervision --------------------------------------------------------


def test_committee_marks_a_key_proposal_that_its_leader_then_sees(world):
    office, leader = world["office"], world["leader"]
    proposal = Flow(world).assigned()
    assert leader.ok("GET", "/proposals")["total"] == 0

    proposal = office.act("proposal", proposal, "mark_key", leader="leader")

    assert (proposal["key"], proposal["key_leader"], proposal["state"]) == (
        True,
        "leader",
        "handling",
    )
    listed = leader.ok("GET", "/proposals")
    assert [p["id"] for p in listed["items"]] == [proposal["id"]]
    assert leader.proposal(proposal["id"])["available_events"] == ["supervise"]


@pytest.mark.parametrize("username", ["office", "zhang", "nobody"])
def test_supervising_leader_must_be_a_leader_account(world, username):
    office = world["office"]
    proposal = Flow(world).assigned()
    before = _snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "mark_key", leader=username)

    _assert_refused(response, 422, "invalid_input", "leader")
    assert _snapshot(office, proposal["id"]) == before
    assert office.proposal(proposal["id"])["key"] is False


def test_leader_supervises_a_key_proposal_with_a_comment(world):
    office, leader = world["office"], world["leader"]
    proposal = office.act("proposal", Flow(world).assigned(), "mark_key", leader="leader")

    supervised = leader.act("proposal", proposal, "supervise", comment="请加快办理进度。")

    assert supervised["state"] == "handling"
    last = office.ok("GET", f"/proposals/{proposal['id']}/history")[-1]
    assert (last["event"], last["actor"], last["data"]["comment"]) == (
        "supervise",
        "leader",
        "请加快办理进度。",
    )


def test_leader_must_write_a_supervision_comment(world):
    office, leader = world["office"], world["leader"]
    proposal = office.act("proposal", Flow(world).assigned(), "mark_key", leader="leader")
    before = _snapshot(office, proposal["id"])

    response = leader.fire("proposal", proposal, "supervise", comment="")

    _assert_refused(response, 422, "invalid_input", "comment")
    assert _snapshot(office, proposal["id"]) == before


def test_leader_cannot_see_or_supervise_proposals_of_others(world):
    office, leader, flow = world["office"], world["leader"], Flow(world)
    office.act("proposal", flow.assigned(), "mark_key", leader="leader")
    world.add_user("qian", "leader", display_name="钱副市长")
    other = office.act("proposal", flow.assigned(), "mark_key", leader="qian")
    before = _snapshot(office, other["id"])

    response = leader.fire("proposal", other, "supervise", comment="请加快办理。")

    _assert_refused(response, 404, "not_found")
    assert leader.get(f"/proposals/{other['id']}").status == 404
    assert _snapshot(office, other["id"]) == before


# --- rating the replies -------------------------------------------------------------------


def test_member_rating_every_reply_satisfied_closes_the_proposal(world):
    member = world["zhang"]
    proposal = Flow(world).replied(((TRANSPORT, "separate"), (EDUCATION, "separate")))

    closed = _evaluate(world, "zhang", proposal["id"])

    assert (closed["state"], closed["closed_at"] is not None) == ("closed", True)
    ratings = member.proposal(proposal["id"])["ratings"]
    assert sorted(r["assignment_id"] for r in ratings) == sorted(
        a["id"] for a in proposal["assignments"]
    )
    assert {(r["result"], r["proxy"], r["round"]) for r in ratings} == {("satisfied", False, 1)}


def test_member_must_rate_every_replied_answering_unit(world):
    member = world["zhang"]
    proposal = Flow(world).replied(((TRANSPORT, "separate"), (EDUCATION, "separate")))
    before = _snapshot(member, proposal["id"])

    response = member.fire(
        "proposal", proposal, "evaluate", ratings=Flow(world).ratings(proposal)[:1]
    )

    _assert_refused(response, 422, "invalid_input", "ratings")
    assert _snapshot(member, proposal["id"]) == before


def test_member_cannot_rate_an_assisting_unit(world):
    member = world["zhang"]
    proposal = Flow(world).replied(((TRANSPORT, "lead"), (EDUCATION, "assisting")))
    assisting = next(a for a in proposal["assignments"] if a["role"] == "assisting")
    before = _snapshot(member, proposal["id"])
    extra = {"assignment_id": assisting["id"], "attitude": "satisfied", "result": "satisfied"}

    ratings = [*Flow(world).ratings(proposal), extra]
    response = member.fire("proposal", proposal, "evaluate", ratings=ratings)

    _assert_refused(response, 422, "invalid_input", "ratings.1.assignment_id")
    assert _snapshot(member, proposal["id"]) == before


@pytest.mark.parametrize("aspect", ["attitude", "result"])
def test_very_satisfied_is_not_on_the_default_scale(world, aspect):
    member = world["zhang"]
    proposal = Flow(world).replied()
    ratings = [{**r, aspect: "very_satisfied"} for r in Flow(world).ratings(proposal)]
    before = _snapshot(member, proposal["id"])

    response = member.fire("proposal", proposal, "evaluate", ratings=ratings)

    _assert_refused(response, 422, "invalid_input", f"ratings.0.{aspect}")
    assert _snapshot(member, proposal["id"]) == before


def test_an_unknown_level_is_refused_saying_which_level_needs_the_setting(world):
    member = world["zhang"]
    proposal = Flow(world).replied()
    ratings = [{**r, "attitude": "good"} for r in Flow(world).ratings(proposal)]

    response = member.fire("proposal", proposal, "evaluate", ratings=ratings)

    [message] = response.error["details"]["ratings.0.attitude"]
    assert "satisfied（满意）" in message and "unsatisfied（不满意）" in message
    assert "very_satisfied（非常满意，须在设置中启用该档）" in message


def test_unsatisfied_rating_sends_the_unit_back_to_handle_it_again(world):
    office, flow = world["office"], Flow(world)
    proposal = flow.replied(((TRANSPORT, "separate"), (EDUCATION, "separate")))
    ratings = flow.ratings(proposal)
    ratings[0]["result"] = "unsatisfied"

    proposal = world["zhang"].act("proposal", proposal, "evaluate", ratings=ratings)

    assert proposal["state"] == "handling"
    again, content = (office.assignment(r["assignment_id"]) for r in ratings)
    assert (again["state"], again["round"], again["rehandled"]) == ("rehandling", 2, True)
    assert (content["state"], content["round"]) == ("replied", 1)


def test_second_unsatisfied_rating_after_rehandling_leads_to_consultation(world):
    office = world["office"]

    proposal = _consulting(world)

    assert proposal["state"] == "consulting"
    assert set(office.proposal(proposal["id"])["available_events"]) >= {"record_consultation"}
    history = office.ok("GET", f"/proposals/{proposal['id']}/history")
    rehandles = [r for r in history if r["event"] == "rehandle"]
    assert [(r["actor"], r["workflow"], r["data"]["round"]) for r in rehandles] == [
        ("system", "assignment", 2)
    ]


def test_consultation_needs_minutes(world):
    office = world["office"]
    proposal = office.proposal(_consulting(world)["id"])
    before = _snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "record_consultation")

    _assert_refused(response, 422, "invalid_input", "minutes")
    assert _snapshot(office, proposal["id"]) == before


def test_recorded_consultation_closes_the_proposal(world):
    office = world["office"]
    proposal = office.proposal(_consulting(world)["id"])

    closed = office.act("proposal", proposal, "record_consultation", minutes="面商后达成共识。")

    assert closed["state"] == "closed"
    assert world["zhang"].proposal(proposal["id"])["state"] == "closed"


def test_committee_enters_a_paper_rating_as_proxy(world):
    office = world["office"]
    proposal = Flow(world).replied()

    closed = _evaluate(world, "office", proposal["id"])

    assert closed["state"] == "closed"
    assert [r["proxy"] for r in world["zhang"].proposal(proposal["id"])["ratings"]] == [True]
    last = office.ok("GET", f"/proposals/{proposal['id']}/history")[-1]
    assert (last["event"], last["actor"], last["data"]["proxy"]) == ("evaluate", "office", True)


def test_co_signer_cannot_rate_for_the_lead_proposer(world):
    office, cosigner = world["office"], world["li"]
    proposal = cosigner.proposal(_replied_with_a_co_signer(world, "li")["id"])
    before = _snapshot(office, proposal["id"])

    response = cosigner.fire(
        "proposal", proposal, "evaluate", ratings=Flow(world).ratings(proposal)
    )

    _assert_refused(response, 409, "guard_failed")
    assert _snapshot(office, proposal["id"]) == before
    assert "evaluate" not in proposal["available_events"]


def test_unit_may_never_rate_its_own_reply(world):
    office, unit = world["office"], world["transport"]
    proposal = Flow(world).replied()
    before = _snapshot(office, proposal["id"])

    response = unit.fire("proposal", proposal, "evaluate", ratings=Flow(world).ratings(proposal))

    _assert_refused(response, 403, "forbidden")
    assert _snapshot(office, proposal["id"]) == before
    assert office.proposal(proposal["id"])["ratings"] == []


def test_member_cannot_rate_while_units_are_still_handling(world):
    member = world["zhang"]
    proposal = Flow(world).assigned()
    before = _snapshot(member, proposal["id"])
    rating = {"assignment_id": proposal["assignments"][0]["id"]}

    ratings = [{**rating, "attitude": "satisfied", "result": "satisfied"}]
    response = member.fire("proposal", proposal, "evaluate", ratings=ratings)

    _assert_refused(response, 409, "event_not_allowed")
    assert _snapshot(member, proposal["id"]) == before


# --- 回头看 and reopening -----------------------------------------------------------------


def test_committee_starts_a_follow_up_of_a_closed_proposal(world):
    proposal = _following_up(world)

    assert proposal["state"] == "following_up"
    assert "complete_follow_up" in proposal["available_events"]


@pytest.mark.parametrize("who", ["zhang", "transport"])
def test_only_the_committee_starts_a_follow_up(world, who):
    office = world["office"]
    proposal = Flow(world).closed()
    before = _snapshot(office, proposal["id"])

    response = world[who].fire("proposal", proposal, "start_follow_up")

    _assert_refused(response, 403, "forbidden")
    assert _snapshot(office, proposal["id"]) == before


@pytest.mark.parametrize(
    ("outcome", "state", "more"),
    [
        ("implemented", "completed", {}),
        ("partial", "closed", {"next_follow_up": "2026-12-31"}),
        ("not_implemented", "handling", {}),
    ],
)
def test_follow_up_outcome_decides_where_the_proposal_goes(world, outcome, state, more):
    office = world["office"]
    proposal = _following_up(world)

    done = office.act(
        "proposal", proposal, "complete_follow_up", outcome=outcome, findings="已核查。", **more
    )

    assert done["state"] == state
    assert world["zhang"].proposal(proposal["id"])["state"] == state


def test_partial_follow_up_records_the_next_follow_up_date(world):
    office = world["office"]
    proposal = _following_up(world)

    done = office.act(
        "proposal",
        proposal,
        "complete_follow_up",
        outcome="partial",
        findings="部分路段已建成。",
        next_follow_up="2026-12-31",
    )

    assert done["state"] == "closed"
    assert {"start_follow_up", "reopen"} <= set(done["available_events"])
    last = office.ok("GET", f"/proposals/{proposal['id']}/history")[-1]
    assert (last["event"], last["data"]["next_follow_up"]) == ("complete_follow_up", "2026-12-31")


def test_not_implemented_follow_up_sends_the_answering_units_back(world):
    office = world["office"]
    proposal = _following_up(world, ((TRANSPORT, "lead"), (EDUCATION, "assisting")))

    done = office.act(
        "proposal", proposal, "complete_follow_up", outcome="not_implemented", findings="未落实。"
    )

    assert _roles_and_states(done) == {
        TRANSPORT: ("lead", "rehandling"),
        EDUCATION: ("assisting", "replied"),
    }


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"outcome": "implemented"}, "findings"),
        ({"findings": "已核查。"}, "outcome"),
        (
            {"outcome": "partial", "findings": "已核查。", "next_follow_up": "明年"},
            "next_follow_up",
        ),
    ],
)
def test_follow_up_needs_an_outcome_and_findings(world, fields, field):
    office = world["office"]
    proposal = _following_up(world)
    before = _snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "complete_follow_up", **fields)

    _assert_refused(response, 422, "invalid_input", field)
    assert _snapshot(office, proposal["id"]) == before


def test_reopening_needs_a_reason(world):
    office = world["office"]
    proposal = office.proposal(Flow(world).closed()["id"])
    before = _snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "reopen")

    _assert_refused(response, 422, "invalid_input", "reason")
    assert _snapshot(office, proposal["id"]) == before


def test_committee_reopens_a_closed_proposal_for_handling_again(world):
    office = world["office"]
    proposal = office.proposal(Flow(world).closed()["id"])

    reopened = office.act("proposal", proposal, "reopen", reason="群众反映问题仍未解决。")

    assert reopened["state"] == "handling"
    assert _roles_and_states(reopened) == {TRANSPORT: ("lead", "rehandling")}
    last = office.ok("GET", f"/proposals/{proposal['id']}/history")[-1]
    assert (last["event"], last["actor"], last["subject"]) == (
        "rehandle",
        "system",
        f"assignment:{proposal['assignments'][0]['id']}",
    )


def test_history_of_a_closed_proposal_includes_its_assignments(world):
    office = world["office"]
    proposal = Flow(world).closed()
    assignment_id = proposal["assignments"][0]["id"]

    history = office.ok("GET", f"/proposals/{proposal['id']}/history")

    own = [r["event"] for r in history if r["subject"] == f"assignment:{assignment_id}"]
    assert own == ["create", "sign", "log_contact", "reply"]
    assert {r["workflow"] for r in history if r["subject"].startswith("assignment:")} == {
        "assignment"
    }
    handled = next(r for r in history if r["event"] == "complete_handling")
    assert (handled["actor"], handled["workflow"], handled["to_state"]) == (
        "system",
        "proposal",
        "replied",
    )
    assert [r["event"] for r in history][-2:] == ["complete_handling", "evaluate"]


# --- two 分办 units on different paths ------------------------------------------------------


def _rate_each(world, proposal_id: int, results: dict) -> dict:
    """The lead proposer rates each awaiting unit's reply as `results[unit name]` says."""
    member = world["zhang"]
    proposal = member.proposal(proposal_id)
    ratings = [
        {"assignment_id": a["id"], "attitude": "satisfied", "result": results[a["unit_name"]]}
        for a in proposal["assignments"]
        if a["state"] == "replied" and a["unit_name"] in results
    ]
    return member.act("proposal", proposal, "evaluate", ratings=ratings)


def _handle_again(world, proposal: dict, *units: str) -> dict:
    for assignment in proposal["assignments"]:
        if assignment["unit_name"] in units:
            Flow(world).handle(assignment)
    return world["office"].proposal(proposal["id"])


def _x_to_consult_while_y_rehandles(world) -> dict:
    """交通局 re-handled once already; after 督办 both answer again and both are 不满意: 交通局
    must go to 当面协商, 教育局 re-handles first."""
    separate = ((TRANSPORT, "separate"), (EDUCATION, "separate"))
    proposal = Flow(world).replied(separate)
    proposal = _rate_each(world, proposal["id"], {TRANSPORT: "unsatisfied", EDUCATION: "satisfied"})
    proposal = _handle_again(world, proposal, TRANSPORT)
    proposal = _rate_each(world, proposal["id"], {TRANSPORT: "satisfied"})
    office = world["office"]
    proposal = office.act("proposal", office.proposal(proposal["id"]), "reopen", reason="督办")
    proposal = _handle_again(world, proposal, TRANSPORT, EDUCATION)
    return _rate_each(world, proposal["id"], {TRANSPORT: "unsatisfied", EDUCATION: "unsatisfied"})


def test_a_unit_due_for_consultation_keeps_it_while_another_rehandles(world):
    proposal = _x_to_consult_while_y_rehandles(world)

    assert proposal["state"] == "handling"
    assert _roles_and_states(proposal) == {
        TRANSPORT: ("separate", "replied"),
        EDUCATION: ("separate", "rehandling"),
    }
    proposal = _handle_again(world, proposal, EDUCATION)
    proposal = _rate_each(world, proposal["id"], {EDUCATION: "satisfied"})

    assert proposal["state"] == "consulting"  # 交通局's 当面协商 was not lost


def test_recording_the_consultation_closes_it_and_clears_what_was_due(world):
    proposal = _x_to_consult_while_y_rehandles(world)
    proposal = _handle_again(world, proposal, EDUCATION)
    proposal = _rate_each(world, proposal["id"], {EDUCATION: "satisfied"})
    office = world["office"]

    closed = office.act(
        "proposal", office.proposal(proposal["id"]), "record_consultation", minutes="当面协商。"
    )
    reopened = office.act("proposal", closed, "reopen", reason="督办")
    reopened = _handle_again(world, reopened, TRANSPORT, EDUCATION)
    again = _rate_each(world, reopened["id"], {TRANSPORT: "satisfied", EDUCATION: "satisfied"})

    assert closed["state"] == "closed"
    assert again["state"] == "closed"  # nothing left due: satisfied answers close it
