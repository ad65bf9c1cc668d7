"""回头看 per commitment: each commitment of every round is tracked until a 回头看 settles it
(已落实; 部分落实, looked at again on the date set; 未落实, handled again), and 跟踪清单 lists
every one still open, whatever the round or the reply's category."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from service.db import unit_of_work
from service.jobs.sweep import sweep
from service.models import FollowUp
from tests.conftest import SHANGHAI
from tests.flows import REPLY, Flow

FIRST = [
    {"text": "年内新增公交专用道12公里", "due_date": "2026-09-30"},
    {"text": "在中山路推行公交信号优先", "due_date": "2026-10-31"},
]
SECOND = [{"text": "优化夜间公交线网", "due_date": "2026-12-31"}]
PROMISING = {k: v for k, v in REPLY.items() if k != "no_commitment_reason"}
TRANSPORT, ECOLOGY = "市交通运输局", "市生态环境局"


def _reply(commitments, category="B") -> dict:
    return {**PROMISING, "category": category, "commitments": commitments}


def _rate(world, proposal_id: int, result: str) -> dict:
    member = world["zhang"]
    current = member.proposal(proposal_id)
    ratings = Flow(world).ratings(current, result)
    return member.act("proposal", current, "evaluate", ratings=ratings)


def _rehandled(world) -> dict:
    """A B reply with two commitments, rated 不满意, handled again: a second reply (A) with one
    more commitment."""
    flow = Flow(world)
    proposal = flow.assigned()
    flow.handle(proposal["assignments"][0], reply=_reply(FIRST))
    _rate(world, proposal["id"], "unsatisfied")
    flow.handle(proposal["assignments"][0], reply=_reply(SECOND, category="A"))
    return world["office"].proposal(proposal["id"])


def _following_up(world, proposal: dict) -> dict:
    _rate(world, proposal["id"], "satisfied")
    office = world["office"]
    return office.act("proposal", office.proposal(proposal["id"]), "start_follow_up")


def _ids(proposal: dict) -> dict[str, int]:
    return {c["text"]: c["id"] for c in proposal["commitments"]}


def _open_on_the_list(client, query: str = "") -> list[tuple[int, str]]:
    rows = client.ok("GET", f"/lists/tracking?limit=500{query}")["items"]
    rows.sort(key=lambda r: r["round"])
    return [(r["round"], c["text"]) for r in rows for c in r["commitments"] if c["open"]]


def _snapshot(client, proposal_id: int) -> tuple:
    proposal = client.proposal(proposal_id)
    history = client.ok("GET", f"/proposals/{proposal_id}/history")
    return proposal["state"], proposal["version"], len(history), proposal["commitments"]


def _move(world, day: date) -> None:
    world.clock.set(datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI))
    for username in list(world.clients):
        world.login(username)
    with world.app.app_context():
        sweep(now=world.clock.now())


def _starts(world, proposal: dict) -> int:
    history = world["office"].ok("GET", f"/proposals/{proposal['id']}/history")
    return sum(1 for r in history if r["event"] == "start_follow_up")


def test_commitments_of_both_rounds_stay_open_after_rehandling(world):
    proposal = _rehandled(world)

    assert [(c["round"], c["text"], c["open"], c["outcome"]) for c in proposal["commitments"]] == [
        (1, FIRST[0]["text"], True, None),
        (1, FIRST[1]["text"], True, None),
        (2, SECOND[0]["text"], True, None),
    ]
    assert _open_on_the_list(world["office"]) == [
        (1, FIRST[0]["text"]),
        (1, FIRST[1]["text"]),
        (2, SECOND[0]["text"]),
    ]
    assert _open_on_the_list(world["transport"]) == _open_on_the_list(world["office"])


def test_follow_up_settles_each_commitment_and_sends_back_what_was_not_done(world):
    proposal = _following_up(world, _rehandled(world))
    promised = _ids(proposal)

    done = world["office"].act(
        "proposal",
        proposal,
        "complete_follow_up",
        findings="专用道已建成；信号优先完成一半；夜间线网未动。",
        settlements=[
            {"commitment_id": promised[FIRST[0]["text"]], "outcome": "implemented"},
            {
                "commitment_id": promised[FIRST[1]["text"]],
                "outcome": "partial",
                "next_follow_up": "2027-01-31",
                "note": "已完成6个路口",
            },
            {"commitment_id": promised[SECOND[0]["text"]], "outcome": "not_implemented"},
        ],
    )

    assert done["state"] == "handling"
    assert [a["state"] for a in done["assignments"]] == ["rehandling"]
    assert [(c["outcome"], c["next_follow_up"], c["open"]) for c in done["commitments"]] == [
        ("implemented", None, False),
        ("partial", "2027-01-31", True),
        ("not_implemented", None, False),
    ]
    assert _open_on_the_list(world["office"]) == [(1, FIRST[1]["text"])]
    history = world["office"].ok("GET", f"/proposals/{proposal['id']}/history")
    [last] = [r for r in history if r["event"] == "complete_follow_up"]
    assert (last["event"], last["data"]["outcome"], last["data"]["next_follow_up"]) == (
        "complete_follow_up",
        "not_implemented",
        "2027-01-31",
    )
    assert [(s["round"], s["outcome"]) for s in last["data"]["settled"]] == [
        (1, "implemented"),
        (1, "partial"),
        (2, "not_implemented"),
    ]


@pytest.mark.parametrize(
    ("settle", "more", "field"),
    [
        (("implemented", "partial", "implemented"), {}, "settlements.1.next_follow_up"),
        (
            ("implemented", "partial", "implemented"),
            {"next_follow_up": "2026-03-16"},
            "next_follow_up",
        ),
        (("implemented", None, "implemented"), {}, "settlements"),
        ((None, None, None), {"outcome": "partial"}, "next_follow_up"),
        ((None, None, None), {}, "settlements"),
    ],
)
def test_a_settlement_that_leaves_the_next_look_open_is_refused_naming_the_field(
    world, settle, more, field
):
    proposal = _following_up(world, _rehandled(world))
    ids = list(_ids(proposal).values())
    before = _snapshot(world["office"], proposal["id"])
    settlements = [
        {"commitment_id": i, "outcome": outcome}
        for i, outcome in zip(ids, settle, strict=True)
        if outcome
    ]

    response = world["office"].fire(
        "proposal",
        proposal,
        "complete_follow_up",
        findings="已核查。",
        **({"settlements": settlements} if settlements else {}),
        **more,
    )

    assert response.status == 422, response.json
    assert field in response.error["details"], response.error
    assert _snapshot(world["office"], proposal["id"]) == before


def test_a_commitment_is_settled_once_by_each_follow_up(world):
    proposal = _following_up(world, _rehandled(world))
    first = proposal["commitments"][0]["id"]
    twice = [{"commitment_id": first, "outcome": "implemented"}] * 2

    response = world["office"].fire(
        "proposal", proposal, "complete_follow_up", findings="已核查。", settlements=twice
    )

    assert response.status == 422
    assert "settlements.1.commitment_id" in response.error["details"]


def _partly_done(world) -> dict:
    """The first round's reply, closed; 回头看 finds its second commitment partly done."""
    flow = Flow(world)
    proposal = flow.assigned()
    flow.handle(proposal["assignments"][0], reply=_reply(FIRST))
    proposal = _following_up(world, world["office"].proposal(proposal["id"]))
    promised = _ids(proposal)
    return world["office"].act(
        "proposal",
        proposal,
        "complete_follow_up",
        findings="专用道已建成；信号优先完成一半。",
        settlements=[
            {"commitment_id": promised[FIRST[0]["text"]], "outcome": "implemented"},
            {
                "commitment_id": promised[FIRST[1]["text"]],
                "outcome": "partial",
                "next_follow_up": "2026-11-30",
            },
        ],
    )


