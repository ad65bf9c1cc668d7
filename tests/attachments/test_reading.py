"""Who reads which attachment: whoever sees the proposal, except that a unit's file is that
unit's, and reaches the proposers only once that unit's reply is theirs to read."""

from __future__ import annotations

import pytest

from service.db import unit_of_work
from service.models import SettingValue
from tests.attachments.files import PDF, PNG, download, encoded_name, upload
from tests.flows import Flow

TWO_UNITS = (("市交通运输局", "separate"), ("市教育局", "separate"))


@pytest.fixture
def flow(world):
    return Flow(world)


def names(client, proposal_id: int) -> list[str]:
    return [a["name"] for a in client.ok("GET", f"/proposals/{proposal_id}/attachments")]


def of_unit(proposal: dict, unit: str) -> int:
    return next(a["id"] for a in proposal["assignments"] if a["unit_name"] == unit)


@pytest.fixture
def split(world, flow):
    """A proposal handled separately (分办) by two units, each with a file of its own, and the
    member's own material."""
    draft = flow.filed()
    upload(world["zhang"], draft["id"], PDF, name="委员材料.pdf")
    world["zhang"].act("proposal", world["zhang"].proposal(draft["id"]), "submit")
    office = world["office"]
    proposal = office.act("proposal", office.proposal(draft["id"]), "accept")
    units = [{"unit_id": world.units[name], "role": role} for name, role in TWO_UNITS]
    proposal = office.act("proposal", proposal, "assign", units=units)
    upload(world["transport"], proposal["id"], PDF, name="交通纪要.pdf", kind="minutes")
    upload(world["education"], proposal["id"], PNG, name="教育盖章件.png", kind="sealed_reply")
    return proposal


def test_each_unit_reads_the_proposals_material_and_its_own_files_only(world, split):
    assert names(world["transport"], split["id"]) == ["委员材料.pdf", "交通纪要.pdf"]
    assert names(world["education"], split["id"]) == ["委员材料.pdf", "教育盖章件.png"]
    assert names(world["office"], split["id"]) == ["委员材料.pdf", "交通纪要.pdf", "教育盖章件.png"]


def test_a_unit_cannot_download_another_units_file(world, split):
    theirs = world["office"].ok("GET", f"/proposals/{split['id']}/attachments")[2]

    response = download(world["transport"], theirs["id"])

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_the_member_reads_a_units_file_once_that_unit_has_replied(world, flow, split):
    before = names(world["zhang"], split["id"])

    flow.handle(world["office"].assignment(of_unit(split, "市交通运输局")))

    assert before == ["委员材料.pdf"]
    assert names(world["zhang"], split["id"]) == ["委员材料.pdf", "交通纪要.pdf"]


def test_the_member_does_not_read_a_units_file_while_its_reply_is_under_review(
    app, world, flow, split
):
    with app.app_context(), unit_of_work() as session:
        session.merge(SettingValue(body_id=world.body_id, key="reply_review", value=True))
    flow.handle(world["office"].assignment(of_unit(split, "市交通运输局")))
    office = world["office"]
    theirs = office.ok("GET", f"/proposals/{split['id']}/attachments")[1]

    hidden = download(world["zhang"], theirs["id"])
    office.act("assignment", office.assignment(theirs["assignment_id"]), "approve_reply")

    assert hidden.status_code == 404
    assert download(world["zhang"], theirs["id"]).status_code == 200


def test_the_history_names_a_units_file_to_the_member_only_once_it_is_readable(world, split):
    history = world["zhang"].ok("GET", f"/proposals/{split['id']}/history")

    attached = [r["data"] for r in history if r["event"] == "attach"]

    assert attached[0]["name"] == "委员材料.pdf"
    assert attached[1:] == [{}, {}]


def test_a_unit_reads_no_history_record_of_another_units_file(world, split):
    history = world["transport"].ok("GET", f"/proposals/{split['id']}/history")

    shown = [r["data"]["name"] for r in history if r["event"] == "attach"]

    assert shown == ["委员材料.pdf", "交通纪要.pdf"]


def test_a_draft_attachment_is_the_members_alone(world, flow):
    draft = flow.filed()
    attached = upload(world["zhang"], draft["id"], PDF).json

    assert download(world["office"], attached["id"]).status_code == 404
    assert world["office"].get(f"/proposals/{draft['id']}/attachments").status == 404
    assert download(world["li"], attached["id"]).status_code == 404


def test_a_co_signer_reads_the_material_once_invited(world, flow):
    proposal = flow.filed(co_signers=["li"])
    upload(world["zhang"], proposal["id"], PDF, name="联名材料.pdf")
    world["zhang"].act("proposal", world["zhang"].proposal(proposal["id"]), "submit")

    assert names(world["li"], proposal["id"]) == ["联名材料.pdf"]


def test_a_supervising_leader_reads_what_the_member_reads(world, flow, split):
    office = world["office"]
    office.act("proposal", office.proposal(split["id"]), "mark_key", leader="leader")

    assert names(world["leader"], split["id"]) == ["委员材料.pdf"]


def test_anonymous_callers_read_nothing(anonymous, world, split):
    assert anonymous.get(f"/proposals/{split['id']}/attachments").status == 401
    assert anonymous.get("/attachments/1").status == 401


def test_the_download_carries_the_bytes_type_and_chinese_name(world, flow):
    draft = flow.filed()
    # A browser sends a double quote in a file name as %22 (the HTML standard).
    name = '关于“公交”的调研 "终稿" (v2).pdf'
    sent = name.replace('"', "%22")
    attached = upload(world["zhang"], draft["id"], PDF, name=sent).json

    response = download(world["zhang"], attached["id"])

    disposition = response.headers["Content-Disposition"]
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert attached["sha256"] in response.headers["ETag"]
    assert attached["name"] == name
    assert encoded_name(disposition) == name
    assert disposition.startswith(f'attachment; filename="(v2)-{attached["id"]}.pdf"')
    assert disposition.isascii()


def test_a_name_without_any_ascii_falls_back_to_a_plain_one(world, flow):
    draft = flow.filed()
    attached = upload(world["zhang"], draft["id"], PDF, name="答复.pdf").json

    disposition = download(world["zhang"], attached["id"]).headers["Content-Disposition"]

    assert f'filename="attachment-{attached["id"]}.pdf"' in disposition
    assert encoded_name(disposition) == "答复.pdf"


def test_a_name_sent_with_folders_keeps_only_the_file_name(world, flow):
    draft = flow.filed()

    attached = upload(world["zhang"], draft["id"], PDF, name="../../桌面/材料.pdf").json

    assert attached["name"] == "材料.pdf"


def test_a_stored_file_changed_on_disk_is_refused_not_served(world, flow, settings):
    from pathlib import Path

    draft = flow.filed()
    attached = upload(world["zhang"], draft["id"], PDF).json
    for stored in Path(settings.documents_dir).rglob("*.pdf"):
        stored.write_bytes(b"%PDF-1.4 tampered")

    response = download(world["zhang"], attached["id"])

    assert response.status_code == 409
    assert "SHA-256" in response.get_json()["error"]["message"]
