"""年度提案办理情况报告: the year's figures, unit ranking and charts as they are when the report
is asked for, kept on the document row as its snapshot (`report_snapshot`).

The charts are drawn here, from the numbers, as SVG text; `service.documents.report` sets the
snapshot in type, so the PDF says what the office saw when it asked and never changes afterwards.
"""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from service.policy import load_policy
from service.statistics.charts import bar_chart, column_chart
from service.statistics.figures import statistics
from service.statistics.ranking import unit_ranking
from service.statistics.scope import Scope
from service.vocabulary import DISPOSITIONS

CHART_UNITS = 15


def _charts(figures: dict, ranking: list[dict]) -> dict:
    categories = [(f"{letter}类", count) for letter, count in figures["categories"].items()]
    leading = ranking[:CHART_UNITS]
    return {
        "categories": column_chart("答复类别分布", categories),
        "units": bar_chart(
            "承办单位按期办复率", [(row["name"], row["on_time_reply_rate"]) for row in leading]
        ),
        "units_shown": len(leading),
    }


def report_snapshot(session: Session, scope: Scope) -> dict:
    """Everything the report prints, as JSON values (kept on the document row)."""
    figures = statistics(session, scope)
    ranking = unit_ranking(session, scope)
    policy = load_policy(session, scope.body_id)
    zone = session.info["settings"].zone
    snapshot = {
        "year": scope.year,
        "office": policy["office_short_name"],
        "issuer": policy["office_name"],
        "day": scope.now.astimezone(zone).date().isoformat(),
        "figures": figures,
        "ranking": ranking,
        "dispositions": DISPOSITIONS,
        "charts": _charts(figures, ranking),
        "lapsed_as_satisfied": scope.lapsed_as_satisfied,
    }
    return json.loads(json.dumps(snapshot, default=str))  # as it reads back from the row
