"""生成年度报告 on the statistics page: the office asks with a form, the outbox worker renders
the PDF, and the page lists each report with its status and, once rendered, its download."""

from __future__ import annotations

import re

from tests.documents.pdf import render


def test_the_office_asks_for_the_report_and_downloads_it_once_rendered(
    world, flow, web, app, clock
):
    flow.replied()
    office = web("office")

    asked = office.post("/stats/reports", {"year": "2026"})
    waiting = office.get("/stats?year=2026")
    render(app, clock)
    ready = office.get("/stats?year=2026")
    [link] = re.findall(r'href="(/documents/\d+)">下载 2026年度提案办理情况报告', ready.text)
    pdf = office.client.get(link)

    assert (asked.status, asked.location) == (302, "/stats?year=2026#reports")
    assert "生成中" in waiting.text and "生成中，请稍后刷新" in waiting.text
    assert "可下载" in ready.text
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")


def test_the_form_carries_the_csrf_token_and_the_year_shown(world, web):
    page = web("leader").get("/stats?year=2025")

    form = page.text.split('action="/stats/reports"', 1)[1].split("</form>", 1)[0]

    assert 'name="csrf_token"' in form and 'name="year" value="2025"' in form
    assert "生成2025年度报告" in form


def test_a_post_without_the_csrf_token_changes_nothing(world, web):
    office = web("office")

    refused = office.post("/stats/reports", {"year": "2026"}, token=False)

    assert refused.status == 400
    assert "尚未生成过年度报告。" in office.get("/stats").text


def test_members_and_units_cannot_ask_for_the_report(world, web):
    for who in ("zhang", "transport"):
        page = web(who).post("/stats/reports", {"year": "2026"})

        assert page.status == 403
        assert "年度报告仅供提案委员会、督办领导和管理员使用。" in page.text


def test_a_bad_year_is_refused_in_chinese(world, web):
    office = web("office")

    asked = office.post("/stats/reports", {"year": "明年"})
    page = office.get(asked.location)

    assert asked.status == 302
    assert "年度须为整数。" in page.text and "尚未生成过年度报告。" in page.text
