"""The main side paths, in the browser: return for revision, rejection, a unit's return request
approved with reassignment, an extension approved, and re-handling after an unsatisfied rating.
Each starts from a state reached through the API, then people act on the pages."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.steps import act, confirm, open_form, open_from_workbench, state_of
from tests.flows import PARTS


def test_a_returned_proposal_is_revised_and_submitted_again(flow, enter):
    proposal = flow.submitted()
    office = enter("office")
    office.goto(f"/proposals/{proposal['id']}")
    act(office, "return_for_revision", 理由="请补充近三年的准点率数据。")
    expect(state_of(office)).to_have_text("退回修改")

    member = enter("zhang")
    open_from_workbench(member, proposal["title"])
    expect(member.locator(".facts")).to_contain_text("请补充近三年的准点率数据。")
    form = open_form(member, "submit")
    expect(form.get_by_label("背景情况")).to_have_value(PARTS["background"])
    form.get_by_label("背景情况").fill("近三年早高峰准点率分别为68%、66%、65%。")
    confirm(member, form)

    expect(state_of(member)).to_have_text("待审查")
    office.reload()
    expect(office.locator(".body")).to_contain_text("近三年早高峰准点率分别为68%、66%、65%。")


def test_a_rejection_tells_the_proposer_why_and_where_it_went(flow, enter):
    proposal = flow.submitted()
    office = enter("office")
    office.goto(f"/proposals/{proposal['id']}")

    act(
        office,
        "reject",
        不予立案理由="为本人或亲属解决个人问题的",
        处理方式="作为委员来信处理",
        说明="涉及个人诉求。",
    )

    expect(state_of(office)).to_have_text("不予立案")
    member = enter("zhang")
    member.goto(f"/proposals/{proposal['id']}")
    expect(member.locator(".facts")).to_contain_text("为本人或亲属解决个人问题的：涉及个人诉求。")
    expect(member.locator(".facts")).to_contain_text("作为委员来信处理")


def test_a_return_request_is_approved_and_the_proposal_reassigned(flow, enter):
    proposal = flow.assigned()
    clerk = enter("transport")
    open_from_workbench(clerk, proposal["title"])
    act(clerk, "request_return", 退回理由="属生态环境部门职责。", 建议承办单位="市生态环境局")
    expect(state_of(clerk)).to_have_text("申请退回")

    office = enter("office")
    open_from_workbench(office, proposal["title"])
    expect(office.locator("#return-heading + p")).to_have_text("属生态环境部门职责。")
    form = open_form(office, "approve_return")
    expect(form.get_by_label("市生态环境局")).to_have_value("lead")
    confirm(office, form)
    expect(state_of(office)).to_have_text("已退回")

    ecology = enter("ecology")
    expect(ecology.locator(".desk", has_text="待签收")).to_contain_text(proposal["title"])


def test_an_extension_is_requested_and_approved(world, flow, enter):
    proposal = flow.assigned()
    world["transport"].act("assignment", proposal["assignments"][0], "sign")
    clerk = enter("transport")
    clerk.goto(f"/assignments/{proposal['assignments'][0]['id']}")

    act(clerk, "request_extension", 延期至="2026-07-31", 延期理由="需与市公安局联合调研。")
    office = enter("office")
    open_from_workbench(office, proposal["title"])
    expect(office.locator(".card", has_text="延期申请")).to_contain_text("待审批")
    act(office, "approve_extension")

    clerk.reload()
    expect(clerk.locator(".facts")).to_contain_text("2026年07月31日")
    expect(clerk.locator(".card", has_text="延期申请")).to_contain_text("已同意")


def test_an_unsatisfied_rating_sends_the_reply_back_for_rehandling(flow, enter):
    proposal = flow.replied()
    member = enter("zhang")
    member.goto(f"/proposals/{proposal['id']}")
    form = open_form(member, "evaluate")
    form.get_by_label("办理态度").select_option("satisfied")
    form.get_by_label("办理结果").select_option("unsatisfied")
    form.get_by_label("意见和建议").fill("专用道建设没有时间表。")
    confirm(member, form)
    expect(state_of(member)).to_have_text("办理中")

    clerk = enter("transport")
    open_from_workbench(clerk, proposal["title"])
    expect(state_of(clerk)).to_have_text("重新办理")
    expect(clerk.locator(".card", has_text="委员测评")).to_contain_text("专用道建设没有时间表。")
    act(
        clerk,
        "reply",
        答复类别="B类（正在解决或列入计划）",
        答复正文="已明确年内完成12公里。",
        无法承诺的原因="完成日期须待年度计划下达后确定。",
        签发领导="陈局长",
        联系人="刘科员",
        联系电话="0571-87000000",
    )

    member.reload()
    expect(state_of(member)).to_have_text("已答复待评价")
    expect(member.locator("#replies")).to_contain_text("已明确年内完成12公里。")
