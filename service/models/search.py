"""The similar-proposal search's index: each submitted proposal's words and their weights.

Derived rows, never edited by hand: `service.search.upkeep` writes a proposal's words anew in the
same transaction that submits it or changes its text, and removes them when it is no longer
submitted (a draft again); `flask --app wsgi search rebuild` derives them all anew.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base


class SearchTerm(Base):
    """One word of one proposal, with its weight in that proposal (its share of the words,
    the proposal's weights scaled to length 1). Read by word: the primary key leads with it."""

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(String(32), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    weight: Mapped[float] = mapped_column(Float)
