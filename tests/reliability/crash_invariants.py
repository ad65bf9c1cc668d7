"""What must hold in the database after any number of crashes: each a list of what is wrong."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import workflows
from service.audit import verify
from service.models import Assignment, AuditRecord, Deadline, DeadlineFiring, Document, Proposal
from service.vocabulary import OPEN_DEADLINE_STATUSES


def replay_problems(session: Session) -> list[str]:
    """Each subject's state is the replay of its history; no version moved without a record."""
    records: dict[tuple[str, int], list[AuditRecord]] = {}
    for record in session.scalars(select(AuditRecord).order_by(AuditRecord.id)):
        records.setdefault((record.workflow, record.subject_id), []).append(record)
    problems = []
    for model, name in ((Proposal, "proposal"), (Assignment, "assignment")):
        for subject in session.scalars(select(model)):
            history = records.get((name, subject.id), [])
            where = f"{name} {subject.id}"
            if not history or history[0].event != "create" or history[0].from_state is not None:
                problems.append(f"{where}: history does not start with its creation")
                continue
            for before, after in zip(history, history[1:], strict=False):
                if after.from_state != before.to_state:
                    problems.append(f"{where}: record {after.id} starts from {after.from_state}")
            if history[-1].to_state != subject.state:
                problems.append(
                    f"{where}: state {subject.state}, history ends {history[-1].to_state}"
                )
            if subject.version > 1 and len(history) == 1:
                problems.append(f"{where}: version {subject.version} without any event recorded")
    return problems


def deadline_problems(session: Session, final_now: datetime) -> list[str]:
    """No step fired twice, none left due after the last clean sweep, none failed."""
    keys = session.execute(
        select(DeadlineFiring.deadline_id, DeadlineFiring.step, DeadlineFiring.deadline_version)
    ).all()
    twice = [key for key, n in Counter(map(tuple, keys)).items() if n > 1]
    left = session.scalars(
        select(Deadline.id).where(
            Deadline.status.in_(OPEN_DEADLINE_STATUSES), Deadline.next_fire_at <= final_now
        )
    ).all()
    failed = session.scalars(select(Deadline.id).where(Deadline.status == "failed")).all()
    firings = Counter(
        (d, e) for d, e in session.execute(select(DeadlineFiring.deadline_id, DeadlineFiring.event))
    )
    recorded = Counter(
        (r.data["deadline_id"], r.event)
        for r in session.scalars(select(AuditRecord).where(AuditRecord.actor_name == "system"))
        if isinstance(r.data, dict) and "deadline_id" in r.data
    )
    unexplained = [key for key, n in recorded.items() if n > firings.get(key, 0)]
    return [
        *(f"deadline step fired twice: {key}" for key in twice),
        *(f"deadline {d} still due after the final sweep" for d in left),
        *(f"deadline {d} failed" for d in failed),
        *(f"timer event recorded more often than fired: {key}" for key in unexplained),
    ]


def outbox_problems(session: Session) -> list[str]:
    """Every event that declares a document has exactly its document rows, none lost."""
    declared = {w.name: w.all_events for w in workflows.ALL}
    wanted: Counter = Counter()
    for record in session.scalars(select(AuditRecord).where(AuditRecord.event != "create")):
        event = declared[record.workflow][record.event]
        for notice in event.documents:
            if notice.on_dest in (None, record.to_state):
                assignment = record.subject_id if record.workflow == "assignment" else None
                wanted[(record.proposal_id, assignment, notice.kind)] += 1
    rows = session.execute(
        select(Document.proposal_id, Document.assignment_id, Document.kind, func.count())
        .where(Document.supersedes_id.is_(None))
        .group_by(Document.proposal_id, Document.assignment_id, Document.kind)
    ).all()
    have = Counter({(p, a, k): n for p, a, k, n in rows})
    return [
        f"documents {key}: {have[key]} rows for {n} events"
        for key, n in wanted.items()
        if have[key] != n
    ] + [f"documents {key} without an event" for key in have if key not in wanted]


def chain_problems(session: Session) -> list[str]:
    return verify(session).breaks
