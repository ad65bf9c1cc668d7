"""The citizens' pages: list and search, the proposal under its two addresses, the sitemap,
a page that fits a phone, and not-found alike for the unpublished and the nonexistent."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from tests.web.conftest import PageParser

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def stable(proposal: dict) -> str:
    return f"/public/sessions/{proposal['session_id']}/{proposal['number']}"


def test_list_page_links_each_published_proposal_by_its_stable_address(published, browser):
    page = text_of(browser.get("/public/"))

    assert "公开提案" in page and published["title"] in page
    assert f'href="{stable(published)}"' in page
    assert "共 1 件公开提案" in page


def test_search_and_filters_narrow_the_list_and_say_so(world, flow, published, browser):
    other = flow.closed(
        title="关于增设社区养老服务站的提案", category="society", publish_consent=True
    )
    world["office"].act("proposal", other, "publish")

    searched = text_of(browser.get("/public/?q=养老"))
    filtered = text_of(browser.get("/public/?category=economy&year=2026"))
    nothing = text_of(browser.get("/public/?q=不存在的词"))

    assert other["title"] in searched and published["title"] not in searched
    assert published["title"] in filtered and other["title"] not in filtered
    assert "没有找到公开提案" in nothing


def test_a_huge_search_is_told_on_the_page(published, browser):
    answer = browser.get(f"/public/?q={'公' * 50_000}")

    assert answer.status_code == 422
    assert "搜索文字不能超过100个字" in answer.get_data(as_text=True)


def test_detail_page_shows_content_units_and_reply_under_both_addresses(published, browser):
    by_id = text_of(browser.get(f"/public/proposals/{published['id']}"))
    by_number = text_of(browser.get(stable(published)))

    assert by_id == by_number
    for shown in ("第0001号", "张伟", "经济界", "市交通运输局", "已将公交专用道建设列入明年计划"):
        assert shown in by_id, shown
    assert f'<link rel="canonical" href="{stable(published)}">' in by_id


def test_unpublished_is_not_found_like_the_nonexistent(world, flow, published, browser):
    hidden = flow.closed(title="关于规范共享单车停放的提案", publish_consent=True)

    answers = [
        browser.get(f"/public/proposals/{hidden['id']}"),
        browser.get("/public/proposals/999999"),
        browser.get(stable(hidden)),
        browser.get(f"/public/sessions/{hidden['session_id']}/999"),
    ]

    assert {a.status_code for a in answers} == {404}
    assert len({a.get_data() for a in answers}) == 1


def test_sitemap_lists_every_published_proposal_and_nothing_else(world, flow, published, browser):
    flow.closed(title="关于规范共享单车停放的提案", publish_consent=True)  # not published

    answer = browser.get("/public/sitemap.xml")
    addresses = [e.text for e in ElementTree.fromstring(answer.data).iter(f"{SITEMAP}loc")]

    assert answer.mimetype == "application/xml"
    assert addresses == [
        "http://127.0.0.1:5000/public/",
        f"http://127.0.0.1:5000{stable(published)}",
    ]


def test_pages_fit_a_phone_and_load_nothing_from_elsewhere(published, browser):
    for path in ("/public/", f"/public/proposals/{published['id']}"):
        page = text_of(browser.get(path))
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
        assert not re.search(r'(src|href)="(https?:)?//', page), path
        parsed = PageParser()
        parsed.feed(page)
        assert parsed.title.endswith("提案公开")
    sent = browser.get("/static/public.css")
    style = text_of(sent)
    sent.close()  # a file sent from disk is closed with its response
    assert "@media (max-width: 40rem)" in style and "url(" not in style


def test_pages_show_no_staff_navigation_or_login(published, browser):
    page = text_of(browser.get("/public/"))

    for staff in ("工作台", "写提案", "退出", "/workbench", "/login"):
        assert staff not in page, staff


def test_robots_txt_opens_the_public_window_alone_and_names_its_sitemap(app, browser):
    text = text_of(browser.get("/robots.txt"))

    assert browser.get("/robots.txt").mimetype == "text/plain"
    assert text.splitlines() == [
        "User-agent: *",
        "Allow: /public/",
        "Disallow: /",
        f"Sitemap: {app.extensions['settings'].base_url.rstrip('/')}/public/sitemap.xml",
    ]
