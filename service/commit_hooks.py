"""What the application does as each transaction commits, installed on the app's sessionmaker:
history records are sealed into their chain, the statistics' facts of what changed are derived
anew, the similar-proposal index takes each filed proposal's words, and settings and the
calendar are kept between requests by version.

They live here, not in `service.db`, so that the database package imports none of the models
(each of these hooks knows the models it writes or watches)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from service import audit, configuration
from service.search import upkeep as search_upkeep
from service.statistics import upkeep as statistics_upkeep


def install(maker: sessionmaker[Session]) -> sessionmaker[Session]:
    """Install the hooks on `maker` and return it."""
    audit.install(maker)
    statistics_upkeep.install(maker)
    search_upkeep.install(maker)
    configuration.install(maker)
    return maker
