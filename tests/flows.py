"""Drive a proposal through its life over the HTTP API, as the people in the world would."""

from __future__ import annotations

import functools

from tests.client import World
from tests.snapshots import remembered

UNIT_CLERKS = {
    "市交通运输局": "transport",
    "市教育局": "education",
    "市生态环境局": "ecology",
    "市卫生健康委员会": "health",
}
PARTS = {
    "background": "城区早晚高峰公交准点率低于70%。",
    "analysis": "公交专用道不连续，信号优先未落实。",
    "suggestions": "一是加密公交专用道；二是推行公交信号优先；三是优化线网。",
}
REPLY = {
    "category": "B",
    "body": "经研究，已将公交专用道建设列入明年计划。",
    "signed_by": "陈局长",
    "contact_name": "刘科员",
    "contact_phone": "0571-87000000",
    # B without a dated commitment says why (DOMAIN.md: B and C replies promise or explain).
    "no_commitment_reason": "专用道选线须待明年综合交通规划批复后确定。",
}


class Flow:
    def __init__(self, world: World, *, remember: bool = True) -> None:
        # remember=False for a test that watches what the flows do beneath the API (the
        # statements they prepare), which a put-back flow would not do.
        self.world, self.remember = world, remember

    def _remembered(self, step, *args, **fields) -> dict:
        """`step(*args, **fields)`, remembered by the rows it starts from (tests/snapshots.py)."""
        build = functools.partial(step, *args, **fields)
        if not self.remember:
            return build()
        return remembered(self.world, step.__name__, (args, fields), build)

    def filed(self, member: str = "zhang", **fields) -> dict:
        body = {"title": "关于提升城区公交准点率的提案", "category": "economy", **PARTS, **fields}
        return self.world[member].ok("POST", "/proposals", body, status=201)

    def collective(self, member: str = "zhang") -> dict:
        """The fields that file a collective proposal for an organisation `member` is contact of."""
        organisation = {"name": f"{member}所在的民主党派", "kind": "party", "contacts": [member]}
        found = self.world["office"].ok("GET", "/organisations")["items"]
        known = next((o for o in found if o["name"] == organisation["name"]), None)
        made = known or self.world["office"].ok("POST", "/organisations", organisation, 201)
        return {"type": "collective", "organisation_id": made["id"]}

    def submitted(self, member: str = "zhang", **fields) -> dict:
        return self.filed(member, submit=True, **fields)

    def accepted(self, **fields) -> dict:
        return self._remembered(self._accepted, **fields)

    def _accepted(self, **fields) -> dict:
        proposal = self.submitted(**fields)
        return self.world["office"].act("proposal", proposal, "accept")

    def assigned(self, units=(("市交通运输局", "lead"),), **fields) -> dict:
        return self._remembered(self._assigned, units, **fields)

    def _assigned(self, units, **fields) -> dict:
        proposal = self.accepted(**fields)
        entries = [{"unit_id": self.world.units[name], "role": role} for name, role in units]
        return self.world["office"].act("proposal", proposal, "assign", units=entries)

    def clerk_of(self, assignment: dict):
        return self.world[UNIT_CLERKS[assignment["unit_name"]]]

    def handle(self, assignment: dict, *, reply: dict | None = None) -> dict:
        """Sign for, contact the proposer and reply (or give the assisting opinion)."""
        return handled(self.clerk_of(assignment), assignment["id"], reply=reply)

    def replied(self, units=(("市交通运输局", "lead"),), **fields) -> dict:
        return self._remembered(self._replied, units, **fields)

    def _replied(self, units, **fields) -> dict:
        proposal = self.assigned(units, **fields)
        ordered = sorted(proposal["assignments"], key=lambda a: a["role"] != "assisting")
        for assignment in ordered:
            self.handle(assignment)
        return self.world["office"].proposal(proposal["id"])

    def ratings(self, proposal: dict, result: str = "satisfied") -> list[dict]:
        return [
            {"assignment_id": a["id"], "attitude": "satisfied", "result": result}
            for a in proposal["assignments"]
            if a["role"] != "assisting" and a["state"] == "replied"
        ]

    def closed(self, units=(("市交通运输局", "lead"),), **fields) -> dict:
        return self._remembered(self._closed, units, **fields)

    def _closed(self, units, **fields) -> dict:
        proposal = self.replied(units, **fields)
        member = self.world[proposal["lead_proposer"]]
        return member.act(
            "proposal", member.proposal(proposal["id"]), "evaluate", ratings=self.ratings(proposal)
        )


def handled(clerk, assignment_id: int, *, reply: dict | None = None) -> dict:
    """The clerk signs for the assignment, contacts the proposer and replies (or gives the
    assisting opinion), each step only when not yet taken."""
    current = clerk.assignment(assignment_id)
    if current["state"] == "pending":
        current = clerk.act("assignment", current, "sign")
    if current["role"] == "assisting":
        return clerk.act("assignment", current, "submit_opinion", body="同意主办单位意见。")
    if not any(c["status"] != "denied" for c in current["contacts"]):
        current = clerk.act(
            "assignment",
            current,
            "log_contact",
            method="电话",
            date="2026-03-16",
            summary="与提案人电话沟通办理思路。",
        )
    return clerk.act("assignment", current, "reply", **(reply or REPLY))
