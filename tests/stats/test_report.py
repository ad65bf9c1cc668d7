"""年度提案办理情况报告: asked for over the API, rendered by the document worker, downloaded as an
A4 PDF whose Chinese text carries the figures, tables and charts."""

import io
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from service.db import unit_of_work
from service.models import Document
from tests.documents.pdf import download, render
from tests.stats.history import build_history

A4 = (595.28, 841.89)  # points


def render_reports(world) -> None:
    """What the render worker does on its next run, for the reports alone: the notices and
    letters of the history wait (rendering them is most of the cost, and these tests read none)."""
    with world.app.app_context(), unit_of_work() as session:
        session.execute(
            update(Document)
            .where(Document.status == "pending", Document.kind != "annual_report")
            .values(next_attempt_at=world.clock.now() + timedelta(days=365))
        )
    render(world.app, world.clock)


def _report(world, year: int, *, by: str = "office"):
    """Ask for the report, let the worker render it, and download it."""
    asked = world[by].post("/reports/annual", {"year": year})
    assert asked.status == 202, asked.json
    assert asked.json["status"] == "pending" and asked.json["kind"] == "annual_report"
    render_reports(world)
    return download(world[by], asked.json["id"])


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


# The year's report of build_history's year, rendered by the first test that asks for it: its
# history and clock are the same for every test, and building and rendering it is the costliest
# set-up of the suite (a module-scoped fixture cannot use the per-test world).
RENDERED: list = []


@pytest.fixture
def report(world):
    if not RENDERED:
        build_history(world)
        response = _report(world, 2026)
        assert response.status_code == 200, response.get_data()[:300]
        RENDERED.append(response)
    return RENDERED[0]


def test_report_is_an_a4_pdf_with_a_chinese_file_name(report):
    reader = PdfReader(io.BytesIO(report.data))

    assert report.mimetype == "application/pdf"
    assert (
        f"filename*=UTF-8''{quote('2026年度提案办理情况报告-')}"
        in report.headers["Content-Disposition"]
    )
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1)


def test_report_states_the_years_key_figures_in_sentences(report):
    text = _text(report.data)

    for sentence in (
        "2026年度提案办理情况报告",
        "共收到提案11件，经审查立案5件，立案率45.5%（5/11）",
        "不予立案2件，其中转为意见和建议1件；作为参阅件报送党政领导参阅1件",
        # Every rate with what it is of (DOMAIN.md: numerator and denominator).
        "已办复4件，办复率80.0%（4/5）；按期办复3件，按期办复率60.0%（3/5）",
        "A类（已解决或基本解决、已采纳）2件",
        "满意率75.0%（3/4）；按全部答复计算，满意率为60.0%（3/5）",
        "已落实1件",
    ):
        assert sentence in text, sentence


def test_report_has_unit_and_category_tables_and_charts(report):
    text = _text(report.data)

    assert "表1承办单位办理情况" in text and "表2各类别提案办理情况" in text
    assert "表3各界别提案办理情况（按第一提案人所在界别）" in text
    assert "表4个人、联名、集体提案办理情况" in text
    assert "1市交通运输局33" in text  # rank, unit, assigned, replied
    assert "答复类别分布" in text and "承办单位按期办复率" in text  # the SVG charts' titles


def test_a_year_without_proposals_still_renders(world):
    response = _report(world, 2030)

    assert response.status_code == 200
    assert "共收到提案0件" in _text(response.data)


def test_members_and_units_can_neither_ask_for_nor_read_the_report(world):
    asked = world["office"].post("/reports/annual", {"year": 2026})
    render_reports(world)

    for outsider in ("zhang", "transport"):
        assert world[outsider].post("/reports/annual", {"year": 2026}).status == 403
        assert world[outsider].get("/reports/annual").status == 403
        assert download(world[outsider], asked.json["id"]).status_code == 404


def test_the_report_keeps_the_figures_of_when_it_was_asked_for(world, history):
    first = world["office"].post("/reports/annual", {"year": 2026}).json
    render_reports(world)
    world["zhang"].ok(
        "POST",
        "/proposals",
        {
            "title": "关于增设公交线路的提案",
            "category": "economy",
            "body": "建议增设线路。",
            "submit": True,
        },
        status=201,
    )
    second = world["office"].post("/reports/annual", {"year": 2026}).json
    render_reports(world)

    texts = [_text(download(world["office"], d["id"]).data) for d in (first, second)]
    assert "共收到提案11件" in texts[0] and "共收到提案12件" in texts[1]


def test_asking_again_while_the_years_report_is_pending_answers_the_same_report(world):
    first = world["office"].post("/reports/annual", {"year": 2026})
    again = [world["leader"].post("/reports/annual", {"year": 2026}) for _ in range(5)]
    other_year = world["office"].post("/reports/annual", {"year": 2025})

    assert {r.status for r in (first, *again)} == {202}
    assert {r.json["id"] for r in again} == {first.json["id"]}
    assert other_year.json["id"] != first.json["id"]
    assert world["office"].ok("GET", "/reports/annual")["total"] == 2
    render_reports(world)
    assert world["office"].post("/reports/annual", {"year": 2026}).json["id"] != first.json["id"]


def test_reports_are_listed_newest_first_with_their_status_and_year(world):
    world["office"].post("/reports/annual", {"year": 2025})
    world["leader"].post("/reports/annual", {"year": 2026})

    listed = world["office"].ok("GET", "/reports/annual")
    assert [(r["year"], r["status"]) for r in listed["items"]] == [
        (2026, "pending"),
        (2025, "pending"),
    ]
    assert listed["total"] == 2 and listed["next"] is None
    assert [r["year"] for r in world["admin"].ok("GET", "/reports/annual?year=2025")["items"]] == [
        2025
    ]

    render_reports(world)
    assert {r["status"] for r in world["office"].ok("GET", "/reports/annual")["items"]} == {"ready"}


@pytest.mark.parametrize("body", [{"year": 1800}, {"year": "去年"}, {"yaer": 2026}])
def test_a_bad_year_is_refused_in_chinese(world, body):
    response = world["office"].post("/reports/annual", body)

    assert response.status == 422
    assert re.search(r"[\u4e00-\u9fff]", response.error["message"])
