"""跨级转办: the city's committee sends a proposal awaiting review to its county; the county's
committee takes it as a proposal of its own (which it reviews, numbers and assigns itself) or
sends it back, and the city's proposal follows."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from service.audit import verify
from service.db import unit_of_work
from service.models import Notification, Proposal, Transfer, User
from service.operations import bodies, users
from tests.bodies.conftest import COUNTY, log_in
from tests.client import PASSWORD
from tests.flows import Flow
from tests.web.conftest import log_in as log_in_to_pages

REASON = "所提乡村道路养护事项属县级事权，请县政协提案委员会办理。"


def _sent(world, county, member: str = "zhang") -> tuple[dict, dict]:
    proposal = Flow(world).submitted(member=member)
    moved = world["office"].act(
        "proposal", proposal, "transfer", to_body_id=county.id, reason=REASON
    )
    incoming = county["county_office"].ok("GET", "/transfers?direction=incoming")["items"]
    assert len(incoming) == 1
    return moved, incoming[0]


def test_a_transfer_waits_for_the_receiving_committee(world, county):
    moved, transfer = _sent(world, county)

    assert moved["state"] == "transferring"
    assert moved["state_label"] == "转办中"
    assert moved["transfer"]["to_body"]["name"] == COUNTY
    assert moved["available_events"] == []
    assert transfer["proposal_id"] == moved["id"]
    assert transfer["title"] == moved["title"]
    assert transfer["from_body"]["id"] == world.body_id
    assert transfer["to_body"] == {"id": county.id, "name": COUNTY, "level": "county"}
    assert transfer["reason"] == REASON
    assert transfer["state"] == "pending"
    assert set(transfer) >= {"id", "version", "created_at"}
    assert transfer["available_events"] == ["accept_transfer", "decline_transfer"]
    outgoing = world["office"].ok("GET", "/transfers?direction=outgoing")["items"]
    assert [t["id"] for t in outgoing] == [transfer["id"]]
    assert outgoing[0]["available_events"] == []
    assert world["office"].ok("GET", "/transfers?direction=incoming")["items"] == []
    # The receiver reads the text as sent, without seeing the city's proposal itself.
    detail = county["county_office"].ok("GET", f"/transfers/{transfer['id']}")
    assert detail["proposal"]["title"] == moved["title"]
    assert detail["proposal"]["body"] == moved["body"]
    assert detail["proposal"]["proposers"][0]["name"] == moved["lead_proposer_name"]
    assert detail["proposal"]["submitted_at"] == moved["submitted_at"]  # in +08:00, as sent
    assert detail["proposal"]["submitted_at"].endswith("+08:00")
    assert county["county_office"].get(f"/proposals/{moved['id']}").status == 404


def test_accepting_files_the_receivers_own_proposal_awaiting_its_review(world, county):
    moved, transfer = _sent(world, county)

    answer = county["county_office"].act("transfer", transfer, "accept_transfer")

    assert answer["state"] == "accepted"
    received_id = answer["received_proposal_id"]
    received = county["county_office"].proposal(received_id)
    assert received["state"] == "submitted"
    assert received["transferred_from"] == {
        "body_id": world.body_id,
        "body_name": world["office"].ok("GET", "/me")["body"]["name"],
        "proposal_id": moved["id"],
        "transfer_id": transfer["id"],
    }
    assert received["title"] == moved["title"] and received["body"] == moved["body"]
    assert received["lead_proposer"] == "zhang"
    source = world["office"].proposal(moved["id"])
    assert source["state"] == "transferred"
    assert source["transfer"]["received_proposal_id"] == received_id
    assert world["office"].get(f"/proposals/{received_id}").status == 404
    # The county reviews, numbers and assigns it as any of its own.
    accepted = county["county_office"].act("proposal", received, "accept")
    assert accepted["number"] == 1
    assigned = county["county_office"].act(
        "proposal", accepted, "assign", units=[{"unit_id": county.unit_id, "role": "lead"}]
    )
    assert assigned["state"] == "handling"
    # zhang, a member of both, follows it in the county and the city's one in the city.
    assert received_id in [p["id"] for p in county["zhang"].ok("GET", "/proposals")["items"]]
    assert world["zhang"].proposal(moved["id"])["state"] == "transferred"


def test_a_proposer_without_a_membership_there_gets_a_members_one(world, county):
    moved, transfer = _sent(world, county, member="wang")

    answer = county["county_office"].act("transfer", transfer, "accept_transfer")

    wang_in_county = log_in(world, "wang", county.id)
    mine = wang_in_county.ok("GET", "/proposals")["items"]
    assert [p["id"] for p in mine] == [answer["received_proposal_id"]]
    assert wang_in_county.ok("GET", "/me")["role"] == "member"


def test_declining_returns_the_proposal_to_the_senders_review(world, county):
    moved, transfer = _sent(world, county)

    refused = county["county_office"].fire("transfer", transfer, "decline_transfer")
    assert refused.status == 422
    assert "理由" in refused.json["error"]["message"]
    answer = county["county_office"].act(
        "transfer", transfer, "decline_transfer", reason="该事项属市级事权。"
    )

    assert answer["state"] == "declined"
    assert answer["decline_reason"] == "该事项属市级事权。"
    source = world["office"].proposal(moved["id"])
    assert source["state"] == "submitted"
    assert "accept" in source["available_events"]
    assert "transfer" in source["available_events"]
    with world.app.app_context(), unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Proposal)) == 1
        told = session.scalars(
            select(Notification.message).where(
                Notification.event == "transfer_declined",
                Notification.role == "committee",
                Notification.body_id == world.body_id,
            )
        ).all()
    assert told == [
        f"提案《{moved['title']}》转{COUNTY}办理，被退回：该事项属市级事权。请重新审查。"
    ]


def test_only_the_receiving_committee_answers(world, county):
    moved, transfer = _sent(world, county)

    by_sender = world["office"].fire("transfer", transfer, "accept_transfer")
    assert by_sender.status == 409
    assert "接收转办的政协" in by_sender.json["error"]["message"]
    assert county["county_member"].get(f"/transfers/{transfer['id']}").status == 404
    assert county["county_clerk"].get("/transfers").status == 403
    assert world["zhang"].get(f"/transfers/{transfer['id']}").status == 404
    stale = county["county_office"].post(
        f"/transfers/{transfer['id']}/events",
        {"event": "accept_transfer", "version": transfer["version"] + 1},
    )
    assert stale.status == 409
    county["county_office"].act("transfer", transfer, "accept_transfer")
    again = county["county_office"].post(
        f"/transfers/{transfer['id']}/events",
        {"event": "decline_transfer", "version": transfer["version"] + 1, "reason": "重复"},
    )
    assert again.status == 409


def test_bad_transfers_are_refused_and_write_nothing(world, county):
    proposal = Flow(world).submitted()
    office = world["office"]

    same = office.fire("proposal", proposal, "transfer", to_body_id=world.body_id, reason=REASON)
    assert same.status == 422
    assert same.json["error"]["details"]["to_body_id"] == [
        "不能转办给本级政协，请选择要转去的另一级政协。"
    ]
    unknown = office.fire("proposal", proposal, "transfer", to_body_id=9999, reason=REASON)
    assert unknown.status == 422
    assert "所选政协不存在" in unknown.json["error"]["message"]
    no_reason = office.fire("proposal", proposal, "transfer", to_body_id=county.id)
    assert no_reason.status == 422
    accepted = office.act("proposal", proposal, "accept")
    late = office.fire("proposal", accepted, "transfer", to_body_id=county.id, reason=REASON)
    assert late.status == 409
    assert "已立案待交办" in late.json["error"]["message"]
    by_member = world["zhang"].fire("proposal", proposal, "transfer", to_body_id=county.id)
    assert by_member.status in (403, 409)
    with world.app.app_context(), unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Transfer)) == 0
        assert session.scalar(select(func.count()).select_from(User)) > 0
    assert office.ok("GET", "/transfers?direction=outgoing")["items"] == []
    assert office.get("/transfers?direction=sideways").status == 422


def test_the_history_tells_the_handshake(world, county):
    moved, transfer = _sent(world, county)
    county["county_office"].act("transfer", transfer, "accept_transfer")

    history = world["office"].ok("GET", f"/proposals/{moved['id']}/history")
    events = [(h["workflow"], h["event"]) for h in history]
    assert ("proposal", "transfer") in events
    assert ("transfer", "create") in events
    assert ("transfer", "accept_transfer") in events
    assert ("proposal", "transfer_accepted") in events
    with world.app.app_context(), unit_of_work() as session:
        assert verify(session).breaks == []


def test_a_third_body_sees_nothing_of_a_transfer_between_two_others(world, county):
    moved, transfer = _sent(world, county)
    now = world.clock.now()
    with world.app.app_context(), unit_of_work() as session:
        raw = {"name": "政协示范东县委员会", "level": "county", "parent_id": world.body_id}
        east = bodies.add_body(session, raw, actor=None, now=now).id
        users.add_user(
            session, "east_office", role="committee", password=PASSWORD, now=now, body_id=east
        )
    east_office = log_in(world, "east_office")

    assert east_office.get(f"/transfers/{transfer['id']}").status == 404
    answer = east_office.post(
        f"/transfers/{transfer['id']}/events",
        {"event": "accept_transfer", "version": transfer["version"]},
    )
    assert answer.status == 404
    for direction in ("incoming", "outgoing"):
        assert east_office.ok("GET", f"/transfers?direction={direction}")["items"] == []
    assert county["county_office"].ok("GET", f"/transfers/{transfer['id']}")["state"] == "pending"


def test_a_single_office_is_offered_no_transfer(world):
    proposal = Flow(world).submitted()

    assert "transfer" not in proposal["available_events"]
    shown = world["office"].proposal(proposal["id"])
    assert "transfer" not in shown["available_events"]
    refused = world["office"].fire(
        "proposal", shown, "transfer", to_body_id=world.body_id, reason=REASON
    )
    assert refused.status == 422  # the only body is the office's own
    page = log_in_to_pages(world.app, "office").get(f"/proposals/{proposal['id']}")
    assert "跨级转办" not in page.text
    assert "跨级转办" not in log_in_to_pages(world.app, "office").get("/workbench").text


def test_the_transfer_pages_are_the_offices(world, county):
    moved, transfer = _sent(world, county)

    office = log_in_to_pages(world.app, "office")
    assert "跨级转办" in office.get("/workbench").text
    listed = office.get("/transfers")
    assert listed.status == 200 and moved["title"] in listed.text
    assert "待接收" in listed.text
    page = office.get(f"/proposals/{moved['id']}")
    assert "转办中，待政协示范县委员会接收" in page.text
    assert log_in_to_pages(world.app, "zhang").get("/transfers").status == 403
    assert log_in_to_pages(world.app, "transport").get(f"/transfers/{transfer['id']}").status == 404


def test_the_receiving_office_sees_how_many_transfers_await_it_in_the_header(world, county):
    _, transfer = _sent(world, county)
    Flow(world).submitted(member="li")
    receiver = log_in_to_pages(world.app, "county_office")

    def header(client) -> str:
        return re.sub(r"<[^>]+>", "", client.get("/workbench").text)

    assert "跨级转办，1件待接收" in header(receiver)
    assert "件待接收" not in header(log_in_to_pages(world.app, "office"))  # the sender's

    county["county_office"].act("transfer", transfer, "accept_transfer")
    assert "跨级转办" in header(receiver) and "件待接收" not in header(receiver)


def test_the_receiving_office_finds_the_transfer_on_its_workbench(world, county):
    moved, transfer = _sent(world, county)
    receiver = log_in_to_pages(world.app, "county_office")

    desk = receiver.get("/workbench").text.split('跨级转办待接收 <span class="count">1</span>')[1]
    sender = log_in_to_pages(world.app, "office").get("/workbench").text

    item = desk.split("</li>")[0]
    assert f'href="/transfers/{transfer["id"]}"' in item and moved["title"] in item
    assert f"政协示范市委员会转来 · {REASON}" in item
    assert "跨级转办待接收" in sender.split("暂无：")[1]  # the sender's own desk is empty
    county["county_office"].act("transfer", transfer, "accept_transfer")
    after = receiver.get("/workbench").text
    assert '跨级转办待接收 <span class="count">' not in after


def test_the_receiving_office_is_told_in_its_inbox_and_led_to_the_transfer(world, county):
    moved, transfer = _sent(world, county)
    receiver = log_in_to_pages(world.app, "county_office")

    told = (
        f"政协示范市委员会转来提案《{moved['title']}》，转办理由：{REASON.rstrip('。')}。"
        "请审阅后接收或退回。"
    )
    inbox = receiver.get("/notifications").text
    assert told in inbox and "查看转来的提案" in inbox
    with world.app.app_context(), unit_of_work() as session:
        notice = session.execute(
            select(Notification.id, Notification.body_id, Notification.role).where(
                Notification.transfer_id == transfer["id"]
            )
        ).one()
    assert (notice.body_id, notice.role) == (county.id, "committee")
    opened = receiver.get(f"/notifications/{notice.id}")
    assert opened.status == 302 and opened.location.endswith(f"/transfers/{transfer['id']}")
    assert receiver.get(opened.location).status == 200
    # The sender's office and the county's other people are not told.
    for sender_side in ("office", "zhang"):
        assert told not in log_in_to_pages(world.app, sender_side).get("/notifications").text
    assert log_in_to_pages(world.app, "zhang").get(f"/notifications/{notice.id}").status == 404
    assert (
        "已转该政协提案委员会，待其接收"
        in log_in_to_pages(world.app, "zhang").get("/notifications").text
    )


def test_the_figures_count_what_went_to_another_body_and_what_came(world, county):
    _, transfer = _sent(world, county)
    Flow(world).submitted(member="li")
    city = world["office"].ok("GET", "/stats?year=2026")
    assert (city["received"], city["under_review"], city["transferred"]) == (2, 2, 0)

    county["county_office"].act("transfer", transfer, "accept_transfer")

    city = world["office"].ok("GET", "/stats?year=2026")
    received = county["county_office"].ok("GET", "/stats?year=2026")
    assert (city["received"], city["under_review"], city["transferred"]) == (2, 1, 1)
    assert (received["received"], received["under_review"], received["transferred"]) == (1, 1, 0)
    page = re.sub(r"<[^>]+>", "", log_in_to_pages(world.app, "office").get("/stats").text)
    assert "转办1转至其他政协、由其立案办理的提案" in re.sub(r"\s+", "", page)
    county_page = log_in_to_pages(world.app, "county_office").get("/stats").text
    assert "转至其他政协" not in county_page  # nothing it sent away: no such line
