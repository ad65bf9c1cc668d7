"""A refused form comes back with each message next to its field and everything typed kept."""

from __future__ import annotations

import re

from tests.flows import REPLY


def _field_error(page, field_id: str) -> str:
    """The message the field points to with aria-describedby (the error under it)."""
    described = page.parsed().error_after(field_id)
    error_id = next(i for i in described if i.endswith("-error"))
    found = re.search(rf'id="{re.escape(error_id)}">([^<]+)<', page.text)
    assert found, f"no message #{error_id}"
    return found.group(1)


def test_a_proposal_without_suggestions_keeps_what_was_typed(web):
    member = web("zhang")

    page = member.post(
        "/proposals/new",
        {
            "title": "关于优化公交线网的提案",
            "category": "economy",
            "background": "早高峰拥堵。",
            "analysis": "线路重复。",
            "suggestions": "",
            "action": "submit",
        },
    )

    assert page.status == 422
    assert _field_error(page, "suggestions").endswith("请填写具体建议。")
    assert "早高峰拥堵。</textarea>" in page.text
    assert 'value="关于优化公交线网的提案"' in page.text
    assert '<option value="economy" selected>' in page.text


def test_a_title_over_the_limit_is_refused_next_to_the_title(web):
    title = "关于" + "进一步" * 20 + "的提案"

    page = web("zhang").post(
        "/proposals/new",
        {
            "title": title,
            "category": "society",
            "background": "一",
            "analysis": "二",
            "suggestions": "三",
            "action": "save",
            "co_signers": "li",
        },
    )

    assert page.status == 422
    assert _field_error(page, "title").startswith("案由不能超过50个字")
    assert f'value="{title}"' in page.text
    assert 'value="li" checked' in page.text


def test_a_rejection_without_reason_keeps_the_chosen_disposition(world, flow, web):
    proposal = flow.submitted()

    page = web("office").post(
        f"/proposals/{proposal['id']}/events/reject",
        {"version": proposal["version"], "disposition": "social_info", "reason": "  "},
    )

    assert page.status == 422
    assert _field_error(page, "reject-reason").endswith("请选择不予立案的理由或填写说明。")
    assert '<details id="event-reject" class="event" open>' in page.text
    assert '<option value="social_info" selected>' in page.text
    assert world["office"].proposal(proposal["id"])["state"] == "submitted"
    # The form said beforehand that one of the two is needed, not that both may be left out.
    assert page.text.count("（二者至少填一项）") == 2


def _reply_ready(world, flow):
    proposal = flow.assigned()
    clerk = world["transport"]
    lead = clerk.act("assignment", proposal["assignments"][0], "sign")
    fields = {"method": "电话", "date": "2026-03-16", "summary": "电话沟通。"}
    return clerk.act("assignment", lead, "log_contact", **fields)


def test_a_reply_without_signer_keeps_the_body_and_the_commitments(world, flow, web):
    assignment = _reply_ready(world, flow)
    form = {**REPLY, "signed_by": "", "version": assignment["version"]}
    form |= {
        "commitments-1-text": "年内新增公交专用道12公里",
        "commitments-1-due_date": "2026-12-31",
    }

    page = web("transport").post(f"/assignments/{assignment['id']}/events/reply", form)

    assert page.status == 422
    assert _field_error(page, "reply-signed_by").endswith("请填写签发领导。")
    assert f"{REPLY['body']}</textarea>" in page.text
    assert 'value="年内新增公交专用道12公里"' in page.text and 'value="2026-12-31"' in page.text


def test_a_commitment_without_date_is_flagged_in_the_row_it_was_typed_in(world, flow, web):
    assignment = _reply_ready(world, flow)
    form = {**REPLY, "version": assignment["version"], "commitments-2-text": "推广信号优先"}

    page = web("transport").post(f"/assignments/{assignment['id']}/events/reply", form)

    assert page.status == 422
    assert _field_error(page, "reply-commitments-2-date").endswith("请填写承诺完成日期。")
    assert world["transport"].assignment(assignment["id"])["state"] == "handling"


def test_a_reply_takes_every_commitment_row_the_clerk_added(world, flow, web):
    assignment = _reply_ready(world, flow)
    promises = [(f"第{n}项承诺事项", f"2026-{6 + n:02d}-30") for n in range(1, 6)]
    form = {**REPLY, "version": assignment["version"]}
    for row, (text, day) in enumerate(promises):  # rows 3 and 4 added on the page
        form |= {f"commitments-{row}-text": text, f"commitments-{row}-due_date": day}

    page = web("transport").post(f"/assignments/{assignment['id']}/events/reply", form)

    assert page.status == 302
    reply = world["transport"].assignment(assignment["id"])["replies"][-1]
    assert [(c["text"], c["due_date"]) for c in reply["commitments"]] == promises


def test_a_refused_reply_shows_again_every_row_that_was_sent(world, flow, web):
    assignment = _reply_ready(world, flow)
    form = {**REPLY, "signed_by": "", "version": assignment["version"]}
    form |= {"commitments-4-text": "第五项", "commitments-4-due_date": "2026-12-31"}

    page = web("transport").post(f"/assignments/{assignment['id']}/events/reply", form)

    assert page.status == 422
    assert 'name="commitments-4-text"' in page.text and 'value="第五项"' in page.text
    assert "事项4</label>" in page.text and "事项5</label>" not in page.text
    assert 'data-add-row="commitments"' in page.text
    assert 'name="contact_phone" value="0571-87000000" type="tel" inputmode="tel"' in page.text


def test_a_rating_without_result_is_flagged_at_that_units_reply(world, flow, web):
    proposal = flow.replied()
    [assignment] = proposal["assignments"]
    prefix = f"rating-{assignment['id']}-"
    form = {
        "version": proposal["version"],
        prefix + "attitude": "satisfied",
        prefix + "comment": "很好",
    }

    page = web("zhang").post(f"/proposals/{proposal['id']}/events/evaluate", form)

    assert page.status == 422
    assert _field_error(page, f"evaluate-{prefix}result").endswith("请选择办理结果评价。")
    assert '<option value="satisfied" selected>' in page.text
    assert "很好</textarea>" in page.text


def test_a_form_on_a_page_that_went_stale_says_so_and_changes_nothing(world, flow, web):
    proposal = flow.submitted()
    world["office2"].act("proposal", proposal, "accept")

    page = web("office").post(
        f"/proposals/{proposal['id']}/events/return_for_revision",
        {"version": proposal["version"], "reason": "请补充调研数据。"},
    )

    assert page.status == 409
    assert "在您填写期间，他人已处理或修改了这件事" in page.text
    assert world["office"].proposal(proposal["id"])["state"] == "accepted"


def test_a_reply_typed_with_the_units_letter_number_shows_it(world, flow, web):
    assignment = _reply_ready(world, flow)
    form = {**REPLY, "document_number": "市交函〔2026〕15号", "version": assignment["version"]}
    clerk = web("transport")

    clerk.post(f"/assignments/{assignment['id']}/events/reply", form)

    page = clerk.get(f"/assignments/{assignment['id']}")
    assert "市交函〔2026〕15号 · 签发：陈局长" in page.text
    assert world["transport"].assignment(assignment["id"])["state"] == "replied"


def test_an_act_that_ends_the_proposal_does_not_look_like_the_everyday_confirm(flow, web):
    draft = flow.filed()

    page = web("zhang").get(f"/proposals/{draft['id']}")

    assert '<button type="submit" class="ending">确认撤回</button>' in page.text
    assert '<button type="submit" class="primary">确认提交</button>' in page.text
