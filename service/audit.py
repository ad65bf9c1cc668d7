"""The audit history is append-only and tamper-evident: each record carries a SHA-256 chained to
the previous record of its proposal, and `flask --app wsgi audit verify` recomputes every chain.

A record is written once, sealed: the event hands it over, and as its transaction commits it gets
its id and its hash and is inserted with them (no UPDATE after), in one statement for all the
records of the transaction. Events on one proposal hold its row lock, so no other transaction
extends the same chain meanwhile."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC
from functools import lru_cache

from sqlalchemy import Sequence, bindparam, event, func, literal_column, select
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from service.db import forget_when_transaction_ends
from service.models import AuditRecord

GENESIS = "0" * 64
UNSEALED = "unsealed_audit_records"
# Where each open savepoint began in the list above: a savepoint rolled back takes its records.
SAVEPOINT_MARKS = "audit_savepoint_marks"
# The sequence PostgreSQL made for the SERIAL primary key.
ID_SEQUENCE = "audit_records_id_seq"


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


def _head(proposal_id):
    """The last hash of a proposal's chain (`proposal_id` a value or a bound parameter)."""
    return (
        select(AuditRecord.hash)
        .where(AuditRecord.proposal_id == proposal_id, AuditRecord.hash.is_not(None))
        .order_by(AuditRecord.id.desc())
        .limit(literal_column("1"))
        .scalar_subquery()
    )


@lru_cache(maxsize=64)
def _numbering(dialect: str, count: int):
    """`count` new record ids and the head of `proposal`'s chain, in one statement built once
    (once per count on PostgreSQL)."""
    head = _head(bindparam("proposal"))
    if dialect == "postgresql":
        # The count, the sequence and the LIMIT written in, not bound: PostgreSQL priced a plan
        # for any count above the plan for the count given, and planned this anew at each commit.
        series = func.generate_series(literal_column("1"), literal_column(str(count)))
        return select(Sequence(ID_SEQUENCE).next_value(), head).select_from(series)
    # SQLite has one writer at a time (a unit of work begins IMMEDIATE): the next ids are free.
    return select(select(func.coalesce(func.max(AuditRecord.id), 0)).scalar_subquery(), head)


def _ids_and_head(session: Session, count: int, proposal_id: int) -> tuple[list[int], str]:
    """`count` new record ids and the last hash of the proposal's chain, in one round trip."""
    dialect = session.get_bind().dialect.name
    numbering = _numbering(dialect, count if dialect == "postgresql" else 0)
    rows = session.execute(numbering, {"proposal": proposal_id}).all()
    if dialect == "postgresql":
        return [row[0] for row in rows], rows[0][1] or GENESIS
    [(last, found)] = rows
    return list(range(last + 1, last + 1 + count)), found or GENESIS


def seal(session: Session) -> None:
    """Number and chain this transaction's records in the order they were appended, then insert
    them."""
    records = session.info.pop(UNSEALED, [])
    if not records:
        return
    proposals = list(dict.fromkeys(r.proposal_id for r in records))
    ids, first_head = _ids_and_head(session, len(records), proposals[0])
    heads = {proposals[0]: first_head}
    for proposal_id in proposals[1:]:  # an event touches one proposal; a merge, two
        heads[proposal_id] = session.scalar(select(_head(proposal_id))) or GENESIS
    for record, record_id in zip(records, ids, strict=True):
        record.id = record_id
        record.prev_hash = heads[record.proposal_id]
        record.hash = heads[record.proposal_id] = digest(record, record.prev_hash)
    session.add_all(records)
    session.flush()


def append(session: Session, record: AuditRecord) -> None:
    """Hand a record to the history; it is sealed and written when the transaction commits."""
    session.info.setdefault(UNSEALED, []).append(record)


def install(maker: sessionmaker) -> None:
    @event.listens_for(maker, "before_commit")
    def _seal(session: Session) -> None:
        # A savepoint's release passes here too (the year's first session is made in one, in
        # the middle of an event): the records are sealed at the outermost commit only, once the
        # event has written all their data.
        if session.info.get(UNSEALED) and not session.in_nested_transaction():
            seal(session)

    @event.listens_for(maker, "after_transaction_create")
    def _mark(session: Session, transaction: SessionTransaction) -> None:
        if transaction.nested:
            marks = session.info.setdefault(SAVEPOINT_MARKS, {})
            marks[transaction] = len(session.info.get(UNSEALED, ()))

    @event.listens_for(maker, "after_soft_rollback")
    def _drop(session: Session, transaction: SessionTransaction) -> None:
        mark = session.info.get(SAVEPOINT_MARKS, {}).pop(transaction, None)
        if mark is not None:
            del session.info.get(UNSEALED, [])[mark:]

    # A savepoint's own end comes before its rollback is known (after_soft_rollback follows),
    # and a released one keeps its records: only the outermost end forgets them.
    forget_when_transaction_ends(maker, UNSEALED, SAVEPOINT_MARKS)


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
