"""The golden path across the three roles, in the browser: a member files with a co-signer, the
co-signer confirms, the office accepts and assigns to a lead and an assisting unit chosen from
the unit list, the units sign, contact, give their opinion and reply with commitments, the
member rates, and the office runs 回头看."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import act, confirm, open_form, open_from_workbench, state_of

TITLE = "关于优化城区公交线网提升准点率的提案"
REPLY_BODY = "经研究，已将公交专用道建设列入明年计划，并在中山路试点公交信号优先。"


def file_with_cosigner(member) -> str:
    member.get_by_role("link", name="写提案").first.click()
    member.get_by_label("案由").fill(TITLE)
    member.get_by_label("类别").select_option(label="经济建设")
    member.get_by_label("背景情况").fill("早晚高峰公交准点率不足七成。")
    member.get_by_label("问题分析").fill("公交专用道不连续，信号优先未落实。")
    member.get_by_label("具体建议").fill("一是加密专用道；二是推行信号优先。")
    member.get_by_label("按姓名或界别查找").fill("李娜")
    member.get_by_label("李娜").check()
    member.get_by_role("button", name="提交提案").click()
    expect(state_of(member)).to_have_text("联名征集中")
    return member.url


def assign_lead_and_assisting(office) -> None:
    form = open_form(office, "assign")
    form.get_by_label("查找单位").fill("交通")
    form.get_by_label("市交通运输局").select_option("lead")
    form.get_by_label("查找单位").fill("教育")
    expect(form.get_by_label("市卫生健康委员会")).to_be_hidden()
    form.get_by_label("市教育局").select_option("assisting")
    confirm(office, form)
    expect(state_of(office)).to_have_text("办理中")


def reply_with_commitment(clerk) -> None:
    act(clerk, "log_contact", 沟通方式="电话", 沟通日期="2026-03-16", 沟通情况="电话听取委员意见。")
    form = open_form(clerk, "reply")
    form.get_by_label("答复类别").select_option("B")
    form.get_by_label("答复正文").fill(REPLY_BODY)
    form.get_by_label("签发领导").fill("陈局长")
    form.get_by_label("联系人").fill("刘科员")
    form.get_by_label("联系电话").fill("0571-87000000")
    form.get_by_label("事项1").fill("年内新增公交专用道12公里")
    form.get_by_label("完成日期").first.fill("2026-12-31")
    confirm(clerk, form)
    expect(state_of(clerk)).to_have_text("已答复")


@pytest.mark.long_running
def test_a_proposal_goes_from_filing_to_follow_up_in_the_browser(login):
    member = login("zhang")
    url = file_with_cosigner(member)

    cosigner = login("li")
    open_from_workbench(cosigner, TITLE)
    act(cosigner, "cosign")
    expect(state_of(cosigner)).to_have_text("待审查")

    office = login("office")
    open_from_workbench(office, TITLE)
    act(office, "accept")
    expect(office.locator(".page-head .number")).to_contain_text("第0001号")
    assign_lead_and_assisting(office)

    assisting = login("education")
    open_from_workbench(assisting, TITLE)
    act(assisting, "sign")
    act(assisting, "submit_opinion", 会办意见="同意主办单位的办理意见。")

    lead = login("transport")
    open_from_workbench(lead, TITLE)
    act(lead, "sign")
    reply_with_commitment(lead)

    member.goto(url)
    expect(member.locator("#replies")).to_contain_text(REPLY_BODY)
    expect(member.locator("#replies")).to_contain_text("年内新增公交专用道12公里")
    form = open_form(member, "evaluate")
    form.get_by_label("办理态度").select_option("satisfied")
    form.get_by_label("办理结果").select_option("satisfied")
    form.get_by_label("意见和建议").fill("沟通充分，措施具体。")
    confirm(member, form)
    expect(state_of(member)).to_have_text("已办结")

    office.goto(url)
    act(office, "start_follow_up")
    expect(state_of(office)).to_have_text("回头看")
    act(
        office, "complete_follow_up", 落实情况="已落实", 回头看情况="专用道已建成，信号优先已推广。"
    )
    expect(state_of(office)).to_have_text("已落实")

    member.reload()
    expect(member.locator("#follow-up")).to_contain_text("专用道已建成，信号优先已推广。")
    expect(member.locator(".timeline")).to_contain_text("王主任")
