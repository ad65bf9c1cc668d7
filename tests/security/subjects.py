"""Put a proposal, an assignment or a transfer into a given state through the API, as the
world's people would.

Each builder returns a Subject: what it is, which unit's clerk handles it, and which roles may see
it (the visibility the access rules promise, declared here rather than read from the service).
Every proposal after acceptance is a key proposal supervised by `leader`, so the leader sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from service.db import unit_of_work
from service.operations import bodies, users
from tests.client import PASSWORD, ApiClient, World
from tests.flows import REPLY, UNIT_CLERKS, Flow

ROLES = ("member", "committee", "unit", "leader", "admin")
SUBMITTED = frozenset({"member", "committee", "admin"})
# A transfer the city sent: its committee and administrator see it, as the county's would.
OFFICE = frozenset({"committee", "admin"})
COUNTY = "政协示范县委员会"
SUPERVISED = frozenset(ROLES)
LEAD = (("市交通运输局", "lead"),)
ASSISTED = (
    ("市交通运输局", "lead"),
    ("市教育局", "assisting"),
    ("市生态环境局", "assisting"),
    ("市卫生健康委员会", "assisting"),
)


@dataclass(frozen=True)
class Subject:
    kind: str  # "proposal", "assignment" or "transfer"
    id: int
    state: str
    clerk: str  # the username of the unit clerk who handles it
    seen_by: frozenset

    @property
    def path(self) -> str:
        return f"/{self.kind}s/{self.id}"


class Builder:
    """One method per state; each makes a fresh subject in that state."""

    def __init__(self, world: World) -> None:
        self.world, self.flow = world, Flow(world)
        self.office, self.member = world["office"], world["zhang"]

    # The people who act: zhang leads every proposal; the clerk depends on the subject.
    def actor(self, role: str, subject: Subject) -> ApiClient:
        names = {"member": "zhang", "committee": "office", "leader": "leader", "admin": "admin"}
        return self.world[subject.clerk if role == "unit" else names[role]]

    def current(self, subject: Subject) -> dict:
        reader = self.office if subject.kind == "transfer" else self.member
        return reader.ok("GET", subject.path)

    # Proposals -----------------------------------------------------------------------------
    def _proposal(self, body: dict, seen_by=SUBMITTED) -> Subject:
        return Subject("proposal", body["id"], body["state"], "transport", frozenset(seen_by))

    def draft(self) -> Subject:
        return self._proposal(self.flow.filed(), {"member"})

    def cosigning(self) -> Subject:
        draft = self.flow.filed(co_signers=["li"])
        return self._proposal(self.member.act("proposal", draft, "submit"), {"member"})

    def submitted(self) -> Subject:
        return self._proposal(self.flow.submitted())

    def returned(self) -> Subject:
        body = self.office.act(
            "proposal", self.flow.submitted(), "return_for_revision", reason="请补充调研数据。"
        )
        return self._proposal(body)

    def not_accepted(self) -> Subject:
        body = self.office.act(
            "proposal",
            self.flow.submitted(),
            "reject",
            reason_code="no_concrete_suggestion",
            disposition="opinion",
        )
        return self._proposal(body)

    def merged(self) -> Subject:
        target = self.flow.submitted()
        body = self.office.act("proposal", self.flow.submitted(), "merge", into=target["id"])
        return self._proposal(body)

    def withdrawn(self) -> Subject:
        return self._proposal(
            self.member.act("proposal", self.flow.filed(), "withdraw"), {"member"}
        )

    def _supervised(self) -> dict:
        accepted = self.flow.accepted()
        return self.office.act("proposal", accepted, "mark_key", leader="leader")

    def accepted(self) -> Subject:
        return self._proposal(self._supervised(), SUBMITTED | {"leader"})

    def _assigned(self, units=LEAD) -> dict:
        entries = [{"unit_id": self.world.units[name], "role": role} for name, role in units]
        return self.office.act("proposal", self._supervised(), "assign", units=entries)

    def handling(self) -> Subject:
        return self._proposal(self._assigned(ASSISTED), SUPERVISED)

    def _replied(self) -> dict:
        proposal = self._assigned()
        self.flow.handle(proposal["assignments"][0])
        return self.member.proposal(proposal["id"])

    def replied(self) -> Subject:
        return self._proposal(self._replied(), SUPERVISED)

    def _rated(self, proposal: dict, result: str) -> dict:
        ratings = self.flow.ratings(proposal, result)
        return self.member.act("proposal", proposal, "evaluate", ratings=ratings)

    def _closed(self) -> dict:
        return self._rated(self._replied(), "satisfied")

    def closed(self) -> Subject:
        return self._proposal(self._closed(), SUPERVISED)

    def _following_up(self) -> dict:
        return self.office.act("proposal", self._closed(), "start_follow_up")

    def following_up(self) -> Subject:
        return self._proposal(self._following_up(), SUPERVISED)

    def completed(self) -> Subject:
        body = self.office.act(
            "proposal",
            self._following_up(),
            "complete_follow_up",
            outcome="implemented",
            findings="公交专用道已建成。",
        )
        return self._proposal(body, SUPERVISED)

    def _rehandling(self) -> dict:
        """A replied proposal rated unsatisfied: it is handled again (重新办理)."""
        return self._rated(self._replied(), "unsatisfied")

    def consulting(self) -> Subject:
        proposal = self._rehandling()
        self.flow.handle(proposal["assignments"][0])
        again = self.member.proposal(proposal["id"])
        return self._proposal(self._rated(again, "unsatisfied"), SUPERVISED)

    # 跨级转办: the city's proposals sent to a county, whose office answers -----------------------
    @cached_property
    def county(self) -> tuple[int, ApiClient]:
        """The county under the world's city, and its office logged in."""
        now = self.world.clock.now()
        with self.world.app.app_context(), unit_of_work() as session:
            raw = {"name": COUNTY, "level": "county", "parent_id": self.world.body_id}
            body = bodies.add_body(session, raw, actor=None, now=now).id
            users.add_user(
                session, "county_office", role="committee", password=PASSWORD, now=now, body_id=body
            )
        answer = ApiClient(self.world.app.test_client(), None).post(
            "/auth/token", {"username": "county_office", "password": PASSWORD}
        )
        return body, ApiClient(self.world.app.test_client(), answer.json["token"], "county_office")

    def _sent(self) -> tuple[dict, dict]:
        """A submitted proposal transferred to the county, and the transfer as the county reads."""
        body, county_office = self.county
        proposal = self.office.act(
            "proposal", self.flow.submitted(), "transfer", to_body_id=body, reason="属县级事权。"
        )
        transfer = county_office.ok("GET", f"/transfers/{proposal['transfer']['id']}")
        return proposal, transfer

    def transferring(self) -> Subject:
        return self._proposal(self._sent()[0])

    def transferred(self) -> Subject:
        proposal, transfer = self._sent()
        self.county[1].act("transfer", transfer, "accept_transfer")
        return self._proposal(self.member.proposal(proposal["id"]))

    def _transfer(self, body: dict) -> Subject:
        return Subject("transfer", body["id"], body["state"], "transport", OFFICE)

    def pending_transfer(self) -> Subject:
        return self._transfer(self._sent()[1])

    def answered_transfer(self, event: str, **fields) -> Subject:
        return self._transfer(self.county[1].act("transfer", self._sent()[1], event, **fields))

    # Assignments ---------------------------------------------------------------------------
    def _assignment(self, brief: dict) -> Subject:
        body = self.member.assignment(brief["id"])
        clerk = UNIT_CLERKS[body["unit_name"]]
        return Subject("assignment", body["id"], body["state"], clerk, SUPERVISED)

    def _of(self, proposal: dict, unit: str) -> dict:
        return next(a for a in proposal["assignments"] if a["unit_name"] == unit)

    def _clerk_acts(self, brief: dict, *steps) -> dict:
        clerk = self.world[UNIT_CLERKS[brief["unit_name"]]]
        current = clerk.assignment(brief["id"])
        for event, fields in steps:
            actor = self.office if event == "approve_return" else clerk
            current = actor.act("assignment", current, event, **fields)
        return current

    def assignments_of_a_handled_proposal(self) -> dict[str, Subject]:
        """pending, handling, return_requested and returned: four units on one proposal."""
        proposal = self._assigned(ASSISTED)
        reason = {"reason": "非本单位职责。"}
        self._clerk_acts(self._of(proposal, "市教育局"), ("sign", {}))
        self._clerk_acts(self._of(proposal, "市生态环境局"), ("request_return", reason))
        self._clerk_acts(
            self._of(proposal, "市卫生健康委员会"),
            ("request_return", reason),
            ("approve_return", {}),
        )
        made = [self._assignment(a) for a in proposal["assignments"]]
        return {subject.state: subject for subject in made}

    def replied_assignment(self) -> Subject:
        return self._assignment(self._replied()["assignments"][0])

    def rehandling_assignment(self) -> Subject:
        return self._assignment(self._rehandling()["assignments"][0])

    def withdrawn_assignment(self) -> Subject:
        """The proposal withdrawn after acceptance, with the committee's approval."""
        proposal = self._assigned()
        reason = {"reason": "问题已解决。"}
        proposal = self.member.act("proposal", proposal, "request_withdrawal", **reason)
        proposal = self.office.act("proposal", proposal, "approve_withdrawal")
        return self._assignment(proposal["assignments"][0])

    def reply_review_assignment(self) -> Subject:
        """Reply review is a setting: on while this reply is given, then off again."""
        admin = self.world["admin"]
        admin.ok("POST", "/settings", {"changes": {"reply_review": True}, "confirm": True})
        try:
            proposal = self._assigned()
            self.flow.handle(proposal["assignments"][0], reply=REPLY)
        finally:
            admin.ok("POST", "/settings", {"changes": {"reply_review": False}, "confirm": True})
        return self._assignment(proposal["assignments"][0])


PROPOSAL_STATES = (
    "draft",
    "cosigning",
    "submitted",
    "returned",
    "accepted",
    "handling",
    "replied",
    "consulting",
    "closed",
    "following_up",
    "completed",
    "not_accepted",
    "merged",
    "withdrawn",
    "transferring",
    "transferred",
)


def proposal_subjects(builder: Builder) -> dict[str, Subject]:
    """One proposal in each state that has a builder."""
    return {state: getattr(builder, state)() for state in PROPOSAL_STATES}


def assignment_subjects(builder: Builder) -> dict[str, Subject]:
    """One assignment in each state that has a builder."""
    made = builder.assignments_of_a_handled_proposal()
    made["replied"] = builder.replied_assignment()
    made["rehandling"] = builder.rehandling_assignment()
    made["reply_review"] = builder.reply_review_assignment()
    made["withdrawn"] = builder.withdrawn_assignment()
    return made


def transfer_subjects(builder: Builder) -> dict[str, Subject]:
    """One transfer of the city's to the county in each state."""
    return {
        "pending": builder.pending_transfer(),
        "accepted": builder.answered_transfer("accept_transfer"),
        "declined": builder.answered_transfer("decline_transfer", reason="属市级事权。"),
    }
