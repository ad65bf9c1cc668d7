"""并案: the proposals a submitted one could be merged into, most alike first, and a page that
shows the proposal under review and a candidate side by side before the office decides."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.access import find_proposal
from service.clock import current_clock
from service.db import current_session
from service.engine import available_events
from service.models import Proposal
from service.web.auth import current_user, login_required

blp = Blueprint("merge", __name__)
TARGET_STATES = ("submitted", "accepted")
CONSIDERED = 300
# Words every proposal title carries; they say nothing about what two proposals share.
BOILERPLATE = ("关于", "的提案", "提案", "建议")


def _pairs(text: str) -> set[str]:
    for word in BOILERPLATE:
        text = text.replace(word, "")
    text = "".join(ch for ch in text if ch.isalnum())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def likeness(a: Proposal, b: Proposal) -> float:
    """0..1: shared two-character runs of title (weighted) and body, plus the same category."""
    title = _overlap(_pairs(a.title), _pairs(b.title))
    body = _overlap(_pairs(a.body or ""), _pairs(b.body or ""))
    return round(0.6 * title + 0.3 * body + (0.1 if a.category == b.category else 0), 2)


def _overlap(x: set[str], y: set[str]) -> float:
    return len(x & y) / len(x | y) if x and y else 0.0


def candidates(session: Session, proposal: Proposal, *, limit: int = 10) -> list[tuple]:
    """(proposal, likeness) for the submitted or accepted proposals it could join."""
    rows = session.scalars(
        select(Proposal)
        .where(Proposal.state.in_(TARGET_STATES), Proposal.id != proposal.id)
        .order_by(Proposal.id.desc())
        .limit(CONSIDERED)
    ).all()
    ranked = sorted(((p, likeness(proposal, p)) for p in rows), key=lambda pair: -pair[1])
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
