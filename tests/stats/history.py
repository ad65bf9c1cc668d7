"""A year of proposal handling built through the API, whose every figure is counted by hand in
HAND_COUNT below (the statistics tests compare the service's figures with it).

At 2026-03-16 (the clock fixture's Monday), session year 2026:
  P1  zhang  transport leads, replies B, zhang rates satisfied; later 回头看: implemented.
  P2  zhang  transport leads (B), education assists; nobody rates: the evaluation lapses.
  P3  li     culture, rejected (disposition opinion).
  P4  li     merged into P9.
  P5  wang   withdrawn after submission.
  P6  zhang  transport (A) and ecology as separate units; ecology only signs and contacts.
  P7  zhang  co-signed by li; health leads, asks to return it, the office reassigns it to
             ecology (contact waived), which replies C with a commitment; zhang rates
             basically satisfied, li adds her own unsatisfied rating (which must not count).
  P8  zhang  education leads, signs, never replies.
  P9  zhang  under review (submitted); P4 is merged into it, so li co-signs it.
  P10 zhang  a draft, never submitted: counted nowhere.
  P11 zhang  returned for revision.
  P12 wang   society, rejected (disposition reference).
  and one proposal of session year 2025, counted only in 2025.
At 2026-06-17 10:00 (reply deadlines of 2026-06-16 passed) the sweep runs: P2's evaluation
lapses, ecology's reply on P6 and education's on P8 are overdue. Then ecology replies P6 late
(B); the office rates P6 by proxy (transport satisfied, ecology unsatisfied), ecology re-handles
and replies A, zhang rates it unsatisfied again, the office records the consultation (closed);
P1's 回头看 is started and completed (implemented).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from service.db import unit_of_work
from service.jobs.sweep import sweep
from service.models import PlenarySession
from tests.flows import REPLY, Flow

SHANGHAI = ZoneInfo("Asia/Shanghai")

LATER = datetime(2026, 6, 17, 10, 0, tzinfo=SHANGHAI)
COMMITMENT = {"text": "2026年底前完成校园周边道路改造", "due_date": "2026-12-31"}

# Every figure of GET /stats?year=2026 for the history above, counted by hand.
HAND_COUNT = {
    "received": 11,  # P1–P9, P11, P12 (the draft P10 and the 2025 proposal do not count)
    "accepted": 5,  # P1, P2, P6, P7, P8
    "not_accepted": 2,  # P3, P12
    "merged": 1,  # P4
    "withdrawn": 1,  # P5
    "under_review": 2,  # P9 submitted, P11 returned for revision
    "assigned": 5,  # P1, P2, P6, P7, P8
    "assignments": 8,  # P1 1, P2 2, P6 2, P7 2 (health's returned one too), P8 1
    "returned_assignments": 1,  # health on P7
    "replied": 4,  # P1, P2, P6, P7
    "replied_on_time": 3,  # P6 is late: ecology's first reply came after its deadline
    "overdue": 1,  # P8: education still owes its reply
    "answers": 5,  # transport P1, P2, P6; ecology P6 (once, over two rounds), P7
    "rated_forms": 4,  # P1, P6 ×2, P7 (P2 lapsed; li's co-signer rating ignored)
    "satisfied_forms": 3,  # P1 satisfied, P6 transport satisfied (proxy), P7 basically
    "unsatisfied_forms": 1,  # P6 ecology, round 2
    "lapsed_forms": 1,  # P2
    "contacted": 4,  # all but P7, where the office waived the contact
    "categories": {"A": 2, "B": 2, "C": 1, "D": 0},  # P6 transport A, P6 ecology A (latest)
    "by_disposition": {
        "opinion": 1,
        "social_info": 0,
        "letter": 0,
        "reference": 1,
        "departments": 0,
        "none": 0,
    },
    "follow_ups": {
        "started": 1,
        "completed": 1,
        "implemented": 1,
        "partial": 0,
        "not_implemented": 0,
    },
}
HAND_PARTS = {
    "acceptance_rate": [5, 11],
    "reply_rate": [4, 5],
    "on_time_reply_rate": [3, 5],
    "satisfaction_rate": [3, 4],
    "satisfaction_rate_all_replied": [3, 5],
    "adoption_rate": [4, 5],
    "contact_rate": [4, 5],
    "implementation_rate": [1, 1],
}
# by_unit, counted by hand: each unit's assignments (its lead/separate ones are "assigned").
UNIT_COUNTS = (
    "assigned",
    "replied",
    "replied_on_time",
    "overdue",
    "answers",
    "rated_forms",
    "satisfied_forms",
    "unsatisfied_forms",
    "lapsed_forms",
    "contacted",
    "assisting",
    "opinions",
    "returned_assignments",
)
UNIT_PARTS = (
    "reply_rate",
    "on_time_reply_rate",
    "satisfaction_rate",
    "satisfaction_rate_all_replied",
    "adoption_rate",
    "contact_rate",
)
# fmt: off
UNIT_TABLE = {
    #                     counts, in the order of UNIT_COUNTS          categories A B C D
    "市交通运输局":     ((3, 3, 3, 0, 3, 2, 2, 0, 1, 3, 0, 0, 0), (1, 2, 0, 0)),
    "市教育局":         ((1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0), (0, 0, 0, 0)),
    "市生态环境局":     ((2, 2, 1, 0, 2, 2, 1, 1, 0, 1, 0, 0, 0), (1, 0, 1, 0)),
    "市卫生健康委员会": ((0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), (0, 0, 0, 0)),
}
UNIT_PART_TABLE = {  # [numerator, denominator] in the order of UNIT_PARTS
    "市交通运输局":     ([3, 3], [3, 3], [2, 2], [2, 3], [3, 3], [3, 3]),
    "市教育局":         ([0, 1], [0, 1], [0, 0], [0, 0], [0, 0], [0, 0]),
    "市生态环境局":     ([2, 2], [1, 2], [1, 2], [1, 2], [1, 2], [1, 2]),
    "市卫生健康委员会": ([0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]),
}
# fmt: on
HAND_UNITS = {
    name: {
        **dict(zip(UNIT_COUNTS, counts, strict=True)),
        "categories": dict(zip("ABCD", letters, strict=True)),
    }
    for name, (counts, letters) in UNIT_TABLE.items()
}
HAND_UNIT_PARTS = {
    name: dict(zip(UNIT_PARTS, parts, strict=True)) for name, parts in UNIT_PART_TABLE.items()
}


def move(world, at: datetime) -> None:
    """Set the clock and log everyone in again (tokens expire with the clock)."""
    world.clock.set(at)
    for username in list(world.clients):
        world.login(username)


def run_sweep(world) -> None:
    with world.app.app_context():
        sweep(now=world.clock.now())


def add_session(world, year: int) -> str:
    name = f"{year}年全体会议"
    with world.app.app_context(), unit_of_work() as session:
        session.add(
            PlenarySession(
                body_id=world.body_id, name=name, term=0, meeting=0, year=year, current=False
            )
        )
    return name


def units_of(world, *pairs) -> list[dict]:
    return [{"unit_id": world.units[name], "role": role} for name, role in pairs]


def assignment_of(world, proposal: dict, unit: str) -> dict:
    found = [a for a in proposal["assignments"] if a["unit_name"] == unit]
    return world["office"].assignment(found[-1]["id"])


class History:
    """Builds the year described in the module docstring; keeps each proposal as `p[n]`."""

    def __init__(self, world, p: dict | None = None) -> None:
        self.world, self.flow, self.p = world, Flow(world), p or {}

    @property
    def office(self):
        return self.world["office"]  # a fresh login after the clock moves

    def build(self) -> History:
        self._other_year()
        self._review()
        self._handling()
        move(self.world, LATER)
        run_sweep(self.world)
        self._late_and_rehandled()
        self._follow_up()
        return self

    def _other_year(self) -> None:
        earlier = add_session(self.world, 2025)
        self.office.act("proposal", self.flow.submitted(session=earlier), "accept")

    def _review(self) -> None:
        office, flow = self.office, self.flow
        self.p[3] = office.act(
            "proposal",
            flow.submitted("li", category="culture"),
            "reject",
            reason_code="no_concrete_suggestion",
            disposition="opinion",
        )
        self.p[12] = office.act(
            "proposal",
            flow.submitted("wang", category="society"),
            "reject",
            reason="属个人事务。",
            disposition="reference",
        )
        p5 = flow.submitted("wang")
        self.p[5] = self.world["wang"].act("proposal", p5, "withdraw")
        self.p[9] = flow.submitted()
        self.p[4] = office.act("proposal", flow.submitted("li"), "merge", into=self.p[9]["id"])
        self.p[11] = office.act(
            "proposal", flow.submitted(), "return_for_revision", reason="请补充具体建议。"
        )
        self.p[10] = flow.filed()

    def _handling(self) -> None:
        flow, world = self.flow, self.world
        self.p[1] = flow.closed()
        self.p[2] = flow.replied(units=(("市交通运输局", "lead"), ("市教育局", "assisting")))
        self.p[6] = flow.assigned(
            units=(("市交通运输局", "separate"), ("市生态环境局", "separate"))
        )
        flow.handle(
            assignment_of(world, self.p[6], "市交通运输局"), reply={**REPLY, "category": "A"}
        )
        ecology = assignment_of(world, self.p[6], "市生态环境局")
        ecology = world["ecology"].act("assignment", ecology, "sign")
        world["ecology"].act(
            "assignment",
            ecology,
            "log_contact",
            method="面谈",
            date="2026-03-16",
            summary="与提案人面谈办理思路。",
        )
        self._returned_and_reassigned()
        self.p[8] = flow.assigned(units=(("市教育局", "lead"),))
        world["education"].act("assignment", assignment_of(world, self.p[8], "市教育局"), "sign")

    def _returned_and_reassigned(self) -> None:
        world, office = self.world, self.office
        proposal = self.flow.submitted(co_signers=["li"])
        proposal = world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")
        proposal = office.act("proposal", proposal, "accept")
        units = units_of(world, ("市卫生健康委员会", "lead"))
        proposal = office.act("proposal", proposal, "assign", units=units)
        health = assignment_of(world, proposal, "市卫生健康委员会")
        health = world["health"].act(
            "assignment", health, "request_return", reason="非本单位职责。"
        )
        office.act(
            "assignment",
            office.assignment(health["id"]),
            "approve_return",
            reassign_to=units_of(world, ("市生态环境局", "lead")),
        )
        ecology = self._replied_without_contact(office.proposal(proposal["id"]))
        self.p[7] = self._rated_by_both(proposal, ecology)

    def _replied_without_contact(self, proposal: dict) -> dict:
        world, office = self.world, self.office
        ecology = assignment_of(world, proposal, "市生态环境局")
        office.act(
            "assignment", ecology, "waive_contact", reason="提案人在外学习，同意免于办前沟通。"
        )
        clerk = world["ecology"]
        ecology = clerk.act("assignment", clerk.assignment(ecology["id"]), "sign")
        reply = {**REPLY, "category": "C", "commitments": [COMMITMENT]}
        return clerk.act("assignment", ecology, "reply", **reply)

    def _rated_by_both(self, proposal: dict, ecology: dict) -> dict:
        """zhang rates basically satisfied; li, a co-signer, adds her own unsatisfied rating."""
        zhang, li = self.world["zhang"], self.world["li"]
        ratings = [
            {
                "assignment_id": ecology["id"],
                "attitude": "satisfied",
                "result": "basically_satisfied",
            }
        ]
        zhang.act("proposal", zhang.proposal(proposal["id"]), "evaluate", ratings=ratings)
        own = [{**ratings[0], "attitude": "unsatisfied", "result": "unsatisfied"}]
        return li.act("proposal", li.proposal(proposal["id"]), "add_rating", ratings=own)

    def _late_and_rehandled(self) -> None:
        world, office = self.world, self.office
        self.flow.handle(assignment_of(world, office.proposal(self.p[6]["id"]), "市生态环境局"))
        proposal = office.proposal(self.p[6]["id"])
        transport = assignment_of(world, proposal, "市交通运输局")
        ecology = assignment_of(world, proposal, "市生态环境局")
        proposal = office.act(
            "proposal",
            proposal,
            "evaluate",
            ratings=[
                {"assignment_id": transport["id"], "attitude": "satisfied", "result": "satisfied"},
                {"assignment_id": ecology["id"], "attitude": "satisfied", "result": "unsatisfied"},
            ],
        )
        self.flow.handle(
            world["ecology"].assignment(ecology["id"]), reply={**REPLY, "category": "A"}
        )
        zhang = world["zhang"]
        proposal = zhang.act(
            "proposal",
            zhang.proposal(self.p[6]["id"]),
            "evaluate",
            ratings=[
                {"assignment_id": ecology["id"], "attitude": "satisfied", "result": "unsatisfied"},
            ],
        )
        self.p[6] = office.act(
            "proposal",
            office.proposal(proposal["id"]),
            "record_consultation",
            minutes="双方当面协商，明确后续办理安排。",
        )

    def _follow_up(self) -> None:
        office = self.office
        proposal = office.act("proposal", office.proposal(self.p[1]["id"]), "start_follow_up")
        self.p[1] = office.act(
            "proposal",
            proposal,
            "complete_follow_up",
            outcome="implemented",
            findings="公交专用道已建成通车。",
        )


def build_history(world) -> History:
    return History(world).build()
