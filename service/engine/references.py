"""Turn ids in an event's fields into the rows they name, refusing what does not fit (422)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.errors import InvalidInput
from service.models import Assignment, Proposal, Unit
from service.usernames import find_by_username

ACTIVE_ASSIGNMENT = (
    "pending",
    "handling",
    "return_requested",
    "reply_review",
    "replied",
    "rehandling",
)


def _refuse(field: str, message: str):
    raise InvalidInput(message, details={field: [message]})


def _units(session: Session, proposal: Proposal, entries: list[dict], field: str) -> list:
    taken = {a.unit_id for a in proposal.assignments if a.state in ACTIVE_ASSIGNMENT}
    seen: set[int] = set()
    units = {
        u.id: u
        for u in session.scalars(select(Unit).where(Unit.id.in_({e["unit_id"] for e in entries})))
    }
    for index, entry in enumerate(entries):
        unit = units.get(entry["unit_id"])
        where = f"{field}.{index}.unit_id"
        if unit is None or not unit.active:
            _refuse(where, "所选承办单位不存在或已停用。")
        if unit.id in seen or unit.id in taken:
            _refuse(where, f"“{unit.name}”已在承办单位之列，同一单位不能重复交办。")
        seen.add(unit.id)
        entry["unit"] = unit
    return entries


def _check_roles(proposal: Proposal, entries: list[dict], field: str) -> None:
    roles = {e["role"] for e in entries} | {
        a.role for a in proposal.assignments if a.state in ACTIVE_ASSIGNMENT
    }
    if "lead" in roles and "separate" in roles:
        _refuse(field, "主办和分办不能同时使用：请选择一家主办单位（可加会办单位），或全部分办。")
    if not roles & {"lead", "separate"}:
        _refuse(field, "须至少有一家主办或分办单位。")
    if (
        sum(1 for e in entries if e["role"] == "lead")
        + sum(1 for a in proposal.assignments if a.role == "lead" and a.state in ACTIVE_ASSIGNMENT)
        > 1
    ):
        _refuse(field, "主办单位只能有一家。")


def assign(session, proposal, data, policy) -> dict:
    _units(session, proposal, data["units"], "units")
    _check_roles(proposal, data["units"], "units")
    return data


def approve_return(session, assignment, data, policy) -> dict:
    entries = data.get("reassign_to") or []
    if entries:
        _units(session, assignment.proposal, entries, "reassign_to")
    return data


def merge(session, proposal, data, policy) -> dict:
    target = session.get(Proposal, data["into"])
    if target is None or target.id == proposal.id or target.state not in ("submitted", "accepted"):
        _refuse("into", "只能并入另一件待审查或已立案的提案。")
    data["target"] = target
    return data


def mark_key(session, proposal, data, policy) -> dict:
    if data.get("leader"):
        leader = find_by_username(session, data["leader"])
        if leader is None or leader.role != "leader":
            _refuse("leader", "督办领导须为已登记的领导账号。")
        data["leader_user"] = leader
    return data


def awaiting_rating(proposal: Proposal) -> list[Assignment]:
    """Replied lead/separate assignments whose latest reply has not been rated yet."""
    return [
        a
        for a in proposal.assignments
        if a.answers
        and a.state == "replied"
        and a.latest_reply is not None
        and not a.latest_reply_rated
    ]


def evaluate(session, proposal, data, policy) -> dict:
    awaiting = {a.id: a for a in awaiting_rating(proposal)}
    given = [r["assignment_id"] for r in data["ratings"]]
    for index, rating in enumerate(data["ratings"]):
        if rating["assignment_id"] not in awaiting or given.count(rating["assignment_id"]) > 1:
            _refuse(f"ratings.{index}.assignment_id", "该答复不在待测评之列，或重复测评。")
        for aspect in ("attitude", "result"):
            if rating[aspect] == "very_satisfied" and not policy["very_satisfied_level"]:
                _refuse(f"ratings.{index}.{aspect}", "测评档次只能是：满意、基本满意、不满意。")
        rating["assignment"] = awaiting[rating["assignment_id"]]
    missing = [a.unit.name for a_id, a in awaiting.items() if a_id not in given]
    if missing:
        _refuse("ratings", f"请对每家单位的答复分别测评，尚缺：{'、'.join(missing)}。")
    return data


def cosigner_ratings(session, proposal, data, policy) -> dict:
    """A co-signer rates the final reply of each unit that answers the proposal."""
    answered = {
        a.id: a
        for a in proposal.assignments
        if a.answers and a.latest_reply is not None and a.latest_reply.status == "final"
    }
    for index, rating in enumerate(data["ratings"]):
        if rating["assignment_id"] not in answered:
            _refuse(f"ratings.{index}.assignment_id", "该单位尚无可测评的答复。")
        rating["assignment"] = answered[rating["assignment_id"]]
    return data


def contact_answer(session, assignment, data, policy) -> dict:
    contact = next((c for c in assignment.contacts if c.id == data["contact_id"]), None)
    if contact is None or contact.status != "logged":
        _refuse("contact_id", "该沟通记录不存在，或已确认/否认过。")
    data["contact"] = contact
    return data


def request_return(session, assignment, data, policy) -> dict:
    suggested = data.get("suggested_unit_id")
    if suggested is not None and session.get(Unit, suggested) is None:
        _refuse("suggested_unit_id", "建议的承办单位不存在。")
    return data


def request_extension(session, assignment, data, policy) -> dict:
    limit: date | None = assignment.reply_limit_on
    current = assignment.due_on
    if current is not None and data["until"] <= current:
        _refuse("until", f"延期日期须晚于现在的答复期限（{current.isoformat()}）。")
    if limit is not None and data["until"] > limit:
        _refuse("until", f"延期不能超过最长期限 {limit.isoformat()}。")
    return data


RESOLVERS: dict[tuple[str, str], Callable] = {
    ("proposal", "assign"): assign,
    ("proposal", "merge"): merge,
    ("proposal", "mark_key"): mark_key,
    ("proposal", "evaluate"): evaluate,
    ("proposal", "add_rating"): cosigner_ratings,
    ("assignment", "approve_return"): approve_return,
    ("assignment", "confirm_contact"): contact_answer,
    ("assignment", "deny_contact"): contact_answer,
    ("assignment", "request_return"): request_return,
    ("assignment", "request_extension"): request_extension,
}
