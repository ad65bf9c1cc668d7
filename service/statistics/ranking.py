"""Handling units ranked (承办单位排名) and one member's record (委员履职: 提案情况)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from service.errors import NotVisible
from service.models import CoSigner, Proposal, User
from service.permissions import Permission, can
from service.statistics import counts
from service.statistics.figures import sum_cells, summary, unit_summary
from service.statistics.scope import Scope
from service.usernames import find_by_username

RANKED_BY = "on_time_reply_rate desc, satisfaction_rate desc, name"


def unit_ranking(session: Session, scope: Scope) -> list[dict]:
    """Units by on-time reply rate, then satisfaction (units without a rate last); equal rates
    share a rank (1, 2, 2, 4)."""
    counts.reporting(session)
    units = counts.statement(scope, cells=False).subquery("units")
    on_time = cast(units.c.replied_on_time, Float) / func.nullif(units.c.reply_due, 0)
    satisfaction = cast(units.c.satisfied_counted, Float) / func.nullif(units.c.rated_counted, 0)
    order = (on_time.desc().nulls_last(), satisfaction.desc().nulls_last())
    query = select(units, func.rank().over(order_by=order).label("rank")).order_by(
        *order, units.c.name
    )
    return [{"rank": row["rank"], **unit_summary(row)} for row in session.execute(query).mappings()]


def find_member(session: Session, username: str, body_id: int) -> User:
    """The body's member of this username (404 for anyone else)."""
    member = find_by_username(session, username, body_id)
    if member is None or not can(member, Permission.PROPOSALS_FILE):
        raise NotVisible("委员")
    return member


def member_record(session: Session, member: User, scope: Scope) -> dict:
    """A member's proposals of the year as lead proposer, and the proposals they co-signed."""
    own = summary(sum_cells(counts.cells(session, replace(scope, proposer_id=member.id))))
    co_signed = session.scalar(
        select(func.count())
        .select_from(Proposal)
        .join(CoSigner, CoSigner.proposal_id == Proposal.id)
        .where(
            CoSigner.user_id == member.id,
            CoSigner.status == "confirmed",
            *scope.proposal_conditions(),
        )
    )
    names = ("accepted", "not_accepted", "merged", "withdrawn", "replied", "answers")
    forms = ("rated_forms", "satisfied_forms", "lapsed_forms")
    return {
        "year": scope.year,
        "username": member.username,
        "name": member.display_name,
        "sector": member.sector,
        "filed": own["received"],
        "co_signed": co_signed,
        **{name: own[name] for name in names + forms},
        "acceptance_rate": own["acceptance_rate"],
        "satisfaction_rate": own["satisfaction_rate"],
        "rate_parts": {
            name: own["rate_parts"][name] for name in ("acceptance_rate", "satisfaction_rate")
        },
    }
