"""The iCalendar feed of one's deadlines: the address from GET /api/v1/me opens without a login,
shows only what its owner may see, and a new address revokes the old one."""

from __future__ import annotations

from urllib.parse import urlsplit

from icalendar import Calendar

from tests.channels.conftest import BASE_URL


def feed_path(client) -> str:
    url = client.ok("GET", "/me")["calendar_url"]
    assert url.startswith(f"{BASE_URL}/api/v1/deadlines.ics?token=")
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def events(app, path: str) -> list:
    response = app.test_client().get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data).walk("VEVENT")


def test_clerk_subscribes_to_the_units_deadlines_without_logging_in(app, world, flow):
    proposal = flow.assigned()
    flow.assigned(units=(("市教育局", "lead"),))

    found = events(app, feed_path(world["transport"]))

    summaries = sorted(str(e["SUMMARY"]) for e in found)
    label = proposal["number_label"]
    assert f"签收期限：提案{label}《关于提升城区公交准点率的提案》" in summaries
    assert all(label in s for s in summaries)  # not the other unit's proposal
    sign = next(e for e in found if str(e["SUMMARY"]).startswith("签收"))
    assert sign.decoded("DTSTART").isoformat() == "2026-03-19"
    assert str(sign["URL"]) == f"{BASE_URL}/assignments/{proposal['assignments'][0]['id']}"


def test_a_new_address_revokes_the_old_one(app, world, flow):
    flow.assigned()
    clerk = world["transport"]
    old = feed_path(clerk)

    renewed = clerk.ok("POST", "/me/calendar-token")["calendar_url"]

    assert app.test_client().get(old).status_code == 404
    assert renewed != BASE_URL + old
    assert events(app, feed_path(clerk))


def test_a_forged_or_missing_token_is_not_found(app, world):
    path = feed_path(world["zhang"])
    forged = path[:-4] + ("0000" if not path.endswith("0000") else "1111")
    other_user = path.replace("token=", "token=9")

    answers = [app.test_client().get(p).status_code for p in (forged, other_user)]
    missing = app.test_client().get("/api/v1/deadlines.ics")

    assert answers == [404, 404]
    assert missing.status_code == 404
    assert "日历订阅地址" in missing.get_json()["error"]["message"]
