"""Plenary sessions (届次会次) over the API: who may set them up, their dates in order, exactly
one current, and the proposals filed in each."""

from __future__ import annotations

import pytest

from tests.flows import Flow

FIFTH = {
    "name": "十四届五次会议",
    "term": 14,
    "number": 5,
    "year": 2026,
    "opens_on": "2026-03-10",
    "closes_on": "2026-03-20",
    "plenary_until": "2026-03-16",
}


def add(world, who: str = "office", **fields) -> dict:
    return world[who].ok("POST", "/sessions", {**FIFTH, **fields}, status=201)


def sessions(world, who: str = "office") -> dict:
    return {s["name"]: s for s in world[who].ok("GET", "/sessions")["items"]}


def test_committee_adds_a_session_that_everyone_signed_in_can_list(world):
    added = add(world, current=True)

    listed = sessions(world, "transport")

    assert added == {
        **FIFTH,
        "id": added["id"],
        "reply_due_on": None,  # no one reply date unless the office sets one
        "current": True,
        "proposals": 0,
    }
    assert listed["十四届五次会议"] == added
    assert world.app.test_client().get("/api/v1/sessions").status_code == 401


@pytest.mark.parametrize(("who", "status"), [("admin", 201), ("zhang", 403), ("leader", 403)])
def test_only_the_committee_and_administrators_add_sessions(world, who, status):
    response = world[who].post("/sessions", FIFTH)

    assert response.status == status
    assert ("十四届五次会议" in sessions(world)) == (status == 201)


def test_plenary_until_defaults_to_the_closing_day(world):
    body = {k: v for k, v in FIFTH.items() if k != "plenary_until"}

    added = world["office"].ok("POST", "/sessions", body, status=201)

    assert added["plenary_until"] == "2026-03-20"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"plenary_until": "2026-03-09"}, "plenary_until", "不能早于开幕日期"),
        ({"plenary_until": "2026-03-21"}, "plenary_until", "不能晚于闭幕日期"),
        ({"closes_on": "2026-03-01", "plenary_until": None}, "closes_on", "不能早于开幕日期"),
        ({"opens_on": "2026/03/10"}, "opens_on", "格式如"),
        ({"term": 0}, "term", "届次"),
        ({"name": "  "}, "name", "会次名称"),
        ({"year": None}, "year", "年度"),
    ],
)
def test_a_session_out_of_order_or_malformed_is_refused_naming_the_field(
    world, fields, field, words
):
    body = {k: v for k, v in {**FIFTH, **fields}.items() if v is not None}

    response = world["office"].post("/sessions", body)

    assert (response.status, response.error["code"]) == (422, "invalid_input")
    assert field in response.error["details"]
    assert words in response.error["message"]
    assert "十四届五次会议" not in sessions(world)


def test_a_name_already_taken_is_a_conflict(world):
    add(world)

    response = world["office"].post("/sessions", {**FIFTH, "number": 6})

    assert (response.status, response.error["code"]) == (409, "conflict")
    assert "已存在" in response.error["message"]


def test_making_a_session_current_unmakes_the_other_and_past_ones_may_return(world):
    fourth = add(world, name="十四届四次会议", number=4, year=2025, current=True)
    fifth = add(world, current=True)

    after_fifth = sessions(world)
    back = world["office"].ok("PATCH", f"/sessions/{fourth['id']}", {"current": True})

    assert [after_fifth[n]["current"] for n in ("十四届四次会议", "十四届五次会议")] == [
        False,
        True,
    ]
    assert back["current"] is True
    assert sessions(world)["十四届五次会议"]["current"] is False
    assert sum(s["current"] for s in sessions(world).values()) == 1
    assert fifth["current"] is True


def test_the_current_session_cannot_simply_be_unmade(world):
    fifth = add(world, current=True)

    response = world["office"].request("PATCH", f"/sessions/{fifth['id']}", {"current": False})

    assert (response.status, list(response.error["details"])) == (422, ["current"])
    assert sessions(world)["十四届五次会议"]["current"] is True


def test_patch_changes_name_and_dates_checked_against_the_others(world):
    fifth = add(world)
    path = f"/sessions/{fifth['id']}"

    renamed = world["office"].ok("PATCH", path, {"name": "十四届五次全体会议"})
    late = world["office"].request("PATCH", path, {"plenary_until": "2026-04-01"})
    moved = world["office"].ok(
        "PATCH", path, {"closes_on": "2026-04-01", "plenary_until": "2026-04-01"}
    )

    assert renamed["name"] == "十四届五次全体会议"
    assert (late.status, list(late.error["details"])) == (422, ["plenary_until"])
    assert (moved["closes_on"], moved["plenary_until"]) == ("2026-04-01", "2026-04-01")


@pytest.mark.parametrize(
    ("who", "path", "body", "status"),
    [
        ("zhang", "/sessions/{id}", {"current": True}, 403),
        ("transport", "/sessions/{id}", {"name": "x"}, 403),
        ("office", "/sessions/999999", {"current": True}, 404),
        ("office", "/sessions/{id}", {"number": 3}, 422),
        ("office", "/sessions/{id}", [], 422),
    ],
)
def test_patch_refusals_change_nothing(world, who, path, body, status):
    fifth = add(world)

    response = world[who].request("PATCH", path.format(id=fifth["id"]), body)

    assert response.status == status
    assert sessions(world)["十四届五次会议"] == fifth


def test_proposals_counts_those_submitted_in_the_session(world):
    fifth = add(world, current=True)
    flow = Flow(world)
    flow.submitted()
    flow.submitted(member="li")
    flow.filed()  # a draft is not filed yet

    assert sessions(world)["十四届五次会议"]["proposals"] == 2
    assert fifth["proposals"] == 0
