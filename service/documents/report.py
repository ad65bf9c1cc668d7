"""年度提案办理情况报告 set in type: the snapshot that `service.statistics.report` took (figures,
tables, and the charts as SVG text) rendered by WeasyPrint from templates/reports/ as an official
report (GB/T 9704-like, A4).

The worker renders the snapshot kept on the document row, so the PDF says what the office saw
when it asked and never changes afterwards. Like the notices, it goes through `html_to_pdf`: it
fetches nothing but its own files, and a character without a glyph refuses the render.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from service.documents.render import TEMPLATES, chinese_date, html_to_pdf, template_environment

ANNUAL_REPORT = "annual_report"
REPORTS: Path = TEMPLATES / "reports"


def percent(value: float | None) -> str:
    """A rate as the report prints it: 87.5%, or — when there is nothing to divide by."""
    return "—" if value is None else f"{value * 100:.1f}%"


@functools.cache
def _environment() -> Environment:
    env = template_environment(REPORTS)
    env.filters.update(percent=percent, chinese_date=chinese_date)
    return env


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
    return html_to_pdf(render_html(snapshot), REPORTS, remedy="请安装相应字体后重新生成。")
