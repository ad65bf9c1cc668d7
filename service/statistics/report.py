"""年度提案办理情况报告: the year's figures written out as an official report (GB/T 9704-like,
A4) with tables and inline SVG charts, rendered by WeasyPrint from templates/reports/.

It goes through the document outbox like the notices: asking for it stores the figures as they
are then (`report_snapshot`), and the worker renders that snapshot (`report_pdf`), so the PDF
says what the office saw when it asked and never changes afterwards. Like the notices, it fetches
nothing but its own files under templates/reports/ (the intranet has no internet).
"""

from __future__ import annotations

import functools
import gc
import html
import json
import re
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from service.documents.fetcher import local_fetcher
from service.documents.fonts import missing_glyphs
from service.documents.render import RenderRefused
from service.policy import load_policy
from service.statistics.charts import bar_chart, column_chart
from service.statistics.figures import statistics
from service.statistics.ranking import unit_ranking
from service.statistics.scope import Scope
from service.vocabulary import DISPOSITIONS

REPORTS = Path(__file__).resolve().parents[2] / "templates" / "reports"
TAGS = re.compile(r"<[^>]+>")
CHART_UNITS = 15


def percent(value: float | None) -> str:
    """A rate as the report prints it: 87.5%, or — when there is nothing to divide by."""
    return "—" if value is None else f"{value * 100:.1f}%"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(REPORTS),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(percent=percent, chinese_date=chinese_date)
    return env


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
    policy = load_policy(session)
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
    }
    return json.loads(json.dumps(snapshot, default=str))  # as it reads back from the row


def render_html(snapshot: dict) -> str:
    charts = snapshot["charts"]
    context = {
        **snapshot,
        "day": date.fromisoformat(snapshot["day"]),
        # Our own SVG, drawn from numbers and escaped names when the snapshot was taken.
        "charts": {
            **charts,
            "categories": Markup(charts["categories"]),
            "units": Markup(charts["units"]),
        },
    }
    return _environment().get_template("annual_report.html").render(**context)


def report_pdf(snapshot: dict) -> bytes:
    """The PDF of a report snapshot.

    Raises:
        RenderRefused: a character (say, in a unit's name) has no glyph in the installed fonts.
    """
    from weasyprint import HTML

    page = render_html(snapshot)
    missing = missing_glyphs(html.unescape(TAGS.sub("", page)))
    if missing:
        named = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in missing[:10])
        raise RenderRefused(
            f"文中{named}在已安装的字体中没有字形，打印会成为空框；请安装相应字体后重新生成。"
        )
    try:
        return HTML(
            string=page, base_url=str(REPORTS) + "/", url_fetcher=local_fetcher(REPORTS)
        ).write_pdf()
    finally:
        gc.collect()  # a render left to the collector holds hundreds of MiB
