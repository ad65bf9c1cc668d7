"""The one filter of proposals: what the API's proposal list, the 提案查询 page and the working
lists narrow proposals by. Each reads its own query string into a `ProposalFilter`; the
conditions are written once, here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.sql import ColumnElement

from service.models import Assignment, PlenarySession, Proposal

# Where 提案查询's words are looked for: the title and every part of the text.
TEXT_COLUMNS = (
    Proposal.title,
    Proposal.background,
    Proposal.analysis,
    Proposal.suggestions,
    Proposal.body_text,
)
# The keys the working lists share, compared as they are given.
EQUAL = {
    "session_id": Proposal.plenary_session_id,
    "category": Proposal.category,
    "sector": Proposal.sector,
    "type": Proposal.type,
    "key": Proposal.key,
}


@dataclass(frozen=True)
class ProposalFilter:
    """Proposals narrowed by what is given (None or empty: not narrowed by it). `unit_id`
    keeps those ever assigned to the unit, `holding_unit_id` those it holds (not returned);
    words are literal text, a % or _ typed by a clerk is no wildcard."""

    submitted: bool = False
    states: tuple[str, ...] = ()
    unit_id: int | None = None
    holding_unit_id: int | None = None
    year: int | None = None
    session_id: int | None = None
    category: str | None = None
    sector: str | None = None
    type: str | None = None
    key: bool | None = None
    title_words: str | None = None
    words: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        found = [Proposal.submitted_at.is_not(None)] if self.submitted else []
        if self.states:
            found.append(Proposal.state.in_(self.states))
        if self.year is not None:
            years = select(PlenarySession.id).where(PlenarySession.year == self.year)
            found.append(Proposal.plenary_session_id.in_(years))
        found += [
            column == getattr(self, name)
            for name, column in EQUAL.items()
            if getattr(self, name) is not None
        ]
        return found + self._units() + self._words()

    def _units(self) -> list[ColumnElement[bool]]:
        found = []
        if self.unit_id is not None:
            ever = select(Assignment.proposal_id).where(Assignment.unit_id == self.unit_id)
            found.append(Proposal.id.in_(ever))
        if self.holding_unit_id is not None:
            holds = exists().where(
                Assignment.proposal_id == Proposal.id,
                Assignment.unit_id == self.holding_unit_id,
                Assignment.state != "returned",
            )
            found.append(holds)
        return found

    def _words(self) -> list[ColumnElement[bool]]:
        found = []
        if self.title_words:
            found.append(Proposal.title.contains(self.title_words, autoescape=True))
        if self.words:
            found.append(or_(*(c.contains(self.words, autoescape=True) for c in TEXT_COLUMNS)))
        return found


def listed(args: dict) -> ProposalFilter:
    """What every working list keeps of the proposals: submitted ones, narrowed by year,
    session, category, 界别, type and the key flag."""
    return ProposalFilter(
        submitted=True,
        **{name: args.get(name) for name in ("year", *EQUAL)},
    )
