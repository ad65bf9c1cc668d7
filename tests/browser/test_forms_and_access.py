"""Forms a person can trust: a refused form keeps what was typed and says what is wrong next to
the field; forms work from the keyboard alone; pages fit a phone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.steps import state_of


def test_a_refused_proposal_keeps_the_text_and_shows_the_message_at_the_field(enter):
    member = enter("zhang")
    member.goto("/proposals/new")
    member.get_by_label("案由").fill("关于加快老旧小区加装电梯的提案")
    member.get_by_label("类别").select_option(label="社会建设")
    member.get_by_label("背景情况").fill("多层住宅老年住户上下楼困难。")
    member.get_by_label("问题分析").fill("审批环节多，资金分摊难。")

    member.get_by_role("button", name="提交提案").click()

    suggestions = member.get_by_label("具体建议")
    expect(member.locator("#suggestions-error")).to_contain_text("请填写具体建议。")
    expect(suggestions).to_be_focused()
    expect(suggestions).to_have_attribute("aria-invalid", "true")
    expect(member.get_by_label("背景情况")).to_have_value("多层住宅老年住户上下楼困难。")
    suggestions.fill("简化审批，设立专项补贴。")
    member.get_by_role("button", name="提交提案").click()
    expect(state_of(member)).to_have_text("待审查")


def test_a_clerk_logs_in_and_signs_with_the_keyboard_alone(flow, browser, live_server):
    proposal = flow.assigned()
    page = browser.new_page(base_url=live_server, locale="zh-CN")
    page.goto("/login")

    page.keyboard.type("transport")  # the username field has the focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**/workbench")
    page.get_by_role("link", name=proposal["title"]).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/assignments/*")
    page.locator("#event-sign summary").focus()
    page.keyboard.press("Enter")  # opens the form
    page.keyboard.press("Tab")
    page.keyboard.type("已签收，交规划科办理。")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the 确认签收 button

    expect(state_of(page)).to_have_text("办理中")
    page.close()


def test_the_main_pages_fit_a_phone_without_sideways_scrolling(flow, enter):
    proposal = flow.replied((("市交通运输局", "lead"), ("市教育局", "assisting")))
    pages = {
        "zhang": ["/workbench", f"/proposals/{proposal['id']}", "/proposals/new"],
        "office": ["/workbench", "/proposals", "/assignments", "/workflows"],
        "transport": [f"/assignments/{proposal['assignments'][0]['id']}"],
    }

    for username, paths in pages.items():
        page = enter(username, viewport=PHONE)
        for path in paths:
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (username, path, width)


def test_pages_load_everything_from_the_service_and_break_no_content_policy(flow, enter):
    proposal = flow.assigned()
    page = enter("office")
    asked, complaints = [], []
    page.on("request", lambda request: asked.append(request.url))
    page.on("console", lambda message: message.type == "error" and complaints.append(message.text))

    for path in ("/workbench", f"/proposals/{proposal['id']}", "/workflows", "/proposals"):
        page.goto(path)

    origin = page.url.split("/", 3)[:3]
    assert asked and all(url.split("/", 3)[:3] == origin for url in asked)
    assert complaints == []
