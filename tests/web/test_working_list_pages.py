"""The working lists as pages (提案清单, 交办清单, 跟踪清单): the same rows as the API for the same
filters, keyset pages, the API's Excel file, and who may read which list."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from service.lists import assignments as assignment_list
from service.lists import proposals as proposal_list
from service.lists import tracking as tracking_list
from tests.statements import statements_sent

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LINKS = {
    "proposals": r'href="/proposals/(\d+)"',
    "assignments": r'href="/assignments/(\d+)"',
    "tracking": r'<td data-label="提案"><div><a href="/proposals/(\d+)"',
}
ITEM_IDS = {"proposals": "id", "assignments": "id", "tracking": "proposal_id"}


def listed(page, kind: str) -> list[int]:
    table = page.text.split('<table class="stack worklist">', 1)[1].split("</table>", 1)[0]
    return [int(found) for found in re.findall(LINKS[kind], table)]


def api_ids(client, kind: str, query: str) -> list[int]:
    found = client.ok("GET", f"/lists/{kind}?{query}")
    return [item[ITEM_IDS[kind]] for item in found["items"]]


@pytest.mark.parametrize(
    ("kind", "query"),
    [
        ("proposals", "year=2026"),
        ("proposals", "year=2026&state=not_accepted"),
        ("proposals", "year=2026&category=culture"),
        ("proposals", "year=2026&sector=医药卫生界"),
        ("proposals", "year=2026&overdue=1"),
        ("proposals", "key=0"),
        ("assignments", "year=2026"),
        ("assignments", "unit_id={ecology}"),
        ("assignments", "state=handling"),
        ("tracking", "year=2026"),
        ("tracking", "open=0"),
    ],
)
def test_the_office_list_shows_the_api_rows_for_each_filter(world, history, web, kind, query):
    query = query.format(ecology=world.units["市生态环境局"])
    expected = api_ids(world["office"], kind, query)

    page = web("office").get(f"/lists/{kind}?{query}")

    assert page.status == 200
    assert listed(page, kind) == expected and expected
    assert f'<span class="count">{len(expected)}</span>' in page.text


def test_a_unit_reads_only_its_own_assignments(world, history, web):
    expected = api_ids(world["transport"], "assignments", "")

    page = web("transport").get("/lists/assignments")

    assert listed(page, "assignments") == expected and len(expected) == 3
    assert 'name="unit_id"' not in page.text  # no other unit to choose
    assert "市生态环境局" not in page.text.split("<table", 1)[1]


def test_next_page_link_carries_the_cursor_and_the_filters(world, history, web):
    office = web("office")
    everything = api_ids(world["office"], "proposals", "year=2026")

    first = office.get("/lists/proposals?year=2026&limit=4")
    [next_link] = re.findall(r'<a rel="next" href="([^"]+)">下一页</a>', first.text)
    second = office.get(next_link.replace("&amp;", "&"))

    assert "year=2026" in next_link and "limit=4" in next_link and "cursor=" in next_link
    assert listed(first, "proposals") + listed(second, "proposals") == everything[:8]
    assert "回到第一页" in second.text and "共 11 条，本页 4 条" in second.text


@pytest.mark.parametrize(
    ("kind", "source"),
    [("proposals", proposal_list), ("assignments", assignment_list), ("tracking", tracking_list)],
)
def test_export_downloads_the_apis_workbook_of_the_whole_filtered_list(
    world, history, web, kind, source
):
    api = world["office"].client.get(
        f"/api/v1/lists/{kind}?year=2026&format=xlsx",
        headers={"Authorization": f"Bearer {world['office'].token}"},
    )

    response = web("office").client.get(f"/lists/{kind}.xlsx?year=2026")

    assert response.status_code == 200 and response.mimetype == XLSX
    name = quote(f"{source.TITLE}（2026年）.xlsx")
    assert response.headers["Content-Disposition"] == api.headers["Content-Disposition"]
    assert f"filename*=UTF-8''{name}" in response.headers["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.data)).active.values)
    assert rows[0] == tuple(column.header for column in source.COLUMNS)
    assert rows == list(load_workbook(io.BytesIO(api.data)).active.values)


def test_the_export_link_keeps_the_filters(world, history, web):
    page = web("office").get("/lists/proposals?year=2026&category=culture&limit=4")

    [link] = re.findall(r'href="(/lists/proposals\.xlsx[^"]*)"', page.text)

    assert link.replace("&amp;", "&") == "/lists/proposals.xlsx?year=2026&category=culture"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "年度须为整数。"),
        ("state=flying", "状态“flying”不在可选范围内，请从列表中选择。"),
        ("category=sports", "提案类别只能是"),
        ("overdue=maybe", "超期须为是或否"),
        ("cursor=abc", "翻页参数"),
        ("session_id=99999", "所选会次不存在，请重新选择。"),
    ],
)
def test_a_bad_filter_is_answered_in_chinese_on_the_page(world, web, query, message):
    page = web("office").get(f"/lists/proposals?{query}")
    download = web("office").get(f"/lists/proposals.xlsx?{query.replace('cursor', 'year')}")

    assert page.status == 422 and message in page.text
    assert 'role="search"' in page.text  # the filters stay, to correct them
    assert download.status == 422 and "没有权限" not in download.text


@pytest.mark.parametrize(
    ("who", "kind", "status"),
    [
        ("leader", "proposals", 200),
        ("admin", "tracking", 200),
        ("transport", "tracking", 200),
        ("transport", "proposals", 403),
        ("zhang", "proposals", 403),
        ("zhang", "assignments", 403),
        ("zhang", "tracking", 403),
    ],
)
def test_who_may_read_each_list(world, web, who, kind, status):
    page = web(who).get(f"/lists/{kind}")
    download = web(who).client.get(f"/lists/{kind}.xlsx")

    assert (page.status, download.status_code) == (status, status)
    if status == 403:
        assert "没有权限" in page.text


def test_an_unknown_list_is_not_found(world, web):
    assert web("office").get("/lists/members").status == 404


@pytest.mark.parametrize(
    ("who", "links", "absent"),
    [
        ("office", ['href="/stats"', 'href="/lists/proposals"', 'href="/stats/units"'], []),
        ("leader", ['href="/stats"', 'href="/lists/tracking"'], []),
        ("transport", ['href="/lists/assignments"', 'href="/lists/tracking"'], ['href="/stats"']),
        ("zhang", ['href="/stats/members/zhang"'], ['href="/stats"', 'href="/lists/']),
    ],
)
def test_navigation_and_dashboard_link_the_pages_each_role_may_open(world, web, who, links, absent):
    page = web(who).get("/workbench")

    assert all(link in page.text for link in links)
    assert not any(link in page.text for link in absent)


SESSION = {"name": "十四届四次会议", "term": 14, "number": 4, "year": 2026}
SESSION |= {"opens_on": "2026-03-14", "plenary_until": "2026-03-20", "closes_on": "2026-03-20"}


def _filed_in_and_after_the_session(world, flow, clock) -> tuple[dict, dict]:
    """A collective proposal filed during the plenary session, an individual one after it."""
    world["office"].ok("POST", "/sessions", {**SESSION, "current": True}, 201)
    collective = flow.submitted(title="关于发展社区养老服务的提案", **flow.collective("zhang"))
    clock.advance(days=7)
    for username in ("office", "zhang", "li", "wang"):
        world.login(username)  # a week on, yesterday's logins have expired
    return collective, flow.submitted("li", title="关于加强校园周边交通安全的提案")


def _row_of(text: str, proposal: dict) -> str:
    return text.split(f'href="/proposals/{proposal["id"]}"', 1)[1].split("</tr>", 1)[0]


def test_the_list_shows_plenary_or_regular_and_the_collective_proposer(world, flow, clock, web):
    collective, regular = _filed_in_and_after_the_session(world, flow, clock)

    page = web("office").get("/lists/proposals")

    assert (
        '<th scope="col">大会/平时</th>' in page.text and '<th scope="col">提案者</th>' in page.text
    )
    assert "zhang所在的民主党派" in _row_of(page.text, collective)
    assert "集体提案 · 张伟" in _row_of(page.text, collective)
    assert "大会提案" in _row_of(page.text, collective)
    assert "平时提案" in _row_of(page.text, regular) and "集体提案" not in _row_of(
        page.text, regular
    )


def test_the_export_and_the_api_carry_plenary_or_regular_and_the_organisation(
    world, flow, clock, web
):
    collective, regular = _filed_in_and_after_the_session(world, flow, clock)

    response = web("office").client.get("/lists/proposals.xlsx")
    items = world["office"].ok("GET", "/lists/proposals")["items"]

    rows = list(load_workbook(io.BytesIO(response.data)).active.values)
    named = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert (
        named[collective["title"]]["集体提案单位"],
        named[collective["title"]]["大会/平时"],
    ) == (
        "zhang所在的民主党派",
        "大会提案",
    )
    assert (named[regular["title"]]["集体提案单位"], named[regular["title"]]["大会/平时"]) == (
        None,
        "平时提案",
    )
    by_id = {item["id"]: item for item in items}
    assert by_id[collective["id"]]["organisation_name"] == "zhang所在的民主党派"
    assert by_id[collective["id"]]["filed_during"] == "plenary"
    assert by_id[regular["id"]]["filed_during_label"] == "平时提案"


def test_a_longer_proposal_list_takes_no_more_statements(world, flow, clock, web, shared_engine):
    _filed_in_and_after_the_session(world, flow, clock)
    office = web("office")
    reads = (
        lambda: office.get("/lists/proposals"),
        lambda: office.client.get("/lists/proposals.xlsx"),
    )
    for read in reads:
        read()  # what a process keeps (the settings) is read by the first request
    short = [statements_sent(shared_engine, read) for read in reads]

    for member in ("zhang", "li", "wang"):
        flow.submitted(member, **flow.collective(member))
        flow.submitted(member)

    assert [statements_sent(shared_engine, read) for read in reads] == short
