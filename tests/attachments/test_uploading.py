"""Who may attach a file to a proposal, when, and what becomes of a file that is refused."""

from __future__ import annotations

import pytest

from tests.attachments.files import JPEG, PDF, PNG, docx, ofd, upload, xlsx
from tests.flows import Flow

MiB = 1024 * 1024


@pytest.fixture
def flow(world):
    return Flow(world)


def attachments(client, proposal_id: int) -> list[dict]:
    return client.ok("GET", f"/proposals/{proposal_id}/attachments")


def history_events(client, proposal_id: int) -> list[str]:
    return [r["event"] for r in client.ok("GET", f"/proposals/{proposal_id}/history")]


def test_member_attaches_material_to_a_draft(world, flow):
    draft = flow.filed()

    response = upload(world["zhang"], draft["id"], PDF, name="调研报告.pdf")

    assert response.status == 201, response.json
    assert {k: response.json[k] for k in ("name", "size", "content_type", "kind")} == {
        "name": "调研报告.pdf",
        "size": len(PDF),
        "content_type": "application/pdf",
        "kind": "material",
    }
    assert response.json["kind_label"] == "附件材料"
    assert response.json["uploaded_by"] == "zhang"
    assert response.json["assignment_id"] is None
    assert response.json["created_at"] == "2026-03-16T09:00:00+08:00"
    assert len(response.json["sha256"]) == 64
    assert attachments(world["zhang"], draft["id"]) == [response.json]


def test_member_attaches_to_a_proposal_returned_for_revision(world, flow):
    proposal = flow.submitted()
    world["office"].act("proposal", proposal, "return_for_revision", reason="请补充数据。")

    response = upload(world["zhang"], proposal["id"], PDF)

    assert response.status == 201, response.json


@pytest.mark.parametrize("stage", ["submitted", "accepted", "assigned"])
def test_member_cannot_attach_once_the_proposal_is_submitted(world, flow, stage):
    proposal = getattr(flow, stage)()

    response = upload(world["zhang"], proposal["id"], PDF)

    assert (response.status, response.error["code"]) == (409, "event_not_allowed")
    assert "草稿或退回修改" in response.error["message"]
    assert attachments(world["office"], proposal["id"]) == []


def test_member_attaches_material_only(world, flow):
    draft = flow.filed()

    response = upload(world["zhang"], draft["id"], PDF, kind="sealed_reply")

    assert response.status == 422
    assert response.error["details"] == {"kind": ["提案人只能上传附件材料。"]}


def test_another_member_does_not_see_the_draft_to_attach_to(world, flow):
    draft = flow.filed()

    response = upload(world["li"], draft["id"], PDF)

    assert response.status == 404
    assert attachments(world["zhang"], draft["id"]) == []


def test_unit_attaches_its_sealed_reply_to_its_own_assignment(world, flow):
    proposal = flow.assigned()
    own = proposal["assignments"][0]["id"]

    response = upload(world["transport"], proposal["id"], PDF, kind="sealed_reply")

    assert response.status == 201, response.json
    assert (response.json["assignment_id"], response.json["kind_label"]) == (own, "盖章答复件")
    assert response.json["unit_name"] == "市交通运输局"


def test_unit_cannot_attach_to_another_units_assignment(world, flow):
    proposal = flow.assigned(units=(("市交通运输局", "lead"), ("市教育局", "assisting")))
    theirs = next(a["id"] for a in proposal["assignments"] if a["unit_name"] == "市教育局")

    response = upload(world["transport"], proposal["id"], PDF, assignment_id=theirs)

    assert response.status == 422
    assert "assignment_id" in response.error["details"]


def test_unit_without_an_assignment_does_not_see_the_proposal(world, flow):
    proposal = flow.assigned()

    response = upload(world["education"], proposal["id"], PDF)

    assert response.status == 404


def test_unit_whose_assignment_was_returned_cannot_attach(world, flow):
    proposal = flow.assigned()
    clerk = world["transport"]
    assignment = clerk.assignment(proposal["assignments"][0]["id"])
    clerk.act("assignment", assignment, "request_return", reason="不属于本单位职责。")
    office = world["office"]
    office.act("assignment", office.assignment(assignment["id"]), "approve_return")

    response = upload(clerk, proposal["id"], PDF, kind="minutes")

    assert response.status == 409
    assert "已退回" in response.error["message"]


def test_committee_attaches_at_any_time_to_any_assignment(world, flow):
    proposal = flow.closed()
    assignment_id = proposal["assignments"][0]["id"]

    response = upload(
        world["office"], proposal["id"], PDF, kind="evidence", assignment_id=assignment_id
    )

    assert response.status == 201, response.json
    assert response.json["assignment_id"] == assignment_id


def test_committee_names_an_assignment_of_this_proposal_only(world, flow):
    proposal, other = flow.assigned(), flow.assigned()

    response = upload(
        world["office"], proposal["id"], PDF, assignment_id=other["assignments"][0]["id"]
    )

    assert response.status == 422
    assert response.error["details"]["assignment_id"] == ["所选的承办单位不在本提案的交办记录中。"]


