"""承办单位建议: the units most likely to lead (主办) a proposal, and why.

Learnt from how the office assigned before: each similar past proposal (`similar`) votes, by
its closeness, for the units that led or separately handled it (主办、分办) and against a unit
that returned it as not its duty (非本单位职责); the units that most often lead the proposal's
category add a smaller vote, so that a proposal like none before still gets the category's
usual units. Only active units are suggested, and never one that returned this proposal or
is asking to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import Assignment, AssignmentFacts, Proposal, Unit
from service.permissions import Permission, ensure
from service.search.similar import Match, similar
from service.search.upkeep import text_of
from service.vocabulary import Category

LIMIT = 3
NEIGHBOURS = 20  # similar past proposals read
NEIGHBOUR_THRESHOLD = 0.15
CATEGORY_SHARE = 0.25  # the category's vote, against a vote of up to 1 per similar proposal
REASONS = 2  # past proposals named per unit
ANSWERING = ("lead", "separate")


@dataclass
class Suggestion:
    unit_id: int
    name: str
    score: float
    reasons: list[str] = field(default_factory=list)


def _label(match: Match) -> str:
    return f"{match.year}年{match.number_label or '（未立案）'}《{match.title}》"


def suggested_units(
    session: Session, proposal: Proposal, *, limit: int = LIMIT
) -> list[Suggestion]:
    """The `limit` units most likely to lead `proposal`, best first, with their reasons."""
    # Only the proposal's body's units: another body's history votes for units it cannot use.
    own = select(Unit).where(Unit.body_id == proposal.body_id, Unit.active.is_(True))
    units = {unit.id: unit.name for unit in session.scalars(own)}
    refused = set(
        session.scalars(
            select(Assignment.unit_id).where(
                Assignment.proposal_id == proposal.id,
                Assignment.state.in_(("returned", "return_requested")),
            )
        )
    )
    votes: dict[int, float] = defaultdict(float)
    reasons: dict[int, list[tuple[float, str]]] = defaultdict(list)
    neighbours = similar(
        session,
        *text_of(proposal),
        body_id=proposal.body_id,
        accepted_only=False,
        exclude_id=proposal.id,
        limit=NEIGHBOURS,
        threshold=NEIGHBOUR_THRESHOLD,
    )
    by_id = {match.id: match for match in neighbours}
    if by_id:
        handled = session.execute(
            select(Assignment.proposal_id, Assignment.unit_id, Assignment.role, Assignment.state)
            .where(Assignment.proposal_id.in_(list(by_id)), Assignment.role.in_(ANSWERING))
            .order_by(Assignment.id)
        )
        for proposal_id, unit_id, role, state in handled:
            match = by_id[proposal_id]
            if state == "returned":
                votes[unit_id] -= match.score
                continue
            votes[unit_id] += match.score
            verb = "主办" if role == "lead" else "分办"
            reasons[unit_id].append((match.score, f"相似提案{_label(match)}由该单位{verb}"))
    _category_votes(session, proposal.category, votes, reasons)
    ranked = sorted(
        (
            (vote, unit_id)
            for unit_id, vote in votes.items()
            if vote > 0 and unit_id in units and unit_id not in refused
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )[:limit]
    total = sum(vote for vote, _ in ranked) or 1.0
    return [
        Suggestion(
            unit_id,
            units[unit_id],
            round(vote / total, 4),
            [text for _, text in sorted(reasons[unit_id], key=lambda r: -r[0])[: REASONS + 1]],
        )
        for vote, unit_id in ranked
    ]


def _category_votes(session: Session, category: str, votes, reasons) -> None:
    """The category's usual lead units, each voting by its share of the category's leads."""
    led = dict(
        session.execute(
            select(AssignmentFacts.unit_id, func.count())
            .where(
                AssignmentFacts.category == category,
                AssignmentFacts.answering.is_(True),
                AssignmentFacts.returned.is_(False),
            )
            .group_by(AssignmentFacts.unit_id)
        ).all()
    )
    total = sum(led.values())
    label = Category.labels().get(category, category)
    for unit_id, count in led.items():
        share = count / total
        votes[unit_id] += CATEGORY_SHARE * share
        reasons[unit_id].append(
            (CATEGORY_SHARE * share, f"{label}类提案中该单位主办过{count}件（占{share:.0%}）")
        )


def suggestions_for(session: Session, actor, proposal: Proposal) -> list[Suggestion]:
    """Raises RoleRefused for anyone but the office."""
    ensure(actor, Permission.UNIT_SUGGESTIONS_READ)
    return suggested_units(session, proposal)
