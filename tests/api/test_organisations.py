"""Organisations file collective proposals (集体提案) through their contacts: the office registers
them, a contact files in the organisation's name, and the other contacts follow it too."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.db import unit_of_work
from service.models import Notification, User
from tests.flows import PARTS, Flow

MINMENG = {"name": "民盟市委会", "kind": "party", "contacts": ["zhang", "li"]}


def _register(world, body=MINMENG, who="office") -> dict:
    return world[who].ok("POST", "/organisations", body, status=201)


def _collective(world, organisation: dict, member="zhang", **fields) -> dict:
    body = {
        "title": "关于加强民营企业融资服务的提案",
        "category": "economy",
        "type": "collective",
        "organisation_id": organisation["id"],
        **PARTS,
        **fields,
    }
    return world[member].ok("POST", "/proposals", body, status=201)


def test_the_office_registers_an_organisation_with_its_contacts(world):
    created = _register(world)

    assert created["name"] == "民盟市委会"
    assert (created["kind"], created["kind_label"]) == ("party", "民主党派")
    assert [c["username"] for c in created["contacts"]] == ["li", "zhang"]
    assert [c["name"] for c in created["contacts"]] == ["李娜", "张伟"]
    listed = world["leader"].ok("GET", "/organisations")
    assert (listed["total"], listed["next"]) == (1, None)
    assert listed["items"][0]["id"] == created["id"]


@pytest.mark.parametrize("who, status", [("admin", 201), ("leader", 403), ("zhang", 403)])
def test_only_the_office_and_admins_register_one(world, who, status):
    response = world[who].post("/organisations", {**MINMENG, "contacts": []})

    assert response.status == status, response.json
    if status == 403:
        assert world["office"].ok("GET", "/organisations")["total"] == 0


def test_a_unit_may_not_read_the_register(world):
    _register(world)

    response = world["transport"].get("/organisations")

    assert response.status == 403
    assert "联系人" in response.error["message"]


def test_a_contact_sees_only_their_own_organisations(world):
    _register(world)
    _register(world, {"name": "市工商联", "kind": "group", "contacts": ["wang"]})

    assert [o["name"] for o in world["zhang"].ok("GET", "/organisations")["items"]] == [
        "民盟市委会"
    ]
    assert [o["name"] for o in world["wang"].ok("GET", "/organisations")["items"]] == ["市工商联"]
    theirs = world["office"].ok("GET", "/organisations")["items"][0]
    assert world["zhang"].get(f"/organisations/{theirs['id']}").status == 404
    assert world["office"].ok("GET", "/organisations")["total"] == 2


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({"kind": "party", "contacts": []}, "name", "单位名称"),
        ({"name": "  ", "kind": "party"}, "name", "单位名称"),
        ({"name": "民建市委会", "kind": "club"}, "kind", "民主党派"),
        ({"name": "民建市委会"}, "kind", "单位类别"),
        ({"name": "民建市委会", "kind": "party", "contacts": ["office"]}, "contacts.0", "委员"),
        (
            {"name": "民建市委会", "kind": "party", "contacts": ["zhang", "nobody"]},
            "contacts.1",
            "委员",
        ),
        ({"name": "民建市委会", "kind": "party", "contacts": "zhang"}, "contacts", "联系人"),
        ({"name": "民建市委会", "kind": "party", "seal": "x"}, "seal", "不认识"),
    ],
)
def test_a_bad_organisation_is_refused_naming_the_field(world, body, field, words):
    response = world["office"].post("/organisations", body)

    assert response.status == 422, response.json
    assert field in response.error["details"]
    assert words in str(response.error["details"][field]) + response.error["message"]
    assert world["office"].ok("GET", "/organisations")["total"] == 0


def test_a_name_already_registered_is_refused(world):
    _register(world)

    response = world["office"].post("/organisations", {**MINMENG, "contacts": []})

    assert response.status == 409
    assert "name" in response.error["details"]
    assert "已登记" in response.error["message"]
    assert world["office"].ok("GET", "/organisations")["total"] == 1


def test_the_office_names_the_contacts_anew(world):
    organisation = _register(world)

    changed = world["office"].ok(
        "PATCH", f"/organisations/{organisation['id']}", {"contacts": ["wang"]}
    )

    assert [c["username"] for c in changed["contacts"]] == ["wang"]
    assert changed["name"] == "民盟市委会"
    assert world["zhang"].ok("GET", "/organisations")["total"] == 0
    refused = world["zhang"].post("/proposals", _filing(organisation))
    assert refused.status == 422


def _told(world, proposal_id: int, event: str) -> dict[str, str]:
    """Who among the people was told of the event, and in what words."""
    with world.app.app_context(), unit_of_work() as session:
        rows = session.execute(
            select(User.username, Notification.message)
            .join(User, User.id == Notification.user_id)
            .where(Notification.proposal_id == proposal_id, Notification.event == event)
        )
        return dict(rows.all())


def _filing(organisation: dict, **fields) -> dict:
    return {
        "title": "关于加强民营企业融资服务的提案",
        "category": "economy",
        "type": "collective",
        "organisation_id": organisation["id"],
        **fields,
    }


def test_changing_an_organisation_is_the_offices_and_checks_its_fields(world):
    organisation = _register(world)
    path = f"/organisations/{organisation['id']}"

    assert world["zhang"].request("PATCH", path, {"contacts": []}).status == 403
    assert world["leader"].request("PATCH", path, {"contacts": []}).status == 403
    bad = world["office"].request("PATCH", path, {"contacts": ["transport"]})
    assert bad.status == 422 and "contacts.0" in bad.error["details"]
    _register(world, {"name": "市工商联", "kind": "group"})
    taken = world["office"].request("PATCH", path, {"name": "市工商联"})
    assert taken.status == 409
    assert world["office"].request("PATCH", "/organisations/99999", {}).status == 404
    assert len(world["office"].ok("GET", path)["contacts"]) == 2


def test_a_contact_files_a_collective_proposal_in_its_name(world):
    organisation = _register(world)

    filed = _collective(world, organisation, submit=True)

    assert filed["type"] == "collective"
    assert filed["organisation"] == {"id": organisation["id"], "name": "民盟市委会"}
    assert filed["state"] == "submitted"
    assert filed["lead_proposer"] == "zhang"
    individual = Flow(world).filed("wang")
    assert individual["organisation"] is None and individual["type"] == "individual"


def test_naming_the_organisation_alone_files_a_collective_proposal(world):
    organisation = _register(world)

    without_type = {k: v for k, v in _filing(organisation).items() if k != "type"}

    filed = world["li"].ok("POST", "/proposals", without_type, status=201)

    assert (filed["type"], filed["organisation"]["id"]) == ("collective", organisation["id"])


@pytest.mark.parametrize(
    "change, field",
    [
        ({"organisation_id": None}, "organisation_id"),
        ({"organisation_id": 99999}, "organisation_id"),
        ({"type": "individual"}, "organisation_id"),
        ({"organisation_id": "民盟"}, "organisation_id"),
        ({"co_signers": ["wang"]}, "co_signers"),
    ],
)
def test_a_collective_proposal_filed_wrongly_is_refused(world, change, field):
    organisation = _register(world)

    response = world["zhang"].post("/proposals", {**_filing(organisation), **change})

    assert response.status == 422, response.json
    assert field in response.error["details"]
    assert world["zhang"].ok("GET", "/proposals")["total"] == 0


def test_a_member_who_is_no_contact_cannot_file_for_it(world):
    organisation = _register(world)

    response = world["wang"].post("/proposals", _filing(organisation))

    assert response.status == 422
    assert response.error["details"]["organisation_id"] == [
        "只能以您担任联系人的单位名义提出集体提案。"
    ]
    assert world["wang"].ok("GET", "/proposals")["total"] == 0


def test_the_other_contacts_follow_it_once_submitted(world):
    organisation = _register(world)
    draft = _collective(world, organisation)

    assert world["li"].get(f"/proposals/{draft['id']}").status == 404
    world["zhang"].act("proposal", draft, "submit")

    seen = world["li"].proposal(draft["id"])
    assert seen["organisation"]["name"] == "民盟市委会"
    assert seen["available_events"] == []
    assert world["wang"].get(f"/proposals/{draft['id']}").status == 404
    assert [p["id"] for p in world["li"].ok("GET", "/proposals")["items"]] == [draft["id"]]


def test_the_other_contacts_are_told_what_happens_to_it(world):
    organisation = _register(world)
    filed = _collective(world, organisation, submit=True)

    world["office"].act("proposal", world["office"].proposal(filed["id"]), "accept")

    told = _told(world, filed["id"], "accept")
    assert set(told) == {"zhang", "li"}
    assert all("立案" in message for message in told.values())


def test_a_contact_removed_no_longer_reads_its_proposals(world):
    organisation = _register(world)
    filed = _collective(world, organisation, submit=True)

    world["office"].ok("PATCH", f"/organisations/{organisation['id']}", {"contacts": ["zhang"]})

    assert world["li"].get(f"/proposals/{filed['id']}").status == 404
    assert world["zhang"].proposal(filed["id"])["organisation"]["name"] == "民盟市委会"


def test_the_command_registers_an_organisation_with_its_contacts(world):
    runner = world.app.test_cli_runner()

    result = runner.invoke(
        args=["organisation", "add", "民盟市委会", "--kind", "party", "--contact", "zhang"]
        + ["--contact", "LI"]
    )

    assert result.exit_code == 0, result.output
    assert "已登记集体提案单位：民盟市委会" in result.output and "张伟" in result.output
    [listed] = world["office"].ok("GET", "/organisations")["items"]
    assert [c["username"] for c in listed["contacts"]] == ["li", "zhang"]


@pytest.mark.parametrize(
    "args, words",
    [
        (["民进市委会", "--kind", "party", "--contact", "transport"], "不是委员"),
        (["民盟市委会", "--kind", "party"], "已登记"),
        (["民进市委会", "--kind", "club"], "club"),
    ],
)
def test_the_command_refuses_what_the_api_refuses(world, args, words):
    runner = world.app.test_cli_runner()
    runner.invoke(args=["organisation", "add", "民盟市委会", "--kind", "party"])

    result = runner.invoke(args=["organisation", "add", *args])

    assert result.exit_code != 0
    assert words in result.output
    assert world["office"].ok("GET", "/organisations")["total"] == 1
