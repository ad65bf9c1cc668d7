"""委员履职: a member reads their own record from the navigation; the office looks any member up
by username; nobody else reads it. The figures are the API's."""

from __future__ import annotations

import re

import pytest

from service.web.figure_labels import MEMBER_COUNTS, rate_text


def shown(page) -> dict[str, int]:
    return {
        label: int(number)
        for label, number in re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page.text)
    }


def test_a_member_reads_their_own_record_as_the_api_counts_it(world, history, web):
    record = world["zhang"].ok("GET", "/stats/members/zhang?year=2026")

    page = web("zhang").get("/stats/members/zhang?year=2026")

    assert page.status == 200
    figures = shown(page)
    assert {label: figures[label] for _, label in MEMBER_COUNTS} == {
        label: record[name] for name, label in MEMBER_COUNTS
    }
    assert rate_text(record["rate_parts"]["acceptance_rate"]) in page.text
    assert rate_text(record["rate_parts"]["satisfaction_rate"]) in page.text


def test_a_members_navigation_and_dashboard_lead_to_their_record(world, web):
    member = web("zhang")

    dashboard = member.get("/workbench")
    own = member.get("/stats/members")

    assert dashboard.text.count('href="/stats/members/zhang"') == 2  # navigation and dashboard
    assert "我的履职" in dashboard.text and "我的履职情况" in dashboard.text
    assert (own.status, own.location) == (302, "/stats/members/zhang")


def test_a_member_cannot_read_another_members_record(world, web):
    page = web("zhang").get("/stats/members/li")

    assert page.status == 403
    assert "只能查看本人的履职情况。" in page.text


def test_a_unit_clerk_cannot_look_members_up(world, web):
    assert web("transport").get("/stats/members").status == 403
    assert web("transport").get("/stats/members/zhang").status == 403


@pytest.mark.parametrize("who", ["office", "leader", "admin"])
def test_the_office_looks_a_member_up_by_username(world, flow, web, who):
    flow.submitted("li", title="关于加强中小学心理健康教育的提案")
    browser = web(who)

    found = browser.get("/stats/members?username=li&year=2026")
    page = browser.get(found.location)

    assert found.location == "/stats/members/li?year=2026"
    assert "委员履职 · 李娜" in page.text and shown(page)["领衔提出"] == 1


def test_an_unknown_username_is_answered_in_chinese(world, web):
    page = web("office").get("/stats/members/nobody")

    assert page.status == 404
    assert "未找到该委员，或您无权查看。" in page.text
    assert 'list="member-names"' in page.text  # the look-up form stays, to try again


def test_a_bad_year_is_answered_in_chinese(world, web):
    page = web("zhang").get("/stats/members/zhang?year=two")

    assert page.status == 422
    assert "年度须为整数。" in page.text
