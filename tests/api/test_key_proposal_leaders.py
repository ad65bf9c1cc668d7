"""重点提案 with several supervising leaders: `mark_key` takes `leaders` (or the older single
`leader`), each must be a leader account, and every leader named reads and supervises it."""

import pytest
from sqlalchemy import select

from service.db import unit_of_work
from service.errors import Conflict
from service.models import Notification, User
from service.operations import users
from tests.flows import Flow


@pytest.fixture
def qian(world):
    return world.add_user("qian", "leader", display_name="钱副市长")


def _snapshot(client, proposal_id: int) -> tuple:
    proposal = client.proposal(proposal_id)
    history = client.ok("GET", f"/proposals/{proposal_id}/history")
    return proposal["state"], proposal["version"], proposal["key"], len(history)


def _refused_naming(response, field: str) -> str:
    assert response.status == 422, response.json
    assert response.error["code"] == "invalid_input"
    assert field in response.error["details"], response.error
    return response.error["details"][field][0]


def test_committee_names_two_leaders_who_both_read_and_supervise_it(world, qian):
    office, leader = world["office"], world["leader"]
    proposal = Flow(world).assigned()

    marked = office.act("proposal", proposal, "mark_key", leaders=["leader", "qian"])

    assert marked["key"] is True
    assert marked["key_leaders"] == [
        {"username": "leader", "name": "赵副主席"},
        {"username": "qian", "name": "钱副市长"},
    ]
    assert marked["key_leader"] == "leader"
    for client in (leader, qian):
        assert [p["id"] for p in client.ok("GET", "/proposals")["items"]] == [proposal["id"]]
        assert client.proposal(proposal["id"])["available_events"] == ["supervise"]
    qian.act("proposal", marked, "supervise", comment="请抓紧办理。")


def test_each_leader_named_is_told_to_supervise(world, app, qian):
    proposal = Flow(world).assigned()

    world["office"].act("proposal", proposal, "mark_key", leaders=["leader", "qian"])

    with app.app_context(), unit_of_work() as session:
        told = session.scalars(
            select(User.username)
            .join(Notification, Notification.user_id == User.id)
            .where(Notification.event == "mark_key")
            .order_by(User.username)
        ).all()
    assert told == ["leader", "qian"]


def test_the_older_single_leader_field_still_marks_a_key_proposal(world):
    proposal = Flow(world).assigned()

    marked = world["office"].act("proposal", proposal, "mark_key", leader="LEADER")

    assert (marked["key"], marked["key_leader"]) == (True, "leader")
    assert marked["key_leaders"] == [{"username": "leader", "name": "赵副主席"}]


def test_marking_again_replaces_the_leaders_and_the_one_left_out_no_longer_sees_it(world, qian):
    office, leader = world["office"], world["leader"]
    proposal = office.act("proposal", Flow(world).assigned(), "mark_key", leaders=["leader"])

    marked = office.act("proposal", proposal, "mark_key", leaders=["qian"])

    assert [p["username"] for p in marked["key_leaders"]] == ["qian"]
    assert leader.get(f"/proposals/{proposal['id']}").status == 404
    assert qian.proposal(proposal["id"])["key_leader"] == "qian"


@pytest.mark.parametrize("fields", [{}, {"leaders": []}, {"note": "重点"}])
def test_a_key_proposal_needs_a_leader(world, fields):
    office = world["office"]
    proposal = Flow(world).assigned()
    before = _snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "mark_key", **fields)

    assert "督办领导" in _refused_naming(response, "leaders")
    assert _snapshot(office, proposal["id"]) == before


@pytest.mark.parametrize("name", ["office", "zhang", "nobody"])
def test_each_leader_named_must_be_a_leader_account_and_the_refusal_names_it(world, name):
    office = world["office"]
    proposal = Flow(world).assigned()
    before = _snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "mark_key", leaders=["leader", name])

    assert name in _refused_naming(response, "leaders")
    assert _snapshot(office, proposal["id"]) == before
    assert world["leader"].get(f"/proposals/{proposal['id']}").status == 404


def test_a_deactivated_leader_cannot_be_named(world, app, qian):
    with app.app_context(), unit_of_work() as session:
        session.scalars(select(User).where(User.username == "qian")).one().active = False
    proposal = Flow(world).assigned()

    response = world["office"].fire("proposal", proposal, "mark_key", leaders=["qian"])

    assert "qian" in _refused_naming(response, "leaders")


def test_leaders_must_be_a_list_of_names(world):
    proposal = Flow(world).assigned()

    response = world["office"].fire("proposal", proposal, "mark_key", leaders="leader")

    _refused_naming(response, "leaders")


def test_the_history_names_every_leader(world, qian):
    office = world["office"]
    proposal = office.act(
        "proposal", Flow(world).assigned(), "mark_key", leaders=["leader", "qian"]
    )

    last = office.ok("GET", f"/proposals/{proposal['id']}/history")[-1]

    assert (last["event"], last["data"]["leaders"]) == ("mark_key", ["leader", "qian"])


def test_a_second_leader_who_supervises_keeps_the_leader_role(world, app, qian):
    world["office"].act("proposal", Flow(world).assigned(), "mark_key", leaders=["leader", "qian"])

    with app.app_context(), unit_of_work() as session:
        admin = session.scalars(select(User).where(User.username == "admin")).one()
        with pytest.raises(Conflict, match="正在督办重点提案"):
            users.change_user(
                session,
                "qian",
                actor=admin,
                now=world.clock.now(),
                display_name="钱副市长",
                role="member",
                unit_name=None,
                sector=None,
                proxy_rater=False,
            )