def test_the_clock_looks_again_at_the_partly_done_commitment_only(world):
    proposal = _partly_done(world)
    deadline = world["office"].ok("GET", f"/deadlines?kind=follow_up&proposal_id={proposal['id']}")

    _move(world, date(2026, 11, 30))
    before = world["office"].proposal(proposal["id"])["state"]
    _move(world, date(2026, 12, 1))

    assert proposal["state"] == before == "closed"
    assert [d["due_at"] for d in deadline["items"] if d["status"] == "open"] == [
        "2026-11-30T23:59:59+08:00"
    ]
    assert world["office"].proposal(proposal["id"])["state"] == "following_up"
    with world.app.app_context(), unit_of_work() as session:
        latest = session.scalars(select(FollowUp).order_by(FollowUp.id.desc())).first()
        assert [c["text"] for c in latest.commitments] == [FIRST[1]["text"]]
        assert latest.commitments[0]["earlier_outcome"] == "partial"


def test_the_follow_up_is_over_when_nothing_is_open(world):
    proposal = _partly_done(world)
    _move(world, date(2026, 12, 1))
    following = world["office"].proposal(proposal["id"])
    [still_open] = [c["id"] for c in following["commitments"] if c["open"]]

    done = world["office"].act(
        "proposal",
        following,
        "complete_follow_up",
        findings="信号优先已全部完成。",
        settlements=[{"commitment_id": still_open, "outcome": "implemented"}],
    )

    assert done["state"] == "completed"
    assert [c["open"] for c in done["commitments"]] == [False, False]
    assert _open_on_the_list(world["office"]) == []
    assert _open_on_the_list(world["office"], "&open=false") == []
    everything = world["office"].ok("GET", "/lists/tracking?open=false")["items"]
    assert [[c["outcome_label"] for c in r["commitments"]] for r in everything] == [
        ["已落实", "已落实"]
    ]
    deadlines = world["office"].ok("GET", f"/deadlines?kind=follow_up&proposal_id={done['id']}")
    assert [d["status"] for d in deadlines["items"] if d["status"] == "open"] == []


