"""The similar-proposal search's index: each filed proposal's words and their weights.

Derived rows, never edited by hand: `service.search.upkeep` writes a proposal's words anew in the
same transaction that files it or changes its text, and removes them when it is no longer
filed (a draft again); `flask --app wsgi search rebuild` derives them all anew.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base


class SearchTerm(Base):
    """One word of one proposal, with its weight in that proposal (the proposal's weights
    scaled to length 1). Found by word, heaviest first (the index on term and weight), and
    read by proposal to score the few proposals found (the primary key)."""

    __tablename__ = "search_terms"
    __body_from__ = "proposal_id"
    # Holds the proposal too, so that finding a word's rows never reads the table.
    # A body's heaviest uses of a word, read from the index alone.
    __table_args__ = (
        Index("ix_search_terms_term_weight", "term", "body_id", "weight", "proposal_id"),
    )

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    term: Mapped[str] = mapped_column(String(32), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)
