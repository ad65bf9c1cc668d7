"""Client traffic for the crash-safety test: people driving proposals over real HTTP.

Each driver looks at its proposal's state as the server has it now and fires the next event, so a
request lost to a killed server is simply decided again after the restart.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

PASSWORD = "correct horse battery"
CONTACT = {"method": "电话", "date": "2026-11-20", "summary": "电话沟通办理思路。"}
REPLY = {
    "category": "B",
    "body": "已列入明年计划。",
    "signed_by": "陈局长",
    "contact_name": "刘科员",
    "contact_phone": "0571-87000000",
    # B without a dated commitment says why (DOMAIN.md: B and C replies promise or explain).
    "no_commitment_reason": "专用道选线须待明年综合交通规划批复后确定。",
}


class Down(Exception):
    """The server did not answer: killed, restarting, or the connection was cut."""


@dataclass
class Tally:
    sent: int = 0
    answered: dict = field(default_factory=dict)
    server_errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int, what: str) -> None:
        with self.lock:
            self.answered[status] = self.answered.get(status, 0) + 1
            if status >= 500:
                self.server_errors.append(what)

    def total(self) -> int:
        with self.lock:
            return sum(self.answered.values())


class Api:
    def __init__(self, base: str, token: str | None = None) -> None:
        self.base, self.token = base, token

    def call(self, method: str, path: str, body=None) -> tuple[int, object]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base}/api/v1{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")
        except (OSError, ValueError, http.client.HTTPException) as error:
            # refused, reset, or cut short mid-body (IncompleteRead) by a kill
            raise Down(str(error)) from None


def login(base: str, username: str) -> Api:
    status, body = Api(base).call(
        "POST", "/auth/token", {"username": username, "password": PASSWORD}
    )
    assert status == 200, (status, body)
    return Api(base, body["token"])


class Driver:
    """Moves proposals of `member` through their whole life, one event per step."""

    def __init__(self, people: dict[str, Api], units: dict[str, int], tally: Tally, member: str):
        self.people, self.units, self.tally, self.member = people, units, tally, member
        self.proposal_id: int | None = None

    def post(self, who: str, path: str, body: dict) -> None:
        self.tally.sent += 1
        status, answer = self.people[who].call("POST", path, body)
        self.tally.count(status, f"{path} {body.get('event')} -> {status} {answer}")

    def fire(self, who: str, kind: str, subject: dict, event: str, **fields) -> None:
        body = {"event": event, "version": subject["version"], **fields}
        self.post(who, f"/{kind}s/{subject['id']}/events", body)

    def step(self) -> None:
        if self.proposal_id is None:
            return self.file()
        status, proposal = self.people[self.member].call("GET", f"/proposals/{self.proposal_id}")
        if status != 200:
            raise Down(f"GET proposal answered {status}")
        move = getattr(self, f"on_{proposal['state']}", self.finished)
        return move(proposal)

    def file(self) -> None:
        body = {"title": "关于优化公交线网的提案", "category": "economy", "body": "建议。"}
        self.tally.sent += 1
        status, answer = self.people[self.member].call(
            "POST", "/proposals", {**body, "submit": True}
        )
        self.tally.count(status, f"create -> {status}")
        if status == 201:
            self.proposal_id = answer["id"]

    def finished(self, proposal: dict) -> None:
        self.proposal_id = None

    def on_submitted(self, proposal: dict) -> None:
        self.fire("office", "proposal", proposal, "accept")

    def on_accepted(self, proposal: dict) -> None:
        units = [
            {"unit_id": self.units["市交通运输局"], "role": "lead"},
            {"unit_id": self.units["市教育局"], "role": "assisting"},
        ]
        self.fire("office", "proposal", proposal, "assign", units=units)

    def on_handling(self, proposal: dict) -> None:
        for brief in sorted(proposal["assignments"], key=lambda a: a["role"] != "assisting"):
            clerk = "transport" if brief["role"] == "lead" else "education"
            status, assignment = self.people[clerk].call("GET", f"/assignments/{brief['id']}")
            if status == 200 and self.handle(clerk, assignment):
                return

    def handle(self, clerk: str, assignment: dict) -> bool:
        state, role = assignment["state"], assignment["role"]
        if state == "pending":
            self.fire(clerk, "assignment", assignment, "sign")
        elif state == "handling" and role == "assisting":
            self.fire(clerk, "assignment", assignment, "submit_opinion", body="同意。")
        elif state in ("handling", "rehandling") and not assignment["contacts"]:
            self.fire(clerk, "assignment", assignment, "log_contact", **CONTACT)
        elif state in ("handling", "rehandling"):
            self.fire(clerk, "assignment", assignment, "reply", **REPLY)
        else:
            return False
        return True

    def on_replied(self, proposal: dict) -> None:
        result = random.choice(("satisfied", "satisfied", "unsatisfied"))
        ratings = [
            {"assignment_id": a["id"], "attitude": "satisfied", "result": result}
            for a in proposal["assignments"]
            if a["role"] == "lead" and a["state"] == "replied"
        ]
        self.fire(self.member, "proposal", proposal, "evaluate", ratings=ratings)

    def on_consulting(self, proposal: dict) -> None:
        self.fire("office", "proposal", proposal, "record_consultation", minutes="当面协商。")

    def on_closed(self, proposal: dict) -> None:
        self.fire("office", "proposal", proposal, "start_follow_up")

    def on_following_up(self, proposal: dict) -> None:
        self.fire(
            "office",
            "proposal",
            proposal,
            "complete_follow_up",
            outcome="implemented",
            findings="已落实。",
        )


def drive(driver: Driver, stop: threading.Event) -> None:
    """Step until told to stop; when the server is down, wait a moment and decide again."""
    while not stop.is_set():
        try:
            driver.step()
        except Down:
            time.sleep(random.uniform(0.05, 0.2))