def test_partly_done_without_a_date_does_not_restart_follow_up_at_the_next_sweep(world):
    """It did: the proposal went back to 已办结 with 回头看 due on the commitment's own date,
    long past, and the next sweep began 回头看 again."""
    flow = Flow(world)
    proposal = flow.assigned()
    flow.handle(proposal["assignments"][0], reply=_reply(FIRST))
    _rate(world, proposal["id"], "satisfied")
    _move(world, date(2026, 10, 1))  # the first commitment's date: the clock begins 回头看
    following = world["office"].proposal(proposal["id"])

    refused = world["office"].fire(
        "proposal", following, "complete_follow_up", outcome="partial", findings="尚未完成。"
    )
    _move(world, date(2026, 10, 2))
    world["office"].act(
        "proposal",
        world["office"].proposal(proposal["id"]),
        "complete_follow_up",
        outcome="partial",
        findings="尚未完成。",
        next_follow_up="2027-03-31",
    )
    _move(world, date(2026, 10, 8))
    _move(world, date(2026, 12, 1))

    assert (refused.status, list(refused.error["details"])) == (422, ["next_follow_up"])
    assert world["office"].proposal(proposal["id"])["state"] == "closed"
    assert _starts(world, proposal) == 1
    _move(world, date(2027, 4, 1))
    assert world["office"].proposal(proposal["id"])["state"] == "following_up"
    assert _starts(world, proposal) == 2


def _two_units_promising(world) -> dict:
    flow = Flow(world)
    proposal = flow.assigned(((TRANSPORT, "separate"), (ECOLOGY, "separate")))
    for assignment, text in zip(proposal["assignments"], ("建设专用道", "治理噪声"), strict=True):
        flow.handle(assignment, reply=_reply([{"text": text, "due_date": "2026-09-30"}]))
    return _following_up(world, world["office"].proposal(proposal["id"]))


def test_a_unit_reads_only_its_own_commitments_and_their_results(world):
    proposal = _two_units_promising(world)
    world["office"].act(
        "proposal",
        proposal,
        "complete_follow_up",
        findings="均已落实。",
        settlements=[
            {"commitment_id": c["id"], "outcome": "implemented"} for c in proposal["commitments"]
        ],
    )

    seen = {
        who: [c["text"] for c in world[who].proposal(proposal["id"])["commitments"]]
        for who in ("office", "zhang", "transport", "ecology")
    }
    settled = {
        who: [
            s["text"]
            for r in world[who].ok("GET", f"/proposals/{proposal['id']}/history")
            if r["event"] == "complete_follow_up"
            for s in r["data"]["settled"]
        ]
        for who in ("office", "transport", "ecology")
    }

    both = ["建设专用道", "治理噪声"]
    assert seen == {
        "office": both,
        "zhang": both,
        "transport": ["建设专用道"],
        "ecology": ["治理噪声"],
    }
    assert settled == {"office": both, "transport": ["建设专用道"], "ecology": ["治理噪声"]}


def test_only_the_unit_whose_commitment_was_not_carried_out_handles_it_again(world):
    proposal = _two_units_promising(world)
    outcome = {"建设专用道": "not_implemented", "治理噪声": "implemented"}

    done = world["office"].act(
        "proposal",
        proposal,
        "complete_follow_up",
        findings="交通局的专用道未建。",
        settlements=[
            {"commitment_id": c["id"], "outcome": outcome[c["text"]]}
            for c in proposal["commitments"]
        ],
    )

    assert {a["unit_name"]: a["state"] for a in done["assignments"]} == {
        TRANSPORT: "rehandling",
        ECOLOGY: "replied",
    }


def test_a_commitment_in_an_a_reply_is_tracked_too(world):
    flow = Flow(world)
    proposal = flow.assigned()
    flow.handle(proposal["assignments"][0], reply=_reply(SECOND, category="A"))
    _rate(world, proposal["id"], "satisfied")

    deadlines = world["office"].ok("GET", f"/deadlines?kind=follow_up&proposal_id={proposal['id']}")

    assert _open_on_the_list(world["office"]) == [(1, SECOND[0]["text"])]
    assert [d["due_at"] for d in deadlines["items"]] == ["2026-12-31T23:59:59+08:00"]
