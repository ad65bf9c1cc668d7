"""`Prefer: return=minimal`: an event or a filing answers `{id, state, version}`, the event is
done as with the whole answer, and without the header the answer is the subject's whole
representation, as the contract says."""

from tests.flows import PARTS, Flow

MINIMAL = {"Prefer": "return=minimal"}


def _post(client, path: str, body: dict, headers: dict):
    return client.client.open(
        f"/api/v1{path}", method="POST", json=body, headers={**client._headers(), **headers}
    )


def test_member_files_with_a_minimal_answer(world):
    body = {"title": "关于提升城区公交准点率的提案", "category": "economy", "submit": True, **PARTS}

    response = _post(world["zhang"], "/proposals", body, MINIMAL)

    assert response.status_code == 201
    answer = response.get_json()
    assert answer == {"id": answer["id"], "state": "submitted", "version": answer["version"]}
    assert response.headers["Preference-Applied"] == "return=minimal"
    stored = world["zhang"].proposal(answer["id"])
    assert (stored["state"], stored["version"]) == ("submitted", answer["version"])


def test_office_accepts_with_a_minimal_answer_and_the_number_is_taken(world):
    proposal = Flow(world).submitted()
    body = {"event": "accept", "version": proposal["version"]}

    response = _post(world["office"], f"/proposals/{proposal['id']}/events", body, MINIMAL)

    assert response.status_code == 200
    assert response.get_json() == {
        "id": proposal["id"],
        "state": "accepted",
        "version": proposal["version"] + 1,
    }
    stored = world["office"].proposal(proposal["id"])
    assert (stored["version"], stored["number"]) == (proposal["version"] + 1, 1)
    assert [r["event"] for r in world["office"].ok("GET", f"/proposals/{proposal['id']}/history")][
        -1
    ] == "accept"


def test_unit_signs_with_a_minimal_answer_and_its_version_serves_the_next_event(world):
    flow = Flow(world)
    [assignment] = flow.assigned()["assignments"]
    clerk = flow.clerk_of(assignment)
    body = {"event": "sign", "version": assignment["version"]}

    response = _post(clerk, f"/assignments/{assignment['id']}/events", body, MINIMAL)

    assert response.status_code == 200
    signed = response.get_json()
    assert signed == {"id": assignment["id"], "state": "handling", "version": signed["version"]}
    assert clerk.assignment(assignment["id"])["version"] == signed["version"]
    clerk.act(
        "assignment", signed, "log_contact", method="电话", date="2026-03-09", summary="沟通。"
    )


def test_without_the_header_an_event_answers_with_the_whole_representation(world):
    proposal = Flow(world).submitted()
    body = {"event": "accept", "version": proposal["version"]}

    response = _post(world["office"], f"/proposals/{proposal['id']}/events", body, {})

    assert "Preference-Applied" not in response.headers
    assert response.get_json() == world["office"].proposal(proposal["id"])


def test_a_refused_event_with_a_minimal_preference_answers_the_usual_error(world):
    proposal = Flow(world).submitted()
    body = {"event": "accept", "version": proposal["version"] - 1}

    response = _post(world["office"], f"/proposals/{proposal['id']}/events", body, MINIMAL)

    assert response.status_code == 409
    assert "error" in response.get_json()
    assert world["office"].proposal(proposal["id"])["version"] == proposal["version"]
