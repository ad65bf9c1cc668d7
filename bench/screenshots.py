"""Screenshots of the main pages for each role, to look at (not a test).

Starts the demo service on SQLite in a temporary folder (db upgrade, demo data, PDFs rendered),
drives it with Playwright and Debian's Chromium the way the office would on a working day (the
committee assigns a proposal, the units sign, contact and answer, a member writes a proposal
and gets a validation message, the administrator previews a settings change) and saves
full-page PNGs into FOLDER (default /tmp/screens):

    .venv/bin/python bench/screenshots.py [FOLDER]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORD = "demo-pass-2026"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Demo proposals the script works on (service/demo/cases.py files them).
ELEVATOR = "关于加快老旧小区加装电梯的提案"  # accepted, waiting to be assigned
NIGHT = "关于完善夜间经济配套服务的提案"  # replied, waiting for the member's rating


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _flask(env: dict, *args: str) -> None:
    subprocess.run([*FLASK, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


@contextmanager
def demo_server(workdir: Path):
    """The demo service on a free port, with its PDFs rendered; stopped on leaving."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "DOCUMENTS_DIR": str(workdir / "documents"),
        "SECRET_KEY": "screenshots-only",
        "SCHEDULER_ENABLED": "0",
    }
    for command in (("db", "upgrade"), ("demo",), ("render-pending",)):
        _flask(env, *command)
    port = _free_port()
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [*FLASK, "run", "--port", str(port), "--no-reload", "--with-threads"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + "/healthz", server, workdir / "server.log")
        yield base, lambda: _flask(env, "render-pending")
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _wait_for(url: str, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the demo service did not answer at {url}:\n{log.read_text()[-2000:]}")


class Shooter:
    """Logged-in pages per person, and full-page PNGs named after what they show."""

    def __init__(self, browser: Browser, base: str, folder: Path) -> None:
        self.browser, self.base, self.folder = browser, base, folder
        self.saved: list[Path] = []

    def person(self, username: str, viewport: dict = DESKTOP) -> Page:
        context = self.browser.new_context(base_url=self.base, viewport=viewport, locale="zh-CN")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/workbench")
        return page

    def shot(self, page: Page, name: str) -> None:
        path = self.folder / f"{len(self.saved) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.saved.append(path)
        print(f"{path}  {page.title()}")


def _open(page: Page, title: str) -> None:
    page.get_by_role("link", name=title).first.click()


def _fire(page: Page, event: str, **fields: str) -> None:
    form = page.locator(f"#event-{event}")
    form.locator("summary").click()
    for label, value in fields.items():
        field = form.get_by_label(label).first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.get_by_role("button", name="确认", exact=False).click()
    expect(page.locator(".flash").first).to_contain_text("已完成")


def committee(shooter: Shooter) -> Page:
    """The office's desk, its review of a proposal (merge comparison) and an assignment."""
    office = shooter.person("office")
    office.goto("/proposals?state=submitted")
    _open(office, "关于加强基层医疗卫生人才队伍建设的提案")
    office.locator("#event-merge summary").click()
    office.get_by_role("link", name="与候选提案并排对照后再决定").click()
    shooter.shot(office, "committee-merge-side-by-side")
    office.goto("/proposals?state=accepted")
    _open(office, ELEVATOR)
    form = office.locator("#event-assign")
    form.locator("summary").click()
    form.get_by_label("查找单位").fill("住房")
    form.get_by_label("市住房和城乡建设局").select_option("lead")
    form.get_by_label("查找单位").fill("交通")
    form.get_by_label("市交通运输局").select_option("assisting")
    shooter.shot(office, "committee-assign-from-unit-list")
    form.get_by_role("button", name="确认交办").click()
    expect(office.locator(".flash").first).to_contain_text("已完成")
    return office


def units(shooter: Shooter) -> None:
    """The assisting unit signs and gives its opinion; the lead unit signs, contacts the member
    and opens its reply form."""
    assisting = shooter.person("jiaotong")
    shooter.shot(assisting, "unit-workbench")
    _open(assisting, ELEVATOR)
    _fire(assisting, "sign")
    opinion = "同意主办单位意见，我局将配合做好施工期间的交通组织。"
    _fire(assisting, "submit_opinion", 会办意见=opinion)
    lead = shooter.person("zhujian")
    _open(lead, ELEVATOR)
    _fire(lead, "sign")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    _fire(lead, "log_contact", 沟通方式="面谈", 沟通日期=today, 沟通情况="到委员单位面商办理方案。")
    form = lead.locator("#event-reply")
    form.locator("summary").click()
    form.get_by_label("答复类别").select_option("B")
    form.get_by_label("答复正文").fill(
        "感谢您的提案。经研究，答复如下：一、简化审批流程；二、设立专项补贴。"
    )
    form.get_by_label("文号").fill("市住建函〔2026〕15号")
    form.get_by_label("事项1").fill("出台加装电梯财政补贴办法")
    shooter.shot(lead, "unit-assignment-reply-form")


def member(shooter: Shooter) -> None:
    """A member writes a proposal and is told what is missing; another rates a reply."""
    writer = shooter.person("zhangwei")
    writer.goto("/proposals/new")
    writer.get_by_label("案由").fill("关于推进社区嵌入式养老服务的提案")
    writer.get_by_label("类别").select_option(label="社会建设")
    writer.get_by_label("背景情况").fill("我市60岁以上人口占比已超过21%，社区养老服务供给不足。")
    writer.get_by_label("问题分析").fill("场地难落实，运营补贴标准偏低。")
    writer.get_by_label("按姓名或界别查找").fill("李娜")
    writer.get_by_label("李娜").check()
    writer.get_by_role("button", name="提交提案").click()
    shooter.shot(writer, "member-new-proposal-validation-error")
    writer.get_by_label("具体建议").fill("一是盘活闲置用房；二是提高运营补贴。")
    writer.get_by_role("button", name="提交提案").click()
    writer.goto("/workbench")
    shooter.shot(writer, "member-workbench")
    rater = shooter.person("sunli")
    _open(rater, NIGHT)
    rater.locator("#event-evaluate summary").click()
    shooter.shot(rater, "member-reads-reply-and-rates")


def overview(shooter: Shooter, office: Page) -> None:
    """The committee's desk and lists, a proposal in handling, the flows; leader and admin."""
    office.goto("/workbench")
    shooter.shot(office, "committee-workbench")
    office.goto("/proposals")
    shooter.shot(office, "committee-proposal-list")
    office.goto("/proposals?state=handling")
    _open(office, ELEVATOR)
    shooter.shot(office, "committee-proposal-in-handling")
    office.goto("/workflows")
    shooter.shot(office, "workflow-diagrams")
    shooter.shot(shooter.person("leader"), "leader-workbench")
    admin = shooter.person("admin")
    shooter.shot(admin, "admin-workbench")
    admin.goto("/admin/settings")
    admin.locator("#reply_months").fill("4")
    admin.get_by_label("同时调整未到期的时限").check()
    admin.get_by_role("button", name="预览影响").click()
    shooter.shot(admin, "admin-settings-preview")


def statistics(shooter: Shooter) -> None:
    """统计, 承办单位排名 and the working lists for the office; a unit's list; a member's record;
    a refused filter."""
    office = shooter.person("office")
    office.get_by_role("navigation", name="主导航").get_by_role("link", name="统计").click()
    shooter.shot(office, "committee-statistics")
    office.get_by_role("link", name="承办单位排名").click()
    shooter.shot(office, "committee-unit-ranking")
    office.goto("/stats/members?username=chenjing")
    shooter.shot(office, "committee-member-record")
    office.get_by_role("navigation", name="主导航").get_by_role("link", name="工作清单").click()
    shooter.shot(office, "committee-working-list-proposals")
    office.get_by_role("navigation", name="工作清单").get_by_role("link", name="交办清单").click()
    shooter.shot(office, "committee-working-list-assignments")
    office.goto("/lists/tracking?open=0")
    shooter.shot(office, "committee-working-list-tracking")
    office.goto("/lists/proposals?year=20x6")
    shooter.shot(office, "committee-working-list-bad-filter")
    clerk = shooter.person("zhujian")
    clerk.get_by_role("link", name="本单位交办清单").click()
    shooter.shot(clerk, "unit-working-list")
    rated = shooter.person("sunli")
    rated.get_by_role("link", name="我的履职", exact=True).click()
    shooter.shot(rated, "member-record")
    phone_office = shooter.person("office", PHONE)
    phone_office.goto("/stats")
    shooter.shot(phone_office, "phone-committee-statistics")
    phone_office.goto("/lists/assignments")
    shooter.shot(phone_office, "phone-committee-working-list")


def phone(shooter: Shooter) -> None:
    office = shooter.person("office", PHONE)
    shooter.shot(office, "phone-committee-workbench")
    member = shooter.person("zhouqiang", PHONE)
    shooter.shot(member, "phone-member-workbench")
    member.goto("/proposals")
    _open(member, "关于保护利用历史文化街区的提案")
    shooter.shot(member, "phone-member-proposal")


FIRST_DAY = "关于在中小学推广课后托管服务的提案"


def first_day(shooter: Shooter, render) -> None:
    """One new proposal through every step, as a new user meets it: the member's form and draft,
    co-signing, 立案 and 交办 to a lead and a 会办 unit, the units' pages, 办前沟通, a reply, 不满意
    and re-handling, 满意, 回头看; then the inbox, 用户管理 and a document that may not be read."""
    writer = shooter.person("zhangwei")
    writer.goto("/proposals/new")
    writer.get_by_role("button", name="提交提案").click()
    shooter.shot(writer, "first-day-empty-form-all-errors-at-once")
    writer.get_by_label("案由").fill(FIRST_DAY)
    writer.get_by_label("类别").select_option(label="社会建设")
    writer.get_by_label("按姓名或界别查找").fill("李娜")
    writer.get_by_label("李娜").check()
    writer.get_by_role("button", name="保存草稿").click()
    shooter.shot(writer, "first-day-draft-saved-with-title-only")
    proposal_url = writer.url
    form = writer.locator("#event-submit")
    form.locator("summary").click()
    form.get_by_label("背景情况").fill("双职工家庭放学后接送难，校外托管机构良莠不齐。")
    form.get_by_label("问题分析").fill("学校课后服务时段短，经费保障和教师激励不足。")
    form.get_by_label("具体建议").fill("一是延长课后服务至18时；二是设立专项经费；三是引入志愿者。")
    shooter.shot(writer, "first-day-draft-completed-on-submit")
    form.get_by_role("button", name="确认", exact=False).click()
    expect(writer.locator(".flash").first).to_contain_text("已完成")
    writer.goto("/workbench")
    shooter.shot(writer, "first-day-member-workbench-shows-own-proposal")

    cosigner = shooter.person("lina")
    cosigner.goto(proposal_url)
    cosigner.locator("#event-cosign summary").click()
    shooter.shot(cosigner, "first-day-cosigner-confirms")
    cosigner.locator("#event-cosign").get_by_role("button", name="确认", exact=False).click()

    office = shooter.person("office")
    office.goto(proposal_url)
    _fire(office, "accept")
    form = office.locator("#event-assign")
    form.locator("summary").click()
    form.get_by_label("查找单位").fill("教育")
    form.get_by_label("市教育局").select_option("lead")
    form.get_by_label("查找单位").fill("财政")
    form.get_by_label("市财政局").select_option("assisting")
    form.get_by_role("button", name="确认交办").click()
    expect(office.locator(".flash").first).to_contain_text("已完成")

    assisting = shooter.person("caizheng")
    assisting.goto(proposal_url)
    _open(assisting, "市财政局")
    _fire(assisting, "sign")
    _fire(assisting, "submit_opinion", 会办意见="同意主办单位意见，经费按程序纳入预算统筹。")
    shooter.shot(assisting, "first-day-assisting-unit-after-its-opinion")

    lead = shooter.person("jiaoyu")
    lead.goto(proposal_url)
    _open(lead, "市教育局")
    assignment_url = lead.url
    _fire(lead, "sign")
    lead.locator("#event-log_contact summary").click()
    shooter.shot(lead, "first-day-lead-unit-contact-form-dated-today")
    lead.locator("#event-log_contact").get_by_label("沟通方式").select_option("电话")
    lead.locator("#event-log_contact").get_by_label("沟通情况").fill("电话听取委员意见。")
    lead.locator("#event-log_contact").get_by_role("button", name="确认", exact=False).click()
    _reply(lead, "经研究，今秋起全市小学课后服务延长至17时30分。", "B")
    shooter.shot(lead, "first-day-lead-unit-replied-documents-and-other-units")

    writer.goto(proposal_url)
    _rate(writer, "unsatisfied")
    shooter.shot(writer, "first-day-member-unsatisfied")

    lead.goto(assignment_url)
    lead.locator("#event-reply summary").click()
    shooter.shot(lead, "first-day-round-two-reply-form-prefilled")
    lead.reload()
    _reply(lead, "再次研究后，明年起设立课后服务专项经费，并引入高校志愿者。", "B")

    writer.goto(proposal_url)
    _rate(writer, "satisfied")
    office.goto(proposal_url)
    _fire(office, "start_follow_up")
    office.locator("#event-complete_follow_up summary").click()
    shooter.shot(office, "first-day-follow-up-per-commitment")
    writer.goto("/notifications")
    shooter.shot(writer, "first-day-member-notifications")
    admin = shooter.person("admin")
    admin.goto("/admin/users")
    shooter.shot(admin, "first-day-admin-users-searchable")
    render()
    office.goto(proposal_url)
    letter = office.get_by_role("link", name="提案答复函（PDF）").first.get_attribute("href")
    outsider = shooter.person("wangfang")
    outsider.goto(letter)
    shooter.shot(outsider, "first-day-document-not-yours-404")


def _reply(page: Page, body: str, category: str) -> None:
    form = page.locator("#event-reply")
    if not form.locator("form").is_visible():
        form.locator("summary").click()
    form.get_by_label("答复类别").select_option(category)
    form.get_by_label("答复正文").fill(body)
    form.get_by_label("签发领导").fill("陈局长")
    form.get_by_label("联系人").fill("刘科员")
    form.get_by_label("联系电话").fill("0571-87000000")
    form.get_by_label("事项1").fill("课后服务延时试点")
    form.get_by_label("完成日期").first.fill(f"{datetime.now().year + 1}-06-30")
    form.get_by_role("button", name="确认", exact=False).click()
    expect(page.locator(".flash").first).to_contain_text("已完成")


def _rate(page: Page, level: str) -> None:
    form = page.locator("#event-evaluate")
    form.locator("summary").click()
    form.get_by_label("办理态度").first.select_option("satisfied")
    form.get_by_label("办理结果").first.select_option(level)
    form.get_by_role("button", name="确认", exact=False).click()
    expect(page.locator(".flash").first).to_contain_text("已完成")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="/tmp/screens", type=Path)
    parser.add_argument("--first-day-only", action="store_true", help="only the first-day walk")
    arguments = parser.parse_args()
    folder = arguments.folder
    folder.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="screens-") as workdir,
        demo_server(Path(workdir)) as (base, render),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        shooter = Shooter(browser, base, folder)
        if arguments.first_day_only:
            first_day(shooter, render)
            browser.close()
            return
        login = shooter.person("office")
        login.context.clear_cookies()
        login.goto("/login")
        shooter.shot(login, "login")
        office = committee(shooter)
        units(shooter)
        member(shooter)
        render()  # the notices the steps above asked for, as the scheduler would
        overview(shooter, office)
        statistics(shooter)
        phone(shooter)
        first_day(shooter, render)
        browser.close()
    print(f"{len(shooter.saved)} screenshots in {folder}")


if __name__ == "__main__":
    main()
