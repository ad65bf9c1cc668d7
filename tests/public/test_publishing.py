"""The committee publishes a handled proposal its proposer consented to publish, and takes it
back; everyone else, and every other case, is refused and changes nothing."""

from __future__ import annotations

from tests.public.conftest import footprint


def test_member_files_without_consent_by_default_and_with_it_when_asked(world, flow):
    plain = flow.filed()
    consenting = flow.filed(title="关于增设社区食堂的提案", publish_consent=True)

    assert plain["publish_consent"] is False
    assert consenting["publish_consent"] is True
    assert plain["published_at"] is None


def test_office_publishes_a_closed_proposal_the_proposer_consented_to(world, flow, clock):
    closed = flow.closed(publish_consent=True)
    assert (
        "publish" in closed["available_events"]
        or "publish" in world["office"].proposal(closed["id"])["available_events"]
    )

    published = world["office"].act("proposal", closed, "publish")

    assert published["state"] == "closed"
    assert published["published_at"] == clock.now().isoformat()
    assert "unpublish" in published["available_events"]
    assert "publish" not in published["available_events"]
    history = world["office"].ok("GET", f"/proposals/{closed['id']}/history")
    assert history[-1]["event"] == "publish" and history[-1]["actor"] == "office"


def test_publish_without_consent_is_refused_as_a_guard_in_chinese(world, flow):
    closed = flow.closed()
    before = footprint(world, closed)
    assert "publish" not in world["office"].proposal(closed["id"])["available_events"]

    refused = world["office"].fire("proposal", closed, "publish")

    assert (refused.status, refused.error["code"]) == (409, "guard_failed")
    assert "未同意公开" in refused.error["message"]
    assert footprint(world, closed) == before


def test_publish_before_the_proposal_is_handled_is_refused_by_state(world, flow):
    assigned = flow.assigned(publish_consent=True)
    before = footprint(world, assigned)

    refused = world["office"].fire("proposal", assigned, "publish")

    assert (refused.status, refused.error["code"]) == (409, "event_not_allowed")
    assert footprint(world, assigned) == before


def test_only_the_committee_may_publish(world, flow):
    closed = flow.closed(publish_consent=True)
    before = footprint(world, closed)

    for who in ("zhang", "transport"):  # the proposer, and the unit that replied
        refused = world[who].fire("proposal", world[who].proposal(closed["id"]), "publish")
        assert (who, refused.status, refused.error["code"]) == (who, 403, "forbidden")
    assert footprint(world, closed) == before


def test_publishing_twice_is_refused_and_unpublish_needs_a_publication(world, flow):
    closed = flow.closed(publish_consent=True)
    refused = world["office"].fire("proposal", closed, "unpublish")
    assert (refused.status, refused.error["code"]) == (409, "guard_failed")
    published = world["office"].act("proposal", closed, "publish")

    again = world["office"].fire("proposal", published, "publish")

    assert (again.status, again.error["code"]) == (409, "guard_failed")
    assert "已经公开" in again.error["message"]


def test_unpublish_hides_it_again(world, published, browser):
    assert browser.get(f"/api/v1/public/proposals/{published['id']}").status_code == 200

    taken_back = world["office"].act("proposal", published, "unpublish")

    assert taken_back["published_at"] is None and taken_back["state"] == "closed"
    assert browser.get(f"/api/v1/public/proposals/{published['id']}").status_code == 404
    assert browser.get("/api/v1/public/proposals").get_json()["total"] == 0
    assert "publish" in taken_back["available_events"]


def test_a_completed_follow_up_can_be_published_and_shows_its_outcome(world, flow, browser):
    closed = flow.closed(publish_consent=True)
    following = world["office"].act("proposal", closed, "start_follow_up")
    done = world["office"].act(
        "proposal",
        following,
        "complete_follow_up",
        outcome="implemented",
        findings="公交专用道已建成。",
    )
    assert done["state"] == "completed"

    world["office"].act("proposal", done, "publish")

    shown = browser.get(f"/api/v1/public/proposals/{closed['id']}").get_json()
    assert shown["follow_up"]["outcome"] == "implemented"
    assert shown["follow_up"]["outcome_label"]
