"""回头看: the commitments a final reply promises are tracked from here; a 回头看 checks every
one still open, of every round, and the committee settles each (已落实, 部分落实 with the date
of the next look, 未落实: the unit handles the proposal again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import object_session

from service.db.performance.responses import add_child
from service.models import Assignment, Commitment, FollowUp, Reply
from service.operations.handling import refuse, rehandle
from service.vocabulary import Outcome

PARTIAL, NOT_IMPLEMENTED = Outcome.PARTIAL.value, Outcome.NOT_IMPLEMENTED.value


@dataclass(frozen=True)
class Finding:
    """What the committee found of one commitment, and the field that said when to look again."""

    commitment: Commitment | None  # None: a 回头看 with no commitment, settled as a whole
    outcome: str
    next_on: date | None
    note: str | None
    date_field: str


def track_commitments(assignment: Assignment, reply: Reply) -> None:
    """A reply that became final: each measure it promised is tracked until 回头看 settles it."""
    if reply.kind != "reply" or reply.status != "final":
        return
    for position, promise in enumerate(reply.commitments or (), start=1):
        due = promise.get("due_date")
        add_child(
            assignment.proposal,
            "commitments",
            Commitment(
                assignment=assignment,
                reply=reply,
                round=reply.round,
                position=position,
                text=promise["text"],
                due_date=date.fromisoformat(due) if due else None,
            ),
        )


def checked_entry(commitment: Commitment) -> dict:
    """A commitment as a 回头看 lists it when it begins (partly done before: since when)."""
    entry = {
        "id": commitment.id,
        "unit": commitment.assignment.unit.name,
        "round": commitment.round,
        "text": commitment.text,
        "due_date": commitment.due_date.isoformat() if commitment.due_date else None,
    }
    if commitment.outcome is not None:
        entry["earlier_outcome"] = commitment.outcome
    return entry


def start_follow_up(ctx, record):
    """回头看 begins: it lists every commitment still open, whatever round promised it."""
    checked = [checked_entry(c) for c in ctx.subject.open_commitments]
    object_session(ctx.subject).add(
        FollowUp(proposal_id=ctx.subject.id, started_at=ctx.now, commitments=checked)
    )


def find_settlements(session, proposal, data, policy) -> dict:
    """Every open commitment is settled: as `settlements` names it, or else by `outcome`; one
    partly done needs the date of the next look (422 naming the field that lacks it). The
    overall `outcome` the proposal moves by is derived from them."""
    still_open = {c.id: c for c in proposal.open_commitments}
    findings = _named_findings(data, still_open)
    named = {f.commitment.id for f in findings}
    rest = [c for c_id, c in still_open.items() if c_id not in named]
    blanket = data.get("outcome")
    if blanket is None and rest:
        listed = "；".join(c.text[:20] for c in rest)
        refuse("settlements", f"请逐项选择承诺事项的落实情况，尚缺：{listed}。")
    if blanket is None and not still_open:
        refuse("outcome", "请选择落实情况。")
    if blanket == PARTIAL and (rest or not still_open) and data.get("next_follow_up") is None:
        refuse("next_follow_up", "部分落实的，须填写下次回头看日期。")
    whole = [None] if not still_open else rest
    findings += [
        _finding(c, blanket, data.get("next_follow_up"), None, "next_follow_up") for c in whole
    ]
    data["findings_made"] = findings
    data["outcome"] = overall(f.outcome for f in findings)
    return data


def _named_findings(data: dict, still_open: dict) -> list[Finding]:
    findings, seen = [], set()
    for index, given in enumerate(data.get("settlements") or ()):
        where = f"settlements.{index}"
        commitment = still_open.get(given["commitment_id"])
        if commitment is None or commitment.id in seen:
            refuse(f"{where}.commitment_id", "该承诺事项不在本次回头看之列，或已填写过。")
        seen.add(commitment.id)
        own = given.get("next_follow_up")
        next_on, field = (
            (own, f"{where}.next_follow_up")
            if own
            else (data.get("next_follow_up"), "next_follow_up")
        )
        if given["outcome"] == PARTIAL and next_on is None:
            refuse(f"{where}.next_follow_up", "部分落实的承诺事项须填写下次回头看日期。")
        findings.append(_finding(commitment, given["outcome"], next_on, given.get("note"), field))
    return findings


def _finding(commitment, outcome: str, next_on, note, field: str) -> Finding:
    return Finding(commitment, outcome, next_on if outcome == PARTIAL else None, note, field)


def overall(outcomes) -> str:
    """The 回头看's outcome: not carried out when any is not, partly when any stays open."""
    found = set(outcomes)
    for outcome in (NOT_IMPLEMENTED, PARTIAL):
        if outcome in found:
            return outcome
    return Outcome.IMPLEMENTED.value


def complete_follow_up(ctx, record):
    """Settle each commitment, record what this 回头看 found, and send back (督办) the units
    whose promise was not carried out; the next 回头看 falls on the earliest date set."""
    proposal, data = ctx.subject, ctx.payload
    findings: list[Finding] = data["findings_made"]
    today = ctx.now.astimezone(object_session(proposal).info["settings"].zone).date()
    for finding in findings:
        if finding.next_on is not None and finding.next_on <= today:
            refuse(finding.date_field, "下次回头看日期须晚于今天。")
    for finding in findings:
        if finding.commitment is not None:
            commitment = finding.commitment
            commitment.outcome, commitment.next_due_on = finding.outcome, finding.next_on
            commitment.settled_at = ctx.now
    follow_up = proposal.follow_ups[-1]
    settled = [_settled_entry(follow_up, f) for f in findings if f.commitment is not None]
    next_days = [f.next_on for f in findings if f.next_on is not None]
    follow_up.completed_at, follow_up.outcome = ctx.now, data["outcome"]
    follow_up.findings, follow_up.next_due_on = data["findings"], min(next_days, default=None)
    follow_up.commitments = settled
    _send_back(ctx, findings)
    if proposal.state == "closed":
        proposal.closed_at = ctx.now
    return {
        "outcome": data["outcome"],
        "next_follow_up": follow_up.next_due_on.isoformat() if follow_up.next_due_on else None,
        "settled": settled,
    }


def _settled_entry(follow_up: FollowUp, finding: Finding) -> dict:
    """The commitment as this 回头看 listed it when it began, with what it found."""
    commitment = finding.commitment
    listed = {e.get("id"): e for e in follow_up.commitments or ()}
    return {
        **listed.get(commitment.id, checked_entry(commitment)),
        "outcome": finding.outcome,
        "next_follow_up": finding.next_on.isoformat() if finding.next_on else None,
        "note": finding.note,
    }


def _send_back(ctx, findings: list[Finding]) -> None:
    """督办: the units whose commitment was not carried out handle the proposal again; when no
    commitment was listed, every unit that answered it."""
    if ctx.subject.state != "handling":
        return
    failed = {
        f.commitment.assignment_id
        for f in findings
        if f.commitment is not None and f.outcome == NOT_IMPLEMENTED
    }
    replied = [a for a in ctx.subject.assignments if a.answers and a.state == "replied"]
    rehandle(
        object_session(ctx.subject),
        [a for a in replied if not failed or a.id in failed],
        now=ctx.now,
        after_rating=False,
    )
