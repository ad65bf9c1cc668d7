"""Similar proposals (相似提案): the filed proposals closest to a text being written.

The method (chosen on the labelled pairs in bench/, see bench/README.md): each filed proposal's
words are stored with their weights (`service.search.upkeep`); a query's words are weighed by
how rare each is among the filed proposals (a word in every proposal says nothing). The index
is read in two bounded steps, so a query costs about the same at 1,000 proposals as at
100,000: for each of the query's weightiest words, the proposals in which it weighs most
(read from the index on word and weight, a few hundred rows a word) are the candidates; then
the candidates' rows for the query's words give each its exact score. The best are ranked again
with the closeness of their titles (`rapidfuzz`, on the title's own words), as members restate
the same ask in the title in other words.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

from marshmallow import ValidationError, validates_schema
from rapidfuzz import fuzz
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from service.models import PlenarySession, Proposal, SearchTerm
from service.permissions import Permission, can, ensure
from service.search.text import normalised, title_core, word_counts
from service.search.upkeep import UNFILED
from service.validation import StrictSchema, integer, load_or_refuse, text

LIMIT = 10
THRESHOLD = 0.2
QUERY_TERMS = 24  # the query's weightiest words looked up; the rest change the order little
PER_TERM = 300  # the proposals a word weighs most in, read for it
CANDIDATES = 100  # scored exactly
RANKED = 30  # of those, ranked again with their titles
COMMON = 5_000  # a word used by this many proposals is counted as used by this many
TITLE_SHARE = 0.2  # how much of the score the titles' closeness makes (chosen on bench/)
TEXT_LIMIT = 20_000  # characters of a query read; a longer text adds nothing but time


@dataclass(frozen=True)
class Match:
    id: int
    title: str
    number: int | None
    year: int
    state: str
    score: float

    @property
    def number_label(self) -> str | None:
        return None if self.number is None else f"第{self.number:04d}号"


class _Rarity:
    """How many of a body's filed proposals use each word (counted up to COMMON: past that a
    word is common and the exact count changes its weight little), kept a few minutes per
    process: a word's rarity changes slowly, and counting it for every keystroke of every
    member would not. Each body's own: it compares its proposals with its own."""

    TTL = 300.0
    SIZE = 20_000

    def __init__(self) -> None:
        self.counts: OrderedDict[tuple, tuple[float, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, session: Session, body_id: int, terms: list[str]) -> tuple[int, dict[str, int]]:
        now = time.monotonic()
        bind = (id(session.get_bind()), body_id)
        with self.lock:
            known = {t: c for t in terms if (c := self._fresh((bind, t), now)) is not None}
            total = self._fresh((bind, None), now)
        missing = [term for term in terms if term not in known]
        if missing:
            fresh = _counted(session, body_id, missing)
            with self.lock:
                for term, count in fresh.items():
                    self._keep((bind, term), count, now)
            known |= fresh
        if total is None:
            total = session.scalar(
                select(func.count())
                .select_from(Proposal)
                .where(Proposal.body_id == body_id, Proposal.state.not_in(UNFILED))
            )
            with self.lock:
                self._keep((bind, None), total, now)
        return total, known

    def _fresh(self, key, now):
        kept = self.counts.get(key)
        if kept is None or now - kept[0] > self.TTL:
            return None
        self.counts.move_to_end(key)
        return kept[1]

    def _keep(self, key, count, now):
        self.counts[key] = (now, count)
        self.counts.move_to_end(key)
        while len(self.counts) > self.SIZE:
            self.counts.popitem(last=False)

    def forget(self) -> None:
        with self.lock:
            self.counts.clear()


rarity = _Rarity()


# One statement each, executed once per word: one shape, compiled once, however many words.
COUNT = select(func.count()).select_from(
    select(SearchTerm.weight)
    .where(SearchTerm.term == bindparam("term"), SearchTerm.body_id == bindparam("body"))
    .limit(bindparam("common"))
    .subquery()
)
HEAVIEST = (
    select(SearchTerm.proposal_id, SearchTerm.weight)
    .where(SearchTerm.term == bindparam("term"), SearchTerm.body_id == bindparam("body"))
    .order_by(SearchTerm.weight.desc())
    .limit(bindparam("per_term"))
)


def _counted(session: Session, body_id: int, terms: list[str]) -> dict[str, int]:
    """Each word's count of the body's proposals, up to COMMON."""
    connection = session.connection()  # plain rows: the ORM's handling of each costs more here
    asked = {"body": body_id, "common": COMMON}
    return {term: connection.scalar(COUNT, {**asked, "term": term}) for term in terms}


def query_weights(
    session: Session, body_id: int, title: str, body: str
) -> tuple[dict[str, float], set[str]]:
    """The query's words weighed by count and rarity, scaled to length 1, and those of them
    some filed proposal uses. Words none uses stay in the scaling (a text about something new
    is less like the rest)."""
    counts = word_counts(title, body)
    if not counts:
        return {}, set()
    total, used = rarity.get(session, body_id, list(counts))
    weights = {
        word: (1 + math.log(count)) * math.log(1 + (total + 1) / (used[word] + 1))
        for word, count in counts.items()
    }
    return normalised(weights), {word for word in counts if used[word]}


def _nearest(session: Session, body_id: int, weights, looked_up: list[str], exclude_id):
    """{proposal id: score} of the body's CANDIDATES proposals nearest the query (exact)."""
    connection = session.connection()  # thousands of plain rows: no ORM handling of each
    rough: dict[int, float] = defaultdict(float)
    for term in looked_up:
        weight_of_term = weights[term]
        for proposal_id, weight in connection.execute(
            HEAVIEST, {"term": term, "body": body_id, "per_term": PER_TERM}
        ):
            rough[proposal_id] += weight_of_term * weight
    rough.pop(exclude_id, None)
    chosen = sorted(rough, key=lambda pid: (-rough[pid], -pid))[:CANDIDATES]
    if not chosen:
        return {}
    exact: dict[int, float] = defaultdict(float)
    rows = connection.execute(
        select(SearchTerm.proposal_id, SearchTerm.term, SearchTerm.weight).where(
            SearchTerm.proposal_id.in_(chosen), SearchTerm.term.in_(looked_up)
        )
    )
    for proposal_id, term, weight in rows:
        exact[proposal_id] += weights[term] * weight
    return exact


def similar(
    session: Session,
    title: str,
    body: str = "",
    *,
    body_id: int,
    accepted_only: bool,
    exclude_id: int | None = None,
    limit: int = LIMIT,
    threshold: float = THRESHOLD,
) -> list[Match]:
    """The body's filed proposals (with `accepted_only`, the accepted ones) most like the text,
    best first, those scoring at least `threshold`."""
    title, body = (title or "")[:TEXT_LIMIT], (body or "")[:TEXT_LIMIT]
    weights, used = query_weights(session, body_id, title, body)
    looked_up = sorted(used, key=lambda word: (-weights[word], word))[:QUERY_TERMS]
    if not looked_up:
        return []
    nearest = _nearest(session, body_id, weights, looked_up, exclude_id)
    # The titles are compared for the best by text only: a fifth of the score cannot lift one
    # from further down into the first ten.
    candidates = dict(sorted(nearest.items(), key=lambda item: (-item[1], -item[0]))[:RANKED])
    if not candidates:
        return []
    rows = session.execute(
        select(Proposal.id, Proposal.title, Proposal.number, PlenarySession.year, Proposal.state)
        .join(PlenarySession, PlenarySession.id == Proposal.plenary_session_id)
        .where(
            Proposal.id.in_(list(candidates)),
            Proposal.body_id == body_id,
            Proposal.state.not_in(UNFILED),
        )
    ).all()
    core = title_core(title)
    matches = []
    for row in rows:
        if accepted_only and row.number is None:
            continue
        closeness = fuzz.ratio(core, title_core(row.title)) / 100 if core else 0.0
        text = min(float(candidates[row.id]), 1.0)
        value = (1 - TITLE_SHARE) * text + TITLE_SHARE * closeness if core else text
        if value >= threshold:
            matches.append(Match(row.id, row.title, row.number, row.year, row.state, value))
    matches.sort(key=lambda match: (-match.score, -match.id))
    return matches[:limit]


class SimilarArgs(StrictSchema):
    title = text("案由", max_length=200, required=False, load_default="")
    body = text("正文", max_length=TEXT_LIMIT, required=False, load_default="")
    exclude_id = integer("排除的提案", required=False, load_default=None, allow_none=True)

    @validates_schema
    def _something_to_compare(self, data, **_kwargs):
        if not (data.get("title") or "").strip() and not (data.get("body") or "").strip():
            raise ValidationError("请填写案由或正文后再查找相似提案。", field_name="title")


def similar_for(session: Session, actor, raw) -> list[Match]:
    """What `actor` may find like the text in `raw`: a member among the accepted proposals, the
    office among all filed ones.

    Raises:
        RoleRefused: neither a member nor the office (units and leaders do not search).
        InvalidInput: no text, a text too long, or a field that is not one of these."""
    if not can(actor, Permission.PROPOSALS_FILE):
        ensure(actor, Permission.SIMILAR_READ_ALL)
    data = load_or_refuse(SimilarArgs(), raw)
    return similar(
        session,
        data["title"],
        data["body"],
        body_id=actor.body_id,
        accepted_only=not can(actor, Permission.SIMILAR_READ_ALL),
        exclude_id=data["exclude_id"],
    )
