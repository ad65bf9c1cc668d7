"""The 统计 pages show the figures the API counts, each rate with its numerator and denominator,
to the committee office, leaders and administrators only; a member reads their own record."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from service.db import unit_of_work
from service.models import PlenarySession
from service.web.figure_labels import HEADLINE, RATES, rate_text


def figure(page, label: str) -> int:
    """The number under a headline label, as the reader sees it."""
    found = re.search(rf"<dt>{label}</dt>\s*<dd>(?:<a [^>]*>)?(\d+)", page.text)
    assert found, f"no figure {label}"
    return int(found.group(1))


def headline(page, stats) -> dict:
    """Every headline figure as shown: 转办 only to a body that sent something away (a single
    office never does), the rest always."""
    shown = {name: figure(page, label) for name, label, _ in HEADLINE if name != "transferred"}
    if stats["transferred"]:
        shown["transferred"] = figure(page, "转办")
    else:
        assert "<dt>转办</dt>" not in page.text
    return shown


def expected(stats) -> dict:
    return {name: stats[name] for name, _, _ in HEADLINE if stats[name] or name != "transferred"}


def table_row(page, first_cell: str, containing: str = "") -> str:
    """The text of the table row that starts with `first_cell` (tags stripped)."""
    for row in re.findall(r"<tr>(.*?)</tr>", page.text, re.S):
        words = html.unescape(re.sub(r"<[^>]+>", " ", row)).split()
        if words and words[0] == first_cell and (not containing or containing in words):
            return " ".join(words)
    raise AssertionError(f"no row for {first_cell}")


def test_the_office_sees_every_figure_and_rate_the_api_counts(world, history, web):
    stats = world["office"].ok("GET", "/stats?year=2026")

    page = web("office").get("/stats?year=2026")

    assert page.status == 200
    assert headline(page, stats) == expected(stats)
    for name, label, _ in RATES:
        assert rate_text(stats["rate_parts"][name]) in table_row(page, label)
    assert "45.5%（5/11）" in page.text  # 立案率, as the office would check it by hand


def test_the_unit_category_and_sector_tables_match_the_api(world, history, web):
    stats = world["office"].ok("GET", "/stats?year=2026")

    page = web("leader").get("/stats?year=2026")

    for unit in stats["by_unit"]:
        row = table_row(page, unit["name"])
        assert rate_text(unit["rate_parts"]["on_time_reply_rate"]) in row
        assert rate_text(unit["rate_parts"]["satisfaction_rate"]) in row
    for group in stats["by_category"] + stats["by_sector"]:
        row = table_row(page, group["label"])
        assert f"{group['received']} {group['accepted']} " in row
        assert rate_text(group["rate_parts"]["acceptance_rate"]) in row


def test_reply_categories_and_follow_ups_are_shown(world, history, web):
    page = web("admin").get("/stats?year=2026")

    assert re.search(
        r"<dt>A类（已解决或基本解决、已采纳）</dt><dd>2<span class=\"share\">40%</span></dd>",
        page.text,
    )
    assert re.search(r"<dt>已落实</dt><dd>1</dd>", page.text)
    assert re.search(r"<dt>逾期未反馈</dt><dd>1</dd>", page.text)


def test_the_figures_default_to_the_current_session_year(world, web):
    page = web("office").get("/stats")

    assert "2026年度" in page.text
    assert 'name="year" inputmode="numeric" size="6" maxlength="4" value="2026"' in page.text


def test_a_rate_with_nothing_to_divide_by_reads_as_a_dash(world, web):
    page = web("office").get("/stats?year=2026")

    assert table_row(page, "立案率") == "立案率 — 立案 / 收到提案"


@pytest.mark.parametrize(
    "query",
    ["category=culture", "sector=医药卫生界", "unit_id={ecology}", "session_id={session}"],
)
def test_each_filter_narrows_the_figures_as_the_api_does(world, history, web, query):
    query = query.format(ecology=world.units["市生态环境局"], session=_session_of(world, 2026))
    stats = world["office"].ok("GET", f"/stats?year=2026&{query}")

    page = web("office").get(f"/stats?year=2026&{query}")

    assert headline(page, stats) == expected(stats)
    assert rate_text(stats["rate_parts"]["reply_rate"]) in table_row(page, "办复率")


def _session_of(world, year: int) -> int:
    with world.app.app_context(), unit_of_work() as session:
        return session.scalars(select(PlenarySession.id).where(PlenarySession.year == year)).one()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "年度须为整数。"),
        ("year=1800", "年度的取值无效。"),
        ("category=sports", "提案类别只能是"),
        ("unit_id=99999", "所选承办单位不存在，请重新选择。"),
    ],
)
def test_a_bad_filter_is_answered_in_chinese_on_the_page(world, web, query, message):
    page = web("office").get(f"/stats?{query}")

    assert page.status == 422
    assert message in page.text
    assert 'aria-invalid="true" aria-describedby="filter-error"' in page.text


@pytest.mark.parametrize("path", ["/stats", "/stats/units"])
@pytest.mark.parametrize(
    ("who", "status"),
    [("office", 200), ("leader", 200), ("admin", 200), ("zhang", 403), ("transport", 403)],
)
def test_only_the_office_leaders_and_admins_open_the_figures(world, web, path, who, status):
    page = web(who).get(path)

    assert page.status == status
    if status == 403:
        assert "没有权限" in page.text and "提案办理统计" not in page.text


def test_the_ranking_shows_rank_and_rates_with_their_parts(world, history, web):
    ranking = world["office"].ok("GET", "/stats/units?year=2026")["units"]

    page = web("office").get("/stats/units?year=2026")

    for unit in ranking:
        row = table_row(page, str(unit["rank"]), containing=unit["name"])
        assert rate_text(unit["rate_parts"]["on_time_reply_rate"]) in row
        assert rate_text(unit["rate_parts"]["satisfaction_rate"]) in row