@pytest.mark.parametrize("who", ["leader", "admin"])
def test_leaders_and_administrators_do_not_upload(world, flow, who):
    proposal = flow.assigned()
    world["office"].act(
        "proposal", world["office"].proposal(proposal["id"]), "mark_key", leader="leader"
    )

    response = upload(world[who], proposal["id"], PDF)

    assert response.status == 403
    assert "提案人、承办单位和提案委员会" in response.error["message"]


def test_unknown_kind_is_refused_naming_the_field(world, flow):
    proposal = flow.submitted()

    response = upload(world["office"], proposal["id"], PDF, kind="photo")

    assert response.status == 422
    assert "附件类别" in response.error["details"]["kind"][0]


def test_upload_without_a_file_is_refused(world, flow):
    draft = flow.filed()

    response = world["zhang"].post(f"/proposals/{draft['id']}/attachments", {"kind": "material"})

    assert response.status == 422
    assert response.error["details"] == {"file": ["请选择要上传的文件。"]}


@pytest.mark.parametrize(
    "data, name, mime",
    [
        (PDF, "a.pdf", "application/pdf"),
        (PNG, "照片.png", "image/png"),
        (JPEG, "照片.jpg", "image/jpeg"),
        (ofd(), "批复.ofd", "application/ofd"),
        (
            docx(),
            "说明.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            xlsx(),
            "统计表.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_each_accepted_type_is_recognised_by_its_bytes(world, flow, data, name, mime):
    draft = flow.filed()

    response = upload(world["zhang"], draft["id"], data, name=name)

    assert (response.status, response.json["content_type"]) == (201, mime)


@pytest.mark.parametrize(
    "data, name",
    [
        (b"MZ\x90\x00 not a document", "报告.pdf"),  # an executable named like a PDF
        (b"plain words, no document at all", "说明.txt"),
        (b"PK\x03\x04" + b"\x00" * 26, "archive.zip"),
        (b"GIF89a" + b"\x00" * 20, "动图.gif"),
    ],
)
def test_a_file_of_another_type_is_refused_whatever_its_name(world, flow, data, name):
    draft = flow.filed()

    response = upload(world["zhang"], draft["id"], data, name=name)

    assert (response.status, response.error["code"]) == (415, "unsupported_media_type")
    assert "PDF、OFD" in response.error["message"]
    assert attachments(world["zhang"], draft["id"]) == []
    assert "attach" not in history_events(world["zhang"], draft["id"])


def test_an_empty_file_is_refused(world, flow):
    draft = flow.filed()

    response = upload(world["zhang"], draft["id"], b"")

    assert response.status == 422
    assert response.error["details"] == {"file": ["上传的文件是空的，请重新选择。"]}


def test_a_file_of_twenty_mebibytes_is_taken_and_one_byte_more_is_refused(world, flow):
    proposal = flow.submitted()
    exact = PDF + b"0" * (20 * MiB - len(PDF))

    taken = upload(world["office"], proposal["id"], exact, name="大文件.pdf")
    refused = upload(world["office"], proposal["id"], exact + b"0", name="太大.pdf")

    assert (taken.status, taken.json["size"]) == (201, 20 * MiB)
    assert (refused.status, refused.error["code"]) == (413, "too_large")
    assert "20 MB" in refused.error["message"]
    assert [a["name"] for a in attachments(world["office"], proposal["id"])] == ["大文件.pdf"]


def test_a_request_far_over_the_limit_is_refused_before_it_is_read(world, flow):
    proposal = flow.submitted()

    response = upload(world["office"], proposal["id"], PDF + b"0" * (22 * MiB))

    assert (response.status, response.error["code"]) == (413, "too_large")


def test_other_endpoints_keep_their_two_megabyte_limit(world, flow):
    draft = flow.filed()

    response = world["zhang"].post(
        f"/proposals/{draft['id']}/events",
        {"event": "submit", "version": draft["version"], "body": "长" * (3 * MiB)},
    )

    assert response.status == 413


def test_the_upload_is_recorded_in_the_history(world, flow):
    proposal = flow.assigned()

    upload(world["transport"], proposal["id"], PDF, name="纪要.pdf", kind="minutes")

    record = world["office"].ok("GET", f"/proposals/{proposal['id']}/history")[-1]
    assignment = proposal["assignments"][0]
    assert (record["event"], record["workflow"]) == ("attach", "assignment")
    assert record["subject"] == f"assignment:{assignment['id']}"
    assert record["from_state"] == record["to_state"] == "pending"
    assert (record["data"]["name"], record["data"]["kind"]) == ("纪要.pdf", "minutes")
    assert record["actor"] == "transport"


def test_an_upload_changes_no_version(world, flow):
    proposal = flow.assigned()

    upload(world["transport"], proposal["id"], PDF)

    after = world["office"].proposal(proposal["id"])
    assert after["version"] == proposal["version"]
    assert after["assignments"][0]["version"] == proposal["assignments"][0]["version"]


def test_the_same_file_twice_is_two_attachments_over_one_stored_copy(world, flow, settings):
    from pathlib import Path

    draft = flow.filed()

    first = upload(world["zhang"], draft["id"], PDF, name="一.pdf").json
    second = upload(world["zhang"], draft["id"], PDF, name="二.pdf").json

    stored = [p for p in Path(settings.documents_dir).rglob("*") if p.is_file()]
    assert first["id"] != second["id"] and first["sha256"] == second["sha256"]
    assert [p.read_bytes() for p in stored] == [PDF]
