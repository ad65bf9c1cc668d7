"""The 统计 and 工作清单 pages show the forms rating a unit's attitude 不满意 and the figures by
type of proposal, and narrow by both as the API does."""

from __future__ import annotations

import html
import re

from tests.flows import Flow

TRANSPORT = ("市交通运输局", "lead")


def _words(page) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())


def _bad_attitude(world) -> None:
    proposal = Flow(world).replied((TRANSPORT,), type="joint")
    rating = {"assignment_id": proposal["assignments"][0]["id"], "attitude": "unsatisfied"}
    zhang = world["zhang"]
    zhang.act("proposal", proposal, "evaluate", ratings=[{**rating, "result": "satisfied"}])


def test_the_statistics_page_shows_the_attitude_figure_and_the_types(world, web):
    _bad_attitude(world)
    Flow(world).submitted()

    page = web("office").get("/stats?year=2026")

    words = _words(page)
    assert "办理态度不满意 1" in words
    assert "按提案类型" in words
    assert "个人提案 1 0" in words and "联名提案 1 1" in words and "集体提案 0 0" in words
    assert "/lists/assignments?attitude=unsatisfied" in html.unescape(page.text)


def test_the_statistics_page_narrows_by_type(world, web):
    _bad_attitude(world)
    Flow(world).submitted()

    page = web("office").get("/stats?year=2026&type=individual")

    assert "统计范围：2026年度 · 个人提案" in _words(page)
    assert re.search(r"<dt>收到提案</dt>\s*<dd>(?:<a [^>]*>)?1<", page.text)


def test_a_bad_type_on_the_statistics_page_is_refused_in_chinese(world, web):
    page = web("office").get("/stats?type=group")

    assert page.status == 422
    assert "提案类型只能是" in html.unescape(page.text)


def test_the_ranking_page_shows_the_attitude_figure(world, web):
    _bad_attitude(world)

    page = web("office").get("/stats/units?year=2026")

    assert "办理态度不满意" in page.text
    assert "市交通运输局 1 1 100%（1/1） 100%（1/1） 100%（1/1） 0 1" in _words(page)


def test_the_assignment_list_page_filters_by_attitude(world, web):
    _bad_attitude(world)
    Flow(world).replied((TRANSPORT,))

    page = web("office").get("/lists/assignments?year=2026&attitude=unsatisfied")

    assert page.status == 200
    assert _words(page).count("评为不满意") == 1  # the filter's option
    assert '<td data-label="办理态度不满意"><div><span class="due late">是</span>' in page.text
    assert re.search(r'<span class="count">1</span>', page.text)


def test_the_proposal_search_page_filters_by_type(world, web):
    flow = Flow(world)
    flow.submitted(title="关于完善社区养老服务的提案", **flow.collective())
    flow.submitted()

    page = web("office").get("/proposals?type=collective")

    assert "关于完善社区养老服务的提案" in page.text
    assert "关于提升城区公交准点率的提案" not in page.text
