"""年度提案办理情况报告 prints the forms rating a unit's attitude 不满意 (in words and per unit)
and a table by type of proposal; a report asked for before these figures existed still renders."""

import os

from sqlalchemy import select

from service.db import unit_of_work
from service.models import Document
from tests.documents.pdf import download, render
from tests.flows import Flow
from tests.stats.test_report import _text

TRANSPORT = ("市交通运输局", "lead")


def _year(world) -> None:
    flow = Flow(world)
    proposal = flow.replied((TRANSPORT,), type="joint")
    rating = {"assignment_id": proposal["assignments"][0]["id"], "attitude": "unsatisfied"}
    zhang = world["zhang"]
    zhang.act("proposal", proposal, "evaluate", ratings=[{**rating, "result": "satisfied"}])
    flow.submitted(**flow.collective())
    flow.submitted()


def test_the_report_counts_unsatisfied_attitudes_and_each_type(world):
    _year(world)
    asked = world["office"].post("/reports/annual", {"year": 2026}).json
    render(world.app, world.clock)

    pdf = download(world["office"], asked["id"]).data

    if os.environ.get("REPORT_PDF"):  # to look at it: REPORT_PDF=/tmp/report.pdf
        with open(os.environ["REPORT_PDF"], "wb") as out:
            out.write(pdf)
    text = _text(pdf)
    assert "对承办单位办理态度评为不满意的1件（不论办理结果是否满意）" in text
    assert "态度不满意" in text and "1市交通运输局1111" in text
    assert "表4个人、联名、集体提案办理情况" in text
    assert "个人提案10" in text and "联名提案11" in text and "集体提案10" in text
    assert "按期办复率＝按期办复件数／已办复或答复期限已过的件数" in text


def test_a_report_asked_for_before_the_new_figures_still_renders(world):
    _year(world)
    asked = world["office"].post("/reports/annual", {"year": 2026}).json
    with world.app.app_context(), unit_of_work() as session:
        document = session.scalars(select(Document).where(Document.id == asked["id"])).one()
        old = dict(document.snapshot)
        old["figures"] = {
            k: v
            for k, v in old["figures"].items()
            if k not in ("by_type", "attitude_unsatisfied_forms")
        }
        old.pop("lapsed_as_satisfied")
        old["ranking"] = [
            {k: v for k, v in row.items() if k != "attitude_unsatisfied_forms"}
            for row in old["ranking"]
        ]
        document.snapshot = old
    render(world.app, world.clock)

    response = download(world["office"], asked["id"])

    assert response.status_code == 200
    text = _text(response.data)
    assert "共收到提案3件" in text and "态度不满意" not in text
    assert "集体提案办理情况" not in text  # the figures by type came later
