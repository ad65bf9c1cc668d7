"""Entries of a session's `info` that describe one transaction, and their end with it."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker


def forget_when_transaction_ends(maker: sessionmaker, *keys: str) -> None:
    """Drop these entries of a session's info when its outermost transaction ends (committed or
    rolled back): they describe that transaction. A savepoint's end leaves them."""

    @event.listens_for(maker, "after_transaction_end")
    def _forget(session: Session, transaction) -> None:
        if transaction.parent is None:
            for key in keys:
                session.info.pop(key, None)
