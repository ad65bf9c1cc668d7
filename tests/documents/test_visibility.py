"""Who may list and download which notices: members their own (of 催办 only the reminder to
rate), units their own."""

from service.jobs.sweep import sweep
from tests.documents.pdf import download, listed, page_texts, pdf_of, render
from tests.documents.scenarios import replied
from tests.flows import Flow


def _urged(world, clock, units=(("市交通运输局", "lead"), ("市教育局", "assisting"))) -> dict:
    """An assigned proposal whose every unit got a 催办通知单, rendered."""
    proposal = Flow(world).assigned(units)
    for assignment in proposal["assignments"]:
        world["office"].act("assignment", assignment, "urge", message="请抓紧办理。")
    render(world.app, clock)
    return proposal


def _reminders(client, proposal: dict) -> list[dict]:
    return [d for d in listed(client, proposal["id"]) if d["kind"] == "reminder_notice"]


def test_member_cannot_download_another_members_notice(world, clock):
    proposal = Flow(world).accepted()
    render(world.app, clock)
    [notice] = listed(world["zhang"], proposal["id"])

    assert download(world["wang"], notice["id"]).status_code == 404
    assert world["wang"].get(f"/proposals/{proposal['id']}/documents").status == 404
    assert download(world["zhang"], notice["id"]).status_code == 200


def test_member_never_sees_the_reminders_sent_to_units(world, clock):
    proposal = _urged(world, clock)
    reminders = _reminders(world["office"], proposal)

    kinds = [d["kind"] for d in listed(world["zhang"], proposal["id"])]

    assert len(reminders) == 2
    assert kinds == ["acceptance_notice", "assignment_notice"]
    assert [download(world["zhang"], d["id"]).status_code for d in reminders] == [404, 404]


def test_unit_sees_its_own_reminder_but_not_another_units(world, clock):
    proposal = _urged(world, clock)
    ids = {a["unit_name"]: a["id"] for a in proposal["assignments"]}
    by_unit = {d["assignment_id"]: d["id"] for d in _reminders(world["office"], proposal)}

    own = _reminders(world["transport"], proposal)

    assert [d["assignment_id"] for d in own] == [ids["市交通运输局"]]
    assert download(world["transport"], by_unit[ids["市交通运输局"]]).status_code == 200
    assert download(world["transport"], by_unit[ids["市教育局"]]).status_code == 404
    assert [d["assignment_id"] for d in _reminders(world["education"], proposal)] == [
        ids["市教育局"]
    ]


def test_member_reads_the_reminder_to_rate_the_reply(world, clock):
    proposal = replied(world)
    clock.advance(days=16)  # 5 working days before the 15 working days to rate run out
    with world.app.app_context():
        sweep(now=clock.now())
    render(world.app, clock)
    member, unit = world.login("zhang"), world.login("transport")  # the old logins expired

    [reminder] = _reminders(member, proposal)

    assert "测评" in "".join(page_texts(pdf_of(member, reminder["id"])))
    assert reminder["assignment_id"] is None
    assert _reminders(unit, proposal) == []
