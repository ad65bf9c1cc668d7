"""The audit history is append-only and tamper-evident: each record carries a SHA-256 chained to
the previous record of its proposal, sealed as the event's transaction commits, and
`flask --app wsgi audit verify` recomputes every chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from service.models import AuditRecord

GENESIS = "0" * 64
UNSEALED = "unsealed_audit_records"


def content(record: AuditRecord) -> str:
    """The record as canonical JSON: what the hash vouches for."""
    return json.dumps(
        {
            "id": record.id,
            "proposal_id": record.proposal_id,
            "workflow": record.workflow,
            "subject_id": record.subject_id,
            "event": record.event,
            "actor_id": record.actor_id,
            "actor": record.actor_name,
            "from": record.from_state,
            "to": record.to_state,
            "data": record.data or {},
            "at": record.at.astimezone(UTC).isoformat(),
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def digest(record: AuditRecord, prev_hash: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{content(record)}".encode()).hexdigest()


def _last_hash(session: Session, proposal_id: int) -> str:
    found = session.scalar(
        select(AuditRecord.hash)
        .where(AuditRecord.proposal_id == proposal_id, AuditRecord.hash.is_not(None))
        .order_by(AuditRecord.id.desc())
        .limit(1)
    )
    return found or GENESIS


def seal(session: Session) -> None:
    """Chain this transaction's new records, in id order per proposal; events on one proposal hold
    its row lock, so no other transaction extends the same chain meanwhile."""
    appended = session.info.pop(UNSEALED, ())
    session.flush()
    # The records were handed over by append(); selecting `hash IS NULL` again cost a query per
    # commit. Those undone with a rolled-back savepoint (a refused timer) are no longer persistent.
    unsealed = sorted(
        (r for r in appended if inspect(r).persistent and r.hash is None), key=lambda r: r.id
    )
    heads: dict[int, str] = {}
    for record in unsealed:
        prev = heads.get(record.proposal_id) or _last_hash(session, record.proposal_id)
        record.prev_hash, record.hash = prev, digest(record, prev)
        heads[record.proposal_id] = record.hash
    if unsealed:
        session.flush()


def append(session: Session, record: AuditRecord) -> None:
    """Add a record to the history; it is sealed when the transaction commits."""
    session.add(record)
    session.info.setdefault(UNSEALED, []).append(record)


def install(maker: sessionmaker) -> None:
    @event.listens_for(maker, "before_commit")
    def _seal(session: Session) -> None:
        if session.info.get(UNSEALED):
            seal(session)

    @event.listens_for(maker, "after_transaction_end")
    def _forget(session: Session, transaction) -> None:
        # Only the outermost transaction's end: a savepoint's rollback must not drop the records
        # appended before it (seal skips those the savepoint undid).
        if transaction.parent is None:
            session.info.pop(UNSEALED, None)


@dataclass
class Verification:
    proposals: int = 0
    records: int = 0
    breaks: list[str] = field(default_factory=list)


def verify(session: Session, *, batch: int = 5000) -> Verification:
    """Recompute every chain; report each record whose hash or link does not match."""
    result = Verification()
    heads: dict[int, str] = {}
    last_id = 0
    while True:
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.id > last_id)
            .order_by(AuditRecord.id)
            .limit(batch)
        ).all()
        if not rows:
            break
        for record in rows:
            result.records += 1
            prev = heads.get(record.proposal_id, GENESIS)
            if (
                record.hash is None
                or record.prev_hash != prev
                or digest(record, prev) != record.hash
            ):
                result.breaks.append(
                    f"提案 {record.proposal_id} 的记录 {record.id}"
                    f"（{record.workflow}:{record.event}）与前后记录不符"
                )
            heads[record.proposal_id] = record.hash or ""
        last_id = rows[-1].id
        session.expunge_all()
    result.proposals = len(heads)
    return result
