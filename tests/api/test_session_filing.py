"""Which session a proposal is filed in, and whether it is a 大会提案 or a 平时提案: both are
decided when it is submitted, by the session current then and the end of its plenary_until day."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.api.test_sessions import FIFTH, add
from tests.conftest import SHANGHAI
from tests.flows import Flow


def at(world, moment: datetime) -> None:
    world.clock.set(moment)
    for username in list(world.clients):
        world.login(username)


def test_a_proposal_submitted_on_the_last_plenary_day_is_a_plenary_proposal(world):
    add(world, current=True)  # plenary_until 2026-03-16; the clock starts that day at 09:00
    at(world, datetime(2026, 3, 16, 23, 59, 59, tzinfo=SHANGHAI))

    proposal = Flow(world).submitted()

    assert (proposal["session_name"], proposal["filed_during"]) == ("十四届五次会议", "plenary")
    assert proposal["filed_during_label"] == "大会提案"


def test_a_proposal_submitted_a_second_after_the_plenary_day_is_a_regular_one(world):
    add(world, current=True)
    at(world, datetime(2026, 3, 17, 0, 0, 0, tzinfo=SHANGHAI))

    proposal = Flow(world).submitted()

    assert (proposal["session_name"], proposal["filed_during"]) == ("十四届五次会议", "regular")


def test_a_draft_joins_the_session_current_when_it_is_submitted_and_stays_fixed(world):
    member, flow = world["zhang"], Flow(world)
    draft = flow.filed()  # filed while no session is set up: the service's own
    add(world, current=True)

    submitted = member.act("proposal", draft, "submit")
    add(world, name="十四届六次会议", number=6, year=2027, current=True)
    at(world, world.clock.now() + timedelta(days=30))
    later = world["zhang"].proposal(draft["id"])

    assert draft["filed_during"] is None and draft["session_name"] == "2026年全体会议"
    assert (submitted["session_name"], submitted["filed_during"]) == ("十四届五次会议", "plenary")
    assert (later["session_name"], later["filed_during"]) == ("十四届五次会议", "plenary")


def test_a_proposal_returned_and_resubmitted_keeps_its_session_and_kind(world):
    add(world, current=True)
    office, flow = world["office"], Flow(world)
    returned = office.act("proposal", flow.submitted(), "return_for_revision", reason="请补充。")
    add(world, name="十四届六次会议", number=6, year=2027, current=True)
    at(world, datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI))

    again = world["zhang"].act("proposal", world["zhang"].proposal(returned["id"]), "submit")

    assert (again["session_name"], again["filed_during"]) == ("十四届五次会议", "plenary")


def test_a_proposal_filed_naming_its_session_stays_there(world):
    add(world, name="十四届四次会议", number=4, year=2025, plenary_until="2026-03-10")
    add(world, name="十四届五次", current=True, plenary_until="2026-03-20")

    proposal = Flow(world).submitted(session="十四届四次会议")

    assert (proposal["session_name"], proposal["year"]) == ("十四届四次会议", 2025)
    assert proposal["filed_during"] == "regular"


def test_each_session_numbers_its_own_proposals(world):
    office, flow = world["office"], Flow(world)
    add(world, name="十四届四次会议", number=4, year=2025, current=True)
    first = [office.act("proposal", flow.submitted(), "accept") for _ in range(2)]
    add(world, current=True)

    second = office.act("proposal", flow.submitted(), "accept")

    assert [p["number_label"] for p in first] == ["第0001号", "第0002号"]
    assert (second["session_name"], second["number_label"]) == ("十四届五次会议", "第0001号")


def test_without_a_current_session_the_fallback_takes_the_proposal_as_regular(world):
    proposal = Flow(world).submitted()

    assert (proposal["session_name"], proposal["filed_during"]) == ("2026年全体会议", "regular")


def test_statistics_narrow_to_one_session(world):
    office, flow = world["office"], Flow(world)
    add(world, name="十四届四次会议", number=4, current=True, **{"year": FIFTH["year"]})
    flow.submitted()
    fifth = add(world, current=True)
    flow.submitted()
    flow.submitted(member="li")

    whole = office.ok("GET", "/stats")
    narrowed = office.ok("GET", f"/stats?session_id={fifth['id']}")

    assert (whole["year"], whole["received"]) == (2026, 3)
    assert (narrowed["year"], narrowed["received"]) == (2026, 2)


def test_statistics_default_to_the_current_sessions_year(world):
    flow = Flow(world)
    flow.submitted()  # the fallback 2026年全体会议
    add(world, name="十四届六次会议", number=6, year=2027, current=True)
    flow.submitted()

    figures = world["office"].ok("GET", "/stats")

    assert (figures["year"], figures["received"]) == (2027, 1)


def test_a_draft_moved_at_submission_is_counted_in_its_new_session(world):
    member, office = world["zhang"], world["office"]
    draft = Flow(world).filed()
    fifth = add(world, current=True)

    member.act("proposal", draft, "submit")

    narrowed = office.ok("GET", f"/stats?session_id={fifth['id']}")
    fallback = office.ok("GET", f"/stats?session_id={draft['session_id']}")
    assert (narrowed["received"], fallback["received"]) == (1, 0)
