"""The working lists (提案清单, 交办清单, 跟踪清单): filters, keyset pages, who sees which rows."""

import pytest

from tests.flows import Flow


def _ids(client, path: str) -> set[int]:
    page = client.ok("GET", path)
    assert page["total"] == len(page["items"]) and page["next"] is None
    return {item["id"] for item in page["items"]}


def test_office_narrows_the_proposal_list_by_each_filter(world, history):
    p, office = {n: proposal["id"] for n, proposal in history.p.items()}, world["office"]
    ecology = world.units["市生态环境局"]
    expected = {
        "year=2026": {p[n] for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12)},
        "year=2026&state=not_accepted,merged": {p[3], p[12], p[4]},
        f"year=2026&unit_id={ecology}": {p[6], p[7]},
        "year=2026&category=culture": {p[3]},
        "year=2026&sector=医药卫生界": {p[5], p[12]},
        "year=2026&overdue=true": {p[8]},
        "year=2026&key=true": set(),
    }

    found = {query: _ids(office, f"/lists/proposals?{query}") for query in expected}

    assert found == expected


def test_proposal_list_shows_units_and_labels(world, history):
    office = world["office"]

    items = office.ok("GET", "/lists/proposals?year=2026&state=closed")["items"]

    [item] = [i for i in items if i["id"] == history.p[6]["id"]]
    assert (item["state_label"], item["category_label"], item["sector"]) == (
        "已办结",
        "经济建设",
        "经济界",
    )
    assert [(u["unit_name"], u["role_label"]) for u in item["units"]] == [
        ("市交通运输局", "分办"),
        ("市生态环境局", "分办"),
    ]
    assert item["units_text"] == "市交通运输局（分办）；市生态环境局（分办）"
    assert (item["number_label"], item["lead_proposer_name"]) == ("第0003号", "张伟")


def test_overdue_proposals_listed_are_those_the_statistics_count(world, history):
    office = world["office"]

    listed = office.ok("GET", "/lists/proposals?year=2026&overdue=true")["total"]

    assert listed == office.ok("GET", "/stats?year=2026")["overdue"] == 1


def test_pages_follow_the_cursor_newest_first_without_gaps(world):
    flow = Flow(world)
    made = [flow.submitted()["id"] for _ in range(5)]

    first = world["office"].ok("GET", "/lists/proposals?year=2026&limit=2")
    second = world["office"].ok("GET", f"/lists/proposals?year=2026&limit=2&cursor={first['next']}")
    third = world["office"].ok("GET", f"/lists/proposals?year=2026&limit=2&cursor={second['next']}")

    pages = [[item["id"] for item in page["items"]] for page in (first, second, third)]
    assert pages == [made[:2:-1], made[2:0:-1], made[:1]]
    assert [page["total"] for page in (first, second, third)] == [5, 5, 5]
    assert third["next"] is None


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "cursor=abc", "format=pdf", "x=1"])
def test_bad_paging_or_format_is_refused_in_chinese(world, query):
    response = world["office"].get(f"/lists/proposals?{query}")

    assert response.status == 422
    assert response.error["code"] == "invalid_input"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.error["message"])


def test_assignment_list_gives_deadline_and_days_overdue(world, history):
    office = world["office"]

    [item] = office.ok("GET", "/lists/assignments?overdue=true")["items"]

    assert (item["unit_name"], item["proposal_id"], item["state"]) == (
        "市教育局",
        history.p[8]["id"],
        "handling",
    )
    assert item["due_at"] == "2026-06-16T23:59:59+08:00"
    assert (item["days_left"], item["overdue"], item["role_label"]) == (-1, True, "主办")
    assert office.ok("GET", "/lists/assignments?state=returned")["total"] == 1
    assert office.ok("GET", "/lists/assignments?year=2026")["total"] == 8


def test_a_unit_lists_only_its_own_assignments(world, history):
    transport, ecology = world["transport"], world.units["市生态环境局"]

    mine = transport.ok("GET", "/lists/assignments")
    theirs = transport.ok("GET", f"/lists/assignments?unit_id={ecology}")

    assert mine["total"] == 3
    assert {item["unit_name"] for item in mine["items"]} == {"市交通运输局"}
    assert theirs["total"] == 0


def test_tracking_list_keeps_open_commitments_of_b_and_c_replies(world, history):
    office, p = world["office"], history.p

    open_rows = office.ok("GET", "/lists/tracking?year=2026")["items"]
    every_row = office.ok("GET", "/lists/tracking?year=2026&open=false")["items"]

    assert {(r["proposal_id"], r["category"]) for r in open_rows} == {
        (p[2]["id"], "B"),
        (p[7]["id"], "C"),
    }
    assert {r["proposal_id"] for r in every_row} == {p[1]["id"], p[2]["id"], p[7]["id"]}
    [seventh] = [r for r in open_rows if r["proposal_id"] == p[7]["id"]]
    assert [
        {k: c[k] for k in ("text", "due_date", "outcome_label", "open")}
        for c in seventh["commitments"]
    ] == [
        {
            "text": "2026年底前完成校园周边道路改造",
            "due_date": "2026-12-31",
            "outcome_label": "待核实",
            "open": True,
        }
    ]
    assert seventh["follow_up_due_at"] == "2026-12-31T23:59:59+08:00"
    [first] = [r for r in every_row if r["proposal_id"] == p[1]["id"]]
    assert (first["outcome_label"], first["state_label"]) == ("已落实", "已落实")


def test_a_unit_tracks_only_its_own_replies(world, history):
    rows = world["ecology"].ok("GET", "/lists/tracking?open=false")["items"]

    assert [(r["unit_name"], r["proposal_id"]) for r in rows] == [
        ("市生态环境局", history.p[7]["id"])
    ]


def test_a_started_follow_up_is_due_on_the_tracking_list(world):
    flow = Flow(world)
    proposal = flow.closed()
    world["office"].act("proposal", proposal, "start_follow_up")

    [row] = world["office"].ok("GET", "/lists/tracking?overdue=true")["items"]

    assert (row["proposal_id"], row["due_for_follow_up"], row["state"]) == (
        proposal["id"],
        True,
        "following_up",
    )
    assert world["office"].ok("GET", "/lists/tracking?overdue=false")["total"] == 0
