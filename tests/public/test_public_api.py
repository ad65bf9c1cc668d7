"""GET /api/v1/public/proposals[/{id}]: published proposals only, for anyone, filtered,
searched, paged, cached; the unpublished are not found exactly like the nonexistent."""

from __future__ import annotations

import pytest

from tests.flows import REPLY

LIST = "/api/v1/public/proposals"


@pytest.fixture
def three(world, flow):
    """Three published proposals (economy, society, ecology), newest publication last."""
    made = []
    for title, category in (
        ("关于提升城区公交准点率的提案", "economy"),
        ("关于增设社区养老服务站的提案", "society"),
        ("关于治理城市内河黑臭水体的提案", "ecology"),
    ):
        closed = flow.closed(title=title, category=category, publish_consent=True)
        made.append(world["office"].act("proposal", closed, "publish"))
        world.clock.advance(minutes=1)
    return made


def titles(answer) -> list[str]:
    return [item["title"] for item in answer["items"]]


def test_list_shows_published_ones_newest_first_and_nothing_else(world, flow, three, browser):
    flow.closed(title="关于规范共享单车停放的提案", publish_consent=True)  # consented, unpublished
    flow.filed(title="关于草稿的提案", publish_consent=True)

    answer = browser.get(LIST).get_json()

    assert answer["total"] == 3 and answer["next"] is None
    assert titles(answer) == [p["title"] for p in reversed(three)]


def test_filters_by_category_and_year(three, browser):
    by_category = browser.get(f"{LIST}?category=society").get_json()
    this_year = browser.get(f"{LIST}?year=2026").get_json()
    other_year = browser.get(f"{LIST}?year=2025").get_json()

    assert titles(by_category) == ["关于增设社区养老服务站的提案"]
    assert this_year["total"] == 3 and other_year["total"] == 0


def test_search_finds_every_word_in_the_title_or_the_text(flow, three, browser):
    flow.closed(title="关于规范共享单车停放的提案", publish_consent=True)  # same text, unpublished

    def found(q: str) -> int:
        return browser.get(f"{LIST}?q={q}").get_json()["total"]

    assert titles(browser.get(f"{LIST}?q=黑臭").get_json()) == ["关于治理城市内河黑臭水体的提案"]
    assert found("关于") == 3
    assert found("关于 养老") == 1
    assert found("信号优先") == 3  # in the text of all three, and of the unpublished one
    assert found("黑臭 专用道") == 1  # one word in the title, one in the text
    assert found("地铁") == 0
    assert found("单车") == 0  # the unpublished one's title
    assert found("100%25") == 0  # % is a character


def test_empty_search_is_no_search_and_a_huge_one_is_refused_in_chinese(three, browser):
    assert browser.get(f"{LIST}?q=").get_json()["total"] == 3
    assert browser.get(f"{LIST}?q=%20%20").get_json()["total"] == 3

    huge = browser.get(f"{LIST}?q={'公' * 50_000}")

    assert huge.status_code == 422
    assert huge.get_json()["error"]["details"]["q"] == ["搜索文字不能超过100个字，请缩短后再试。"]


def test_pages_follow_the_cursor_to_the_end(three, browser):
    first = browser.get(f"{LIST}?limit=2").get_json()
    second = browser.get(f"{LIST}?limit=2&cursor={first['next']}").get_json()

    assert titles(first) + titles(second) == [p["title"] for p in reversed(three)]
    assert second["next"] is None and second["total"] == 3
    wrong = browser.get(f"{LIST}?cursor=abc")
    assert (wrong.status_code, wrong.get_json()["error"]["code"]) == (422, "invalid_input")


def test_unpublished_and_nonexistent_are_answered_alike(world, flow, published, browser):
    unpublished = flow.closed(title="关于规范共享单车停放的提案", publish_consent=True)

    hidden = browser.get(f"{LIST}/{unpublished['id']}")
    missing = browser.get(f"{LIST}/999999")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_data() == missing.get_data()


def test_answers_carry_validators_and_a_publication_refreshes_them(world, flow, published, browser):
    first = browser.get(LIST)
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public")
    assert browser.get(LIST, headers={"If-None-Match": tag}).status_code == 304

    other = flow.closed(title="关于增设社区养老服务站的提案", publish_consent=True)
    world["office"].act("proposal", other, "publish")

    again = browser.get(LIST, headers={"If-None-Match": tag})
    assert again.status_code == 200 and again.get_json()["total"] == 2


def test_cache_is_dropped_when_another_instance_publishes(app, world, flow, published, browser):
    """The generation is in the database: an instance that did not publish sees it too."""
    assert browser.get(LIST).get_json()["total"] == 1
    other = flow.closed(title="关于增设社区养老服务站的提案", publish_consent=True)
    from service import create_app

    elsewhere = create_app(
        app.extensions["settings"], clock=world.clock, engine=app.extensions["db_engine"]
    )
    elsewhere.test_client().get(LIST)  # its own cache, filled before the publication
    world["office"].act("proposal", other, "publish")

    assert elsewhere.test_client().get(LIST).get_json()["total"] == 2


def test_a_published_reply_shows_what_the_unit_promised(world, flow, browser):
    proposal = flow.assigned(publish_consent=True)
    promise = {"text": "年内新增公交专用道12公里", "due_date": "2026-12-31"}
    reply = {**{k: v for k, v in REPLY.items() if k != "no_commitment_reason"}}
    flow.handle(proposal["assignments"][0], reply=reply | {"commitments": [promise]})
    member = world["zhang"]
    replied = member.proposal(proposal["id"])
    closed = member.act("proposal", replied, "evaluate", ratings=flow.ratings(replied))
    world["office"].act("proposal", closed, "publish")

    answer = browser.get(f"{LIST}/{proposal['id']}").get_json()
    page = browser.get(f"/public/proposals/{proposal['id']}").get_data(as_text=True)

    assert answer["replies"][0]["commitments"] == [promise]
    assert "年内新增公交专用道12公里（2026-12-31前完成）" in page
