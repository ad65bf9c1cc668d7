"""Attachments on the pages: the upload form where a person may add a file, the list with the
Chinese kind names, and downloads that keep the file's name."""

from __future__ import annotations

import io
import re

from werkzeug.datastructures import FileStorage

from tests.attachments.files import PDF, encoded_name, ofd, send_form, upload
from tests.web.test_follow_up_form import PROMISES, PROMISING, _following_up

UPLOAD_FORM = re.compile(r'<form method="post" enctype="multipart/form-data"[^>]*>.*?</form>', re.S)


def post_file(browser, proposal_id: int, data: bytes, name: str, **fields):
    """Send the page's upload form as the browser would, CSRF token and all."""
    form = {"csrf_token": browser.token(f"/proposals/{proposal_id}"), **fields}
    form["file"] = FileStorage(io.BytesIO(data), filename=name)
    return send_form(browser.client, f"/proposals/{proposal_id}/attachments", form)


def upload_form(text: str) -> str:
    found = UPLOAD_FORM.search(text)
    return found.group(0) if found else ""


def test_member_uploads_material_from_the_draft_page(world, flow, web):
    draft = flow.filed()
    browser = web("zhang")
    form = upload_form(browser.get(f"/proposals/{draft['id']}").text)

    sent = post_file(browser, draft["id"], PDF, "调研报告.pdf")
    page = browser.get(f"/proposals/{draft['id']}")

    assert 'type="file"' in form and "选择文件" in form and "20 MB" in form
    assert page.parsed().unlabelled() == []
    assert 'name="kind" value="material"' in form and "<select" not in form
    assert sent.status_code == 302 and sent.location.endswith(
        f"/proposals/{draft['id']}#attachments"
    )
    assert "附件“调研报告.pdf”已上传。" in page.text
    assert "调研报告.pdf</a>" in page.text and "附件材料" in page.text


def test_the_submitted_proposal_page_offers_the_member_no_upload(world, flow, web):
    proposal = flow.submitted()

    page = web("zhang").get(f"/proposals/{proposal['id']}")

    assert upload_form(page.text) == ""


def test_a_refused_file_comes_back_with_the_reason(world, flow, web):
    draft = flow.filed()
    browser = web("zhang")

    post_file(browser, draft["id"], b"just some text", "说明.txt")
    page = browser.get(f"/proposals/{draft['id']}")

    assert "附件未能上传：只能上传 PDF、OFD" in page.text
    assert "说明.txt" not in page.text


def test_a_page_upload_may_be_larger_than_other_forms(world, flow, web):
    draft = flow.filed()
    browser = web("zhang")

    post_file(browser, draft["id"], PDF + b"0" * (5 * 1024 * 1024), "扫描件.pdf")
    page = browser.get(f"/proposals/{draft['id']}")

    assert "附件“扫描件.pdf”已上传。" in page.text and "5.0 MB" in page.text


def test_the_office_chooses_the_kind_and_the_unit_in_chinese(world, flow, web):
    proposal = flow.assigned()

    form = upload_form(web("office").get(f"/proposals/{proposal['id']}").text)

    for label in ("附件材料", "盖章答复件", "协商纪要", "落实佐证"):
        assert label in form
    assert "归属承办单位" in form and "市交通运输局</option>" in form


def test_unit_uploads_its_sealed_reply_on_its_assignment_page(world, flow, web):
    proposal = flow.assigned()
    assignment_id = proposal["assignments"][0]["id"]
    browser = web("transport")
    page = browser.get(f"/assignments/{assignment_id}")
    form = upload_form(page.text)

    sent = post_file(
        browser,
        proposal["id"],
        ofd(),
        "盖章答复件.ofd",
        kind="sealed_reply",
        assignment_id=str(assignment_id),
        back_to_assignment=str(assignment_id),
    )
    after = browser.get(f"/assignments/{assignment_id}")

    assert f'name="assignment_id" value="{assignment_id}"' in form
    assert '<option value="sealed_reply" selected>盖章答复件</option>' in form
    assert sent.location.endswith(f"/assignments/{assignment_id}#attachments")
    assert "盖章答复件.ofd</a>" in after.text


def test_another_units_page_does_not_list_the_file(world, flow, web):
    proposal = flow.assigned(units=(("市交通运输局", "separate"), ("市教育局", "separate")))
    upload(world["transport"], proposal["id"], PDF, name="交通纪要.pdf", kind="minutes")
    theirs = next(a["id"] for a in proposal["assignments"] if a["unit_name"] == "市教育局")

    page = web("education").get(f"/assignments/{theirs}")
    proposal_page = web("education").get(f"/proposals/{proposal['id']}")

    assert "交通纪要.pdf" not in page.text and "交通纪要.pdf" not in proposal_page.text


def test_the_follow_up_section_shows_the_evidence_and_offers_its_upload(world, flow, web):
    proposal = _following_up(world, flow, {**PROMISING, "commitments": PROMISES})
    upload(world["office"], proposal["id"], PDF, name="现场照片说明.pdf", kind="evidence")

    page = web("office").get(f"/proposals/{proposal['id']}")

    section = page.text.split('id="follow-up"', 1)[1].split("</section>", 1)[0]
    assert "落实佐证：" in section and "现场照片说明.pdf</a>" in section
    assert '<option value="evidence" selected>落实佐证</option>' in upload_form(page.text)


def test_the_page_download_keeps_the_chinese_name(world, flow, web):
    draft = flow.filed()
    attached = upload(world["zhang"], draft["id"], PDF, name="提案附件一.pdf").json

    response = web("zhang").client.get(f"/attachments/{attached['id']}")
    refused = web("li").client.get(f"/attachments/{attached['id']}")

    assert response.data == PDF
    assert encoded_name(response.headers["Content-Disposition"]) == "提案附件一.pdf"
    assert refused.status_code == 404


def test_the_timeline_tells_of_the_upload_in_chinese(world, flow, web):
    draft = flow.filed()
    upload(world["zhang"], draft["id"], PDF, name="调研报告.pdf")

    page = web("zhang").get(f"/proposals/{draft['id']}")

    timeline = page.text.split('id="timeline-heading"', 1)[1]
    assert "上传附件" in timeline and "附件材料：调研报告.pdf" in timeline
