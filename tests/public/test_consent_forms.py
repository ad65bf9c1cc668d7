"""同意公开提案及答复: the filing page, the staff-entry (代录) page and a draft's submit form ask
for the consent; the committee's proposal page says where publication stands and offers
publish and unpublish through the event forms."""

from __future__ import annotations

import pytest

from tests.flows import PARTS
from tests.web.conftest import log_in

FORM = {"title": "关于公交站台遮阳的提案", "category": "society", **PARTS}
BOX = 'name="publish_consent"'


@pytest.fixture
def web(app, world):
    return lambda username: log_in(app, username)


def only_proposal(world) -> dict:
    [proposal] = world["zhang"].ok("GET", "/proposals")["items"]
    return proposal


def test_filing_page_asks_for_consent_and_explains_it(web):
    page = web("zhang").get("/proposals/new")

    assert BOX in page.text and "同意公开提案及答复" in page.text
    assert "电话、邮箱和测评意见不公开" in page.text


@pytest.mark.parametrize(("ticked", "consent"), [(True, True), (False, False)])
def test_filing_page_records_the_box_as_ticked(world, web, ticked, consent):
    form = FORM | {"action": "submit", "form_token": "t1"}
    if ticked:
        form["publish_consent"] = "on"

    page = web("zhang").post("/proposals/new", form)

    assert page.status == 302
    assert only_proposal(world)["publish_consent"] is consent


def test_staff_entry_records_the_consent_ticked_on_paper(world, web):
    office = web("office")
    assert BOX in office.get("/proposals/enter").text
    form = FORM | {"on_behalf_of": "zhang", "form_token": "t2", "publish_consent": "on"}

    assert office.post("/proposals/enter", form).status == 302

    assert only_proposal(world)["publish_consent"] is True


def test_a_draft_is_submitted_with_the_consent_given_or_taken_back(world, web):
    member = web("zhang")
    member.post("/proposals/new", FORM | {"action": "save", "publish_consent": "on"})
    draft = only_proposal(world)
    page = member.get(f"/proposals/{draft['id']}")
    form = page.text.split('id="event-submit"', 1)[1].split("</form>", 1)[0]
    assert BOX in form and "checked" in form.split(BOX, 1)[1].split(">", 1)[0]

    sent = {**FORM, "version": draft["version"], "publish_consent-shown": "1"}
    member.post(f"/proposals/{draft['id']}/events/submit", sent)

    submitted = only_proposal(world)
    assert (submitted["state"], submitted["publish_consent"]) == ("submitted", False)


def test_committee_page_shows_consent_and_offers_publish_then_unpublish(world, flow, web):
    closed = flow.closed(publish_consent=True)
    office = web("office")

    before = office.get(f"/proposals/{closed['id']}").text
    office.post(
        f"/proposals/{closed['id']}/events/publish",
        {"version": world["office"].proposal(closed["id"])["version"]},
    )
    after = office.get(f"/proposals/{closed['id']}").text

    assert "提案人同意公开，尚未公开" in before and "/events/publish" in before
    assert "已公开" in after and "/events/unpublish" in after
    assert f"/public/sessions/{closed['session_id']}/{closed['number']}" in after
