"""Staff entry (代录): the committee enters a member's paper proposal; the member leads it and
sees it as theirs, and the history says which clerk entered it and when the paper came in."""

import pytest

from tests.flows import PARTS

PAPER = {"title": "关于加强社区养老服务的提案", "category": "society", **PARTS}


def enter(world, who="office", **fields):
    return world[who].post("/proposals", {**PAPER, "on_behalf_of": "zhang", **fields})


def test_the_committee_enters_a_paper_proposal_for_a_member(world):
    response = enter(world, received_on="2026-03-12", co_signers=["li"])

    assert response.status == 201, response.json
    entered = response.json
    assert (entered["state"], entered["lead_proposer"], entered["sector"]) == (
        "draft",
        "zhang",
        "经济界",
    )
    assert [p["username"] for p in entered["proposers"]] == ["zhang", "li"]
    mine = world["zhang"].ok("GET", "/proposals")["items"]
    assert [p["id"] for p in mine] == [entered["id"]]
    assert "submit" in world["zhang"].proposal(entered["id"])["available_events"]
    [create] = world["zhang"].ok("GET", f"/proposals/{entered['id']}/history")
    assert (create["event"], create["actor"]) == ("create", "office")
    assert create["data"] == {
        "co_signers": ["li"],
        "on_behalf_of": "zhang",
        "received_on": "2026-03-12",
    }


def test_an_entry_submitted_at_once_is_submitted_by_the_member_who_signed_it(world):
    entered = enter(world, submit=True).json

    assert entered["state"] == "submitted"
    history = world["office"].ok("GET", f"/proposals/{entered['id']}/history")
    assert [(r["event"], r["actor"]) for r in history] == [
        ("create", "office"),
        ("submit", "zhang"),
    ]
    assert history[0]["data"]["received_on"] is None
    assert world["office"].proposal(entered["id"])["lead_proposer"] == "zhang"


def test_a_member_may_never_file_for_anyone(world):
    response = world["li"].post("/proposals", {**PAPER, "on_behalf_of": "zhang"})

    assert response.status == 403
    assert "委员不能代他人提出提案" in response.error["message"]
    assert world["zhang"].ok("GET", "/proposals")["total"] == 0


@pytest.mark.parametrize("who", ["transport", "leader", "admin"])
def test_only_the_committee_enters_for_members(world, who):
    assert enter(world, who).status == 403


@pytest.mark.parametrize("username", ["nobody", "office", "transport", ""])
def test_entering_for_someone_who_is_not_a_member_is_refused(world, username):
    response = enter(world, on_behalf_of=username)

    assert response.status == 422
    assert "on_behalf_of" in response.error["details"]
    assert world["office"].ok("GET", "/proposals")["total"] == 0


def test_a_stopped_member_cannot_be_entered_for(world):
    world.app.test_cli_runner().invoke(args=["user", "deactivate", "zhang"])

    assert enter(world).status == 422


@pytest.mark.parametrize(
    ("received_on", "words"),
    [("2026-03-17", "不能晚于今天"), ("16/03/2026", "格式如"), ("2026-02-30", "格式如")],
)
def test_the_paper_date_is_a_date_not_in_the_future(world, received_on, words):
    response = enter(world, received_on=received_on)

    assert response.status == 422
    assert words in response.error["details"]["received_on"][0]


def test_the_paper_date_may_be_today(world):
    assert enter(world, received_on="2026-03-16").status == 201


def test_a_member_filing_their_own_may_not_give_a_paper_date(world):
    response = world["zhang"].post("/proposals", {**PAPER, "received_on": "2026-03-12"})

    assert response.status == 422 and "received_on" in response.error["details"]


def test_the_committee_without_a_member_still_may_not_file(world):
    assert world["office"].post("/proposals", PAPER).status == 403


@pytest.mark.parametrize("who", ["office", "zhang"])
def test_the_proposer_cannot_also_be_a_co_signer(world, who):
    fields = {"on_behalf_of": "zhang"} if who == "office" else {}
    body = {**PAPER, **fields, "co_signers": ["li", "zhang"]}

    response = world[who].post("/proposals", body)

    assert response.status == 422
    assert response.error["message"] == "提案人本人（张伟）不能同时作为联名人。"
    assert list(response.error["details"]) == ["co_signers.1"]
    assert world["zhang"].ok("GET", "/proposals")["total"] == 0
