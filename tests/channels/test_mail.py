"""Mail reaches people at their own address: a Chinese subject and body in UTF-8 that name the
proposal's number and title and link to its page, once per recipient."""

from __future__ import annotations

from email import message_from_bytes
from email.header import decode_header, make_header

from service.db import unit_of_work
from service.usernames import find_by_username
from tests.bodies.conftest import county  # noqa: F401 - the county beside the world's city
from tests.channels.conftest import BASE_URL
from tests.flows import PARTS, Flow


def test_unit_clerk_gets_one_mail_naming_the_proposal_when_it_is_assigned(
    flow, outbox, mail_server
):
    outbox.addresses("transport", email="clerk@jt.example.gov.cn")

    proposal = flow.assigned()
    outbox.send()
    outbox.send()

    [mail] = mail_server.to("clerk@jt.example.gov.cn")
    assignment_id = proposal["assignments"][0]["id"]
    raw_subject = mail_server.envelopes[-1].content.decode("ascii").split("Subject: ")[1]
    assert raw_subject.startswith("=?utf-8?")  # RFC 2047: any mail reader decodes it
    subject = str(make_header(decode_header(mail["Subject"])))
    assert (
        subject
        == f"【政协提案】交办：提案{proposal['number_label']}《关于提升城区公交准点率的提案》"
    )
    body = mail.get_content()
    assert "已交办给贵单位（主办）" in body
    assert f"{BASE_URL}/assignments/{assignment_id}" in body
    assert mail.get_content_charset() == "utf-8"


def test_proposer_gets_mail_linking_to_the_proposal(flow, outbox, mail_server):
    outbox.addresses("zhang", email="zhangwei@example.com")

    proposal = flow.accepted()
    outbox.send()

    mails = mail_server.to("zhangwei@example.com")
    assert [m["Subject"] for m in mails] == [
        f"【政协提案】立案审查：提案{proposal['number_label']}《关于提升城区公交准点率的提案》"
    ]
    assert f"{BASE_URL}/proposals/{proposal['id']}" in mails[0].get_content()
    assert mails[0].get_content().startswith("张伟：")


def test_person_without_an_address_has_no_mail_and_keeps_the_inbox(flow, outbox, mail_server):
    flow.accepted()

    assert outbox.rows(channel="email") == []
    assert outbox.send().sent == 0
    assert outbox.inbox("zhang") == ["accept"]  # the inbox has it all the same
    assert mail_server.messages == []


def test_mail_server_down_is_retried_and_then_delivered_once(flow, outbox, mail_server, clock):
    outbox.addresses("zhang", email="zhangwei@example.com")
    flow.accepted()
    mail_server.refuse_next(1)

    first = outbox.send()
    again_too_soon = outbox.send(clock.advance(seconds=59))
    later = outbox.send(clock.advance(seconds=1))

    assert (first.retrying, again_too_soon.sent, later.sent) == (1, 0, 1)
    [row] = outbox.rows(channel="email")
    assert (row["status"], row["attempts"]) == ("sent", 2)
    assert "451" in row["last_error"]
    assert len(mail_server.to("zhangwei@example.com")) == 1


def test_each_bodys_mail_comes_from_its_own_office(world, county, outbox, mail_server):  # noqa: F811
    with world.app.app_context(), unit_of_work() as session:
        for body_id in (world.body_id, county.id):
            find_by_username(session, "zhang", body_id).email = "zhangwei@example.com"
    body = {"title": "关于加强农村饮用水安全保障的提案", "category": "society", "submit": True}
    filed = county["zhang"].ok("POST", "/proposals", {**body, **PARTS}, 201)
    county["county_office"].act("proposal", filed, "accept")
    Flow(world).accepted()

    outbox.send()

    # Read as a mail reader does: adjacent encoded words joined without a space.
    senders = {
        str(make_header(decode_header(message_from_bytes(e.content)["From"])))
        for e in mail_server.envelopes
    }
    assert sorted(senders) == [
        "政协示范县委员会提案委员会办公室 <tian@zx.example.gov.cn>",
        "政协示范市委员会提案委员会办公室 <tian@zx.example.gov.cn>",
    ]


def test_the_receiving_office_gets_mail_of_a_transfer_leading_to_it(
    world,
    county,  # noqa: F811
    outbox,
    mail_server,
):
    with world.app.app_context(), unit_of_work() as session:
        find_by_username(session, "county_office", county.id).email = "xian@example.gov.cn"
        find_by_username(session, "office", world.body_id).email = "shi@example.gov.cn"
    proposal = Flow(world).submitted()
    reason = "所提事项属县级事权。"
    world["office"].act("proposal", proposal, "transfer", to_body_id=county.id, reason=reason)
    [transfer] = county["county_office"].ok("GET", "/transfers?direction=incoming")["items"]

    outbox.send()

    [mail] = mail_server.to("xian@example.gov.cn")
    assert mail["Subject"] == f"【政协提案】立案审查：提案《{proposal['title']}》"
    sender = str(make_header(decode_header(mail["From"])))
    assert sender.replace(" ", "").startswith("政协示范县委员会提案委员会办公室")  # its own office
    text = mail.get_content()
    assert (
        f"政协示范市委员会转来提案《{proposal['title']}》，转办理由：所提事项属县级事权。" in text
    )
    assert f"{BASE_URL}/transfers/{transfer['id']}" in text
    assert f"{BASE_URL}/proposals/" not in text  # the city's proposal is not the county's to open
    assert mail_server.to("shi@example.gov.cn") == []  # the sender's office sent it
