"""Queue each unit's daily digest of its deadlines, once a day from 08:00 in the service's zone;
the scheduler runs this often, and a unit already served today is skipped (its digest rows are
keyed by unit and day), so several schedulers at once still send one digest a unit."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.channels.digest import queue_digest
from service.db import current_session, unit_of_work
from service.models import Unit

DIGEST_FROM = time(8, 0)


def queue_digests(*, now: datetime) -> int:
    """Queue today's digests, one transaction a unit; returns how many messages were queued."""
    session = current_session()
    if now.astimezone(session.info["settings"].zone).time() < DIGEST_FROM:
        return 0
    unit_ids = list(session.scalars(select(Unit.id).where(Unit.active.is_(True)).order_by(Unit.id)))
    queued = 0
    for unit_id in unit_ids:
        try:
            with unit_of_work() as session:
                queued += queue_digest(session, session.get(Unit, unit_id), now=now)
        except IntegrityError:  # another scheduler queued this unit's digest at the same moment
            continue
    return queued
