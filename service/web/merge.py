"""并案: the proposals a submitted one could be merged into, most alike first (the same search as
相似提案), and a page that shows the proposal under review and a candidate side by side before
the office decides."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.access import find_proposal
from service.clock import current_clock
from service.db import current_session
from service.engine import available_events
from service.models import Proposal
from service.search.similar import similar
from service.search.upkeep import text_of
from service.web.auth import current_user, login_required

blp = Blueprint("merge", __name__)
TARGET_STATES = ("submitted", "accepted")
CONSIDERED = 300
# Lower than while filing: the office looks for every proposal it could join, not only repeats.
MERGE_THRESHOLD = 0.15


def candidates(
    session: Session, proposal: Proposal, *, limit: int = 10, everything: bool = False
) -> list[tuple]:
    """(proposal, likeness 0..1) for the submitted or accepted proposals it could join, the
    similar ones (`service.search`) first; with `everything`, the other recent ones follow at 0."""
    found = similar(
        session,
        *text_of(proposal),
        body_id=proposal.body_id,
        accepted_only=False,
        exclude_id=proposal.id,
        limit=limit + 40,
        threshold=MERGE_THRESHOLD,
    )
    scores = {match.id: round(match.score, 2) for match in found}
    alike = session.scalars(
        select(Proposal).where(Proposal.id.in_(list(scores)), Proposal.state.in_(TARGET_STATES))
    ).all()  # the search answers the proposal's body's only
    ranked = sorted(((p, scores[p.id]) for p in alike), key=lambda pair: (-pair[1], -pair[0].id))
    if everything:
        others = session.scalars(
            select(Proposal)
            .where(
                Proposal.body_id == proposal.body_id,
                Proposal.state.in_(TARGET_STATES),
                Proposal.id != proposal.id,
                Proposal.id.not_in(list(scores)),
            )
            .order_by(Proposal.id.desc())
            .limit(CONSIDERED)
        ).all()
        ranked += [(p, 0.0) for p in others]
    return ranked[:limit]


@blp.route("/proposals/<int:proposal_id>/merge")
@login_required
def compare(proposal_id: int):
    """The proposal under review beside one candidate (the most alike unless one is chosen)."""
    user, session = current_user(), current_session()
    found = find_proposal(session, proposal_id, user)
    if "merge" not in available_events(session, found, user, now=current_clock().now()):
        abort(403)
    ranked = candidates(session, found)
    other = _chosen(session, found, request.args.get("with", type=int), ranked)
    action = url_for("proposal_pages.proposal_event", proposal_id=found.id, event="merge")
    return render_template(
        "web/merge.html",
        title=f"并案对照：{found.title}",
        p=found,
        other=other,
        ranked=ranked,
        action=action,
    )


def _chosen(session: Session, proposal: Proposal, chosen: int | None, ranked) -> Proposal | None:
    if chosen is not None:
        target = session.get(Proposal, chosen)
        if target is not None and target.id != proposal.id and target.state in TARGET_STATES:
            return target
    return ranked[0][0] if ranked else None
